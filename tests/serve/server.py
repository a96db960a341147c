"""Start a real `axocr serve` / `axocr review` process on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120.0


class Server:
    def __init__(self, process: subprocess.Popen[str], url: str, log: list[str]) -> None:
        self.process = process
        self.url = url
        self.log = log

    def client(self, **kw: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=300.0, **kw)  # type: ignore[arg-type]


@contextmanager
def running(*args: str, cwd: Path = ROOT) -> Iterator[Server]:
    """Run ``axocr ARGS --port 0``; yield once /healthz answers; stop it at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "axocr", *args, "--port", "0"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            m = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
            if m and not url:
                url.append(m.group(1))
                found.set()

    threading.Thread(target=pump, daemon=True).start()
    try:
        if not found.wait(START_TIMEOUT_S):
            raise RuntimeError("the server did not start:\n" + "".join(log))
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(url[0] + "healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the server did not answer:\n" + "".join(log))
            time.sleep(0.1)
        yield Server(process, url[0], log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(15)
