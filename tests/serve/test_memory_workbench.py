"""`axocr review --memory`: what a reviewer saves in the workbench teaches the vendor memory at
once, and the same server reads the vendor's next invoice with it.

The documents are born-digital PDFs of one generated vendor (``axocr.synth.family``) whose
labels the generic extractor does not know; every expected value is the generator's ground
truth, never the extractor's output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

import axocr
from axocr.cli import app
from axocr.document.load import file_sha256
from axocr.synth import SynthInvoice
from axocr.synth.family import vendor_family
from tests.serve.server import Server, running

# Wordings the generic extractor does not read as these fields' labels.
ODD = {"number": "Voucher", "total": "Please remit", "date": "Billed on"}


@dataclass
class Setup:
    paths: list[Path]
    invoices: list[SynthInvoice]
    results: Path
    data: Path
    memory: Path


def _truth(inv: SynthInvoice) -> dict[str, str]:
    f = inv.fields()
    return {
        "vendor": f["vendor"],
        "total": f["total"],
        "invoice_date": f["date"],
        "invoice_number": f["invoice_number"],
    }


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    tmp = tmp_path_factory.mktemp("memory-workbench")
    invoices = vendor_family("en_classic", 5, 3, labels=ODD)
    paths = []
    for i, inv in enumerate(invoices):
        path = tmp / f"inv-{i}.pdf"
        path.write_bytes(inv.pdf)
        paths.append(path)
    data = tmp / "data"
    first = axocr.extract(str(paths[0]), cache_dir=str(data / "cache"))
    first.sha256 = file_sha256(paths[0])
    results = tmp / "results.jsonl"
    results.write_text(first.model_dump_json() + "\n", encoding="utf-8")
    return Setup(paths, invoices, results, data, tmp / "vendors.sqlite")


@pytest.fixture(scope="module")
def server(setup: Setup) -> Iterator[Server]:
    args = ["review", str(setup.results), "--data", str(setup.data), "--user", "tester"]
    with running(*args, "--memory", str(setup.memory)) as s:
        yield s


def _save(server: Server, field: str, value: str) -> dict[str, Any]:
    response = httpx.post(
        server.url + f"api/documents/0/fields/{field}", json={"value": value}, timeout=120
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["saved"]["new_value"] == value
    return body


def _review_all(server: Server, setup: Setup) -> None:
    for name, value in _truth(setup.invoices[0]).items():
        assert _save(server, name, value)["memory"]["learned"] is True


def test_the_generic_extractor_misreads_the_first_invoice(setup: Setup) -> None:
    # Otherwise the memory would have nothing to correct in this test.
    first = json.loads(setup.results.read_text(encoding="utf-8"))
    truth = _truth(setup.invoices[0])
    wrong = [n for n in ("total", "invoice_number") if first["fields"][n]["value"] != truth[n]]
    assert wrong


def test_saved_fields_teach_the_memory_and_the_next_invoice_is_read_with_it(
    server: Server, setup: Setup
) -> None:
    truth = _truth(setup.invoices[0])

    # The invoice number alone names no vendor, and the memory knows none yet: nothing to
    # file it under, and the answer says so; the correction itself is kept.
    body = _save(server, "invoice_number", truth["invoice_number"])
    assert body["memory"]["learned"] is False
    assert "no vendor given" in body["memory"]["summary"]
    number = next(f for f in body["document"]["fields"] if f["name"] == "invoice_number")
    assert number["value"] == truth["invoice_number"] and number["corrected"]

    # Accepting the vendor files the document under it, with the number saved before.
    body = _save(server, "vendor", truth["vendor"])
    assert body["memory"]["learned"] is True
    vendor_id = body["memory"]["vendor_id"]
    actions = {n["field"]: n["action"] for n in body["memory"]["notes"]}
    assert actions == {"vendor": "learned", "invoice_number": "learned"}
    assert "voucher" in json.dumps(body["memory"]["notes"]).lower()

    for name in ("total", "invoice_date"):
        body = _save(server, name, truth[name])
        assert body["memory"]["vendor_id"] == vendor_id
        assert {n["field"] for n in body["memory"]["notes"]} == {
            "vendor",
            "invoice_number",
            "total",
            name,
        }

    # The vendor's next invoice, uploaded to the same server: read where the reviewer said.
    later = _truth(setup.invoices[1])
    assert later["total"] != truth["total"]
    with server.client() as client:
        response = client.post(
            "/v1/extract", files={"file": ("inv-1.pdf", setup.paths[1].read_bytes())}
        )
    assert response.status_code == 200, response.text
    fields = response.json()["fields"]
    for name in ("total", "invoice_number", "invoice_date"):
        assert fields[name]["value"] == later[name], name
        assert fields[name]["rule"].startswith("memory:"), (name, fields[name]["rule"])
        assert fields[name]["needs_review"] is False, name


def test_memory_list_shows_the_vendor_taught_in_the_workbench_once(
    server: Server, setup: Setup
) -> None:
    _review_all(server, setup)  # every field saved once more: still one document
    run = CliRunner().invoke(app, ["memory", "list", "--memory", str(setup.memory)])
    assert run.exit_code == 0, run.output
    [row] = run.stdout.splitlines()
    number, name, documents = row.split("\t")[:3]
    assert name == setup.invoices[0].fields()["vendor"]
    assert documents == "1 document(s)"
    assert number.isdigit()


def test_the_corrections_file_still_holds_every_saved_field(server: Server, setup: Setup) -> None:
    _review_all(server, setup)
    out = setup.results.parent / "corrections.jsonl"
    args = ["review", str(setup.results), "--data", str(setup.data), "--corrections", str(out)]
    run = CliRunner().invoke(app, args)
    assert run.exit_code == 0, run.output
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["fields"] == _truth(setup.invoices[0])
    assert record["who"] == "tester"


def test_axocr_learn_reads_the_exported_corrections_as_the_workbench_taught_them(
    server: Server, setup: Setup, tmp_path: Path
) -> None:
    _review_all(server, setup)
    out = tmp_path / "corrections.jsonl"
    args = ["review", str(setup.results), "--data", str(setup.data), "--corrections", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    # boxes of the workbench are 0-based pages, which learn once refused
    assert json.loads(out.read_text(encoding="utf-8"))["boxes"]["vendor"]["page"] == 0
    again = tmp_path / "vendors.sqlite"
    run = CliRunner().invoke(app, ["learn", str(out), "--memory", str(again)])
    assert run.exit_code == 0, run.output
    assert run.stdout.count(": learned: ") == 4

    def entry(path: Path) -> dict[str, Any]:
        show = CliRunner().invoke(app, ["memory", "show", "1", "--memory", str(path)])
        data: dict[str, Any] = json.loads(show.stdout)
        return {k: data[k] for k in ("keys", "profile", "fixed_words", "documents")}

    assert entry(again) == entry(setup.memory)


def test_serve_refuses_a_memory_file_that_is_not_one(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a vendor memory", encoding="utf-8")
    run = CliRunner().invoke(app, ["serve", "--memory", str(bad), "--port", "0", "--no-warm"])
    assert run.exit_code == 2
    assert "--memory" in run.stderr and "not a vendor memory" in run.stderr


def test_concurrent_saves_and_extractions_all_succeed(server: Server, setup: Setup) -> None:
    """Saves teach on one thread while uploads read the memory: no request fails, no lesson
    is lost or counted twice."""
    from concurrent.futures import ThreadPoolExecutor

    truth = _truth(setup.invoices[0])
    later = _truth(setup.invoices[2])

    def save(name: str) -> Any:
        return _save(server, name, truth[name])["memory"]

    def upload(_: int) -> Any:
        with server.client() as client:
            files = {"file": ("inv-2.pdf", setup.paths[2].read_bytes())}
            response = client.post("/v1/extract", files=files)
        assert response.status_code == 200, response.text
        return response.json()["fields"]["total"]

    _review_all(server, setup)
    with ThreadPoolExecutor(8) as pool:
        saving = [pool.submit(save, name) for name in list(truth) * 3]
        uploading = [pool.submit(upload, i) for i in range(6)]
        lessons = [f.result() for f in saving]
        totals = [f.result() for f in uploading]
    assert all(lesson["learned"] for lesson in lessons), lessons
    assert len({lesson["vendor_id"] for lesson in lessons}) == 1
    assert all(t["value"] == later["total"] and t["rule"].startswith("memory:") for t in totals)
    run = CliRunner().invoke(app, ["memory", "list", "--memory", str(setup.memory)])
    [row] = run.stdout.splitlines()
    assert row.split("\t")[2] == "1 document(s)"


def _review(tmp_path: Path, document: Path, memory: Path) -> AbstractContextManager[Server]:
    """A real `axocr review` of one result (read from ``document``), teaching ``memory``."""
    result = axocr.InvoiceResult(path=str(document), status="ok")
    results = tmp_path / "results.jsonl"
    results.write_text(result.model_dump_json() + "\n", encoding="utf-8")
    args = ("review", str(results), "--data", str(tmp_path / "data"), "--memory", str(memory))
    return running(*args)


def test_a_lesson_that_fails_keeps_the_correction_and_says_why(
    setup: Setup, tmp_path: Path
) -> None:
    memory = tmp_path / "vendors.sqlite"
    truth = _truth(setup.invoices[0])
    with _review(tmp_path, setup.paths[0], memory) as srv, srv.client() as client:
        memory.write_text("not a database: overwritten while the server ran", encoding="utf-8")
        response = client.post("/api/documents/0/fields/vendor", json={"value": truth["vendor"]})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["memory"]["learned"] is False
        assert "not a vendor memory" in body["memory"]["summary"]
        view = client.get("/api/documents/0").json()
    vendor = next(f for f in view["fields"] if f["name"] == "vendor")
    assert vendor["value"] == truth["vendor"] and vendor["checked"]


def test_a_document_whose_file_is_gone_is_saved_but_not_taught(tmp_path: Path) -> None:
    memory = tmp_path / "vendors.sqlite"
    with _review(tmp_path, tmp_path / "moved-away.pdf", memory) as srv, srv.client() as client:
        response = client.post("/api/documents/0/fields/total", json={"value": "12.50"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["saved"]["new_value"] == "12.50"
    assert body["memory"]["learned"] is False
    assert "file is not found" in body["memory"]["summary"]


def test_the_workbench_in_chromium_shows_what_a_saved_correction_taught(
    server: Server, setup: Setup
) -> None:
    from tests.serve.test_review import CHROMIUM, _browser

    sync_api = _browser()
    _review_all(server, setup)
    truth = _truth(setup.invoices[0])
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(server.url + "#doc=0")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            assert page.locator("#memory-note").inner_text() == ""
            page.locator("#input-total").focus()
            page.keyboard.press("Control+A")
            page.keyboard.type(truth["total"])
            with page.expect_response(lambda r: "/fields/total" in r.url) as answer:
                page.keyboard.press("Enter")
            assert answer.value.json()["memory"]["learned"] is True
            page.wait_for_function("document.querySelector('#memory-note').textContent !== ''")
            note = page.locator("#memory-note").inner_text()
        finally:
            browser.close()
    assert note.startswith("memory: vendor #") and "total" in note
