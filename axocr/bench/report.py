"""Turn a BenchmarkReport into Markdown tables, a JSON dump and a failures list.

Everything here is derived from the records: the report keeps no numbers of its own, so the
Markdown and the JSON can never disagree.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from axocr.bench.line_scoring import LineScore, line_table, markdown_line_table
from axocr.bench.runner import AXOCR, BenchmarkReport, DocumentRecord, SystemRun
from axocr.bench.scoring import (
    ALL_CORRECT,
    SCORED_LABELS,
    VENDOR_SOFT,
    AccuracyTable,
    FieldScore,
    ReliabilityBin,
    ReviewRow,
    ScoredDocument,
    accuracy,
    accuracy_by,
    calibration_pairs,
    expected_calibration_error,
    reliability_table,
    review_table,
)

CALIBRATION_BINS = 10
_COLUMN_TITLES = {VENDOR_SOFT: "vendor ≥90", ALL_CORRECT: "all fields"}


# --- numbers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeedRow:
    route: str
    documents: int
    pages: int
    seconds: float
    ms_per_page: float | None  # total time / total pages
    median_ms_per_page: float | None
    p95_ms_per_page: float | None

    @property
    def pages_per_s(self) -> float | None:
        """Pages per second of one worker (time spent extracting, not wall time)."""
        return self.pages / self.seconds if self.seconds > 0 else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    # Nearest rank: small samples get a real observed value, not an interpolation.
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


def speed_rows(
    run: SystemRun, by: Callable[[DocumentRecord], str] = lambda r: r.route_group
) -> list[SpeedRow]:
    """Time per page by page route (or another grouping); documents that crashed or had no
    pages are left out."""
    timed = [r for r in run.scored_records if r.status != "crashed" and r.pages > 0]
    groups: dict[str, list[DocumentRecord]] = {}
    for r in timed:
        groups.setdefault(by(r), []).append(r)
    rows = [_speed_row(name, recs) for name, recs in sorted(groups.items())]
    if len(groups) > 1:
        rows.append(_speed_row("all", timed))
    return rows


def _dataset_route(record: DocumentRecord) -> str:
    # A dataset can hold born-digital PDFs and scans, whose speeds differ a hundredfold.
    return f"{record.dataset} · {record.route_group}"


def _speed_row(name: str, records: Sequence[DocumentRecord]) -> SpeedRow:
    pages = sum(r.pages for r in records)
    seconds = sum(r.elapsed_ms for r in records) / 1000
    per_page = [r.elapsed_ms / r.pages for r in records]
    return SpeedRow(
        route=name,
        documents=len(records),
        pages=pages,
        seconds=seconds,
        ms_per_page=seconds * 1000 / pages if pages else None,
        median_ms_per_page=statistics.median(per_page) if per_page else None,
        p95_ms_per_page=_percentile(per_page, 0.95),
    )


def _mean_ms(run: SystemRun) -> float | None:
    timed = [r.elapsed_ms for r in run.scored_records if r.status != "crashed"]
    return statistics.fmean(timed) if timed else None


def _all_scores(run: SystemRun) -> list[FieldScore]:
    return [s for r in run.scored_records for s in r.scores]


def columns_for(tables: Iterable[AccuracyTable]) -> list[str]:
    """The label keys scored anywhere in ``tables``, in report order, with the derived columns."""
    present = {k for t in tables for k in t.fields}
    cols: list[str] = []
    for key in SCORED_LABELS:
        if key in present:
            cols.append(key)
            if key == "vendor":
                cols.append(VENDOR_SOFT)
    cols.append(ALL_CORRECT)
    return cols


def _comparable_docs(
    run: SystemRun, reference: SystemRun
) -> tuple[list[ScoredDocument], list[ScoredDocument]]:
    """The documents ``run`` handled, scored on its fields, for it and for ``reference``."""
    covered = {r.doc_id for r in run.scored_records}
    ours = run.scored_documents(run.fields)
    theirs = [r.scored(run.fields) for r in reference.scored_records if r.doc_id in covered]
    return ours, theirs


# --- JSON -----------------------------------------------------------------------------------


def _tally_dict(table: AccuracyTable) -> dict[str, Any]:
    out: dict[str, Any] = {"documents": table.documents}
    for key, tally in table.fields.items():
        out[key] = {"correct": tally.correct, "total": tally.total, "accuracy": tally.rate}
    out[ALL_CORRECT] = {
        "correct": table.all_fields.correct,
        "total": table.all_fields.total,
        "accuracy": table.all_fields.rate,
    }
    return out


def _review_dict(row: ReviewRow) -> dict[str, Any]:
    return {
        "threshold": row.threshold if row.threshold is not None else "needs_review=False",
        "fields": row.fields,
        "accepted": row.accepted,
        "accepted_correct": row.accepted_correct,
        "accepted_share": row.accepted_share,
        "precision": row.precision,
        "silent_error_share": row.silent_error_share,
    }


def _system_dict(run: SystemRun, reference: SystemRun | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": run.name,
        "description": run.description,
        "available": run.available,
        "note": run.note,
        "fields": list(run.fields),
        "wall_s": run.wall_s,
        "worker_peak_rss_mb": {str(k): v for k, v in run.worker_peak_rss_mb.items()},
        "warmup_ms": {str(k): v for k, v in run.warmup_ms.items()},
    }
    if not run.available:
        return out
    docs = run.scored_documents()
    kinds = {r.doc_id: r.kind for r in run.records}
    scores = _all_scores(run)
    pairs = calibration_pairs(scores)
    pages = sum(r.pages for r in run.scored_records)
    out.update(
        {
            "documents": len(run.records),
            "crashed": sum(r.status == "crashed" for r in run.records),
            "skipped": sum(r.status == "skipped" for r in run.records),
            "pages": pages,
            "pages_per_s_wall": pages / run.wall_s if run.wall_s > 0 and pages else None,
            "accuracy": _tally_dict(accuracy(docs)),
            "accuracy_by_dataset": {
                k: _tally_dict(v) for k, v in accuracy_by(docs, lambda d: d.dataset).items()
            },
            "accuracy_by_language": {
                k: _tally_dict(v) for k, v in accuracy_by(docs, lambda d: d.language).items()
            },
            "accuracy_by_kind": {
                k: _tally_dict(v)
                for k, v in accuracy_by(docs, lambda d: kinds.get(d.doc_id, "unknown")).items()
            },
            "speed_by_route": [asdict(row) for row in speed_rows(run)],
            "speed_by_dataset": [asdict(row) for row in speed_rows(run, _dataset_route)],
            "mean_ms_per_document": _mean_ms(run),
        }
    )
    if pairs:
        out["calibration"] = {
            "ece": expected_calibration_error(pairs, CALIBRATION_BINS),
            "ece_by_field": {
                key: expected_calibration_error(p, CALIBRATION_BINS)
                for key in SCORED_LABELS
                if (p := calibration_pairs(s for s in scores if s.field == key))
            },
            "bins": [asdict(b) for b in reliability_table(pairs, CALIBRATION_BINS)],
        }
        out["review"] = [_review_dict(row) for row in review_table(scores)]
    if reference is not None and reference is not run:
        ours, theirs = _comparable_docs(run, reference)
        out["same_documents"] = {
            "self": _tally_dict(accuracy(ours)),
            reference.name: _tally_dict(accuracy(theirs)),
        }
    out["records"] = [_record_dict(r) for r in run.records]
    return out


def _record_dict(record: DocumentRecord) -> dict[str, Any]:
    out = asdict(record)
    out["route_group"] = record.route_group
    return out


def report_to_dict(report: BenchmarkReport) -> dict[str, Any]:
    reference = report.systems.get(AXOCR)
    return {
        "started_at": report.started_at,
        "datasets": report.datasets,
        "options": report.options,
        "jobs": report.jobs,
        "limit": report.limit,
        "kinds": list(report.kinds),
        "python": report.python,
        "cpu_count": report.cpu_count,
        "peak_rss_mb_main": report.peak_rss_mb_main,
        "peak_rss_mb_children": report.peak_rss_mb_children,
        "systems": {name: _system_dict(run, reference) for name, run in report.systems.items()},
    }


# --- Markdown -------------------------------------------------------------------------------


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{100 * rate:.1f}%"


def _cell(table: AccuracyTable, key: str) -> str:
    tally = table.all_fields if key == ALL_CORRECT else table.fields.get(key)
    if tally is None or tally.total == 0:
        return "—"
    return f"{_pct(tally.rate)} ({tally.correct}/{tally.total})"


def _num(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in rows)
    return lines


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _accuracy_section(
    title: str, docs: Sequence[ScoredDocument], group: Callable[[ScoredDocument], str]
) -> list[str]:
    tables = accuracy_by(docs, group)
    overall = accuracy(docs)
    cols = columns_for([overall])
    rows = [[name, str(t.documents), *(_cell(t, c) for c in cols)] for name, t in tables.items()]
    rows.append(["**all**", str(overall.documents), *(_cell(overall, c) for c in cols)])
    header = [title, "docs", *(_COLUMN_TITLES.get(c, c) for c in cols)]
    return _md_table(header, rows)


def _speed_section(rows: list[SpeedRow], group: str, jobs: int) -> list[str]:
    # With one OCR thread per worker, N workers read about N times one worker's pages/s;
    # this column is that estimate for each group (the run's wall figure is above).
    table = [
        [
            row.route,
            str(row.documents),
            str(row.pages),
            _num(row.ms_per_page),
            _num(row.median_ms_per_page),
            _num(row.p95_ms_per_page),
            _num(row.pages_per_s, 2),
            _num(None if row.pages_per_s is None else row.pages_per_s * jobs, 2),
        ]
        for row in rows
    ]
    header = [
        group,
        "docs",
        "pages",
        "ms/page",
        "median ms/page",
        "p95 ms/page",
        "pages/s/worker",
        f"pages/s × {jobs} workers",
    ]
    return _md_table(header, table)


def _calibration_section(run: SystemRun) -> list[str]:
    scores = _all_scores(run)
    pairs = calibration_pairs(scores)
    if not pairs:
        return ["No field carried a confidence."]
    ece = expected_calibration_error(pairs, CALIBRATION_BINS)
    per_field = [
        f"{key} {_num(expected_calibration_error(p, CALIBRATION_BINS), 3)}"
        for key in SCORED_LABELS
        if (p := calibration_pairs(s for s in scores if s.field == key))
    ]
    bins: list[ReliabilityBin] = [b for b in reliability_table(pairs, CALIBRATION_BINS) if b.count]
    lines = [
        f"Expected calibration error over {len(pairs)} predicted fields: **{_num(ece, 3)}** "
        f"(by field: {', '.join(per_field)}). Fields with no prediction are left out.",
        "",
    ]
    lines += _md_table(
        ["confidence", "fields", "mean confidence", "accuracy"],
        (
            [
                f"{b.lower:.1f}–{b.upper:.1f}",
                str(b.count),
                _num(b.mean_confidence, 3),
                _pct(b.accuracy),
            ]
            for b in bins
        ),
    )
    rows = [
        [
            f"confidence ≥ {row.threshold:.2f}"
            if row.threshold is not None
            else "needs_review = false",
            _pct(row.accepted_share),
            _pct(row.precision),
            _pct(row.silent_error_share),
        ]
        for row in review_table(scores)
    ]
    lines += [
        "",
        "Review table: a field is accepted when it has a value and passes the rule; shares are "
        "of all labelled fields.",
        "",
    ]
    lines += _md_table(["accept when", "accepted", "precision", "wrong but accepted"], rows)
    return lines


def _baseline_section(report: BenchmarkReport) -> list[str]:
    reference = report.systems.get(AXOCR)
    lines: list[str] = []
    for name, run in report.systems.items():
        if name == AXOCR:
            continue
        lines.append(f"### {name}: {run.description}")
        lines.append("")
        if not run.available:
            lines += [f"Skipped: {run.note}.", ""]
            continue
        if reference is None:
            continue
        covered = {r.doc_id for r in run.scored_records}
        base_docs = run.scored_documents(run.fields)
        axocr_docs = [r.scored(run.fields) for r in reference.scored_records if r.doc_id in covered]
        base_by = accuracy_by(base_docs, lambda d: d.dataset)
        axocr_by = accuracy_by(axocr_docs, lambda d: d.dataset)
        pairs = [(k, v, axocr_by.get(k)) for k, v in base_by.items()]
        pairs.append(("**all**", accuracy(base_docs), accuracy(axocr_docs)))
        cols = columns_for([accuracy(axocr_docs), accuracy(base_docs)])
        rows = [
            [
                dataset,
                str(base.documents),
                *(f"{_pct(ours.rate(c) if ours else None)} / {_pct(base.rate(c))}" for c in cols),
            ]
            for dataset, base, ours in pairs
        ]
        skipped = sum(r.status == "skipped" for r in run.records)
        crashed = sum(r.status == "crashed" for r in run.records)
        lines.append(
            f"Cells: axocr / {name}, on the same {len(covered)} documents and only the fields "
            f"{name} attempts ({', '.join(run.fields)}). Skipped (not handled): {skipped}; "
            f"crashed: {crashed}; wall time {run.wall_s:.1f} s, "
            f"{_num(_mean_ms(run), 0)} ms per document on average."
        )
        if name == "invoice2data":
            lines.append(
                "Its bundled templates were written for its own test files, which include the "
                "`invoice2data` dataset: read that row as its ceiling, not as a fair comparison."
            )
        lines.append("")
        lines += _md_table(["dataset", "docs", *(_COLUMN_TITLES.get(c, c) for c in cols)], rows)
        lines.append("")
    return lines


def _line_items_section(run: SystemRun) -> list[str]:
    """Invoice lines, where a dataset labels them (scored as the datasets' README says)."""
    scored = [(r, r.lines) for r in run.records if r.lines is not None]
    if not scored:
        return []
    by_set: dict[str, list[LineScore]] = {}
    for r, score in scored:
        by_set.setdefault(r.dataset, []).append(score)
        by_set.setdefault(f"{r.dataset} · {r.kind}", []).append(score)
    rows = [(name, line_table(scores)) for name, scores in sorted(by_set.items())]
    rows.append(("all", line_table(score for _, score in scored)))
    return [
        "## Line items",
        "",
        "A predicted line matches a labelled one when the amounts are equal and the "
        "descriptions have a rapidfuzz ratio ≥ 80; quantity, unit price and tax rate are "
        "scored on matched lines (count in brackets).",
        "",
        *markdown_line_table(rows),
        "",
    ]


def render_markdown(report: BenchmarkReport) -> str:
    run = report.axocr
    docs = run.scored_documents()
    pages = sum(r.pages for r in run.records)
    crashed = [r for r in run.records if r.status == "crashed"]
    statuses: dict[str, int] = {}
    for r in run.records:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    kinds = {r.doc_id: r.kind for r in run.records}
    rss_workers = max(run.worker_peak_rss_mb.values(), default=0.0)
    warm = max(run.warmup_ms.values(), default=None)
    lines = [
        "# axocr benchmark",
        "",
        f"Started {report.started_at}; datasets: {', '.join(report.datasets)}; "
        f"options: {report.options or 'defaults'}; jobs {report.jobs}"
        + (f"; first {report.limit} documents of each dataset" if report.limit else "")
        + (f"; only {', '.join(report.kinds)} documents" if report.kinds else "")
        + f"; Python {report.python} on {report.cpu_count} CPUs.",
        "",
        f"{len(run.records)} documents, {pages} pages in {run.wall_s:.1f} s wall "
        f"({_num(pages / run.wall_s if run.wall_s > 0 else None, 2)} pages/s); status "
        + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        + f". Peak memory: main process {report.peak_rss_mb_main:.0f} MB, largest worker "
        f"{rss_workers:.0f} MB"
        + (f"; engine loading {warm:.0f} ms per worker" if warm is not None else "")
        + ".",
        "",
        "## Accuracy by dataset",
        "",
        "A field is scored where the dataset labels it; a missing prediction is wrong. "
        "`vendor ≥90` is the softer vendor figure (rapidfuzz ratio ≥ 90); `all fields` is the "
        "share of documents with every labelled field correct.",
        "",
        *_accuracy_section("dataset", docs, lambda d: d.dataset),
        "",
        "## Accuracy by language",
        "",
        *_accuracy_section("language", docs, lambda d: d.language),
        "",
        "## Accuracy by input kind",
        "",
        *_accuracy_section("kind", docs, lambda d: kinds.get(d.doc_id, "unknown")),
        "",
        "## Speed by page route",
        "",
        "Time inside `extract` per document, divided by its pages; `mixed` documents have pages "
        "read both ways.",
        "",
        *_speed_section(speed_rows(run), "route", report.jobs),
        "",
        "## Speed by dataset",
        "",
        *_speed_section(speed_rows(run, _dataset_route), "dataset · route", report.jobs),
        "",
        "## Confidence",
        "",
        *_calibration_section(run),
        "",
    ]
    lines += _line_items_section(run)
    if crashed:
        lines += ["## Crashed documents", ""]
        lines += _md_table(["document", "error"], ([r.doc_id, r.error or ""] for r in crashed))
        lines.append("")
    if len(report.systems) > 1:
        lines += ["## Baselines", "", *_baseline_section(report)]
    return "\n".join(lines).rstrip() + "\n"


def render_failures(report: BenchmarkReport) -> str:
    """Every wrong field of axocr (document, field, expected, got), crashes first."""
    run = report.axocr
    lines = ["# axocr benchmark failures", ""]
    crashed = [r for r in run.records if r.status == "crashed"]
    if crashed:
        lines += ["## Crashed", ""]
        lines += _md_table(
            ["document", "dataset", "error"],
            ([r.doc_id, r.dataset, r.error or ""] for r in crashed),
        )
        lines.append("")
    rows = [
        [
            r.doc_id,
            r.dataset,
            s.field,
            s.expected,
            "(missing)" if s.got is None else repr(s.got),
            _num(s.confidence, 2),
            r.route_group,
        ]
        for r in run.scored_records
        for s in r.scores
        if not s.correct
    ]
    lines += [f"## Wrong fields ({len(rows)})", ""]
    lines += _md_table(
        ["document", "dataset", "field", "expected", "got", "confidence", "route"], rows
    )
    return "\n".join(lines) + "\n"


def write_reports(report: BenchmarkReport, out_dir: str | Path) -> dict[str, Path]:
    """Write benchmark.md, benchmark.json and failures.md; return their paths by name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "markdown": out / "benchmark.md",
        "json": out / "benchmark.json",
        "failures": out / "failures.md",
    }
    paths["markdown"].write_text(render_markdown(report), encoding="utf-8")
    paths["json"].write_text(
        json.dumps(report_to_dict(report), indent=1, ensure_ascii=False, default=str) + "\n",
        encoding="utf-8",
    )
    paths["failures"].write_text(render_failures(report), encoding="utf-8")
    return paths
