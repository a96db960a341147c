"""Scans side by side: axocr against raw RapidOCR and Tesseract on the same 12 pages.

    python benchmarks/speed.py [--repeat 3] [--jobs 1 2] [--systems ...]

Pages: the first 6 receipts of ../shared/datasets/sroie-val and 6 synthetic A4 invoice
scans (JPEG) from fixtures/synth, each with labels. Systems:

* ``axocr-openvino`` / ``axocr-onnxruntime``: ``axocr extract --jobs N`` on the 12 pages with
  ``--ocr-backend`` set (axocr's own worker pool, threads split between workers);
  ``axocr-onnxruntime-w320`` / ``-w48`` also set ``--rec-min-width`` (320 is RapidOCR's).
* ``rapidocr``: plain ``RapidOCR()`` with its defaults (onnxruntime, its own thread count),
  N processes each reading its share of the pages; text lines joined in order.
* ``tesseract``: ``pytesseract.image_to_string`` (eng+jpn, ``OMP_THREAD_LIMIT=1``), N at a time.

Every run is a whole fresh process tree (model loading included, as a user starting the
command sees it), timed by wall clock; pages/s is 12 over the median of ``--repeat`` runs.
CPU seconds per page are the tree's user+system time over 12 (``RUSAGE_CHILDREN``): on a
machine shared with other work they move far less than wall time. Peak memory is the
largest resident set of any process of the tree (a worker, for axocr). Latency per page:
axocr's own ``timings_ms.total`` per document, the engine call for the raw systems (wall,
p50/p95 over all pages of all runs). Accuracy: the fields scored against the labels by the
benchmark's rules (axocr.bench.scoring); raw engines' text goes through the naive regular
expression reader of axocr.bench.baselines, so their figures say what plain OCR gives.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path(os.environ.get("AXOCR_DATASETS", ROOT.parent / "shared" / "datasets"))
SYNTH = ROOT / "fixtures" / "synth"
SYNTH_SCANS = (
    "en_classic_001_scan.jpg",
    "en_sidebar_001_scan.jpg",
    "en_vendor_right_001_scan.jpg",
    "en_table_footer_001_scan.jpg",
    "ja_standard_001_scan.jpg",
    "ja_issuer_left_001_scan.jpg",
)
SYSTEMS = (
    "axocr-openvino",
    "axocr-onnxruntime",
    "axocr-onnxruntime-w320",
    "axocr-onnxruntime-w48",
    "rapidocr",
    "tesseract",
)
SCORED = ("vendor", "total", "date")


def pages_and_labels() -> list[tuple[Path, dict[str, Any]]]:
    out: list[tuple[Path, dict[str, Any]]] = []
    sroie = DATASETS / "sroie-val"
    if (sroie / "labels.jsonl").exists():
        rows = [json.loads(x) for x in (sroie / "labels.jsonl").read_text().splitlines()]
        out += [(sroie / r["path"], r) for r in rows[:6]]
    rows = [json.loads(x) for x in (SYNTH / "labels.jsonl").read_text().splitlines()]
    by_path = {Path(r["path"]).name: r for r in rows}
    out += [(SYNTH / "files" / name, by_path[name]) for name in SYNTH_SCANS]
    return out


# --- raw engines, run inside a child process ------------------------------------------------


def _raw_worker(args: tuple[str, str]) -> tuple[str, float, str]:
    system, path = args
    global _ENGINE
    t = time.perf_counter()
    if system == "rapidocr":
        result = _ENGINE(path)
        text = "\n".join(result.txts or ())
    else:
        import pytesseract

        text = pytesseract.image_to_string(path, lang="eng+jpn")
    return path, time.perf_counter() - t, text


_ENGINE: Any = None


def _raw_init(system: str) -> None:
    global _ENGINE
    if system == "rapidocr":
        import logging

        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        _ENGINE = RapidOCR(params={"Global.log_level": "warning"})


def raw_child(system: str, jobs: int, paths: list[str], out: str) -> None:
    import multiprocessing as mp

    if system == "tesseract":
        os.environ["OMP_THREAD_LIMIT"] = "1"
    with mp.get_context("spawn").Pool(jobs, initializer=_raw_init, initargs=(system,)) as pool:
        rows = pool.map(_raw_worker, [(system, p) for p in paths], chunksize=1)
    Path(out).write_text(json.dumps(rows))


# --- the measuring parent -------------------------------------------------------------------


@dataclass
class Runs:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    fields: dict[str, list[bool]] = field(default_factory=dict)


_MEASURE = r"""
import json, os, subprocess, sys, time
# Workers of a forkserver are not children that their parent waits for, so RUSAGE_CHILDREN
# misses them: the process tree is sampled from /proc instead (every 200 ms; what a
# process spends after its last sample is lost, a few ms against seconds).
TICK = os.sysconf("SC_CLK_TCK")
def tree(root):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = open(f"/proc/{d}/stat").read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            kids.setdefault(int(fields[1]), []).append((int(d), fields))
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        for child, fields in kids.get(pid, []):
            out[child] = (int(fields[11]) + int(fields[12])) / TICK
            todo.append(child)
    return out
def hwm(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
cpu, peak = {}, {}
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
me = os.getpid()
while proc.poll() is None:
    for pid, c in tree(me).items():
        cpu[pid] = c
        peak[pid] = max(peak.get(pid, 0.0), hwm(pid))
    time.sleep(0.2)
wall = time.perf_counter() - t
print(json.dumps({"code": proc.returncode, "wall": wall, "cpu": sum(cpu.values()),
                  "peak_mb": max(peak.values(), default=0.0)}))
"""


def measured(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_system(
    system: str, jobs: int, pages: list[tuple[Path, dict[str, Any]]], tmp: Path
) -> tuple[dict[str, float], list[float], dict[str, dict[str, str | None]]]:
    """One whole run: its measurements, per-page latencies (s) and predictions by path."""
    from axocr.bench.baselines import naive_fields

    env = dict(os.environ)
    out = tmp / f"{system}-{jobs}.jsonl"
    paths = [str(p) for p, _ in pages]
    if system.startswith("axocr"):
        axocr = str(Path(sys.executable).with_name("axocr"))
        # axocr-<backend>[-w<N>]: --ocr-backend, and --rec-min-width N when named
        _, backend, *width = system.split("-")
        cmd = [axocr, "extract", "--jobs", str(jobs), "--no-progress", "-o", str(out)]
        cmd += ["--rec-min-width", width[0][1:]] if width else []
        m = measured([*cmd, "--ocr-backend", backend, *paths], env)
        records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
        latencies = [r["timings_ms"].get("total", 0.0) / 1000 for r in records]
        preds = {
            r["path"]: {
                "vendor": r["fields"]["vendor"]["value"],
                "total": r["fields"]["total"]["value"],
                "date": r["fields"]["invoice_date"]["value"],
            }
            for r in records
        }
        return m, latencies, preds
    cmd = [sys.executable, __file__, "--raw-child", system, str(jobs), str(out), *paths]
    m = measured(cmd, env)
    rows = json.loads(out.read_text())  # written as JSON by raw_child
    latencies = [float(r[1]) for r in rows]
    preds = {r[0]: dict(naive_fields(r[2])) for r in rows}
    return m, latencies, preds


def score(
    preds: dict[str, dict[str, str | None]], pages: list[tuple[Path, dict[str, Any]]]
) -> dict[str, list[bool]]:
    from axocr.bench.scoring import Prediction, score_document

    out: dict[str, list[bool]] = {k: [] for k in SCORED}
    for path, row in pages:
        got = preds.get(str(path), {})
        scores = score_document(
            row["fields"], {k: Prediction(got.get(k)) for k in SCORED}, fields=SCORED
        )
        for s in scores:
            out[s.field].append(s.correct)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


STAGES = ("preprocess", "ocr_det", "ocr_cls", "ocr_rec", "ocr", "extract", "validate", "total")


def stage_table(pages: list[tuple[Path, dict[str, Any]]], backend: str) -> None:
    """Where a page's time goes: axocr.extract on each page in this process, one thread (a
    ``--jobs 2`` worker's share), engine loaded first; medians of ``timings_ms`` (wall) and
    of CPU seconds per page."""
    import axocr
    from axocr.config import ReadConfig
    from axocr.ocr.registry import get_engine

    get_engine(ReadConfig(ocr_threads=1, ocr_backend=backend))
    axocr.extract(pages[0][0], ocr_threads=1, ocr_backend=backend)  # first-page compile
    rows: dict[str, list[float]] = {k: [] for k in STAGES}
    cpus: list[float] = []
    for path, _ in pages:
        c = time.process_time()
        result = axocr.extract(path, ocr_threads=1, ocr_backend=backend)
        cpus.append(time.process_time() - c)
        for k in STAGES:
            rows[k].append(result.timings_ms.get(k, 0.0))
    rest = [
        o - d - c - r
        for o, d, c, r in zip(
            *(rows[k] for k in ("ocr", "ocr_det", "ocr_cls", "ocr_rec")), strict=True
        )
    ]
    cells = [f"{statistics.median(rows[k]):.0f}" for k in STAGES[:4]]
    cells.append(f"{statistics.median(rest):.0f}")
    cells += [f"{statistics.median(rows[k]):.0f}" for k in STAGES[5:]]
    print(
        "| backend | preprocess | det | cls | rec | rest of OCR (crops, boxes) | extract | "
        "validate | total ms | CPU s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {backend} | {' | '.join(cells)} | {statistics.median(cpus):.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=SYSTEMS)
    parser.add_argument(
        "--stages", metavar="BACKEND", help="only the per-stage table, on this ocr_backend"
    )
    parser.add_argument("--raw-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw_child:
        system, jobs, out, *paths = args.raw_child
        raw_child(system, int(jobs), paths, out)
        return 0
    pages = pages_and_labels()
    if args.stages:
        stage_table(pages, args.stages)
        return 0
    n = len(pages)
    print(f"{n} pages; load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    results: dict[tuple[str, int], Runs] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        # Interleaved: each repeat runs every system once, so a burst of load elsewhere on
        # the machine falls on all of them rather than on one.
        for _ in range(args.repeat):
            for jobs in args.jobs:
                for system in args.systems:
                    m, lat, preds = run_system(system, jobs, pages, tmp)
                    runs = results.setdefault((system, jobs), Runs())
                    runs.walls.append(m["wall"])
                    runs.cpus.append(m["cpu"])
                    runs.peaks_mb.append(m["peak_mb"])
                    runs.latencies += lat
                    for k, v in score(preds, pages).items():
                        runs.fields[k] = v
                    print(f"  {system} jobs={jobs}: {m}", file=sys.stderr, flush=True)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    base = {j: results.get(("rapidocr", j)) for j in args.jobs}
    print(
        "| system | workers | pages/s | x raw RapidOCR | CPU s/page | p50 s | p95 s | "
        "peak MB/process | vendor | total | date |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (system, jobs), runs in results.items():
        wall = statistics.median(runs.walls)
        ref = base.get(jobs)
        ratio = f"{statistics.median(ref.walls) / wall:.2f}x" if ref else "-"
        acc = " | ".join(
            f"{sum(runs.fields[k])}/{len(runs.fields[k])}" for k in SCORED if k in runs.fields
        )
        print(
            f"| {system} | {jobs} | {n / wall:.2f} | {ratio} | "
            f"{statistics.median(runs.cpus) / n:.2f} | "
            f"{percentile(runs.latencies, 0.5):.2f} | {percentile(runs.latencies, 0.95):.2f} | "
            f"{max(runs.peaks_mb):.0f} | {acc} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
