"""`axocr learn`, `axocr memory list|show|forget` and `axocr extract --memory`, run as a user
would: on generated PDFs of one vendor, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from axocr.cli import app
from axocr.synth.family import vendor_family

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_learn_then_extract_list_show_and_forget(tmp_path: Path) -> None:
    invoices = vendor_family("en_vendor_right", 11, 2, labels={"total": "You owe"})
    paths = []
    for i, inv in enumerate(invoices):
        path = tmp_path / f"inv-{i}.pdf"
        path.write_bytes(inv.pdf)
        paths.append(path)
    truth = invoices[0].fields()
    corrections = tmp_path / "corrections.jsonl"
    lines = [
        {
            # relative to the corrections file, as a workbench beside the inputs writes it
            "path": "inv-0.pdf",
            "fields": {"vendor": truth["vendor"], "total": truth["total"]},
            "who": "clerk",
            "when": "2026-12-04T10:00:00Z",
            "ignored": "unknown keys are ignored",
        },
        "not a correction",
    ]
    corrections.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    memory = tmp_path / "vendors.sqlite"

    code, out, err = _run("learn", str(corrections), "--memory", str(memory))
    assert code == 1, err  # the second line is not a correction
    assert "inv-0.pdf: vendor: learned" in out
    assert "inv-0.pdf: total: learned" in out and "'you owe'" in out
    assert "corrections.jsonl:2: error: not a correction" in out

    code, out, _ = _run("memory", "list", "--memory", str(memory))
    assert code == 0
    [row] = out.splitlines()
    assert row.split("\t")[:2] == ["1", truth["vendor"]]

    code, out, _ = _run("memory", "show", "1", "--memory", str(memory))
    assert code == 0
    shown = json.loads(out)
    assert shown["profile"]["fields"]["total"]["spots"][0]["label"] == "you owe"

    code, out, err = _run(
        "extract", str(paths[1]), "--memory", str(memory), "--no-progress", "--jobs", "1"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["fields"]["total"]["value"] == invoices[1].fields()["total"]
    assert result["fields"]["total"]["rule"].startswith("memory:")

    code, out, _ = _run("memory", "forget", "1", "--memory", str(memory))
    assert (code, out.strip()) == (0, "forgot vendor #1")
    code, out, _ = _run("memory", "list", "--memory", str(memory))
    assert (code, out) == (0, "")
    code, _, err = _run("memory", "show", "1", "--memory", str(memory))
    assert code == 1 and "no vendor #1" in err


def test_memory_commands_need_an_existing_file_and_a_vendor(tmp_path: Path) -> None:
    code, _, err = _run("memory", "list", "--memory", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no vendor memory" in err
    code, _, err = _run("memory", "forget", "--memory", str(tmp_path / "none.sqlite"))
    assert code == 2 and "needs a vendor number" in err


def test_a_memory_locked_by_another_writer_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    import sqlite3

    from axocr.vendor_memory import VendorMemory

    [invoice] = vendor_family("en_vendor_right", 11, 1)
    (tmp_path / "inv-0.pdf").write_bytes(invoice.pdf)
    corrections = tmp_path / "corrections.jsonl"
    line = {"path": "inv-0.pdf", "fields": {"vendor": invoice.fields()["vendor"]}}
    corrections.write_text(json.dumps(line) + "\n", encoding="utf-8")
    memory = tmp_path / "vendors.sqlite"
    VendorMemory(memory).close()
    other = sqlite3.connect(memory)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the file past SQLite's timeout
    try:
        result = runner.invoke(app, ["learn", str(corrections), "--memory", str(memory)])
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a usage error, not a traceback
    assert "in use by another writer" in result.stderr
