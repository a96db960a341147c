"""`axocr extract` on many files: formats, exit codes, limits, progress, kill and resume."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

from axocr.cli import app

ROOT = Path(__file__).resolve().parents[2]
SPECIAL = ROOT / "fixtures" / "special"
SYNTH = ROOT / "fixtures" / "synth" / "files"
TEXT_PDFS = sorted(p for p in SYNTH.glob("*.pdf") if not p.stem.endswith("_scan"))

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["extract", *args])
    return result.exit_code, result.stdout, result.stderr


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _survivors(pgid: int, wait_s: float = 15.0) -> list[str]:
    """Processes left in a finished run's process group (workers, fork server)."""
    deadline = time.monotonic() + wait_s
    while True:
        ps = subprocess.run(["ps", "-eo", "pgid,pid,cmd"], capture_output=True, text=True)
        left = [
            ln
            for ln in ps.stdout.splitlines()[1:]
            if ln.split()[0] == str(pgid) and "<defunct>" not in ln  # exited, not yet reaped
        ]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_all_ok_is_exit_0_with_one_flushed_line_each(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    code, _, err = _invoke(*map(str, TEXT_PDFS[:4]), "-o", str(out), "-j", "2")
    assert code == 0, err
    records = _jsonl(out)
    assert sorted(str(r["path"]) for r in records) == sorted(map(str, TEXT_PDFS[:4]))
    assert all(r["status"] == "ok" and len(str(r["sha256"])) == 64 for r in records)
    # The progress bar (rate, ETA) and the summary go to stderr, never into the data.
    assert "4/4" in err and "doc/s" in err
    assert "4 documents (ok 4)" in err


def test_some_failed_is_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    code, _, _ = _invoke(str(TEXT_PDFS[0]), str(SPECIAL / "encrypted.pdf"), "-o", str(out))
    assert code == 1
    records = {Path(str(r["path"])).name: r for r in _jsonl(out)}
    assert records["encrypted.pdf"]["status"] == "failed"
    assert records["encrypted.pdf"]["errors"][0]["code"] == "encrypted"  # type: ignore[index]


@pytest.mark.parametrize(
    "args",
    [
        ["--jobs", "0"],
        ["--timeout", "-1"],
        ["--max-pages", "0"],
        ["--max-file-mb", "0"],
        ["--resume"],  # needs -o
        ["--resume", "-o", "{tmp}/r.json"],  # a JSON array cannot be appended to
        ["--format", "xml"],
        ["--no-such-flag"],
    ],
)
def test_bad_usage_is_exit_2(tmp_path: Path, args: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _, _ = _invoke(str(TEXT_PDFS[0]), *args)
    assert code == 2


def test_an_empty_folder_named_as_input_gets_a_failed_record(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"x")  # hidden: not a document
    code, stdout, _ = _invoke(str(empty), "--no-progress")
    record = json.loads(stdout)
    assert code == 1 and record["path"] == str(empty) and record["status"] == "failed"
    assert "empty folder" in record["errors"][0]["message"]


def test_csv_with_bom_and_json_array(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    code, _, _ = _invoke(*map(str, TEXT_PDFS[:3]), "-o", str(out), "--bom", "--no-progress")
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpath,status,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3 and all(len(r["sha256"]) == 64 for r in rows)

    out_json = tmp_path / "r.json"
    code, _, _ = _invoke(*map(str, TEXT_PDFS[:3]), "-o", str(out_json), "--no-progress")
    assert code == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 3
    code, stdout, _ = _invoke(str(TEXT_PDFS[0]), "--no-progress")
    assert json.loads(stdout)["status"] == "ok"  # one document: one object on stdout


def test_limit_flags_hold(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    pdf = TEXT_PDFS[0]
    args = ["-o", str(out), "--no-progress"]
    code, _, _ = _invoke(str(pdf), "--max-file-mb", str(pdf.stat().st_size / 2 / 2**20), *args)
    assert code == 1 and _jsonl(out)[0]["errors"][0]["code"] == "too_large"  # type: ignore[index]
    code, _, _ = _invoke(str(SPECIAL / "sample.bmp"), "--max-pixels", "1000", *args)
    assert code == 1 and _jsonl(out)[0]["errors"][0]["code"] == "too_large"  # type: ignore[index]
    code, _, _ = _invoke(str(SPECIAL / "mixed.pdf"), "--max-pages", "1", *args)
    record = _jsonl(out)[0]
    assert code == 0 and record["status"] == "partial" and record["pages"] == 1
    assert "too_large" in [e["code"] for e in record["errors"]]  # type: ignore[attr-defined]


def test_timeout_flag_stops_a_slow_document(tmp_path: Path) -> None:
    # A page crowded with thousands of short words: OCR takes minutes here, not 2 s.
    rng = np.random.default_rng(1)
    img = np.full((3000, 2400), 255, np.uint8)
    for _ in range(6000):
        x, y = int(rng.integers(0, 2350)), int(rng.integers(10, 2990))
        cv2.putText(img, "AB12", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 0, 1)
    slow = tmp_path / "crowded.png"
    cv2.imwrite(str(slow), img)
    out = tmp_path / "r.jsonl"
    t0 = time.perf_counter()
    code, _, err = _invoke(str(slow), str(TEXT_PDFS[0]), "-o", str(out), "--timeout", "2")
    assert time.perf_counter() - t0 < 40
    assert code == 1
    records = {Path(str(r["path"])).name: r for r in _jsonl(out)}
    assert records["crowded.png"]["errors"][0]["code"] == "timeout"  # type: ignore[index]
    assert records[TEXT_PDFS[0].name]["status"] == "ok"
    assert "timeout 1" in err


def test_killed_run_resumes_without_losing_or_repeating(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for pdf in TEXT_PDFS:
        shutil.copy(pdf, inbox / pdf.name)
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "axocr", "extract", str(inbox), "-o", str(out), "-j", "1"]
    # A session of its own, so that its workers can be found by process group afterwards.
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 3:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)  # no cleanup at all: what a power cut leaves
    finally:
        proc.wait(30)
    before = _jsonl(out)
    assert 3 <= len(before) < len(TEXT_PDFS), "the run should have been cut short"
    # A line half-written when the process died.
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"path": "half-written", "sha256": "')

    resumed = subprocess.run(
        [*cmd, "--resume"], capture_output=True, text=True, timeout=300, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(before)} skipped" in resumed.stderr
    records = _jsonl(out)  # every line parses: the broken tail was cut
    names = sorted(Path(str(r["path"])).name for r in records)
    assert names == sorted(p.name for p in TEXT_PDFS)  # each exactly once
    # Orphaned workers of the killed run went away with their parent's pipe.
    assert not _survivors(proc.pid)


def test_resume_on_csv_appends_rows_without_a_second_header(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    code, _, _ = _invoke(*map(str, TEXT_PDFS[:2]), "-o", str(out), "--no-progress")
    assert code == 0
    code, _, err = _invoke(*map(str, TEXT_PDFS[:4]), "-o", str(out), "--resume")
    assert code == 0 and "2 skipped" in err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r["path"] for r in rows) == sorted(map(str, TEXT_PDFS[:4]))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_among_the_inputs_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "stuck.pdf"
    os.mkfifo(fifo)
    out = tmp_path / "r.jsonl"
    code, _, _ = _invoke(str(fifo), str(TEXT_PDFS[0]), "-o", str(out), "--timeout", "30")
    assert code == 1
    records = {Path(str(r["path"])).name: r for r in _jsonl(out)}
    assert records["stuck.pdf"]["errors"][0]["code"] == "bad_input"  # type: ignore[index]


def test_every_flag_in_docs_batch_exists() -> None:
    import re

    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    lines = [ln for ln in doc.splitlines() if "axocr extract" in ln or ln.startswith("| `--")]
    flags = {f for ln in lines for f in re.findall(r"(?<![\w-])--[a-z][a-z-]+", ln)}
    assert {"--resume", "--timeout", "--max-pages", "--max-worker-mb", "--bom"} <= flags
    help_text = runner.invoke(app, ["extract", "--help"], env={"COLUMNS": "200"}).stdout
    assert not {f for f in flags if f not in help_text}


def test_output_inside_the_input_folder_is_not_read_as_a_document(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(TEXT_PDFS[0], inbox / "a.pdf")
    out = inbox / "results.jsonl"
    for extra in ([], ["--resume"], ["--resume", "--timeout", "0"]):
        code, _, _ = _invoke(str(inbox), "-o", str(out), "--no-progress", *extra)
        assert code == 0
    assert [Path(str(r["path"])).name for r in _jsonl(out)] == ["a.pdf"]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_and_stops_the_workers(tmp_path: Path) -> None:
    # Enough documents that the batch is still running when the signal lands (the sixteen
    # text PDFs alone are read in about 1.5 s; 960 take about 15 s).
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(60):
        for pdf in TEXT_PDFS:
            shutil.copy(pdf, inbox / f"{i:02d}-{pdf.name}")
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "axocr", "extract", str(inbox), "-o", str(out)]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A shell that started the tests in the background ignores SIGINT, and the child
        # would inherit that (Python then installs no KeyboardInterrupt handler).
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err
    written = out.read_text(encoding="utf-8").splitlines()
    assert written and all(json.loads(line) for line in written)
    assert not _survivors(proc.pid, wait_s=2)
