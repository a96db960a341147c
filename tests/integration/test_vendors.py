"""Vendor master matching: identifiers first, then names with OCR errors and legal-form variants."""

from __future__ import annotations

from pathlib import Path

import pytest

import axocr
from axocr.errors import VendorMasterError
from axocr.types import ExtractedField
from axocr.validate.vendors import (
    MATCH_THRESHOLD,
    VendorMaster,
    VendorRecord,
    apply_vendor_master,
    canonical_name,
    core_name,
    load_vendor_master,
    match_key,
    write_vendor_sqlite,
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
    assert (
        by_reg is not None and by_reg.vendor.id == "J1" and by_reg.method == "registration_number"
    )
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
    en = axocr.extract(
        FIXTURES / "synth" / "files" / "en_vendor_bottom_001.pdf", vendors=str(master)
    )
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


# --- matching that knows when it is unsure (issue 18) ---------------------------------------

TWINS = VendorMaster(
    [
        VendorRecord("T1", "東日本物流株式会社"),
        VendorRecord("T2", "西日本物流株式会社"),
        VendorRecord("T3", "松下商店"),
        VendorRecord("T4", "株式会社ジュピターショップ"),
        VendorRecord("T5", "パシフィック電機株式会社"),
        VendorRecord("T6", "Lian Hing Stationery Sdn Bhd"),
        VendorRecord("T7", "Boulangerie Dupont SARL"),
        VendorRecord("T8", "Müller Logistik GmbH"),
        VendorRecord("T9", "Kim Lee Trading Enterprise"),
        VendorRecord("T10", "Kim Lee Trading Sdn Bhd"),
    ]
)


@pytest.mark.parametrize(
    ("printed", "expected_id"),
    [
        ("株式会社ジユピターシヨツプ", "T4"),  # small kana read large: ュ/ユ ョ/ヨ ッ/ツ
        ("株式会社ジュピタ一ショップ", "T4"),  # the long-vowel mark read as the kanji 一
        ("ハシフィック電機株式会社", "T5"),  # handakuten lost: パ read as ハ
        ("バシフィック電機(株)", "T5"),  # パ read as バ, and the legal form abbreviated
        ("パシフィック電機", "T5"),  # legal form dropped
        ("パシフィック電機株式会社株式会社", "T5"),  # legal form doubled
        ("東日本物流株式", "T1"),  # the line cut inside the legal form
        ("LlAN H1NG STATI0NERY SDN BHD", "T6"),  # I/l, 1/I, 0/O
        ("Lian Hing Stationery 5dn. 8hd.", "T6"),  # 5/S, 8/B inside the legal form
        ("Boulangerie Dupont", "T7"),
        ("Muller Logistik GrnbH", "T8"),  # ü without its dots, m read as rn
        ("Lian Hing Stationery", "T6"),  # truncated before the legal form
    ],
)
def test_ocr_misreads_of_a_known_name_are_accepted(printed: str, expected_id: str) -> None:
    match = TWINS.match_name(printed)
    assert match is not None and match.vendor.id == expected_id
    assert match.accepted, (match.reason, match.score)


@pytest.mark.parametrize(
    ("printed", "closest"),
    [
        ("北日本物流株式会社", {"T1", "T2"}),  # 北 is neither 東 nor 西 to any OCR
        ("松田商店", {"T3"}),  # 松下 and 松田 differ in a character OCR does not confuse
        ("パシフィック電気株式会社", {"T5"}),  # 電機 (machines) is not 電気 (electricity)
    ],
)
def test_a_name_differing_in_a_character_ocr_does_not_confuse_is_not_accepted(
    printed: str, closest: set[str]
) -> None:
    match = TWINS.match_name(printed)
    assert match is not None and not match.accepted
    assert match.vendor.id in closest


def test_each_twin_is_accepted_as_itself_with_the_other_as_runner_up() -> None:
    east = TWINS.match_name("東日本物流(株)")
    west = TWINS.match_name("西日本物流")
    assert east is not None and east.accepted and east.vendor.id == "T1"
    assert west is not None and west.accepted and west.vendor.id == "T2"
    assert east.runner_up is not None and east.runner_up.id == "T2"
    assert east.runner_up_score is not None and east.score - east.runner_up_score >= 8


def test_a_name_that_fits_two_vendors_equally_is_ambiguous() -> None:
    # "Kim Lee Trading" with its legal form cut off is either business.
    match = TWINS.match_name("Kim Lee Trading")
    assert match is not None and not match.accepted and match.reason == "ambiguous"
    assert {match.vendor.id, match.runner_up.id if match.runner_up else ""} == {"T9", "T10"}


def test_another_legal_form_is_another_company() -> None:
    match = TWINS.match_name("Müller Logistik AG")
    assert match is not None and match.vendor.id == "T8"
    assert not match.accepted and match.reason == "legal_form_differs"


def test_confusions_are_folded_in_the_match_key() -> None:
    assert match_key("株式会社ジュピターショップ") == match_key("ｼﾞﾕﾋﾟﾀｰｼﾖﾂﾌﾟ")
    assert match_key("B00K Store Lirnited") == match_key("Book Store Ltd")
    assert match_key("東日本物流") != match_key("西日本物流")


def test_an_unknown_vendor_names_the_closest_vendors(tmp_path: Path) -> None:
    master = tmp_path / "v.csv"
    master.write_text("id,name\nA,東日本物流株式会社\nB,西日本物流株式会社\n", encoding="utf-8")
    vendor = ExtractedField(value="北日本物流株式会社", rule="test")
    finding = apply_vendor_master(vendor, ["北日本物流株式会社"], "", None, str(master))
    assert finding.code == "vendor_unknown" and not finding.ok
    assert "東日本物流株式会社" in finding.message and "西日本物流株式会社" in finding.message
    assert "distinct_character" in finding.message
    assert vendor.vendor_id is None and vendor.value == "北日本物流株式会社"


def test_a_big_master_finds_the_vendor_through_its_index() -> None:
    # Over SCAN_ALL names the bigram index chooses the candidates: the same verdicts.
    names = [f"株式会社テスト{i:05d}商事" for i in range(VendorMaster.SCAN_ALL + 500)]
    master = VendorMaster(
        [VendorRecord(str(i), n) for i, n in enumerate(names)]
        + [VendorRecord("J", "株式会社ジュピターショップ"), VendorRecord("S", "松下商店")]
    )
    hit = master.match_name("ジユピターショツプ")
    assert hit is not None and hit.accepted and hit.vendor.id == "J"
    twin = master.match_name("松田商店")
    assert twin is not None and not twin.accepted and twin.vendor.id == "S"


# --- masters as people keep them ------------------------------------------------------------


def test_a_shift_jis_csv_from_excel_loads(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("id,name,aliases\r\nJ1,株式会社サンプル商事,サンプル商事\r\n".encode("cp932"))
    master = load_vendor_master(path)
    assert master.vendors[0].name == "株式会社サンプル商事"
    assert master.vendors[0].aliases == ("サンプル商事",)


def test_a_utf8_csv_with_a_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffid,name\nJ1,有限会社山田製作所\n".encode())
    master = load_vendor_master(path)
    assert master.vendors[0].id == "J1"  # not "\ufeffid"


def test_a_sqlite_master_loads(tmp_path: Path) -> None:
    path = tmp_path / "vendors.sqlite"
    write_vendor_sqlite([VendorRecord("S1", "Northwind Print Works Ltd", ("Northwind",))], path)
    master = load_vendor_master(path)
    assert master.vendors == [VendorRecord("S1", "Northwind Print Works Ltd", ("Northwind",))]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,name\nA,Alpha\nB,Beta,extra\n", "line 3: 3 fields"),
        (b"id,name\nA,Alpha\n,Nameless\n", "line 3: every vendor needs an id and a name"),
        (b"code,company\nA,Alpha\n", "line 1: the header needs the columns id and name"),
        (b"id,name\nA,Alpha\nB,\xff\xfe\xfa\n", "line 3: not UTF-8 or Shift_JIS"),
        (b"id,name\nA,Alpha\nA,Again\n", "vendor id 'A' is used twice"),
    ],
)
def test_a_bad_master_is_an_error_naming_the_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(VendorMasterError, match=message) as err:
        load_vendor_master(path)
    assert err.value.path == str(path.resolve())


def test_a_bad_json_master_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"id": "A", "name": "Alpha"},\n  {"id": "B" "name": "Beta"}\n]\n')
    with pytest.raises(VendorMasterError, match="line 3"):
        load_vendor_master(path)
