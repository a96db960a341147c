"""The benchmark runner on a tiny dataset folder, with a fake extractor."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from axocr.bench import baselines as baselines_module
from axocr.bench import render_failures, render_markdown, run_benchmark, write_reports
from axocr.bench.baselines import Baseline
from axocr.bench.report import speed_rows
from axocr.bench.runner import DatasetError
from axocr.bench.scoring import accuracy, accuracy_by
from axocr.types import ExtractedField, InvoiceResult


def _field(value: str | None, confidence: float) -> ExtractedField:
    # model_validate, not the constructor: mypy without the pydantic plugin misreads Field(None).
    return ExtractedField.model_validate(
        {"value": value, "confidence": confidence, "needs_review": confidence < 0.9}
    )


def fake_extract(path: str | Path, **options: object) -> InvoiceResult:
    """a.pdf: all right, one text-layer page. b.pdf: wrong total, two OCR pages. c.pdf: raises."""
    name = Path(path).name
    if name == "c.pdf":
        raise RuntimeError("boom on purpose")
    result = InvoiceResult.model_validate({"path": str(path), "language": "en"})
    result.fields.vendor = _field("ACME Ltd.", 0.95)
    result.fields.currency = _field("EUR", 0.99)
    result.fields.invoice_date = _field("2024-03-12", 0.9)
    if name == "a.pdf":
        result.fields.total = _field("10.0", 0.97)
        result.pages, result.routes = 1, ["text_layer"]
    else:
        result.fields.total = _field("100.00", 0.92)
        result.pages, result.routes = 2, ["ocr", "ocr"]
    if options.get("dpi") is not None:
        result.timings_ms["dpi_seen"] = float(str(options["dpi"]))
    return result


def dying_extract(path: str | Path, **options: object) -> InvoiceResult:
    """Like fake_extract, but c.pdf kills its worker process outright (a native crash)."""
    if Path(path).name == "c.pdf":
        os._exit(3)
    return fake_extract(path, **options)


def _make_pdf(path: Path, text: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(text=text)
    pdf.output(str(path))


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "toy"
    (root / "files").mkdir(parents=True)
    labels: dict[str, Any] = {
        "vendor": "ACME Ltd",
        "vendor_aliases": [],
        "total": "10.00",
        "currency": "EUR",
        "date": "2024-03-12",
        "invoice_number": None,
    }
    rows = []
    for doc, language in (("a", "en"), ("b", "de"), ("c", "en")):
        _make_pdf(root / "files" / f"{doc}.pdf", f"ACME Ltd invoice {doc} total 10.00 EUR")
        rows.append(
            {
                "id": f"toy-{doc}",
                "path": f"files/{doc}.pdf",
                "language": language,
                "kind": "born-digital-pdf",
                "fields": labels,
            }
        )
    (root / "labels.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return root


def test_runner_scores_and_keeps_going_after_a_crash(dataset: Path, tmp_path: Path) -> None:
    report = run_benchmark([dataset], extract_fn=fake_extract, options={"dpi": 150}, progress=False)
    run = report.axocr
    assert [r.doc_id for r in run.records] == ["toy-a", "toy-b", "toy-c"]
    assert [r.status for r in run.records] == ["ok", "ok", "crashed"]
    crashed = run.records[2]
    assert crashed.error is not None and "RuntimeError: boom on purpose" in crashed.error
    assert crashed.scores and all(s.got is None and not s.correct for s in crashed.scores)
    assert run.records[0].timings_ms["dpi_seen"] == 150.0  # options reach extract_fn

    table = accuracy(run.scored_documents())
    # 4 labelled fields x 3 documents; c is all missing, b has a wrong total.
    assert (table.fields["vendor"].correct, table.fields["vendor"].total) == (2, 3)
    assert (table.fields["total"].correct, table.fields["total"].total) == (1, 3)
    assert table.rate("date") == pytest.approx(2 / 3)
    assert (table.all_fields.correct, table.all_fields.total) == (1, 3)
    by_language = accuracy_by(run.scored_documents(), lambda d: d.language)
    assert by_language["de"].rate("total") == 0.0
    assert by_language["en"].rate("total") == 0.5

    routes = {row.route: row for row in speed_rows(run)}
    assert set(routes) == {"text_layer", "ocr", "all"}
    assert (routes["ocr"].documents, routes["ocr"].pages) == (1, 2)
    assert routes["all"].pages == 3  # the crashed document is not timed
    by_dataset = speed_rows(run, lambda r: r.dataset)
    assert [(row.route, row.documents, row.pages) for row in by_dataset] == [("toy", 2, 3)]

    paths = write_reports(report, tmp_path / "out")
    data = json.loads(paths["json"].read_text())
    axocr = data["systems"]["axocr"]
    assert axocr["crashed"] == 1
    assert axocr["accuracy"]["total"] == {
        "correct": 1,
        "total": 3,
        "accuracy": pytest.approx(1 / 3),
    }
    assert axocr["accuracy_by_dataset"]["toy"]["all_fields"]["correct"] == 1
    assert [row["threshold"] for row in axocr["review"]][-1] == "needs_review=False"
    markdown = render_markdown(report)
    assert "| toy | 3 |" in markdown
    assert "## Speed by dataset" in markdown and "pages/s × 1 workers" in markdown
    assert [(row["route"], row["pages"]) for row in axocr["speed_by_dataset"]] == [
        ("toy · ocr", 2),
        ("toy · text_layer", 1),
        ("all", 3),
    ]
    assert "33.3% (1/3)" in markdown
    failures = render_failures(report)
    assert "boom on purpose" in failures
    assert "| toy-b | toy | total | 10.00 | '100.00' |" in failures


def test_limit_applies_per_dataset(dataset: Path) -> None:
    report = run_benchmark([dataset], extract_fn=fake_extract, limit=2, progress=False)
    assert [r.doc_id for r in report.axocr.records] == ["toy-a", "toy-b"]


def test_kinds_keep_only_those_documents(dataset: Path) -> None:
    labels = dataset / "labels.jsonl"
    rows = [json.loads(x) for x in labels.read_text().splitlines()]
    rows[1]["kind"] = "scanned-image"
    labels.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = run_benchmark(
        [dataset], extract_fn=fake_extract, kinds=["scanned-image"], progress=False
    )
    assert [r.doc_id for r in report.axocr.records] == ["toy-b"]
    assert "only scanned-image documents" in render_markdown(report)
    with pytest.raises(DatasetError):
        run_benchmark([dataset], extract_fn=fake_extract, kinds=["photo"], progress=False)


def test_parallel_run_matches_serial(dataset: Path) -> None:
    report = run_benchmark([dataset], extract_fn=fake_extract, jobs=2, progress=False)
    run = report.axocr
    assert [r.status for r in run.records] == ["ok", "ok", "crashed"]
    assert accuracy(run.scored_documents()).rate("total") == pytest.approx(1 / 3)
    assert run.worker_peak_rss_mb and all(mb > 0 for mb in run.worker_peak_rss_mb.values())


def test_a_dying_worker_costs_only_its_own_document(dataset: Path) -> None:
    report = run_benchmark([dataset], extract_fn=dying_extract, jobs=2, progress=False)
    records = {r.doc_id: r for r in report.axocr.records}
    assert records["toy-a"].status == "ok" and records["toy-b"].status == "ok"
    assert records["toy-c"].status == "crashed"
    assert "worker process died" in (records["toy-c"].error or "")
    assert records["toy-a"].scores[0].correct  # its neighbours were retried and scored


def test_baselines_run_on_the_same_documents(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = Baseline(
        name="fake",
        description="reads nothing but b.pdf",
        fields=("vendor", "total"),
        availability=lambda: (True, ""),
        applies_to=lambda p: p.name != "a.pdf",
        predict=lambda p, lang: {"vendor": "ACME LTD", "total": "10"},
    )
    absent = Baseline(
        name="absent",
        description="not installed",
        fields=("total",),
        availability=lambda: (False, "not installed"),
        applies_to=lambda p: True,
        predict=lambda p, lang: {},
    )
    monkeypatch.setitem(baselines_module.BASELINES, "fake", fake)
    monkeypatch.setitem(baselines_module.BASELINES, "absent", absent)
    report = run_benchmark(
        [dataset], extract_fn=fake_extract, progress=False, baselines=["fake", "absent"]
    )
    run = report.systems["fake"]
    assert [r.status for r in run.records] == ["skipped", "ok", "ok"]
    # Scored on b and c only; its fields: vendor and total, both right on both.
    table = accuracy(run.scored_documents(run.fields))
    assert table.rate("total") == 1.0 and table.all_fields.correct == 2
    assert not report.systems["absent"].available
    markdown = render_markdown(report)
    assert "Skipped: not installed." in markdown
    # axocr on the same two documents and fields: b (vendor only) and c (crashed) -> 0 of 2.
    assert "| toy | 2 | 50.0% / 100.0% |" in markdown
    with pytest.raises(ValueError, match="unknown baseline"):
        run_benchmark([dataset], extract_fn=fake_extract, progress=False, baselines=["nope"])


def _load_cli() -> Any:
    # benchmarks/run.py and `axocr bench` both delegate to this module.
    from axocr.bench import command

    return command


def test_cli_parses_its_flags(tmp_path: Path) -> None:
    cli = _load_cli()
    args = cli.build_parser().parse_args(
        ["d1", "d2", "--jobs", "2", "--limit", "5", "-o", "dpi=150", "--baselines", "tesseract"]
    )
    assert args.datasets == [Path("d1"), Path("d2")]
    assert (args.jobs, args.limit, dict(args.option)) == (2, 5, {"dpi": 150})
    assert args.baselines == ["tesseract"]
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["d1", "--baselines", "nope"])
    assert cli.main([str(tmp_path / "missing"), "--no-progress", "-q"]) == 2
