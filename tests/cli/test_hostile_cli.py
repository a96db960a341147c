"""The hostile corpus through the real CLI: one record per input, no traceback, no live
formula, and a run killed three times ends with the records of an uninterrupted one."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from axocr.batch import expand_inputs
from axocr.cli import app
from tests.hostile import OUR_FAULT, Corpus, long_pdf, make_corpus

ROOT = Path(__file__).resolve().parents[2]
SYNTH = ROOT / "fixtures" / "synth" / "files"

# Small pages and few of them: the corpus is about surviving, not reading well.
FAST = ["--dpi", "50", "--max-pages", "2", "--timeout", "60", "-j", "2"]
FORMULA_START = tuple("=+-@\t\r")

runner = CliRunner()

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX system")


def _axocr(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "axocr", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _inputs(corpus: Corpus) -> list[str]:
    return [str(corpus.folder), *corpus.extra_args]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path, str, int]:
    base = tmp_path_factory.mktemp("hostile")
    corpus = make_corpus(base)
    out = base / "records.jsonl"
    run = _axocr("extract", *_inputs(corpus), "-o", str(out), *FAST)
    return corpus, out, run.stderr, run.returncode


def test_the_corpus_is_big_and_varied(corpus_run: tuple[Corpus, Path, str, int]) -> None:
    corpus = corpus_run[0]
    assert len(corpus.expect) >= 150
    names = [Path(p).name for p in corpus.expect]
    assert any("\udcff" in n for n in names)  # a name that is not UTF-8
    assert "=1+1.pdf" in names and "fifo.pdf" in names and "long_400.pdf" in names


def test_every_input_gets_exactly_one_record_in_input_order(
    corpus_run: tuple[Corpus, Path, str, int],
) -> None:
    corpus, out, stderr, code = corpus_run
    assert "Traceback" not in stderr, stderr[-3000:]
    assert code == 1, stderr[-2000:]  # documented: some documents failed
    records = _records(out)
    paths = [r["path"] for r in records]
    assert len(records) == len(corpus.expect), sorted(set(corpus.expect) ^ set(paths))
    assert set(paths) == set(corpus.expect)
    assert paths == [str(p) for p in expand_inputs(_inputs(corpus))]
    for record in records:
        want = corpus.expect[record["path"]]
        codes = {e["code"] for e in record["errors"]}
        where = (record["path"], record["status"], record["errors"])
        assert record["status"] in want.statuses, where
        assert want.code is None or want.code in codes, where
        assert not codes & OUR_FAULT, where
        for error in record["errors"]:
            message = error["message"]
            assert message.strip() and "object at 0x" not in message, where
            assert not message.split(" (")[0].rstrip().endswith(":"), where
    # Regular files are hashed (content recorded); links to devices, FIFOs and sockets are
    # never opened, so they have none.
    by_name = {Path(r["path"]).name: r for r in records}
    assert len(by_name["=1+1.pdf"]["sha256"]) == 64
    assert by_name["copy_of_truncated_00.pdf"]["sha256"] == by_name["truncated_00.pdf"]["sha256"]
    for name in ("fifo.pdf", "socket.pdf", "device_zero.pdf", "dangling.pdf"):
        if name in by_name:
            assert by_name[name]["sha256"] is None, name
    assert "empty folder" in by_name["empty_folder"]["errors"][0]["message"]
    assert "loops" in by_name["loop_arg.pdf"]["errors"][0]["message"]
    assert "missing file" in by_name["dangling_arg.pdf"]["errors"][0]["message"]
    assert "named pipe" in by_name["fifo.pdf"]["errors"][0]["message"]


def test_the_records_convert_to_csv_with_no_live_formula(
    corpus_run: tuple[Corpus, Path, str, int],
) -> None:
    corpus, out, _, _ = corpus_run
    csv_path = out.with_suffix(".csv")
    run = _axocr("convert", str(out), "-o", str(csv_path))
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    assert len(body) == len(corpus.expect)
    numeric = {header.index(c) for c in ("total", "subtotal", "tax", "pages")}
    live = [
        (i, j, cell)
        for i, row in enumerate(body)
        for j, cell in enumerate(row)
        if cell.lstrip(" ").startswith(FORMULA_START)
        and not (j in numeric and cell.lstrip("-").replace(".", "").isdigit())
    ]
    assert not live, live[:5]
    cells = {row[0] for row in body}
    assert "'" + str(corpus.folder / "=1+1.pdf") not in cells  # the folder path comes first
    path_cells = [row[0] for row in body]
    formula_named = [c for c in path_cells if Path(c).name.startswith("=")]
    assert formula_named and all(c.startswith(str(corpus.folder)) for c in formula_named)


def test_csv_neutralises_a_file_name_that_is_a_formula_unless_raw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "=1+1.pdf").write_bytes((SYNTH / "en_classic_001.pdf").read_bytes())
    monkeypatch.chdir(tmp_path)
    for name, extra in (("r.csv", []), ("raw.csv", ["--raw-csv"])):
        result = runner.invoke(app, ["extract", "=1+1.pdf", "-o", name, "--no-progress", *extra])
        assert result.exit_code == 0, result.output
    rows = {
        name: next(csv.DictReader(io.StringIO((tmp_path / name).read_text(encoding="utf-8"))))
        for name in ("r.csv", "raw.csv")
    }
    assert rows["r.csv"]["path"] == "'=1+1.pdf"
    assert rows["raw.csv"]["path"] == "=1+1.pdf"


def _kill_after(cmd: list[str], out: Path, lines: int) -> None:
    """Start the run, SIGKILL it once the output has ``lines`` lines (or it ends)."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= lines:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)  # no clean-up at all: what a power cut leaves
    finally:
        proc.wait(30)


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "timings_ms"}


def test_three_sigkills_and_resumes_give_the_records_of_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    corpus = make_corpus(tmp_path, ocr=False)  # cheap inputs: the restarts are what is tested
    whole = tmp_path / "whole.jsonl"
    result = runner.invoke(app, ["extract", *_inputs(corpus), "-o", str(whole), *FAST])
    assert result.exit_code == 1, result.output
    expected = [_comparable(r) for r in _records(whole)]
    assert len(expected) == len(corpus.expect)

    out = tmp_path / "killed.jsonl"
    # One job: with two, records wait in input order behind a slow file and then arrive in
    # one burst, which once ran a resumed run to its end before the kill could land.
    one_job = [*FAST[: FAST.index("-j")], "-j", "1"]
    cmd = [sys.executable, "-m", "axocr", "extract", *_inputs(corpus), "-o", str(out), *one_job]
    _kill_after(cmd, out, 20)
    counts = [out.read_bytes().count(b"\n")]
    for _ in range(2):
        _kill_after([*cmd, "--resume"], out, counts[-1] + 20)
        counts.append(out.read_bytes().count(b"\n"))
    assert counts[0] < counts[1] < counts[2] < len(expected), counts
    last = runner.invoke(app, [*cmd[3:], "--resume"])
    assert last.exit_code == 1, last.output
    assert f"{counts[2]} skipped" in last.stderr
    got = [_comparable(r) for r in _records(out)]  # every line parses: cut tails were removed
    assert [r["path"] for r in got] == [r["path"] for r in expected]
    assert got == expected


def test_csv_rows_come_in_input_order_with_two_jobs(tmp_path: Path) -> None:
    # 300 text pages (a few seconds) first: the small PDFs after it finish before it does.
    long = tmp_path / "long.pdf"
    long.write_bytes(long_pdf(300))
    inputs = [long, *sorted(SYNTH.glob("en_*_001.pdf"))[:4]]
    out = tmp_path / "r.csv"
    args = ["extract", *map(str, inputs), "-o", str(out), "-j", "2", "--max-pages", "300"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["path"] for r in rows] == [str(p) for p in inputs]
