"""Take the screenshot of the review workbench shown in docs/serve.md (docs/workbench.png).

    python scripts/workbench_screenshot.py docs/workbench.png

Extracts a few fixtures (real results, nothing edited), starts `axocr review` on them, and
photographs the first document of the queue in Debian's headless Chromium (never a
browser downloaded by Playwright).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

import axocr

ROOT = Path(__file__).resolve().parent.parent
DOCS = [
    "fixtures/synth/files/en_classic_001_scan.jpg",
    "fixtures/special/rotated_90.png",
    "fixtures/synth/files/ja_standard_001.pdf",
]


def main(out: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.jsonl"
        cache = str(Path(tmp) / "data" / "cache")
        with results.open("w", encoding="utf-8") as fh:
            for doc in DOCS:
                result = axocr.extract(doc, cache_dir=cache)
                fh.write(result.model_dump_json() + "\n")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "axocr",
                "review",
                str(results),
                "--port",
                "0",
                "--data",
                str(Path(tmp) / "data"),
                "--user",
                "docs",
            ],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            assert process.stderr is not None
            url = ""
            for line in process.stderr:
                m = re.search(r"serving on (\S+)", line)
                if m:
                    url = m.group(1)
                    break
            while True:
                try:
                    if httpx.get(url + "healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=[
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                    ],
                )
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(url)
                page.wait_for_selector("body[data-ready='1']", timeout=120_000)
                page.wait_for_selector(".wbox", timeout=120_000)
                page.screenshot(path=out)
                browser.close()
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/workbench.png"))
