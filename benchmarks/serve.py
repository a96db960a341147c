"""Latency and concurrency of `axocr serve` (POST /v1/extract) with warm engines.

    python benchmarks/serve.py                       # 1 worker
    python benchmarks/serve.py --workers 2 --rounds 5 --clients 20

Starts a real server on a free port of 127.0.0.1 and measures, from a client:

1. born-digital PDFs (fixtures/synth/files/*.pdf, not the scans), posted one at a time,
   with the default options and with ``ocr_images=false``, interleaved request by request so
   that load from other processes hits both alike: median and 90th percentile wall-clock
   latency, and the server's CPU time per request (its process and workers, from /proc:
   what the request costs whatever else runs on the machine);
2. ``--clients`` clients posting scans at the same moment (fixtures *_scan.*): answers that
   are not 200, responses lost (connection errors, timeouts), and the wall time for all.

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT / "fixtures" / "synth" / "files"
TICKS = os.sysconf("SC_CLK_TCK")


def start_server(workers: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "axocr",
            "serve",
            "--port",
            "0",
            "--workers",
            str(workers),
            "--data",
            "/tmp/axocr-bench-serve",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        m = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
        if m:
            threading.Thread(
                target=lambda: [None for _ in process.stderr or ()], daemon=True
            ).start()
            return process, m.group(1)
    raise RuntimeError("the server did not start")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (the server and its worker processes)."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    return total


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for k in kids:
            out += [int(k), *_children(int(k))]
    return out


def post(client: httpx.Client, path: Path, **params: str) -> tuple[int, float, float]:
    t0 = time.perf_counter()
    r = client.post("/v1/extract", files={"file": (path.name, path.read_bytes())}, params=params)
    wall = (time.perf_counter() - t0) * 1000
    server_ms = float(r.json().get("timings_ms", {}).get("total", 0.0)) if r.content else 0.0
    return r.status_code, wall, server_ms


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="passes over the PDFs")
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients posting scans")
    args = ap.parse_args()

    pdfs = sorted(p for p in SYNTH.glob("*.pdf") if not p.stem.endswith("_scan"))
    scans = sorted(p for p in SYNTH.iterdir() if p.stem.endswith("_scan"))
    process, url = start_server(args.workers)
    rows: list[str] = []
    try:
        with httpx.Client(base_url=url, timeout=600) as client:
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            for p in pdfs[:2] + scans[:1]:  # the warm-up finishes; first-use costs go
                post(client, p)
            variants = {"default options": {}, "ocr_images=false": {"ocr_images": "false"}}
            walls: dict[str, list[float]] = {k: [] for k in variants}
            servers: dict[str, list[float]] = {k: [] for k in variants}
            cpu: dict[str, float] = dict.fromkeys(variants, 0.0)
            for _ in range(args.rounds):
                for pdf in pdfs:
                    for name, params in variants.items():
                        before = cpu_seconds(process.pid)
                        status, wall, server_ms = post(client, pdf, **params)
                        cpu[name] += cpu_seconds(process.pid) - before
                        if status != 200:
                            print(f"{pdf.name}: HTTP {status}", file=sys.stderr)
                        walls[name].append(wall)
                        servers[name].append(server_ms)
            n = args.rounds * len(pdfs)
            rows.append(
                "| born-digital PDF, options | requests | median ms | p90 ms | server median ms "
                "| server CPU ms / request |"
            )
            rows.append("|---|---:|---:|---:|---:|---:|")
            for name in variants:
                rows.append(
                    f"| {name} | {n} | {statistics.median(walls[name]):.0f} | "
                    f"{pct(walls[name], 0.9):.0f} | {statistics.median(servers[name]):.0f} | "
                    f"{cpu[name] * 1000 / n:.0f} |"
                )

        def one_client(i: int) -> tuple[int | str, float]:
            scan = scans[i % len(scans)]
            with httpx.Client(base_url=url, timeout=900) as c:
                try:
                    status, wall, _ = post(c, scan)
                    return status, wall
                except httpx.HTTPError as exc:
                    return type(exc).__name__, 0.0

        before = cpu_seconds(process.pid)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            answers = list(pool.map(one_client, range(args.clients)))
        elapsed = time.perf_counter() - t0
        cpu_scan = cpu_seconds(process.pid) - before
        ok = sum(1 for s, _ in answers if s == 200)
        errors = sum(1 for s, _ in answers if isinstance(s, int) and s != 200)
        lost = sum(1 for s, _ in answers if not isinstance(s, int))
        rows.append("")
        rows.append(
            "| concurrent clients posting scans | workers | 200 OK | HTTP errors | lost | "
            "wall s for all | slowest answer s | server CPU s / scan |"
        )
        rows.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows.append(
            f"| {args.clients} | {args.workers} | {ok} | {errors} | {lost} | {elapsed:.1f} | "
            f"{max(w for _, w in answers) / 1000:.1f} | {cpu_scan / args.clients:.2f} |"
        )
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(30)
    print("\n".join(rows))
    print(f"\n(load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
