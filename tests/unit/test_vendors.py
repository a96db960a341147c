"""Vendor master matching: identifiers first, then names with OCR errors and legal-form variants."""

from __future__ import annotations

from pathlib import Path

import pytest

import axocr
from axocr.errors import VendorMasterError
from axocr.validate.vendors import (
    MATCH_THRESHOLD,
    VendorMaster,
    VendorRecord,
    canonical_name,
    core_name,
    load_vendor_master,
)
from tests.conftest import FIXTURES

MASTER = VendorMaster(
    [
        VendorRecord("J1", "株式会社サンプル商事", ("サンプル商事",), "T7000012050002", None),
        VendorRecord("J2", "有限会社山田製作所", (), None, None),
        VendorRecord("E1", "ACME Trading Limited", ("ACME",), None, "GB123456789"),
        VendorRecord("E2", "Northwind Engineering GmbH", (), None, "DE589318617"),
        VendorRecord("E3", "Contoso Incorporated", (), None, None),
    ]
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("株式会社サンプル商事", "(株)サンプル商事"),
        ("株式会社サンプル商事", "㈱サンプル商事"),
        ("株式会社サンプル商事", "（株）サンプル商事"),
        ("ACME Trading Limited", "Acme Trading Ltd."),
        ("Contoso Incorporated", "CONTOSO INC"),
    ],
)
def test_legal_form_variants_are_spelled_one_way(a: str, b: str) -> None:
    assert canonical_name(a) == canonical_name(b)


def test_core_name_drops_the_legal_form() -> None:
    assert core_name("Northwind Engineering GmbH") == "northwind engineering"
    assert core_name("有限会社山田製作所") == "山田製作所"


@pytest.mark.parametrize(
    ("printed", "expected_id"),
    [
        ("㈱サンプル商亊", "J1"),  # OCR misread of 事 as 亊
        ("(株)サンプル商事", "J1"),
        ("山田製作所", "J2"),
        ("ACME Tradlng Ltd", "E1"),  # OCR: i -> l
        ("Northwlnd Engineering", "E2"),
        ("Contoso, Inc.", "E3"),
    ],
)
def test_names_with_ocr_errors_and_variants_match(printed: str, expected_id: str) -> None:
    match = MASTER.match([printed], "", None)
    assert match is not None and match.vendor.id == expected_id
    assert match.score >= MATCH_THRESHOLD


def test_unrelated_name_does_not_match() -> None:
    match = MASTER.match(["Globex Corporation"], "", None)
    assert match is None or match.score < MATCH_THRESHOLD


def test_identifiers_win_over_names() -> None:
    by_reg = MASTER.match(["Globex Corporation"], "", "T7000012050002")
    assert by_reg is not None and by_reg.vendor.id == "J1" and by_reg.method == "registration_number"
    by_vat = MASTER.match(["Globex"], "VAT No. DE 589318617\nTotal 10.00", None)
    assert by_vat is not None and by_vat.vendor.id == "E2" and by_vat.method == "vat_id"


def test_master_loads_from_csv_and_json(tmp_path: Path) -> None:
    csv_path = tmp_path / "v.csv"
    csv_path.write_text(
        "id,name,aliases,registration_number,vat_id\nA,Alpha GmbH,Alpha|ALPHA Gesellschaft,,DE1\n",
        encoding="utf-8",
    )
    json_path = tmp_path / "v.json"
    json_path.write_text('[{"id": "B", "name": "Beta Ltd", "aliases": ["Beta"]}]', encoding="utf-8")
    a = load_vendor_master(csv_path)
    b = load_vendor_master(json_path)
    assert a.vendors[0].aliases == ("Alpha", "ALPHA Gesellschaft")
    assert b.vendors[0].name == "Beta Ltd" and b.vendors[0].aliases == ("Beta",)
    bad = tmp_path / "bad.json"
    bad.write_text('{"vendors": [{"name": "no id"}]}', encoding="utf-8")
    with pytest.raises(VendorMasterError, match="id"):
        load_vendor_master(bad)


def test_extracted_documents_match_the_sample_master() -> None:
    master = FIXTURES / "vendors.csv"
    ja = axocr.extract(FIXTURES / "synth" / "files" / "ja_standard_001.pdf", vendors=str(master))
    en = axocr.extract(FIXTURES / "synth" / "files" / "en_vendor_bottom_001.pdf", vendors=str(master))
    for result in (ja, en):
        vendor = result.fields.vendor
        assert vendor.vendor_id is not None and vendor.match_score == 100.0
        assert any(f.code == "vendor_unknown" and f.ok for f in vendor.findings)
    # Printed on the page: サクラ物産合同会社 with 登録番号 T7301170638349; Beacon Supplies Ltd, VAT DE589318617.
    assert ja.fields.vendor.value == "サクラ物産合同会社"
    assert en.fields.vendor.value == "Beacon Supplies Ltd"


def test_unknown_vendor_is_a_finding_not_an_error(tmp_path: Path) -> None:
    master = tmp_path / "v.csv"
    master.write_text("id,name,aliases,registration_number,vat_id\nX,Someone Else KK,,,\n")
    result = axocr.extract(FIXTURES / "synth" / "files" / "en_classic_001.pdf", vendors=str(master))
    assert result.status == "ok"
    assert result.fields.vendor.vendor_id is None
    assert result.fields.vendor.needs_review
    assert "vendor:vendor_unknown" in result.review_reasons


RECEIPT_SHOPS = VendorMaster(
    [
        VendorRecord("M1", "YONG TAT HARDWARE TRADING", (), None, None),
        VendorRecord("M2", "SOON HUAT HARDWARE TRADING SDN BHD", (), None, None),
        VendorRecord("M3", "LIAN HING STATIONERY SDN BHD", (), None, None),
        VendorRecord("M4", "POPULAR STATIONERY SDN BHD", (), None, None),
    ]
)


def test_words_many_vendors_use_do_not_make_a_match() -> None:
    # 86 and 88 as whole names; what tells the shops apart ("hon hwa", "yong tat", "soon
    # huat") differs by far more than OCR slips.
    match = RECEIPT_SHOPS.match(["HON HWA HARDWARE TRADING"], "", None)
    assert match is None or match.score < MATCH_THRESHOLD
    assert RECEIPT_SHOPS.match(["HARDWARE TRADING"], "", None).score < MATCH_THRESHOLD  # type: ignore[union-attr]


def test_an_ocr_slip_in_the_distinctive_words_still_matches() -> None:
    match = RECEIPT_SHOPS.match(["LJAN HING STATIONERY SDN BHD"], "", None)
    assert match is not None and match.vendor.id == "M3" and match.score >= MATCH_THRESHOLD
    match = RECEIPT_SHOPS.match(["YONG TAT HARDWARE TRADlNG"], "", None)
    assert match is not None and match.vendor.id == "M1" and match.score >= MATCH_THRESHOLD
