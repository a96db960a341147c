"""The command line: a thin shell over the library. Parses flags, formats output, nothing more."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

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


def _read_config(**kw: object) -> ReadConfig:
    try:
        return ReadConfig(**kw)  # type: ignore[arg-type]
    except ValueError as exc:
        typer.echo(f"axocr: bad option: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc


@app.command()
def ocr(
    file: Annotated[Path, typer.Argument(help="a PDF or image file")],
    engine: Engine = "rapidocr",
    dpi: Dpi = 200,
    password: Password = None,
    ocr_images: OcrImages = False,
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
        for page in data["pages"]:  # type: ignore[index]
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
        typer.Option("--format", "-f", help="json, jsonl or csv (default: from -o's suffix, else json)"),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="worker processes")] = 1,
    resume: Annotated[
        bool, typer.Option(help="skip documents already in the output (by content hash)")
    ] = False,
    bom: Annotated[bool, typer.Option(help="start CSV output with a UTF-8 BOM (for Excel)")] = False,
    progress: Annotated[bool, typer.Option(help="show a progress bar on stderr")] = True,
    vendors: Annotated[str | None, typer.Option(help=_help(ExtractConfig, "vendors"))] = None,
    threshold: Annotated[
        float, typer.Option(help=_help(ExtractConfig, "review_threshold"))
    ] = ExtractConfig().review_threshold,
    language: Annotated[str | None, typer.Option(help=_help(ExtractConfig, "language"))] = None,
    timeout: Annotated[
        float | None, typer.Option(help=_help(ExtractConfig, "timeout_s"))
    ] = None,
    candidates: Annotated[
        bool, typer.Option(help=_help(ExtractConfig, "keep_candidates"))
    ] = False,
    engine: Engine = "rapidocr",
    dpi: Dpi = 200,
    password: Password = None,
    ocr_images: OcrImages = False,
    text_layer: TextLayer = True,
    rasterizer: Rasterizer = "pdfium",
    orientation: Orientation = True,
    deskew: Deskew = True,
    contrast: Contrast = False,
    max_pages: MaxPages = 200,
    model_dir: ModelDir = None,
) -> None:
    """Extract the invoice fields of every document; one JSON object (or CSV row) each.

    Exit code 0 when every document was processed, 1 when some failed, 2 for bad usage.
    """
    from axocr.batch import done_hashes, expand_inputs, run_batch
    from axocr.export.formats import csv_header, csv_line, result_dict, to_json_line

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
        model_dir=model_dir,
    )
    try:
        ext = ExtractConfig(
            vendors=vendors,
            review_threshold=threshold,
            language=language,
            timeout_s=timeout,
            keep_candidates=candidates,
        )
    except ValueError as exc:
        typer.echo(f"axocr: bad option: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    if jobs < 1:
        typer.echo("axocr: --jobs must be at least 1", err=True)
        raise typer.Exit(EXIT_USAGE)
    fmt = format
    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = {".jsonl": OutputFormat.jsonl, ".csv": OutputFormat.csv}.get(suffix, OutputFormat.json)
    if resume and (output is None or fmt != OutputFormat.jsonl):
        typer.echo("axocr: --resume needs -o FILE in jsonl format", err=True)
        raise typer.Exit(EXIT_USAGE)
    config = Config(read=read, extract=ext)
    paths = expand_inputs(inputs)
    skip = done_hashes(output) if resume and output else None

    out: TextIO
    if output is None:
        out = sys.stdout
    else:
        appending = resume and output.exists()
        out = output.open("a" if appending else "w", encoding="utf-8", newline="")
    failed = 0
    try:
        if fmt == OutputFormat.csv and (output is None or out.tell() == 0):
            out.write(("\ufeff" if bom else "") + csv_header())
        bar = None
        if (progress and sys.stderr.isatty()) or (progress and output is not None):
            from tqdm import tqdm

            bar = tqdm(total=len(paths), unit="doc", file=sys.stderr, dynamic_ncols=True)
        collected: list[dict[str, object]] = []
        for result in run_batch(paths, config, jobs=jobs, skip_hashes=skip):
            if result.status == "failed":
                failed += 1
            if fmt == OutputFormat.jsonl:
                out.write(to_json_line(result) + "\n")
            elif fmt == OutputFormat.csv:
                out.write(csv_line(result))
            else:
                collected.append(result_dict(result))
            out.flush()
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        if fmt == OutputFormat.json:
            payload: object = collected[0] if len(collected) == 1 and len(paths) == 1 else collected
            json.dump(payload, out, ensure_ascii=False, indent=2)
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


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
