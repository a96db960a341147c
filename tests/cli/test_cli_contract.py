"""What a new user meets first: --version, usage errors that stop before any work with one
line and no traceback, `axocr convert`, and `axocr bench datasets/*` with a README among them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import axocr
from axocr.cli import app

ROOT = Path(__file__).resolve().parents[2]
SYNTH = ROOT / "fixtures" / "synth" / "files"
PDF = SYNTH / "en_classic_001.pdf"

runner = CliRunner()


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"axocr {axocr.__version__}"


def _undecodable_master(tmp_path: Path) -> str:
    # Shift_JIS is read (Excel's CSV on Japanese Windows); a lead byte followed by a space is
    # neither UTF-8 nor Shift_JIS/CP932, on the third line.
    path = tmp_path / "vendors.csv"
    path.write_bytes("id,name\nV1,株式会社テスト\n".encode("shift_jis") + b"V2,\x81 bad\n")
    return str(path)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--language", "zh"], "unknown language 'zh'"),
        (["--engine", "foo"], "unknown --engine 'foo'"),
        (["-o", "{tmp}/missing/r.jsonl"], "does not exist"),
        (["--vendors", "{sjis}"], "line 3: not UTF-8 or Shift_JIS"),
        (["--vendors", "{tmp}/none.csv"], "vendor master not found"),
    ],
)
def test_bad_usage_stops_before_any_work_with_one_line(
    tmp_path: Path, args: list[str], words: str
) -> None:
    sjis = _undecodable_master(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)).replace("{sjis}", sjis) for a in args]
    out = tmp_path / "out.jsonl"
    extra = [] if "-o" in args else ["-o", str(out)]
    result = runner.invoke(app, ["extract", str(PDF), *args, *extra])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("axocr: ") and words in lines[0], lines
    assert "Traceback" not in result.output
    assert not out.exists()  # nothing was read or written


def test_convert_turns_jsonl_into_the_same_csv_as_extract(tmp_path: Path) -> None:
    inputs = [str(PDF), str(SYNTH / "ja_standard_001.pdf"), str(tmp_path / "missing.pdf")]
    jsonl, direct, converted = tmp_path / "r.jsonl", tmp_path / "r.csv", tmp_path / "c.csv"
    assert runner.invoke(app, ["extract", *inputs, "-o", str(jsonl)]).exit_code == 1
    assert runner.invoke(app, ["extract", *inputs, "-o", str(direct)]).exit_code == 1
    result = runner.invoke(app, ["convert", str(jsonl), "-o", str(converted)])
    assert result.exit_code == 0, result.output
    assert converted.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert [r["path"] for r in rows] == inputs

    as_json = runner.invoke(app, ["convert", str(jsonl), "--format", "json"])
    assert [r["path"] for r in json.loads(as_json.stdout)] == inputs


def test_convert_reports_a_cut_line_and_keeps_the_rest(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    assert runner.invoke(app, ["extract", str(PDF), "-o", str(jsonl)]).exit_code == 0
    with jsonl.open("a", encoding="utf-8") as fh:
        fh.write('{"path": "half-written", "sha')
    result = runner.invoke(app, ["convert", str(jsonl)])
    assert result.exit_code == 1
    assert "line 2: not JSON" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["path"] for r in rows] == [str(PDF)]


def test_convert_needs_an_existing_results_file_of_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.stderr
    table = tmp_path / "r.csv"
    assert runner.invoke(app, ["extract", str(PDF), "-o", str(table)]).exit_code == 0
    result = runner.invoke(app, ["convert", str(table)])
    assert (
        result.exit_code == 1 and result.stderr.count("\n") == 1 and "a CSV file" in result.stderr
    )


def test_bench_skips_files_among_the_dataset_folders(tmp_path: Path) -> None:
    dataset = tmp_path / "tiny"
    (dataset / "files").mkdir(parents=True)
    shutil.copy(PDF, dataset / "files" / "a.pdf")
    label = {"id": "a", "path": "files/a.pdf", "language": "en", "kind": "born-digital-pdf"}
    label["fields"] = {"total": "8153.69", "currency": "USD"}
    (dataset / "labels.jsonl").write_text(json.dumps(label) + "\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# datasets\n", encoding="utf-8")
    args = [*map(str, sorted(tmp_path.iterdir())), "--out", str(tmp_path / "out")]
    result = runner.invoke(app, ["bench", *args, "--no-progress", "-q"])
    assert result.exit_code == 0, result.output
    assert "skipping" in result.stderr and "README.md" in result.stderr
    assert (tmp_path / "out").is_dir()


def test_ocr_prints_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.pdf")
    shutil.copy(PDF, tmp_path / name)
    run = subprocess.run(
        [sys.executable, "-m", "axocr", "ocr", name, "--lines-only"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["path"] == name  # "\udce9" escaped in JSON, read back
    gone = subprocess.run(
        [sys.executable, "-m", "axocr", "ocr", os.fsdecode(b"gone\xff.pdf")],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert gone.returncode == 1 and b"Traceback" not in gone.stderr
    assert b"no such file: gone\\udcff.pdf" in gone.stderr


def test_ocr_dump_joins_words_as_the_extractor_does() -> None:
    """The full dump and --lines-only give every line the same text, and that text is what the
    extractor reads: Japanese words are joined without a space (菱和印刷有限会社御中), Latin
    words with one."""
    pdf = Path(__file__).resolve().parents[2] / "fixtures/synth/files/ja_standard_001.pdf"
    texts = []
    for extra in ([], ["--lines-only"]):
        run = subprocess.run(
            [sys.executable, "-m", "axocr", "ocr", str(pdf), *extra],
            capture_output=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        pages = json.loads(run.stdout)["pages"]
        texts.append([ln["text"] for p in pages for ln in p["lines"]])
    full, lines_only = texts
    assert full and full == lines_only
    joined = [t for t in full if "御中" in t]
    assert joined and all(" 御中" not in t for t in joined), joined


def test_every_option_that_sets_a_config_field_defaults_to_the_config_models_value() -> None:
    """One source of defaults: an option named after a ReadConfig/ExtractConfig field (or one
    of the renamed ones) starts from the library's default, on every command."""
    import typer.main

    from axocr.config import ExtractConfig, ReadConfig

    read, extract = ReadConfig(), ExtractConfig()
    expected: dict[str, object] = {
        **{name: getattr(read, name) for name in ReadConfig.model_fields},
        **{name: getattr(extract, name) for name in ExtractConfig.model_fields},
        "candidates": extract.keep_candidates,
        "threshold": extract.review_threshold,
        "max_file_mb": read.max_file_bytes / (1024 * 1024),
    }
    # Typer ships its own copy of click, so commands and options are told apart by what they
    # carry (subcommands; an option's flags) rather than by class.
    group = typer.main.get_command(app)
    assert getattr(group, "commands", None), "the app has no subcommands"
    checked: list[str] = []
    wrong: list[str] = []

    def visit(cmd: Any, path: str) -> None:
        if getattr(cmd, "commands", None):
            for name, sub in cmd.commands.items():
                visit(sub, f"{path} {name}")
            return
        for param in cmd.params:
            if param.param_type_name != "option" or param.name not in expected:
                continue
            want = expected[param.name]
            if want is None or isinstance(want, (tuple, list, dict)):
                continue  # no value to compare (optional paths, language lists)
            checked.append(f"{path} --{param.name}")
            if param.default != want:
                wrong.append(f"{path} --{param.name}: {param.default!r} != {want!r}")

    visit(group, "axocr")
    assert len(checked) >= 20, checked  # extract, ocr, serve and bench all set config fields
    assert not wrong, wrong
