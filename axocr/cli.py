"""The command line: a thin shell over the library. Parses flags, formats output, nothing more."""

from __future__ import annotations

import json
import sys
from collections.abc import Generator
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


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _help(model: type[ReadConfig] | type[ExtractConfig], name: str) -> str:
    return model.model_fields[name].description or ""


Engine = Annotated[str, typer.Option(help=_help(ReadConfig, "engine"))]
Dpi = Annotated[int, typer.Option(help=_help(ReadConfig, "dpi"))]
Password = Annotated[str | None, typer.Option(help=_help(ReadConfig, "password"))]
OcrImages = Annotated[bool, typer.Option(help=_help(ReadConfig, "ocr_images"))]
TextLayer = Annotated[bool, typer.Option(help=_help(ReadConfig, "text_layer"))]
Rasterizer = Annotated[str, typer.Option(help=_help(ReadConfig, "rasterizer"))]
Orientation = Annotated[bool, typer.Option(help=_help(ReadConfig, "orientation"))]
Deskew = Annotated[bool, typer.Option(help=_help(ReadConfig, "deskew"))]
Contrast = Annotated[bool, typer.Option(help=_help(ReadConfig, "contrast"))]
MaxPages = Annotated[int, typer.Option(help=_help(ReadConfig, "max_pages"))]
ModelDir = Annotated[str | None, typer.Option(help=_help(ReadConfig, "model_dir"))]
OcrBackend = Annotated[str, typer.Option(help=_help(ReadConfig, "ocr_backend"))]


def _read_config(**kw: object) -> ReadConfig:
    try:
        return ReadConfig(**kw)
    except ValueError as exc:
        typer.echo(f"axocr: bad option: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc


@app.command()
def ocr(
    file: Annotated[Path, typer.Argument(help="a PDF or image file")],
    engine: Engine = "rapidocr",
    dpi: Dpi = 200,
    password: Password = None,
    ocr_images: OcrImages = True,
    text_layer: TextLayer = True,
    rasterizer: Rasterizer = "pdfium",
    orientation: Orientation = True,
    deskew: Deskew = True,
    contrast: Contrast = False,
    max_pages: MaxPages = 200,
    model_dir: ModelDir = None,
    lines_only: Annotated[
        bool, typer.Option("--lines-only", help="print line texts only, not every word")
    ] = False,
) -> None:
    """Print the pages, lines and words (with boxes relative to the page) as JSON."""
    from axocr.document.reader import read_document

    config = _read_config(
        engine=engine,
        dpi=dpi,
        password=password,
        ocr_images=ocr_images,
        text_layer=text_layer,
        rasterizer=rasterizer,
        orientation=orientation,
        deskew=deskew,
        contrast=contrast,
        max_pages=max_pages,
        model_dir=model_dir,
    )
    try:
        doc = read_document(file, config)
    except AxocrError as exc:
        typer.echo(f"axocr: {exc.code}: {exc}", err=True)
        raise typer.Exit(EXIT_SOME_FAILED) from exc
    if lines_only:
        data: object = {
            "path": doc.path,
            "media_type": doc.media_type,
            "pages": [
                {
                    "index": p.index,
                    "route": p.route,
                    "lines": [{"text": ln.text, "bbox": ln.bbox.as_list()} for ln in p.lines],
                }
                for p in doc.pages
            ],
            "errors": [e.model_dump() for e in doc.errors],
        }
    else:
        data = doc.model_dump(mode="json")
        for page in data["pages"]:
            for line in page["lines"]:
                line["text"] = " ".join(w["text"] for w in line["words"])
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@app.command()
def engines() -> None:
    """List the OCR engines and whether each is available here."""
    from axocr.ocr.registry import ENGINES, engine_status

    for name, info in ENGINES.items():
        ok, reason = engine_status(name)
        extra = f"  (pip install 'axocr[{info.extra}]')" if info.extra and not ok else ""
        typer.echo(f"{name:10s} {'available' if ok else 'missing':10s} {reason}{extra}")
        typer.echo(f"{'':10s} {info.description}")


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="files, folders (read recursively) or glob patterns")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="write here instead of stdout")
    ] = None,
    format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="json, jsonl or csv (default: from -o's suffix, else json)"
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="worker processes (default: one per core)"),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            help="append to -o (jsonl or csv), skipping documents already in it "
            "(by content hash: a file with the same bytes under a new name is skipped too)"
        ),
    ] = False,
    bom: Annotated[bool, typer.Option(help="start CSV output with a UTF-8 BOM (for Excel)")] = False,
    progress: Annotated[
        bool, typer.Option(help="show a progress bar and a summary on stderr")
    ] = True,
    vendors: Annotated[str | None, typer.Option(help=_help(ExtractConfig, "vendors"))] = None,
    threshold: Annotated[
        float, typer.Option(help=_help(ExtractConfig, "review_threshold"))
    ] = ExtractConfig().review_threshold,
    language: Annotated[str | None, typer.Option(help=_help(ExtractConfig, "language"))] = None,
    timeout: Annotated[
        float,
        typer.Option(
            help="seconds per document; a document over it is stopped and recorded as "
            "'timeout'; 0 for no limit"
        ),
    ] = 600,
    max_file_mb: Annotated[
        float,
        typer.Option(help="input size limit in MB; a bigger file is recorded as 'too_large'"),
    ] = ReadConfig().max_file_bytes / (1024 * 1024),
    max_pixels: Annotated[
        int, typer.Option(help=_help(ReadConfig, "max_pixels") + "; more is 'too_large'")
    ] = ReadConfig().max_pixels,
    max_worker_mb: Annotated[
        float | None,
        typer.Option(
            help="memory (RSS) limit per worker process in MB; a document that needs more is "
            "stopped and recorded as 'too_large' (default: no limit; Linux only)"
        ),
    ] = None,
    candidates: Annotated[
        bool, typer.Option(help=_help(ExtractConfig, "keep_candidates"))
    ] = False,
    engine: Engine = "rapidocr",
    dpi: Dpi = 200,
    password: Password = None,
    ocr_images: OcrImages = True,
    text_layer: TextLayer = True,
    rasterizer: Rasterizer = "pdfium",
    orientation: Orientation = True,
    deskew: Deskew = True,
    contrast: Contrast = False,
    max_pages: MaxPages = 200,
    model_dir: ModelDir = None,
    ocr_backend: OcrBackend = "auto",
) -> None:
    """Extract the invoice fields of every document; one JSON object (or CSV row) each.

    Documents run in worker processes (--jobs). Each record is written as its document ends.

    A killed run loses nothing: run it again with --resume to carry on.

    Exit code 0 when every document was processed (ok or partial), 1 when some failed, 2 for bad usage.
    """
    from axocr.batch import (
        BatchStats,
        available_cores,
        done_hashes,
        expand_inputs,
        repair_tail,
        run_batch,
    )
    from axocr.export.formats import csv_header, csv_line, result_dict, to_json_line
    from axocr.types import InvoiceResult

    def usage(message: str) -> typer.Exit:
        typer.echo(f"axocr: {message}", err=True)
        return typer.Exit(EXIT_USAGE)

    if jobs is not None and jobs < 1:
        raise usage("--jobs must be at least 1")
    if timeout < 0:
        raise usage("--timeout must be a number of seconds (0 for no limit)")
    if max_file_mb <= 0 or max_pixels < 1:
        raise usage("--max-file-mb and --max-pixels must be positive")
    if max_worker_mb is not None and max_worker_mb <= 0:
        raise usage("--max-worker-mb must be positive")
    read = _read_config(
        engine=engine,
        dpi=dpi,
        password=password,
        ocr_images=ocr_images,
        text_layer=text_layer,
        rasterizer=rasterizer,
        orientation=orientation,
        deskew=deskew,
        contrast=contrast,
        max_pages=max_pages,
        max_pixels=max_pixels,
        max_file_bytes=int(max_file_mb * 1024 * 1024),
        model_dir=model_dir,
        ocr_backend=ocr_backend,
    )
    try:
        ext = ExtractConfig(
            vendors=vendors,
            review_threshold=threshold,
            language=language,
            # An unattended run must never hang on one document, hence a default limit.
            timeout_s=timeout or None,
            keep_candidates=candidates,
        )
    except ValueError as exc:
        raise usage(f"bad option: {exc}") from exc
    if vendors is not None:
        from axocr.errors import VendorMasterError
        from axocr.validate.vendors import load_vendor_master

        try:
            load_vendor_master(vendors)
        except (VendorMasterError, OSError) as exc:
            raise usage(f"--vendors: {exc}") from exc
    fmt = format
    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = {".jsonl": OutputFormat.jsonl, ".csv": OutputFormat.csv}.get(suffix, OutputFormat.json)
    if resume and (output is None or fmt == OutputFormat.json):
        # A JSON array cannot be appended to; JSON lines and CSV rows can.
        raise usage("--resume needs -o FILE in jsonl or csv format")
    if output is not None and output.is_dir():
        raise usage(f"-o {output} is a directory")
    paths = expand_inputs(inputs)
    if output is not None:
        # `-o inbox/results.jsonl` inside the input folder must not read itself on --resume.
        paths = [p for p in paths if p.resolve() != output.resolve()]
    if not paths:
        raise usage(f"no documents found in {' '.join(inputs)}")
    config = Config(read=read, extract=ext)
    skip: set[str] | None = None
    if resume and output is not None and output.exists():
        repair_tail(output)
        skip = done_hashes(output)

    out: TextIO
    if output is None:
        out = sys.stdout
    else:
        out = output.open("a" if resume else "w", encoding="utf-8", newline="")
    stats = BatchStats()
    bar: Any = None
    # One object for one document (the common interactive case), an array otherwise.
    single_json = fmt == OutputFormat.json and len(paths) == 1
    written = 0
    results: Generator[InvoiceResult, None, None] | None = None
    try:
        if fmt == OutputFormat.csv and (output is None or out.tell() == 0):
            out.write(("\ufeff" if bom else "") + csv_header())
        elif fmt == OutputFormat.json and not single_json:
            out.write("[\n")
        out.flush()
        if progress and (sys.stderr.isatty() or output is not None):
            from tqdm import tqdm

            bar = tqdm(
                total=len(paths), unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1
            )

        def skipped(_: Path) -> None:
            # Skipped documents leave the total, so that rate and ETA count real work only.
            if bar is not None:
                bar.total -= 1
                bar.refresh()

        results = run_batch(
            paths,
            config,
            jobs=jobs or available_cores(),
            skip_hashes=skip,
            on_skip=skipped,
            memory_limit_mb=max_worker_mb,
            stats=stats,
        )
        for result in results:
            if fmt == OutputFormat.jsonl:
                out.write(to_json_line(result) + "\n")
            elif fmt == OutputFormat.csv:
                out.write(csv_line(result))
            else:
                text = json.dumps(result_dict(result), ensure_ascii=False, indent=2)
                out.write(text if single_json else ("" if written == 0 else ",\n") + text)
            out.flush()
            written += 1
            if bar is not None:
                bar.set_postfix(failed=stats.failed, refresh=False)
                bar.update(1)
        if fmt == OutputFormat.json:
            out.write("\n" if single_json else "\n]\n")
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        typer.echo(
            f"axocr: interrupted after {written} documents; "
            + ("rerun with --resume to carry on" if fmt != OutputFormat.json else ""),
            err=True,
        )
        raise typer.Exit(130) from None
    finally:
        if results is not None:
            results.close()  # stops the workers now, also on Ctrl-C, not whenever GC runs
        if bar is not None:
            bar.close()
        if out is not sys.stdout:
            out.close()
    if progress:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(stats.by_status.items()))
        errors = ", ".join(f"{k} {v}" for k, v in stats.by_error.most_common())
        typer.echo(
            f"axocr: {stats.total} documents ({statuses or 'none'}), {stats.skipped} skipped, "
            f"{stats.elapsed_s:.1f} s, {stats.pages} pages, peak worker memory "
            f"{stats.peak_worker_rss_mb:.0f} MB" + (f"; errors: {errors}" if errors else ""),
            err=True,
        )
    raise typer.Exit(EXIT_SOME_FAILED if stats.failed else EXIT_OK)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def bench(ctx: typer.Context) -> None:
    """Benchmark accuracy and speed on labelled dataset folders (see `axocr bench --help`)."""
    from axocr.bench.command import main as bench_main

    raise typer.Exit(bench_main(list(ctx.args)))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
