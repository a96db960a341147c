"""The vendor memory learns from a correction and reads the vendor's next invoice with it.

Every document here is a real born-digital PDF drawn by the fixtures generator
(``axocr.synth.family``): one vendor, one layout, new values each time; the expected values are
the generator's ground truth, never the extractor's output.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from axocr import extract
from axocr.errors import VendorMemoryError
from axocr.lang.labels import LABELS
from axocr.normalize import normalize_text
from axocr.synth import SynthInvoice
from axocr.synth.family import UNUSUAL_LABELS, vendor_family
from axocr.vendor_memory import Correction, VendorMemory, learn_correction
from axocr.vendor_memory.page import fits_shape, shape_of

# Label wordings the generic extractor does not know: it reads these invoices wrong.
ODD = {"number": "Voucher", "total": "Please remit", "date": "Billed on"}


def _write(tmp: Path, invoices: list[SynthInvoice], stem: str) -> list[Path]:
    paths = []
    for i, inv in enumerate(invoices):
        path = tmp / f"{stem}-{i}.pdf"
        path.write_bytes(inv.pdf)
        paths.append(path)
    return paths


def _truth(inv: SynthInvoice) -> dict[str, Any]:
    f = inv.fields()
    return {
        "vendor": f["vendor"],
        "total": f["total"],
        "invoice_date": f["date"],
        "invoice_number": f["invoice_number"],
    }


def _teach(memory: Path, path: Path, fields: dict[str, Any]) -> list[str]:
    with VendorMemory(memory) as mem:
        notes = learn_correction(mem, Correction(path=str(path), fields=fields))
    return [f"{n.field}:{n.action}" for n in notes]


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[SynthInvoice]]:
    invoices = vendor_family("en_classic", 4, 3, labels=ODD)
    return _write(tmp_path_factory.mktemp("family"), invoices, "fam"), invoices


def test_the_unusual_labels_are_unknown_to_the_extractor() -> None:
    known = {normalize_text(lb.text).casefold() for lb in LABELS}
    for wordings in UNUSUAL_LABELS.values():
        for text in wordings:
            assert normalize_text(text).casefold().rstrip(".") not in known


def test_a_taught_vendor_s_next_invoice_is_read_where_the_correction_said(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    notes = _teach(memory, paths[0], _truth(invoices[0]))
    assert notes == [
        "vendor:learned",
        "total:learned",
        "invoice_date:learned",
        "invoice_number:learned",
    ]
    for path, inv in zip(paths[1:], invoices[1:], strict=True):
        truth = _truth(inv)
        assert truth["total"] != _truth(invoices[0])["total"]  # new values, same layout
        result = extract(path, memory=str(memory))
        for name in ("total", "invoice_number", "invoice_date", "vendor"):
            field = result.fields.get(name)
            assert field.value == truth[name], name
            assert field.rule is not None and field.rule.startswith("memory:"), name
            assert not field.needs_review, (name, field.confidence, field.findings)
            assert any(f.code == "memory" and f.ok for f in field.findings), name
        assert "memory" in result.timings_ms


def test_without_the_memory_the_same_invoice_is_read_by_the_generic_extractor(
    family: tuple[list[Path], list[SynthInvoice]],
) -> None:
    paths, _ = family
    result = extract(paths[1])
    for name in ("total", "invoice_number", "vendor"):
        assert not (result.fields.get(name).rule or "").startswith("memory")


def test_a_changed_layout_falls_back_to_the_generic_result_and_says_memory_mismatch(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    _teach(memory, paths[0], _truth(invoices[0]))
    # the same vendor (same seed) on a new template with the usual labels
    [moved] = vendor_family("en_grid_header", 4, 1)
    assert moved.content.vendor == invoices[0].content.vendor
    [path] = _write(tmp_path, [moved], "moved")
    generic = extract(path)
    result = extract(path, memory=str(memory))
    assert "memory_mismatch" in result.review_reasons
    assert result.needs_review
    for name in ("vendor", "total", "invoice_date", "invoice_number"):
        field = result.fields.get(name)
        assert field.value == generic.fields.get(name).value, name
        assert not (field.rule or "").startswith("memory"), name
    mismatched = [
        n
        for n in ("total", "invoice_number")
        if any(f.code == "memory_mismatch" and not f.ok for f in result.fields.get(n).findings)
    ]
    assert mismatched == ["total", "invoice_number"]


def test_a_vendor_name_not_printed_is_kept_as_a_fact_and_given_on_the_next_invoice(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    wanted = "Accounts Payable Canonical Vendor 0042"
    notes = _teach(memory, paths[0], {"vendor": wanted, "total": _truth(invoices[0])["total"]})
    assert notes == ["vendor:fact", "total:learned"]
    result = extract(paths[2], memory=str(memory))
    assert result.fields.vendor.value == wanted
    assert (result.fields.vendor.rule or "").startswith("memory:vendor")
    assert result.fields.vendor.text == invoices[2].content.vendor.name


def test_an_invoice_number_not_printed_is_not_learned(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    fields = {**_truth(invoices[0]), "invoice_number": "NOT-ON-PAGE-1"}
    notes = _teach(memory, paths[0], fields)
    assert "invoice_number:not_found" in notes
    with VendorMemory(memory, readonly=True) as mem:
        [record] = mem.vendors()
    assert "invoice_number" not in record.profile.fields
    assert record.profile.fields["total"].spots[0].label == "please remit"


def test_another_vendor_in_the_same_layout_is_not_taken_for_the_taught_one(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    _teach(memory, paths[0], _truth(invoices[0]))
    others = vendor_family("en_classic", 99, 1, labels=ODD)
    assert others[0].content.vendor.name != invoices[0].content.vendor.name
    [path] = _write(tmp_path, others, "other")
    result = extract(path, memory=str(memory))
    assert "memory_mismatch" not in result.review_reasons
    for name in ("vendor", "total", "invoice_number", "invoice_date"):
        assert not (result.fields.get(name).rule or "").startswith("memory"), name


def test_teaching_a_second_invoice_of_a_vendor_updates_the_same_entry(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    _teach(memory, paths[0], _truth(invoices[0]))
    _teach(memory, paths[1], _truth(invoices[1]))
    with VendorMemory(memory, readonly=True) as mem:
        [record] = mem.vendors()
    assert record.documents == 2
    assert record.profile.fields["invoice_number"].taught == 2


def _entry(memory: Path) -> tuple[dict[str, Any], list[str], int]:
    with VendorMemory(memory, readonly=True) as mem:
        [record] = mem.vendors()
    return record.profile.model_dump(), sorted(record.tokens), record.documents


def test_teaching_the_same_document_again_replaces_what_it_taught(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    """A reviewer who first types the subtotal as the total and then fixes it leaves the
    memory as one teaching with the right values would: no place of the subtotal kept, the
    document counted once. (The workbench teaches a document again on every saved field.)"""
    paths, invoices = family
    truth = _truth(invoices[0])
    wrong = {**truth, "total": invoices[0].fields()["subtotal"]}
    assert wrong["total"] != truth["total"]
    typo = tmp_path / "typo.sqlite"
    assert "total:learned" in _teach(typo, paths[0], wrong)
    wrong_spot = _entry(typo)[0]["fields"]["total"]["spots"][0]["bbox"]
    _teach(typo, paths[0], {"vendor": truth["vendor"]})
    _teach(typo, paths[0], truth)
    once = tmp_path / "once.sqlite"
    _teach(once, paths[0], truth)
    assert _entry(typo) == _entry(once)
    profile, _, documents = _entry(typo)
    assert documents == 1
    assert wrong_spot not in [s["bbox"] for s in profile["fields"]["total"]["spots"]]
    result = extract(paths[1], memory=str(typo))
    assert result.fields.total.value == _truth(invoices[1])["total"]


def test_a_document_taught_again_after_another_of_its_vendor_is_counted_once(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    _teach(memory, paths[0], _truth(invoices[0]))
    _teach(memory, paths[1], _truth(invoices[1]))
    _teach(memory, paths[0], _truth(invoices[0]))
    assert _entry(memory)[2] == 2


def test_forgetting_a_vendor_removes_it_and_its_words() -> None:
    with VendorMemory(":memory:") as mem:
        from axocr.vendor_memory import VendorProfile

        a = mem.save(None, VendorProfile(name="A"), frozenset({"alpha", "shared"}), ["vat:DE1"])
        mem.save(None, VendorProfile(name="B"), frozenset({"beta", "shared"}), [])
        assert mem.find_by_keys(["vat:DE1"]) == {a: ["vat:DE1"]}
        assert mem.forget(a)
        assert not mem.forget(a)
        assert mem.find_by_keys(["vat:DE1"]) == {}
        assert [r.profile.name for r in mem.vendors()] == ["B"]
        assert mem.find_by_tokens(["alpha", "shared", "beta"]) == {2: 2}


def test_a_file_that_is_not_a_memory_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("this is not a database", encoding="utf-8")
    with pytest.raises(VendorMemoryError, match="not a vendor memory"):
        VendorMemory(bad)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.close()
    with pytest.raises(VendorMemoryError):
        VendorMemory(other, readonly=True)


def test_extraction_with_a_broken_memory_keeps_the_generic_result_and_records_it(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, _ = family
    bad = tmp_path / "broken.sqlite"
    bad.write_bytes(b"\x00" * 4096)
    result = extract(paths[1], memory=str(bad))
    assert result.status == "partial"
    assert [e.code for e in result.errors] == ["vendor_memory"]
    assert result.fields.vendor.value == extract(paths[1]).fields.vendor.value


def test_a_missing_memory_file_is_an_empty_memory(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, _ = family
    result = extract(paths[1], memory=str(tmp_path / "none-yet.sqlite"))
    assert result.status == "ok"
    assert not (tmp_path / "none-yet.sqlite").exists()


@pytest.mark.parametrize(
    ("value", "same", "other"),
    [
        ("INV-2024-00123", "INV-2025-99999", "INV-2025-9999"),
        ("FA-2017-0009", "AV-2017-0005", "FA2017-0009"),
        ("48213", "00017", "4821"),
    ],
)
def test_an_invoice_number_shape_keeps_run_lengths(value: str, same: str, other: str) -> None:
    shape = shape_of(value)
    assert fits_shape(value, [shape])
    assert fits_shape(same, [shape])
    assert not fits_shape(other, [shape])


def test_a_correction_naming_another_vendor_starts_a_new_entry(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    _teach(memory, paths[0], _truth(invoices[0]))
    _teach(memory, paths[1], {**_truth(invoices[1]), "vendor": "Quite Another Trading Pte Ltd"})
    with VendorMemory(memory, readonly=True) as mem:
        names = sorted(r.profile.name or "" for r in mem.vendors())
    assert names == sorted([invoices[0].content.vendor.name, "Quite Another Trading Pte Ltd"])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Total Incl. GST@6%", "total incl. gst"),
        ("Total Amt Incl. GST @ 6% :", "total amt incl. gst"),
        ("Total Includes GST 0%", "total includes gst"),
        ("1 X 3.90 ", None),
    ],
)
def test_a_tax_rate_at_the_end_of_a_label_stays_with_the_label(text: str, label: str) -> None:
    from axocr.vendor_memory.page import label_words

    assert label_words(text) == label


def test_two_writers_teaching_one_vendor_at_once_count_each_document_once(
    family: tuple[list[Path], list[SynthInvoice]], tmp_path: Path
) -> None:
    """Two connections (as two servers, or a server and `axocr learn`) teach the same vendor
    at the same time, each its own invoice three times over: both lessons land, once each."""
    from concurrent.futures import ThreadPoolExecutor

    from axocr.config import ReadConfig
    from axocr.pipeline import read_document
    from axocr.vendor_memory import learn_document
    from axocr.vendor_memory.learn import file_sha256

    paths, invoices = family
    memory = tmp_path / "memory.sqlite"
    _teach(memory, paths[0], _truth(invoices[0]))  # the vendor exists before the race
    documents = [read_document(p, ReadConfig()) for p in paths[:2]]

    def teach(i: int) -> None:
        with VendorMemory(memory) as mem:
            for _ in range(3):
                correction = Correction(path=str(paths[i]), fields=_truth(invoices[i]))
                key = file_sha256(paths[i])
                learn_document(mem, documents[i], correction, document_key=key)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(teach, [0, 1]))
    with VendorMemory(memory, readonly=True) as mem:
        [record] = mem.vendors()
    assert record.documents == 2
