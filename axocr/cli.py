"""The command line: a thin shell over the library. Parses flags, formats output, nothing more."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from axocr.config import Config, ExtractConfig, ReadConfig
from axocr.errors import AxocrError

app = typer.Typer(
    name="axocr",
    help="Read invoices (PDF, scans, photos) into vendor, total, dates and numbers, "
    "with a confidence and a needs-review verdict for every field.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2

# Every option that sets a config field takes its default from the config models, so the CLI
# and the library cannot drift apart (tests/cli/test_cli_contract.py checks it).
READ_DEFAULTS = ReadConfig()
EXTRACT_DEFAULTS = ExtractConfig()

RAW_CSV_HELP = (
    "write CSV cells as they are; by default a cell that a spreadsheet would run as a formula "
    "(starting with = + - @, tab or CR) or turn into a number (an invoice number 00123) gets a "
    "leading ' (see docs/output.md)"
)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        from axocr import __version__

        typer.echo(f"axocr {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    pass


def _one_line(exc: Exception) -> str:
    """A pydantic error (several lines, with URLs) as one line: 'field: message; ...'."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for err in errors():
            where = ".".join(str(x) for x in err.get("loc", ()))
            msg = str(err.get("msg", "")).removeprefix("Value error, ")
            parts.append(f"{where}: {msg}" if where else msg)
        return "; ".join(parts)
    return " ".join(str(exc).split())


def _usage(message: str) -> typer.Exit:
    typer.echo(f"axocr: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _help(model: type[ReadConfig] | type[ExtractConfig], name: str) -> str:
    return model.model_fields[name].description or ""


Engine = Annotated[str, typer.Option(help=_help(ReadConfig, "engine"))]
Dpi = Annotated[int, typer.Option(help=_help(ReadConfig, "dpi"))]
Password = Annotated[str | None, typer.Option(help=_help(ReadConfig, "password"))]
OcrImages = Annotated[bool, typer.Option(help=_help(ReadConfig, "ocr_images"))]
TextLayer = Annotated[bool, typer.Option(help=_help(ReadConfig, "text_layer"))]
Rasterizer = Annotated[str, typer.Option(help=_help(ReadConfig, "rasterizer"))]
Orientation = Annotated[bool, typer.Option(help=_help(ReadConfig, "orientation"))]
Flatten = Annotated[bool, typer.Option(help=_help(ReadConfig, "flatten"))]
Seals = Annotated[bool, typer.Option(help=_help(ReadConfig, "seals"))]
Deskew = Annotated[bool, typer.Option(help=_help(ReadConfig, "deskew"))]
Contrast = Annotated[bool, typer.Option(help=_help(ReadConfig, "contrast"))]
DroppedWords = Annotated[bool, typer.Option(help=_help(ReadConfig, "dropped_words"))]
JoinDots = Annotated[bool, typer.Option(help=_help(ReadConfig, "join_dots"))]
EInvoiceXml = Annotated[bool, typer.Option(help=_help(ReadConfig, "einvoice"))]
MaxPages = Annotated[int, typer.Option(help=_help(ReadConfig, "max_pages"))]
ModelDir = Annotated[str | None, typer.Option(help=_help(ReadConfig, "model_dir"))]
OcrBackend = Annotated[str, typer.Option(help=_help(ReadConfig, "ocr_backend"))]
RecMinWidth = Annotated[int, typer.Option(help=_help(ReadConfig, "rec_min_width"))]


def _read_config(given: dict[str, object], **kw: object) -> ReadConfig:
    """The ReadConfig of a command's reading flags: those of ``given`` (its ``locals()``) that
    name a ReadConfig field, and ``kw``."""
    from axocr.ocr.registry import ENGINES

    kw = {**{k: v for k, v in given.items() if k in ReadConfig.model_fields}, **kw}

    if kw.get("engine") not in ENGINES:
        raise _usage(f"unknown --engine {kw.get('engine')!r}; known: {', '.join(ENGINES)}")
    try:
        return ReadConfig(**kw)
    except ValueError as exc:
        raise _usage(f"bad option: {_one_line(exc)}") from exc


@app.command()
def ocr(
    file: Annotated[Path, typer.Argument(help="a PDF or image file")],
    engine: Engine = READ_DEFAULTS.engine,
    dpi: Dpi = READ_DEFAULTS.dpi,
    password: Password = None,
    ocr_images: OcrImages = READ_DEFAULTS.ocr_images,
    text_layer: TextLayer = READ_DEFAULTS.text_layer,
    rasterizer: Rasterizer = READ_DEFAULTS.rasterizer,
    orientation: Orientation = READ_DEFAULTS.orientation,
    flatten: Flatten = READ_DEFAULTS.flatten,
    seals: Seals = READ_DEFAULTS.seals,
    deskew: Deskew = READ_DEFAULTS.deskew,
    contrast: Contrast = READ_DEFAULTS.contrast,
    dropped_words: DroppedWords = READ_DEFAULTS.dropped_words,
    join_dots: JoinDots = READ_DEFAULTS.join_dots,
    max_pages: MaxPages = READ_DEFAULTS.max_pages,
    model_dir: ModelDir = None,
    lines_only: Annotated[
        bool, typer.Option("--lines-only", help="print line texts only, not every word")
    ] = False,
) -> None:
    """Print the pages, lines and words (with boxes relative to the page) as JSON."""
    from axocr.pipeline.read import read_document

    config = _read_config(locals())
    from axocr.export.formats import escape_surrogates
    from axocr.export.ocr_dump import ocr_dump

    try:
        doc = read_document(file, config)
    except AxocrError as exc:
        typer.echo(f"axocr: {exc.code}: {escape_surrogates(str(exc))}", err=True)
        raise typer.Exit(EXIT_SOME_FAILED) from exc
    sys.stdout.write(ocr_dump(doc, lines_only=lines_only) + "\n")


@app.command()
def engines() -> None:
    """List the OCR engines and whether each is available here."""
    from axocr.ocr.registry import ENGINES, engine_status

    for name, info in ENGINES.items():
        ok, reason = engine_status(name)
        extra = f"  (pip install 'axocr[{info.extra}]')" if info.extra and not ok else ""
        typer.echo(f"{name:10s} {'available' if ok else 'missing':10s} {reason}{extra}")
        typer.echo(f"{'':10s} {info.description}")


Inputs = Annotated[
    list[str], typer.Argument(help="files, folders (read recursively) or glob patterns")
]
Output = Annotated[Path | None, typer.Option("-o", "--output", help="write here instead of stdout")]
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format", "-f", help="json, jsonl or csv (default: from -o's suffix, else json)"
    ),
]
Jobs = Annotated[
    int | None, typer.Option("--jobs", "-j", help="worker processes (default: one per core)")
]
Resume = Annotated[
    bool,
    typer.Option(
        help="append to -o (jsonl or csv), skipping documents already in it (by path; "
        "a copy under another name gets its own record)"
    ),
]
Bom = Annotated[bool, typer.Option(help="start CSV output with a UTF-8 BOM (for Excel)")]
RawCsv = Annotated[bool, typer.Option("--raw-csv", help=RAW_CSV_HELP)]
Progress = Annotated[bool, typer.Option(help="show a progress bar and a summary on stderr")]
Vendors = Annotated[str | None, typer.Option(help=_help(ExtractConfig, "vendors"))]
RegistryDb = Annotated[str | None, typer.Option(help=_help(ExtractConfig, "registry"))]
MemoryDb = Annotated[str | None, typer.Option(help=_help(ExtractConfig, "memory"))]
Ranker = Annotated[str, typer.Option(help=_help(ExtractConfig, "ranker"))]
Threshold = Annotated[float, typer.Option(help=_help(ExtractConfig, "review_threshold"))]
Language = Annotated[str | None, typer.Option(help=_help(ExtractConfig, "language"))]
Timeout = Annotated[
    float,
    typer.Option(
        help="seconds per document; a document over it is stopped and recorded as "
        "'timeout'; 0 for no limit"
    ),
]
MaxFileMb = Annotated[
    float, typer.Option(help="input size limit in MB; a bigger file is recorded as 'too_large'")
]
MaxPixels = Annotated[
    int, typer.Option(help=_help(ReadConfig, "max_pixels") + "; more is 'too_large'")
]
MaxWorkerMb = Annotated[
    float | None,
    typer.Option(
        help="memory (RSS) limit per worker process in MB; a document that needs more is "
        "stopped and recorded as 'too_large' (default: no limit; Linux only)"
    ),
]
Candidates = Annotated[bool, typer.Option(help=_help(ExtractConfig, "keep_candidates"))]
Split = Annotated[bool, typer.Option(help=_help(ExtractConfig, "split"))]
Lines = Annotated[
    bool,
    typer.Option(
        "--lines",
        help="CSV of invoice lines instead: one row per line item with the invoice's "
        "number, vendor, date and currency",
    ),
]


# The library's defaults are the CLI's: one source for both.


@app.command()
def extract(
    inputs: Inputs,
    output: Output = None,
    format: Format = None,
    jobs: Jobs = None,
    resume: Resume = False,
    bom: Bom = False,
    raw_csv: RawCsv = False,
    progress: Progress = True,
    vendors: Vendors = None,
    registry: RegistryDb = None,
    threshold: Threshold = EXTRACT_DEFAULTS.review_threshold,
    memory: MemoryDb = None,
    ranker: Ranker = EXTRACT_DEFAULTS.ranker,
    language: Language = None,
    timeout: Timeout = 600,
    max_file_mb: MaxFileMb = READ_DEFAULTS.max_file_bytes / (1024 * 1024),
    max_pixels: MaxPixels = READ_DEFAULTS.max_pixels,
    max_worker_mb: MaxWorkerMb = None,
    candidates: Candidates = EXTRACT_DEFAULTS.keep_candidates,
    split: Split = EXTRACT_DEFAULTS.split,
    lines: Lines = False,
    engine: Engine = READ_DEFAULTS.engine,
    dpi: Dpi = READ_DEFAULTS.dpi,
    password: Password = None,
    ocr_images: OcrImages = READ_DEFAULTS.ocr_images,
    text_layer: TextLayer = READ_DEFAULTS.text_layer,
    rasterizer: Rasterizer = READ_DEFAULTS.rasterizer,
    orientation: Orientation = READ_DEFAULTS.orientation,
    flatten: Flatten = READ_DEFAULTS.flatten,
    seals: Seals = READ_DEFAULTS.seals,
    deskew: Deskew = READ_DEFAULTS.deskew,
    contrast: Contrast = READ_DEFAULTS.contrast,
    dropped_words: DroppedWords = READ_DEFAULTS.dropped_words,
    join_dots: JoinDots = READ_DEFAULTS.join_dots,
    einvoice: EInvoiceXml = READ_DEFAULTS.einvoice,
    max_pages: MaxPages = READ_DEFAULTS.max_pages,
    model_dir: ModelDir = None,
    ocr_backend: OcrBackend = READ_DEFAULTS.ocr_backend,
    rec_min_width: RecMinWidth = READ_DEFAULTS.rec_min_width,
) -> None:
    """Extract the invoice fields of every document; one JSON object (or CSV row) each.

    Documents run in worker processes (--jobs). Records are written in input order, each as
    soon as its document and those before it are done. A killed run loses nothing: run it
    again with --resume to carry on.

    Exit code 0 when every document was processed (ok or partial), 1 when some failed, 2 for bad usage.
    """
    _check_limits(jobs, timeout, max_file_mb, max_pixels, max_worker_mb)
    read = _read_config(locals(), max_file_bytes=int(max_file_mb * 1024 * 1024))
    ext = _extract_config(
        vendors=vendors,
        review_threshold=threshold,
        language=language,
        timeout_s=timeout or None,  # an unattended run must never hang on one document
        keep_candidates=candidates,
        registry=registry,
        split=split,
        memory=memory,
        ranker=ranker,
    )
    fmt = _output_format(format, output, resume, lines)
    paths = _input_paths(inputs, output)
    stats = _run_into_output(
        paths, Config(read=read, extract=ext), fmt, output, resume=resume, jobs=jobs,
        max_worker_mb=max_worker_mb, progress=progress, bom=bom, raw_csv=raw_csv, lines=lines,
    )  # fmt: skip
    raise typer.Exit(EXIT_SOME_FAILED if stats.failed else EXIT_OK)


def _check_limits(
    jobs: int | None,
    timeout: float,
    max_file_mb: float,
    max_pixels: int,
    max_worker_mb: float | None,
) -> None:
    if jobs is not None and jobs < 1:
        raise _usage("--jobs must be at least 1")
    if timeout < 0:
        raise _usage("--timeout must be a number of seconds (0 for no limit)")
    if max_file_mb <= 0 or max_pixels < 1:
        raise _usage("--max-file-mb and --max-pixels must be positive")
    if max_worker_mb is not None and max_worker_mb <= 0:
        raise _usage("--max-worker-mb must be positive")


def _extract_config(**kw: Any) -> ExtractConfig:
    """The extraction settings, with the vendor master and the registry opened once now: a bad
    file is a usage error before any document is read, not a failure on every one."""
    try:
        ext = ExtractConfig(**kw)
    except ValueError as exc:
        raise _usage(f"bad option: {_one_line(exc)}") from exc
    if ext.vendors is not None:
        from axocr.errors import VendorMasterError
        from axocr.validate.vendors import load_vendor_master

        try:
            load_vendor_master(ext.vendors)
        except (VendorMasterError, OSError) as exc:
            raise _usage(f"--vendors: {exc}") from exc
    if ext.registry is not None:
        from axocr.errors import RegistryError
        from axocr.validate.registry import Registry

        try:
            Registry(ext.registry).close()
        except RegistryError as exc:
            raise _usage(f"--registry: {exc}") from exc
    return ext


def _output_format(
    fmt: OutputFormat | None, output: Path | None, resume: bool, lines: bool
) -> OutputFormat:
    if lines and fmt not in (None, OutputFormat.csv):
        raise _usage("--lines writes CSV: use -f csv or an -o FILE ending in .csv")
    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = {".jsonl": OutputFormat.jsonl, ".csv": OutputFormat.csv}.get(
            suffix, OutputFormat.json
        )
        fmt = OutputFormat.csv if lines else fmt
    if resume and (output is None or fmt == OutputFormat.json):
        # A JSON array cannot be appended to; JSON lines and CSV rows can.
        raise _usage("--resume needs -o FILE in jsonl or csv format")
    if output is not None:
        _check_output(output)
    return fmt


def _input_paths(inputs: list[str], output: Path | None) -> list[Path]:
    from axocr.batch import expand_inputs, input_key
    from axocr.export.formats import escape_surrogates

    paths = expand_inputs(inputs)
    if output is not None:
        # `-o inbox/results.jsonl` inside the input folder must not read itself on --resume.
        paths = [p for p in paths if input_key(str(p)) != input_key(str(output))]
    if not paths:
        raise _usage(f"no documents found in {escape_surrogates(' '.join(inputs))}")
    return paths


def _run_into_output(
    paths: list[Path],
    config: Config,
    fmt: OutputFormat,
    output: Path | None,
    *,
    resume: bool,
    jobs: int | None,
    max_worker_mb: float | None,
    progress: bool,
    bom: bool,
    raw_csv: bool,
    lines: bool,
) -> Any:
    """Run the batch and write each record as it comes; returns the batch's statistics."""
    from axocr.batch import BatchStats, available_cores, done_paths, repair_tail, run_batch
    from axocr.export.formats import escape_surrogates
    from axocr.export.sinks import ResultSink

    skip: set[str] | None = None
    if resume and output is not None and output.exists():
        repair_tail(output)
        skip = done_paths(output)
    out: TextIO = sys.stdout
    if output is not None:
        try:
            out = output.open("a" if resume else "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise _usage(f"-o {escape_surrogates(str(output))}: {exc.strerror or exc}") from exc
    stats = BatchStats()
    header = output is None or out.tell() == 0
    sink = ResultSink(
        out, fmt.value, single=len(paths) == 1, header=header, bom=bom, raw_csv=raw_csv,
        lines=lines,
    )  # fmt: skip
    bar = _progress_bar(len(paths)) if progress and (sys.stderr.isatty() or output) else None
    results = None
    try:
        sink.start()
        results = run_batch(
            paths, config, jobs=jobs or available_cores(), skip_paths=skip,
            on_skip=lambda _: _shrink(bar), memory_limit_mb=max_worker_mb, ordered=True,
            stats=stats,
        )  # fmt: skip
        for result in results:
            sink.write(result)
            if bar is not None:
                bar.set_postfix(failed=stats.failed, refresh=False)
                bar.update(1)
        sink.finish()
    except KeyboardInterrupt:
        _close(bar)
        resumable = "rerun with --resume to carry on" if fmt != OutputFormat.json else ""
        typer.echo(f"axocr: interrupted after {sink.written} documents; {resumable}", err=True)
        raise typer.Exit(130) from None
    finally:
        if results is not None:
            results.close()  # stops the workers now, also on Ctrl-C, not whenever GC runs
        _close(bar)
        if out is not sys.stdout:
            out.close()
    if progress:
        _print_summary(stats)
    return stats


def _progress_bar(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def _shrink(bar: Any) -> None:
    # Skipped documents leave the total, so that rate and ETA count real work only.
    if bar is not None:
        bar.total -= 1
        bar.refresh()


def _close(bar: Any) -> None:
    if bar is not None:
        bar.close()


def _print_summary(stats: Any) -> None:
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(stats.by_status.items()))
    errors = ", ".join(f"{k} {v}" for k, v in stats.by_error.most_common())
    typer.echo(
        f"axocr: {stats.total} documents ({statuses or 'none'}), {stats.skipped} skipped, "
        f"{stats.elapsed_s:.1f} s, {stats.pages} pages, peak worker memory "
        f"{stats.peak_worker_rss_mb:.0f} MB" + (f"; errors: {errors}" if errors else ""),
        err=True,
    )


def _check_output(output: Path) -> None:
    """-o must be writable before any document is read, not fail after the first one."""
    from axocr.export.formats import escape_surrogates

    shown = escape_surrogates(str(output))
    if output.is_dir():
        raise _usage(f"-o {shown} is a directory")
    parent = output.parent
    if not parent.is_dir():
        raise _usage(f"-o {shown}: the folder {escape_surrogates(str(parent))} does not exist")
    if not os.access(parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise _usage(f"-o {shown}: not writable")


@app.command()
def convert(
    results: Annotated[
        Path, typer.Argument(help="results written by `axocr extract` (JSON lines or JSON)")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="write here instead of stdout")
    ] = None,
    format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="json, jsonl or csv (default: from -o's suffix, else csv)"
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option(help="start CSV output with a UTF-8 BOM (for Excel)")
    ] = False,
    raw_csv: Annotated[bool, typer.Option("--raw-csv", help=RAW_CSV_HELP)] = False,
) -> None:
    """Turn finished results into CSV or JSON without reading the documents again.

    Reads JSON lines (or a JSON array) from `axocr extract`, keeps their order, and writes
    them in the format asked. A line that is not a result (cut short by a kill) is reported
    on stderr and left out; the exit code is then 1.
    """
    from axocr.batch import input_key
    from axocr.export.formats import csv_header, csv_line, escape_surrogates, to_json
    from axocr.export.read import read_results

    if not results.is_file():
        raise _usage(f"{escape_surrogates(str(results))}: no such file")
    fmt = format
    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = {".jsonl": OutputFormat.jsonl, ".json": OutputFormat.json}.get(
            suffix, OutputFormat.csv
        )
    if output is not None:
        _check_output(output)
        if input_key(str(output)) == input_key(str(results)):
            raise _usage("-o must not be the results file itself")
    records, problems = read_results(results)
    out: TextIO = sys.stdout if output is None else output.open("w", encoding="utf-8", newline="")
    try:
        if fmt == OutputFormat.csv:
            out.write(("\ufeff" if bom else "") + csv_header())
            for record in records:
                out.write(csv_line(record, raw=raw_csv))
        elif fmt == OutputFormat.jsonl:
            for record in records:
                out.write(to_json(record) + "\n")
        else:
            out.write("[\n")
            for i, record in enumerate(records):
                out.write(("" if i == 0 else ",\n") + to_json(record, indent=2))
            out.write("\n]\n")
    finally:
        if out is not sys.stdout:
            out.close()
    for problem in problems:
        typer.echo(f"axocr: {escape_surrogates(problem)}", err=True)
    raise typer.Exit(EXIT_SOME_FAILED if problems else EXIT_OK)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def bench(ctx: typer.Context) -> None:
    """Benchmark accuracy and speed on labelled dataset folders (see `axocr bench --help`)."""
    from axocr.bench.command import main as bench_main

    raise typer.Exit(bench_main(list(ctx.args)))


# --- the HTTP server and the review workbench -------------------------------------------------

Host = Annotated[str, typer.Option(help="address to bind; any other than 127.0.0.1 needs a token")]
DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data", help="folder for the corrections database (default: ~/.local/share/axocr)"
    ),
]
Token = Annotated[
    str | None,
    typer.Option(
        help="require this token (Authorization: Bearer ...); generated and printed when "
        "binding to another address than loopback"
    ),
]
User = Annotated[
    str | None, typer.Option(help="who is recorded with corrections (default: your login)")
]
TaughtMemory = Annotated[
    Path | None,
    typer.Option(
        help="vendor memory file (SQLite, created if missing): extractions use it, and every "
        "field saved in the workbench teaches it, as `axocr learn` does"
    ),
]


def _check_memory(memory: Path | None) -> str | None:
    """The memory file, made or checked before the server starts: a wrong file is a usage
    error now, not a failed lesson at the first save."""
    if memory is None:
        return None
    from axocr.errors import VendorMemoryError
    from axocr.vendor_memory import VendorMemory

    try:
        VendorMemory(memory).close()
    except VendorMemoryError as exc:
        raise _usage(f"--memory: {exc}") from exc
    return str(memory)


def _serve_config(**kw: Any) -> Any:
    import getpass
    import secrets

    from axocr.config import ServeConfig
    from axocr.serve.run import is_loopback
    from axocr.serve.store import default_data_dir

    data = kw.pop("data_dir") or default_data_dir()
    user = kw.pop("user")
    if user is None:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "reviewer"
    if kw["token"] is None and not is_loopback(kw["host"]):
        # Anyone on the network could read the documents otherwise.
        kw["token"] = secrets.token_urlsafe(24)
    try:
        return ServeConfig(data_dir=str(data), user=user, **kw)
    except ValueError as exc:
        raise _usage(f"bad option: {exc}") from exc


def _start_server(config: Any, open_browser: bool = False) -> None:
    from axocr.serve.run import bind_socket, run_server

    try:
        sock = bind_socket(config.host, config.port)
    except OSError as exc:
        raise _usage(f"cannot listen on {config.host}:{config.port}: {exc}") from exc
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    typer.echo(f"axocr: serving on {url}  (API: {url}docs; Ctrl-C stops)", err=True)
    if config.token:
        typer.echo(f"axocr: token: {config.token}  (open {url}?token={config.token})", err=True)
    typer.echo(f"axocr: corrections kept in {config.data_dir}", err=True)
    if config.extract.memory:
        typer.echo(f"axocr: vendor memory {config.extract.memory} (taught as you save)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url + (f"?token={config.token}" if config.token else ""))
    try:
        run_server(config, sock)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


@app.command()
def serve(
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port)")] = 8000,
    workers: Annotated[int, typer.Option(help="extraction processes with warm OCR engines")] = 1,
    data: DataDir = None,
    token: Token = None,
    results: Annotated[
        Path | None, typer.Option(help="also show this results file in the workbench at /")
    ] = None,
    user: User = None,
    vendors: Annotated[str | None, typer.Option(help=_help(ExtractConfig, "vendors"))] = None,
    memory: TaughtMemory = None,
    threshold: Annotated[
        float, typer.Option(help=_help(ExtractConfig, "review_threshold"))
    ] = ExtractConfig().review_threshold,
    max_file_mb: Annotated[
        float, typer.Option(help="upload size limit in MB; a bigger file is refused (413)")
    ] = READ_DEFAULTS.max_file_bytes / (1024 * 1024),
    engine: Engine = READ_DEFAULTS.engine,
    dpi: Dpi = READ_DEFAULTS.dpi,
    ocr_images: OcrImages = READ_DEFAULTS.ocr_images,
    max_pages: MaxPages = READ_DEFAULTS.max_pages,
    warm: Annotated[
        bool, typer.Option(help="load the OCR engines at start-up rather than on first use")
    ] = True,
) -> None:
    """Serve the extraction API (POST /v1/extract) with warm OCR engines, on 127.0.0.1.

    Options of one request (dpi, ocr_images, language, ...) are query parameters; see /docs.
    """
    if max_file_mb <= 0:
        raise _usage("--max-file-mb must be positive")
    read = _read_config(locals(), max_file_bytes=int(max_file_mb * 1024 * 1024))
    try:
        ext = ExtractConfig(
            vendors=vendors, review_threshold=threshold, memory=_check_memory(memory)
        )
    except ValueError as exc:
        raise _usage(f"bad option: {exc}") from exc
    if results is not None:
        _check_results(results)
    config = _serve_config(
        host=host,
        port=port,
        workers=workers,
        data_dir=data,
        token=token,
        results=str(results) if results else None,
        user=user,
        read=read,
        extract=ext,
        warm=warm,
    )
    _start_server(config)


def _check_results(results: Path) -> None:
    from axocr.serve.workbench import ResultsFileError, load_results

    try:
        load_results(results)
    except ResultsFileError as exc:
        raise _usage(str(exc)) from exc


@app.command()
def review(
    results: Annotated[Path, typer.Argument(help="a results file written by `axocr extract`")],
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port)")] = 8000,
    data: DataDir = None,
    token: Token = None,
    user: User = None,
    export: Annotated[
        Path | None,
        typer.Option(
            help="write the results with corrections applied (.jsonl, .json or .csv) and exit"
        ),
    ] = None,
    corrections: Annotated[
        Path | None,
        typer.Option(help="write the corrections file (docs/corrections.md) and exit"),
    ] = None,
    memory: TaughtMemory = None,
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="open the workbench in a browser")
    ] = False,
) -> None:
    """Open the review workbench on a results file: pages with boxes, reasons, corrections.

    With --export or --corrections, write the reviewed results instead and exit.
    """
    _check_results(results)
    config = _serve_config(
        host=host,
        port=port,
        workers=1,
        data_dir=data,
        token=token,
        results=str(results),
        user=user,
        extract=ExtractConfig(memory=_check_memory(memory)),
    )
    if export is not None or corrections is not None:
        from axocr.serve.store import CorrectionStore
        from axocr.serve.workbench import Workbench

        bench = Workbench(results, CorrectionStore(config.data_dir), config.user)
        if export is not None:
            n = bench.export(export)
            typer.echo(f"axocr: {n} results written to {export}", err=True)
        if corrections is not None:
            n = bench.export_corrections(corrections)
            typer.echo(f"axocr: {n} reviewed documents written to {corrections}", err=True)
        raise typer.Exit(EXIT_OK)
    _start_server(config, open_browser=open_browser)


vendors_app = typer.Typer(
    help="Look names up in a vendor master, as `extract --vendors` does.", no_args_is_help=True
)
app.add_typer(vendors_app, name="vendors")


@vendors_app.command("match")
def vendors_match(
    names: Annotated[
        list[str] | None, typer.Argument(help="names to look up (default: one per line on stdin)")
    ] = None,
    vendors: Annotated[str, typer.Option(help="the vendor master (CSV, JSON or SQLite)")] = "",
) -> None:
    """Match names to the vendor master; one JSON object per name: the vendor, the score,
    whether the match is accepted, the runner-up and the reason.

    Exit code 0, or 2 for bad usage (no --vendors, an unreadable master).
    """
    from axocr.errors import VendorMasterError
    from axocr.validate.vendors import load_vendor_master

    if not vendors:
        raise _usage("--vendors FILE is required")
    try:
        master = load_vendor_master(vendors)
    except VendorMasterError as exc:
        raise _usage(f"--vendors: {exc}") from exc
    queries = names if names else (line.rstrip("\r\n") for line in sys.stdin)
    for query in queries:
        if not query.strip():
            continue
        m = master.match_name(query)
        record = {
            "query": query,
            "vendor_id": m.vendor.id if m else None,
            "name": m.vendor.name if m else None,
            "score": m.score if m else 0.0,
            "accepted": bool(m and m.accepted),
            "runner_up": (
                {"vendor_id": m.runner_up.id, "name": m.runner_up.name, "score": m.runner_up_score}
                if m and m.runner_up
                else None
            ),
            "reason": m.reason if m else "no_candidate",
        }
        typer.echo(json.dumps(record, ensure_ascii=False))


registry_app = typer.Typer(
    help="The registry of qualified invoice issuers (適格請求書発行事業者), for --registry.",
    no_args_is_help=True,
)
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def registry_import(
    files: Annotated[
        list[Path],
        typer.Argument(help="the National Tax Agency's full-download files (CSV or zip)"),
    ],
    db: Annotated[
        Path, typer.Option("--db", help="the SQLite registry to create or add to")
    ] = Path("registry.sqlite"),
) -> None:
    """Load the published registry files into a local SQLite database for `extract --registry`.

    Exit code 0, or 2 for bad usage (a missing file, a file not in the published format).
    """
    import time

    from axocr.errors import RegistryError
    from axocr.validate.registry import import_registry

    t0 = time.perf_counter()
    try:
        stats = import_registry(files, db)
    except RegistryError as exc:
        raise _usage(str(exc)) from exc
    typer.echo(
        f"{db}: {stats.rows} registrations from {stats.files} file(s), {stats.deleted} "
        f"removed, in {time.perf_counter() - t0:.1f} s",
        err=True,
    )


@registry_app.command("lookup")
def registry_lookup(
    numbers: Annotated[list[str], typer.Argument(help="registration numbers (T + 13 digits)")],
    db: Annotated[Path, typer.Option("--db", help="the SQLite registry")] = Path("registry.sqlite"),
) -> None:
    """Print each number's registration as one JSON object (null when not registered)."""
    from dataclasses import asdict

    from axocr.errors import RegistryError
    from axocr.validate.registry import Registry

    try:
        registry = Registry(db)
    except RegistryError as exc:
        raise _usage(f"--db: {exc}") from exc
    for number in numbers:
        entry = registry.lookup(number)
        payload = asdict(entry) if entry else None
        typer.echo(json.dumps({"query": number, "entry": payload}, ensure_ascii=False))


class MemoryAction(str, Enum):
    list = "list"
    show = "show"
    forget = "forget"


MemoryFile = Annotated[
    Path, typer.Option("--memory", help="the vendor memory file (SQLite; created by learn)")
]


@app.command()
def learn(
    corrections: Annotated[
        Path, typer.Argument(help="corrections, one JSON object per line (docs/corrections.md)")
    ],
    memory: MemoryFile,
    vendors: Annotated[str | None, typer.Option(help=_help(ExtractConfig, "vendors"))] = None,
    engine: Engine = READ_DEFAULTS.engine,
    dpi: Dpi = READ_DEFAULTS.dpi,
    password: Password = None,
) -> None:
    """Teach the vendor memory from corrected documents: one line per field learned, kept as
    a fact, or not found. Exit code 1 when a correction could not be used."""
    from axocr.errors import VendorMemoryError
    from axocr.vendor_memory import LearnNote, VendorMemory, learn_correction, read_corrections

    read = _read_config(locals())
    try:
        items = read_corrections(corrections)
        store = VendorMemory(memory)
    except VendorMemoryError as exc:
        raise _usage(str(exc)) from exc
    failed = 0
    with store:
        for item in items:
            notes = (
                [item]
                if isinstance(item, LearnNote)
                else learn_correction(store, item, read, ExtractConfig(vendors=vendors))
            )
            for note in notes:
                failed += note.action in ("error", "skipped") and note.field is None
                vendor = f" (vendor #{note.vendor_id})" if note.vendor_id is not None else ""
                typer.echo(f"{note}{vendor}")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@app.command("memory")
def memory_command(
    action: Annotated[MemoryAction, typer.Argument(help="list, show or forget")],
    memory: MemoryFile,
    vendor: Annotated[
        int | None, typer.Argument(help="the vendor's number (from list), for show and forget")
    ] = None,
) -> None:
    """List the remembered vendors, show what was learned about one, or forget one."""
    from axocr.errors import VendorMemoryError
    from axocr.vendor_memory import VendorMemory

    if action != MemoryAction.list and vendor is None:
        raise _usage(f"memory {action.value} needs a vendor number")
    if not memory.exists():
        raise _usage(f"no vendor memory at {memory}")
    try:
        with VendorMemory(memory, readonly=action != MemoryAction.forget) as store:
            if action == MemoryAction.list:
                for rec in store.vendors():
                    fields = ",".join(sorted(rec.profile.fields))
                    typer.echo(
                        f"{rec.id}\t{rec.profile.name or '?'}\t{rec.documents} document(s)\t"
                        f"{' '.join(rec.keys) or '-'}\t{fields}"
                    )
                return
            vid = vendor if vendor is not None else 0
            if action == MemoryAction.show:
                found = store.get(vid)
                if found is None:
                    typer.echo(f"axocr: no vendor #{vid}", err=True)
                    raise typer.Exit(EXIT_SOME_FAILED)
                data = found.model_dump(mode="json", exclude={"tokens"})
                data["fixed_words"] = len(found.tokens)
                typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
                return
            if not store.forget(vid):
                typer.echo(f"axocr: no vendor #{vid}", err=True)
                raise typer.Exit(EXIT_SOME_FAILED)
            typer.echo(f"forgot vendor #{vid}")
    except VendorMemoryError as exc:
        raise _usage(str(exc)) from exc


def main() -> None:
    app()


if __name__ == "__main__":
    main()
