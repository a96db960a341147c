"""How fast reading options make OCR, and what they cost in text, on a fixed set of real pages.

    python benchmarks/ocr_speed.py                                   # baseline vs defaults
    python benchmarks/ocr_speed.py -v det1m:det_max_pixels=1000000 --repeat 3
    python benchmarks/ocr_speed.py -v dpi150:dpi=150 --sroie 0 --jomb 0

Every variant is a set of ``ReadConfig`` options. ``baseline`` is the configuration before
the speed work (RapidOCR's own detector sizing, ``det_max_pixels=0``); ``default`` is today's
``ReadConfig()``. For each variant the pages go through ``read_document`` (decode or render,
deskew, OCR) in fresh worker processes, as ``axocr extract`` does:

* single-document latency: one worker with every core (``ocr_threads`` = cores), pages one
  after another; wall and CPU seconds per page, median over pages of the median of repeats.
* throughput: 2 workers pulling pages from a shared queue, each with cores // jobs threads
  (what ``batch.worker_config`` gives); pages per second, median of repeats. Model loading
  and a first page are done before the clock starts, as in a long batch. For 1 worker the
  latency run is the same setting, so its pages per second is taken from there.
* peak RSS: the largest ``VmHWM`` of any worker (models, arenas and the largest page).
* text: ``words`` is the F1 of the multiset of words against the baseline's words on the
  same page (agreement, not truth); ``gt chars`` is the F1 of the multiset of characters
  (NFKC, no spaces) against the text layer of the born-digital PDF each synthetic scan was
  made from, the one measure of truth here.
* born-digital: ``axocr.extract`` end to end on the synthetic born-digital PDFs, ms/page.

The machine's load average is printed with every variant: wall times on a shared machine
are only meaningful when the load is low; CPU seconds per page hold up better.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT / "fixtures" / "synth" / "files"
DATASETS = ROOT.parent / "shared" / "datasets"

# The configuration this benchmark measures against: RapidOCR's own detector sizing.
BASELINE: dict[str, Any] = {"det_max_pixels": 0}


@dataclass
class PageRun:
    path: str
    wall_s: float
    cpu_s: float
    text: str


@dataclass
class VariantResult:
    name: str
    options: dict[str, Any]
    load_before: float
    load_after: float = 0.0
    latency_wall_s: float = 0.0
    latency_cpu_s: float = 0.0
    pages_per_s: dict[int, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    words_f1: float | None = None
    gt_chars_f1: float | None = None
    born_digital_ms: float | None = None
    texts: dict[str, str] = field(default_factory=dict)


def pick_pages(datasets: Path, sroie: int, jomb: int) -> list[Path]:
    """Every synthetic invoice scan (A4/A5, EN/JA, JPEG and PDF), then the first receipts."""
    pages = sorted(SYNTH.glob("*_scan.jpg")) + sorted(SYNTH.glob("*_scan.pdf"))
    pages += sorted((datasets / "sroie" / "files").glob("*.jpg"))[:sroie]
    pages += sorted((datasets / "jomb" / "files").glob("*.png"))[:jomb]
    return pages


def truth_source(page: Path) -> Path | None:
    """The born-digital PDF a synthetic scan was made from, whose text layer is exact."""
    if not page.stem.endswith("_scan"):
        return None
    source = page.with_name(page.stem.removesuffix("_scan") + ".pdf")
    return source if source.exists() else None


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _page_text(path: str, options: dict[str, Any]) -> str:
    from axocr.config import ReadConfig
    from axocr.pipeline.read import read_document

    doc = read_document(path, ReadConfig(**options))
    return " ".join(w.text for page in doc.pages for line in page.lines for w in line.words)


def _latency_worker(
    paths: list[str], options: dict[str, Any], repeat: int, born_digital: list[str], out: Any
) -> None:
    """One worker reading pages one after another, ``repeat`` times; sends PageRuns."""
    _page_text(paths[0], options)  # load the models: a worker pays this once, not per page
    runs: list[PageRun] = []
    for _ in range(repeat):
        for path in paths:
            wall, cpu = time.perf_counter(), time.process_time()
            text = _page_text(path, options)
            runs.append(PageRun(path, time.perf_counter() - wall, time.process_time() - cpu, text))
    digital: list[float] = []
    if born_digital:
        from axocr.api import extract

        extract(born_digital[0])  # imports and the first parse are not per-page costs
        for _ in range(repeat):
            for path in born_digital:
                wall = time.perf_counter()
                result = extract(path)
                digital.append((time.perf_counter() - wall) / max(1, result.pages))
    out.send(([asdict(r) for r in runs], digital, _peak_rss_mb()))
    out.close()


def _queue_worker(first: str, options: dict[str, Any], ready: Any, tasks: Any, out: Any) -> None:
    """A batch worker: warm up, wait for the start, then take pages until the queue is empty."""
    _page_text(first, options)
    ready.wait()
    done = 0
    while True:
        path = tasks.get()
        if path is None:
            break
        _page_text(path, options)
        done += 1
    out.put((done, _peak_rss_mb()))


def measure_latency(
    ctx: Any, paths: list[str], options: dict[str, Any], repeat: int, born_digital: list[str]
) -> tuple[list[PageRun], list[float], float]:
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_latency_worker, args=(paths, options, repeat, born_digital, send))
    proc.start()
    send.close()
    raw, digital, peak = receive.recv()
    proc.join()
    return [PageRun(**r) for r in raw], digital, peak


def measure_throughput(
    ctx: Any, paths: list[str], options: dict[str, Any], jobs: int
) -> tuple[float, float]:
    """Pages per second of ``jobs`` workers on ``paths``, and their largest peak RSS (MB)."""
    ready = ctx.Barrier(jobs + 1)
    tasks = ctx.Queue()
    results = ctx.Queue()
    for path in paths:
        tasks.put(path)
    for _ in range(jobs):
        tasks.put(None)
    procs = [
        ctx.Process(target=_queue_worker, args=(paths[0], options, ready, tasks, results))
        for _ in range(jobs)
    ]
    for proc in procs:
        proc.start()
    ready.wait()
    start = time.perf_counter()
    reports = [results.get() for _ in procs]
    elapsed = time.perf_counter() - start
    for proc in procs:
        proc.join()
    done = sum(r[0] for r in reports)
    return done / elapsed, max(r[1] for r in reports)


def bag_f1(reference: Iterable[str], candidate: Iterable[str]) -> float:
    ref, got = Counter(reference), Counter(candidate)
    if not ref and not got:
        return 1.0
    common = sum((ref & got).values())
    if common == 0:
        return 0.0
    recall, precision = common / sum(ref.values()), common / sum(got.values())
    return 2 * recall * precision / (recall + precision)


def chars(text: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFKC", text) if not c.isspace()]


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFKC", text).split()


def parse_variant(spec: str) -> tuple[str, dict[str, Any]]:
    """``name:key=value,key=value``; values are read as JSON where they parse, else strings."""
    name, _, body = spec.partition(":")
    options: dict[str, Any] = {}
    for item in filter(None, body.split(",")):
        key, _, value = item.partition("=")
        try:
            options[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            options[key.strip()] = value
    return name, options


def run_variant(
    name: str,
    options: dict[str, Any],
    paths: list[str],
    *,
    repeat: int,
    jobs_list: Sequence[int],
    born_digital: list[str],
    cores: int,
) -> VariantResult:
    from axocr.config import ReadConfig

    ReadConfig(**options)  # a typo in an option fails here, not in a worker
    ctx = mp.get_context("spawn")
    result = VariantResult(name=name, options=options, load_before=os.getloadavg()[0])
    runs, digital, peak = measure_latency(
        ctx, paths, {**options, "ocr_threads": cores}, repeat, born_digital
    )
    by_page: dict[str, list[PageRun]] = {}
    for run in runs:
        by_page.setdefault(run.path, []).append(run)
    result.latency_wall_s = statistics.median(
        statistics.median(r.wall_s for r in rs) for rs in by_page.values()
    )
    result.latency_cpu_s = statistics.median(
        statistics.median(r.cpu_s for r in rs) for rs in by_page.values()
    )
    result.texts = {path: rs[0].text for path, rs in by_page.items()}
    result.born_digital_ms = statistics.median(digital) * 1000 if digital else None
    result.peak_rss_mb = peak
    for jobs in jobs_list:
        if jobs == 1:
            # One worker with every core is exactly the latency run: no need to read twice.
            result.pages_per_s[1] = len(runs) / sum(r.wall_s for r in runs)
            continue
        rates: list[float] = []
        for _ in range(repeat):
            threads = max(1, cores // jobs)
            rate, peak = measure_throughput(ctx, paths, {**options, "ocr_threads": threads}, jobs)
            rates.append(rate)
            result.peak_rss_mb = max(result.peak_rss_mb, peak)
        result.pages_per_s[jobs] = statistics.median(rates)
    result.load_after = os.getloadavg()[0]
    return result


def score_text(results: list[VariantResult], truth: dict[str, str]) -> None:
    baseline = next((r for r in results if r.name == "baseline"), None)
    for result in results:
        if baseline is not None:
            result.words_f1 = statistics.mean(
                bag_f1(words(baseline.texts[p]), words(t)) for p, t in result.texts.items()
            )
        scored = [bag_f1(chars(truth[p]), chars(t)) for p, t in result.texts.items() if p in truth]
        result.gt_chars_f1 = statistics.mean(scored) if scored else None


def table(results: list[VariantResult], jobs_list: Sequence[int]) -> str:
    head = (
        ["variant", "options", "load", "s/page wall", "s/page CPU"]
        + [f"pages/s {j} worker{'s' if j > 1 else ''}" for j in jobs_list]
        + ["peak RSS MB", "words vs baseline", "gt chars", "born-digital ms/page"]
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def fmt(value: float | None, spec: str) -> str:
        return "—" if value is None else format(value, spec)

    for r in results:
        cells = [
            r.name,
            ", ".join(f"{k}={v}" for k, v in r.options.items()) or "(defaults)",
            f"{r.load_before:.1f}→{r.load_after:.1f}",
            f"{r.latency_wall_s:.2f}",
            f"{r.latency_cpu_s:.2f}",
            *(f"{r.pages_per_s.get(j, 0.0):.2f}" for j in jobs_list),
            f"{r.peak_rss_mb:.0f}",
            fmt(r.words_f1, ".4f"),
            fmt(r.gt_chars_f1, ".4f"),
            fmt(r.born_digital_ms, ".1f"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "-v",
        "--variant",
        action="append",
        default=[],
        metavar="NAME:KEY=VALUE,...",
        help="a ReadConfig variant to measure (repeatable); baseline and default always run",
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (median)")
    parser.add_argument("--jobs", default="1,2", help="worker counts for throughput")
    parser.add_argument("--sroie", type=int, default=6, help="SROIE receipts to include")
    parser.add_argument("--jomb", type=int, default=6, help="JOMB receipts to include")
    parser.add_argument("--datasets", type=Path, default=DATASETS, help="shared datasets")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    from axocr.batch import available_cores
    from axocr.config import ReadConfig
    from axocr.pipeline.read import read_document

    cores = available_cores()
    jobs_list = [int(j) for j in args.jobs.split(",") if j]
    pages = pick_pages(args.datasets, args.sroie, args.jomb)
    paths = [str(p) for p in pages]
    truth: dict[str, str] = {}
    for page in pages:
        source = truth_source(page)
        if source is not None:
            doc = read_document(source, ReadConfig(orientation=False, deskew=False))
            truth[str(page)] = " ".join(
                w.text for pg in doc.pages for line in pg.lines for w in line.words
            )
    born_digital = sorted(str(p) for p in SYNTH.glob("*.pdf") if not p.stem.endswith("_scan"))
    variants = [("baseline", dict(BASELINE)), ("default", {})]
    variants += [parse_variant(spec) for spec in args.variant]
    print(
        f"{len(paths)} pages ({len(truth)} with a born-digital truth), {cores} cores, "
        f"repeat {args.repeat}",
        file=sys.stderr,
    )
    results: list[VariantResult] = []
    for name, options in variants:
        t0 = time.perf_counter()
        results.append(
            run_variant(
                name,
                options,
                paths,
                repeat=args.repeat,
                jobs_list=jobs_list,
                born_digital=born_digital,
                cores=cores,
            )
        )
        print(f"{name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    score_text(results, truth)
    print(table(results, jobs_list))
    if args.json:
        rows = [{k: v for k, v in asdict(r).items() if k != "texts"} for r in results]
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
