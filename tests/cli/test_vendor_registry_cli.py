"""`axocr vendors match`, `axocr registry import|lookup`, and `extract --vendors --registry`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from axocr.cli import app
from axocr.validate.registry import write_registry_csv
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()
MASTER = FIXTURES / "vendors.csv"


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_vendors_match_prints_one_verdict_per_name() -> None:
    result = runner.invoke(
        app, ["vendors", "match", "--vendors", str(MASTER), "サクラ物産(同)", "西都物産", "Acme"]
    )
    assert result.exit_code == 0, result.output
    sakura, twin, unknown = _lines(result.output)
    assert set(sakura) == {"query", "vendor_id", "name", "score", "accepted", "runner_up", "reason"}
    assert sakura["vendor_id"] == "V0009" and sakura["accepted"] is True
    assert sakura["name"] == "サクラ物産合同会社"
    # 東都物産 is in the master; 西 is not a misread of 東
    assert twin["vendor_id"] == "V0018" and twin["accepted"] is False
    assert twin["reason"] == "distinct_character"
    assert unknown["accepted"] is False


def test_vendors_match_reads_names_from_stdin() -> None:
    result = runner.invoke(
        app,
        ["vendors", "match", "--vendors", str(MASTER)],
        input="Beacon Supp1ies\n\nNorthwind Print Works\n",
    )
    assert result.exit_code == 0, result.output
    rows = _lines(result.output)
    assert [r["vendor_id"] for r in rows] == ["V0003", "V0019"]
    assert all(r["accepted"] for r in rows)


def test_a_bad_vendor_master_is_a_one_line_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "vendors.csv"
    bad.write_text("id,name\nA,Alpha\nB,Beta,oops\n", encoding="utf-8")
    for args in (
        ["vendors", "match", "--vendors", str(bad), "Alpha"],
        [
            "extract",
            str(FIXTURES / "synth" / "files" / "en_classic_001.pdf"),
            "--vendors",
            str(bad),
        ],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "axocr", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1, proc.stderr
        assert "line 3" in proc.stderr and "Traceback" not in proc.stderr


def _registry_file(path: Path) -> None:
    def row(number: str, name: str, **extra: str) -> dict[str, str]:
        base = {
            "sequenceNumber": "1",
            "registratedNumber": number,
            "process": "01",
            "correct": "0",
            "kind": "2",
            "country": "1",
            "latest": "1",
            "registrationDate": "2023-10-01",
            "updateDate": "2023-10-01",
            "name": name,
        }
        return base | extra

    text = io.StringIO()
    write_registry_csv(
        [
            # as printed on fixtures/synth/files/ja_standard_001.pdf (invoice of 2025-01-10)
            row("T7301170638349", "サクラ物産合同会社"),
            # ja_label_above_001.pdf prints 合同会社清水企画 with this number
            row("T4301100461551", "株式会社清水工業"),
            # ja_issuer_bottom_001.pdf (2025-02-04): expired before its invoice
            row(
                "T6201089942891", "合同会社丸和テクノロジー", process="03", expireDate="2024-06-01"
            ),
        ],
        text,
    )
    path.write_text(text.getvalue(), encoding="utf-8")


def test_registry_import_and_lookup(tmp_path: Path) -> None:
    source = tmp_path / "zenken.csv"
    _registry_file(source)
    db = tmp_path / "registry.sqlite"
    result = runner.invoke(app, ["registry", "import", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["registry", "lookup", "T7301170638349", "T1", "--db", str(db)])
    assert result.exit_code == 0, result.output
    found, missing = _lines(result.output)
    assert found["entry"]["name"] == "サクラ物産合同会社"  # type: ignore[index]
    assert missing["entry"] is None


def test_registry_import_of_a_bad_file_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "zenken.csv"
    source.write_text('"1","T7301170638349","01"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["registry", "import", str(source), "--db", str(tmp_path / "r.sqlite")]
    )
    assert result.exit_code == 2
    assert "line 1: 3 fields" in result.output


def test_extract_checks_registration_numbers_against_the_registry(tmp_path: Path) -> None:
    source = tmp_path / "zenken.csv"
    _registry_file(source)
    db = tmp_path / "registry.sqlite"
    assert runner.invoke(app, ["registry", "import", str(source), "--db", str(db)]).exit_code == 0
    files = FIXTURES / "synth" / "files"
    names = [
        "ja_standard_001.pdf",
        "ja_label_above_001.pdf",
        "ja_issuer_bottom_001.pdf",
        "ja_table_footer_001.pdf",
    ]
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "axocr",
            "extract",
            *(str(files / n) for n in names),
            "--registry",
            str(db),
            "--vendors",
            str(MASTER),
            "-o",
            str(out),
            "--jobs",
            "1",
            "--no-progress",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    results = {Path(r["path"]).name: r for r in _lines(out.read_text(encoding="utf-8"))}

    def failed(name: str) -> set[str]:
        findings = results[name]["fields"]["registration_number"]["findings"]
        return {f["code"] for f in findings if not f["ok"]}

    # registered, in force on 2025-01-10, under the name on the page; vendor matched by number
    assert failed("ja_standard_001.pdf") == set()
    assert results["ja_standard_001.pdf"]["fields"]["vendor"]["vendor_id"] == "V0009"
    # registered to another name
    assert failed("ja_label_above_001.pdf") == {"registration_name_mismatch"}
    assert (
        "vendor:registration_name_mismatch" in results["ja_label_above_001.pdf"]["review_reasons"]
    )
    # expired before the invoice date, and a number the registry does not hold
    assert failed("ja_issuer_bottom_001.pdf") == {"registration_unknown"}
    assert failed("ja_table_footer_001.pdf") == {"registration_unknown"}
    for name in ("ja_issuer_bottom_001.pdf", "ja_table_footer_001.pdf"):
        assert "registration_number:registration_unknown" in results[name]["review_reasons"]
    # every result reports the registration number among its validated identifiers
    idents = results["ja_standard_001.pdf"]["identifiers"]
    assert {"kind": "registration_number", "value": "T7301170638349", "valid": True} | {
        "message": "check digit valid"
    } in idents


def test_a_missing_registry_is_a_usage_error() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "axocr",
            "extract",
            str(FIXTURES / "synth" / "files" / "ja_standard_001.pdf"),
            "--registry",
            "nope.sqlite",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "--registry" in proc.stderr and "Traceback" not in proc.stderr
