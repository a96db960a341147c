"""`axocr review`: the workbench on a real server, driven by HTTP and by a headless Chromium."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
from typer.testing import CliRunner

import axocr
from axocr.cli import app
from axocr.document.load import file_sha256
from tests.conftest import FIXTURES, ROOT
from tests.serve.server import Server, running

PDF = FIXTURES / "synth" / "files" / "en_classic_001.pdf"  # labels: total 8153.69
TURNED = FIXTURES / "special" / "rotated_90.png"  # labels: total 12199.64, turned 90 cw
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("review-data")


@pytest.fixture(scope="module")
def results_file(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real results of two documents, the first with a misread total (the case a person
    must fix): 8153.96 for the printed $8,153.69, which the sum rule caught."""
    out = tmp_path_factory.mktemp("review-results") / "results.jsonl"
    lines = []
    for path in (PDF, TURNED):
        # The server's own reads of the words then come from this cache.
        result = axocr.extract(str(path.relative_to(ROOT)), cache_dir=str(data_dir / "cache"))
        result.sha256 = file_sha256(path)
        lines.append(result)
    misread = lines[0]
    misread.fields.total.value = "8153.96"
    misread.fields.total.findings = [
        axocr.Finding(
            code="total_mismatch",
            field="total",
            ok=False,
            message="subtotal 7620.27 + tax 533.42 = 8153.69, total printed 8153.96",
            data={"total": "8153.96", "subtotal": "7620.27", "tax": "533.42", "sum": "8153.69"},
        )
    ]
    misread.fields.total.needs_review = True
    misread.review_reasons = ["total:total_mismatch"]
    misread.needs_review = True
    out.write_text("".join(r.model_dump_json() + "\n" for r in lines), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(results_file: Path, data_dir: Path) -> Iterator[Server]:
    with running("review", str(results_file), "--data", str(data_dir), "--user", "tester") as s:
        yield s


def _results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _export(results_file: Path, data_dir: Path, suffix: str) -> tuple[Path, Path]:
    out = results_file.parent / f"corrected{suffix}"
    corrections = results_file.parent / "corrections.jsonl"
    run = CliRunner().invoke(
        app,
        [
            "review",
            str(results_file),
            "--data",
            str(data_dir),
            "--export",
            str(out),
            "--corrections",
            str(corrections),
        ],
    )
    assert run.exit_code == 0, run.output
    return out, corrections


def test_the_queue_puts_documents_needing_review_first(server: Server) -> None:
    queue = httpx.get(server.url + "api/queue").json()["documents"]
    assert sorted(d["id"] for d in queue) == [0, 1]
    flags = [d["needs_review"] for d in queue]
    assert flags == sorted(flags, reverse=True)
    assert all(d["file_found"] for d in queue)


def test_review_reasons_are_given_in_words(server: Server) -> None:
    view = httpx.get(server.url + "api/documents/0").json()
    total = next(f for f in view["fields"] if f["name"] == "total")
    assert total["reasons"] == [
        "total 8153.96 does not equal subtotal 7620.27 + tax 533.42 (= 8153.69)"
    ]


def test_boxes_land_on_the_words_of_a_turned_scan(server: Server, results_file: Path) -> None:
    """The page picture is served turned as the reader turned it: OCR of the picture inside
    the total's box reads the total."""
    from axocr.config import ReadConfig
    from axocr.ocr.registry import get_engine

    result = _results(results_file)[1]
    png = httpx.get(server.url + "api/documents/1/pages/0.png", timeout=60)
    assert png.status_code == 200
    image = cv2.imdecode(np.frombuffer(png.content, np.uint8), cv2.IMREAD_COLOR)
    h, w = image.shape[:2]
    assert h > w  # the file is landscape; the page is not
    x0, y0, x1, y1 = result["fields"]["total"]["bbox"]
    pad = 4
    crop = image[
        max(0, int(y0 * h) - pad) : int(y1 * h) + pad, max(0, int(x0 * w) - pad) : int(x1 * w) + pad
    ]
    text = " ".join(word.text for word in get_engine(ReadConfig()).recognize(crop))
    assert "12,199.64" in text.replace(" ", "")


def test_only_the_results_files_are_served(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        for path in (
            "api/documents/2",
            "api/documents/-1",
            "api/documents/0/pages/7.png",
            "static/..%2F..%2F..%2Fetc%2Fpasswd",
            "static/app.py",
            "api/documents/..%2F..%2Fetc%2Fpasswd/pages/0.png",
        ):
            response = client.get(path)
            assert 400 <= response.status_code < 500, path
            assert "root:" not in response.text


def test_a_correction_by_api_is_kept_and_exported(
    server: Server, results_file: Path, data_dir: Path
) -> None:
    saved = httpx.post(
        server.url + "api/documents/1/fields/invoice_number",
        json={"value": "INV-2025-77283X", "page": 0, "bbox": [0.5, 0.1, 0.6, 0.12]},
    )
    assert saved.status_code == 200, saved.text
    out, corrections = _export(results_file, data_dir, ".csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[1]["invoice_number"] == "INV-2025-77283X"
    assert rows[1]["invoice_number_needs_review"] == "false"
    record = next(r for r in _results(corrections) if r["path"] == str(TURNED.relative_to(ROOT)))
    assert record["fields"]["invoice_number"] == "INV-2025-77283X"
    assert record["boxes"]["invoice_number"] == {"page": 0, "bbox": [0.5, 0.1, 0.6, 0.12]}
    assert record["who"] == "tester"
    assert record["when"].endswith("+00:00")


# --- the browser ------------------------------------------------------------------------------


def _browser() -> Any:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`, scripts/setup.sh)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    return sync_api


def test_the_workbench_in_chromium_draws_boxes_and_takes_a_keyboard_correction(
    server: Server, results_file: Path, data_dir: Path
) -> None:
    sync_api = _browser()
    expected = _results(results_file)[0]["fields"]
    with sync_api.sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            page.goto(server.url + "#doc=0")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            page.wait_for_selector(".wbox", timeout=60_000)

            # Every field box sits where the result's bbox says, on the page picture.
            img = page.locator("#page-img").bounding_box()
            boxes = page.locator(".fbox")
            assert boxes.count() >= 6
            for i in range(boxes.count()):
                box = boxes.nth(i)
                name = box.get_attribute("data-field")
                x0, y0, x1, y1 = expected[name]["bbox"]
                rect = box.bounding_box()
                assert abs(rect["x"] - (img["x"] + x0 * img["width"])) < 1.5, name
                assert abs(rect["y"] - (img["y"] + y0 * img["height"])) < 1.5, name
                assert abs(rect["width"] - (x1 - x0) * img["width"]) < 1.5, name
                assert abs(rect["height"] - (y1 - y0) * img["height"]) < 1.5, name

            # The misread total is the field in focus, with its reason in words.
            assert page.evaluate("document.activeElement.id") == "input-total"
            assert "does not equal subtotal 7620.27" in page.locator("#field-total").inner_text()

            # Correct it with the keyboard only.
            page.keyboard.press("Control+A")
            page.keyboard.type("8153.69")
            with page.expect_response(lambda r: "/fields/total" in r.url):
                page.keyboard.press("Enter")
            page.wait_for_selector("#field-total.checked")
            assert "corrected" in page.locator("#field-total").inner_text()

            # Clicking a word on the page takes its text into the field in focus.
            page.locator("#input-invoice_number").focus()
            page.locator(".wbox[data-text='INV-2025-44634']").click()
            assert page.locator("#input-invoice_number").input_value() == "INV-2025-44634"
            page.keyboard.press("Escape")

            # Ctrl+Enter goes on to the next document.
            page.keyboard.press("Control+Enter")
            page.wait_for_function("location.hash === '#doc=1'")
        finally:
            browser.close()

    out, corrections = _export(results_file, data_dir, ".jsonl")
    exported = _results(out)[0]
    assert exported["fields"]["total"]["value"] == "8153.69"
    assert exported["fields"]["total"]["needs_review"] is False
    assert not any(r.startswith("total:") for r in exported["review_reasons"])
    assert exported["needs_review"] is False
    record = next(r for r in _results(corrections) if r["path"] == str(PDF.relative_to(ROOT)))
    assert record["fields"]["total"] == "8153.69"
    assert record["previous"]["total"] == "8153.96"


def _launch(pw: Any) -> Any:
    return pw.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    )


def test_chromium_is_not_downloaded() -> None:
    # The browser tests use Debian's Chromium; a browser fetched by `playwright install`
    # would be a download at test time.
    assert shutil.which("chromium") in (None, CHROMIUM) or Path(CHROMIUM).exists()


def test_failed_and_missing_documents_are_listed_without_pictures(tmp_path: Path) -> None:
    encrypted = axocr.extract(str((FIXTURES / "special" / "encrypted.pdf").relative_to(ROOT)))
    gone = axocr.InvoiceResult(path=str(tmp_path / "moved-away.pdf"), status="failed")
    results = tmp_path / "results.jsonl"
    results.write_text(encrypted.model_dump_json() + "\n" + gone.model_dump_json() + "\n")
    args = ("review", str(results), "--data", str(tmp_path / "data"))
    with running(*args) as srv, srv.client() as client:
        queue = client.get("/api/queue").json()["documents"]
        assert [d["file_found"] for d in sorted(queue, key=lambda d: d["id"])] == [True, False]
        view = client.get("/api/documents/0").json()
        assert view["document_reasons"][0].startswith("encrypted: the PDF is encrypted")
        for i in (0, 1):
            assert client.get(f"/api/documents/{i}/pages/0.png").status_code == 404
        assert client.get("/api/documents/1").json()["needs_review"] is True


def test_an_invoice_sent_as_xml_is_reviewed_without_a_page(tmp_path: Path) -> None:
    # A UBL invoice whose tax (4.90 on 100.00) matches no usual rate: a person checks it.
    xml = tmp_path / "xrechnung.xml"
    xml.write_bytes(
        b"""<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
        <cbc:ID>F-9</cbc:ID><cbc:IssueDate>2026-07-16</cbc:IssueDate>
        <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
        <cac:AccountingSupplierParty><cac:Party>
          <cac:PartyName><cbc:Name>Kontor Nord</cbc:Name></cac:PartyName>
        </cac:Party></cac:AccountingSupplierParty>
        <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">4.90</cbc:TaxAmount></cac:TaxTotal>
        <cac:LegalMonetaryTotal>
          <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
          <cbc:TaxInclusiveAmount currencyID="EUR">104.90</cbc:TaxInclusiveAmount>
        </cac:LegalMonetaryTotal></Invoice>"""
    )
    results = tmp_path / "results.jsonl"
    results.write_text(axocr.extract(xml).model_dump_json() + "\n")
    args = ("review", str(results), "--data", str(tmp_path / "data"), "--user", "tester")
    with running(*args) as srv, srv.client() as client:
        view = client.get("/api/documents/0").json()
        assert view["file_found"] is True and view["pages"] == []
        assert view["needs_review"] is True
        tax = next(f for f in view["fields"] if f["name"] == "tax")
        assert tax["needs_review"] and tax["page"] is None
        sync_api = _browser()
        with sync_api.sync_playwright() as pw:
            browser = _launch(pw)
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 950})
                page.goto(srv.url + "#doc=0")
                page.wait_for_selector("body[data-ready='1']", timeout=60_000)
                assert "no page to show" in page.locator("#doc-title").inner_text()
                assert page.locator("#page-img").get_attribute("src") is None
                assert page.evaluate("document.activeElement.id") == "input-tax"
                assert "matches no usual rate" in page.locator("#field-tax").inner_text()
                # Enter on the unchanged value accepts it
                with page.expect_response(lambda r: "/fields/tax" in r.url):
                    page.keyboard.press("Enter")
                page.wait_for_selector("#field-tax.checked")
            finally:
                browser.close()
        assert client.get("/api/documents/0").json()["needs_review"] is False
