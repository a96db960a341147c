"""The registry of qualified invoice issuers: import of the published files, lookups, checks;
and the identifiers on a page, validated by python-stdnum."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from axocr.errors import RegistryError
from axocr.types import ExtractedField, Fields, Finding
from axocr.validate.identifiers import find_identifiers
from axocr.validate.registry import (
    Registry,
    check_registration,
    import_registry,
    names_agree,
    normalize_number,
    write_registry_csv,
)

# Numbers with valid check digits (stdnum.jp.cn); the first is the National Tax Agency's own
# example corporate number.
SAMPLE = "T7000012050002"
EXPIRED = "T7301170638349"
WITHDRAWN = "T4301100461551"
RENAMED = "T6201089942891"


def _row(number: str, name: str, **extra: str) -> dict[str, str]:
    row = {
        "sequenceNumber": "1",
        "registratedNumber": number,
        "process": "01",
        "correct": "0",
        "kind": "2",
        "country": "1",
        "latest": "1",
        "registrationDate": "2023-10-01",
        "updateDate": "2023-10-01",
        "address": "東京都千代田区霞が関３丁目１－１",
        "addressPrefectureCode": "13",
        "addressCityCode": "101",
        "name": name,
    }
    row.update(extra)
    return row


ROWS = [
    _row(SAMPLE, "株式会社サンプル商事"),
    _row(EXPIRED, "サクラ物産合同会社", process="03", expireDate="2024-10-01"),
    _row(WITHDRAWN, "合同会社清水企画", process="04", disposalDate="2024-04-01"),
    # a history row before the latest one: the latest wins whatever the order
    _row(RENAMED, "丸和テクノロジー合同会社", latest="1", updateDate="2024-05-01"),
    _row(RENAMED, "旧丸和商会合同会社", latest="0", updateDate="2023-10-01"),
]


def _published_csv(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    text = io.StringIO()
    write_registry_csv(rows, text)
    return text.getvalue().encode(encoding)


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("registry")
    plain = folder / "00_zenken.csv"
    plain.write_bytes(_published_csv(ROWS[:3]))
    # the second file comes zipped, as the publication site serves it
    zipped = folder / "01_zenken.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("01_zenken.csv", _published_csv(ROWS[3:]))
    db = folder / "registry.sqlite"
    stats = import_registry([plain, zipped], db)
    assert (stats.rows, stats.files) == (5, 2)
    return db


def test_the_published_format_has_24_columns_and_no_header() -> None:
    lines = _published_csv(ROWS[:1]).decode().splitlines()
    assert len(lines) == 1
    fields = lines[0].split(",")
    assert len(fields) == 24
    assert fields[1] == f'"{SAMPLE}"' and fields[18] == '"株式会社サンプル商事"'


def test_imported_registrations_are_found_by_number(registry_db: Path) -> None:
    registry = Registry(registry_db)
    entry = registry.lookup(SAMPLE)
    assert entry is not None and entry.name == "株式会社サンプル商事" and entry.kind == "2"
    # printed forms of the same number
    assert registry.lookup("Ｔ７０００-０１２０-５０００２") == entry
    assert registry.lookup("7000012050002") == entry
    assert registry.lookup("T1234567890123") is None
    assert registry.lookup("not a number") is None
    assert registry.count() == 4


def test_the_latest_row_of_a_registration_wins(registry_db: Path) -> None:
    entry = Registry(registry_db).lookup(RENAMED)
    assert entry is not None and entry.name == "丸和テクノロジー合同会社"


def test_a_registration_is_in_force_between_its_dates(registry_db: Path) -> None:
    registry = Registry(registry_db)
    expired = registry.lookup(EXPIRED)
    assert expired is not None
    assert expired.in_force_on(dt.date(2024, 9, 30))[0]
    in_force, why = expired.in_force_on(dt.date(2024, 10, 1))
    assert not in_force and "expired" in why
    assert not expired.in_force_on(dt.date(2023, 9, 30))[0]  # before registration
    withdrawn = registry.lookup(WITHDRAWN)
    assert withdrawn is not None and "withdrawn" in withdrawn.in_force_on(dt.date(2025, 1, 1))[1]


def test_a_deletion_row_removes_the_registration(registry_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite"
    db.write_bytes(registry_db.read_bytes())
    deletion = tmp_path / "sabun.csv"
    deletion.write_bytes(_published_csv([_row(SAMPLE, "株式会社サンプル商事", process="99")]))
    stats = import_registry([deletion], db)
    assert stats.deleted == 1
    assert Registry(db).lookup(SAMPLE) is None


def test_a_shift_jis_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sjis.csv"
    path.write_bytes(_published_csv([_row(SAMPLE, "株式会社サンプル商事")], "cp932"))
    import_registry([path], tmp_path / "r.sqlite")
    entry = Registry(tmp_path / "r.sqlite").lookup(SAMPLE)
    assert entry is not None and entry.name == "株式会社サンプル商事"


@pytest.mark.parametrize(
    ("line2", "message"),
    [
        ('"2","T7000012050002","01"', "line 2: 3 fields, the published format has 24"),
        (",".join(['"2"', '"7000012050002"'] + ['""'] * 22), "line 2: '7000012050002' is not"),
    ],
)
def test_a_file_not_in_the_published_format_names_its_line(
    tmp_path: Path, line2: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(_published_csv(ROWS[:1]) + line2.encode() + b"\r\n")
    with pytest.raises(RegistryError, match=message):
        import_registry([path], tmp_path / "r.sqlite")


def test_a_missing_or_foreign_database_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        Registry(tmp_path / "none.sqlite")
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"not a database at all, just text")
    with pytest.raises(RegistryError, match="not a registry database"):
        Registry(other)


def _fields(number: str, vendor: str, date: str) -> Fields:
    return Fields(
        vendor=ExtractedField(value=vendor),
        registration_number=ExtractedField(value=number),
        invoice_date=ExtractedField(value=date),
    )


def _failed(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings if not f.ok}


def test_a_registered_number_with_its_name_passes(registry_db: Path) -> None:
    findings = check_registration(
        _fields(SAMPLE, "(株)サンプル商事", "2024-05-01"), str(registry_db)
    )
    assert {f.code for f in findings} == {"registration_unknown", "registration_name_mismatch"}
    assert _failed(findings) == set()


def test_a_number_not_registered_or_expired_at_the_invoice_date_is_unknown(
    registry_db: Path,
) -> None:
    missing = check_registration(_fields("T1234567890123", "X", "2024-05-01"), str(registry_db))
    assert _failed(missing) == {"registration_unknown"}
    expired = check_registration(
        _fields(EXPIRED, "サクラ物産合同会社", "2025-01-10"), str(registry_db)
    )
    assert _failed(expired) == {"registration_unknown"}
    before = check_registration(
        _fields(EXPIRED, "サクラ物産合同会社", "2024-09-30"), str(registry_db)
    )
    assert _failed(before) == set()


def test_a_number_registered_to_another_name_is_a_mismatch(registry_db: Path) -> None:
    findings = check_registration(
        _fields(SAMPLE, "東都物産株式会社", "2024-05-01"), str(registry_db)
    )
    assert _failed(findings) == {"registration_name_mismatch"}


def test_registered_and_printed_names_agree_up_to_legal_form_and_ocr() -> None:
    assert names_agree("サクラ物産(同)", "サクラ物産合同会社")
    assert names_agree("ｻｸﾗ物産", "サクラ物産合同会社")
    assert names_agree("サクラ物産 新宿店", "サクラ物産合同会社")  # a branch holds the name
    assert not names_agree("サクラ物流", "サクラ物産合同会社")
    assert not names_agree("東日本物流株式会社", "西日本物流株式会社")


def test_normalize_number_accepts_printed_forms_only() -> None:
    assert normalize_number("t 7000 0120 50002") == SAMPLE
    assert normalize_number("T700001205000") is None


# --- identifiers through python-stdnum ------------------------------------------------------

PAGE = """Beacon Supplies GmbH
USt-IdNr.: DE 136 695 976
VAT No. DE589318617
IBAN: DE89 3704 0044 0532 0130 00
IBAN DE89 3704 0044 0532 0130 01
登録番号 T7000012050002   法人番号：7000012050003
Order ref FR40303265045
"""


def test_identifiers_on_the_page_are_validated() -> None:
    found = {(i.kind, i.value): i.valid for i in find_identifiers(PAGE)}
    assert found == {
        ("vat_id", "DE136695976"): True,
        ("vat_id", "DE589318617"): False,  # labelled, but the check digit is wrong
        ("vat_id", "FR40303265045"): True,  # no label, but a valid French VAT number
        ("iban", "DE89370400440532013000"): True,
        ("iban", "DE89370400440532013001"): False,
        ("registration_number", "T7000012050002"): True,
        ("corporate_number", "7000012050003"): False,
    }


def test_a_shape_without_label_that_does_not_validate_is_not_reported() -> None:
    assert find_identifiers("Invoice DE12345678 total 10.00") == []


def test_uk_vat_ids_are_checked_as_uk_numbers_and_never_stop_extraction() -> None:
    # python-stdnum 2.x no longer compacts GB numbers as EU VAT ids (it raised, and the
    # whole document failed); a UK id is checked by stdnum.gb.vat.
    page = "VAT Reg No: GB 980 7806 84\nVAT No. GB123456789\nVAT XI 123 456 789"
    found = {(i.kind, i.value): i.valid for i in find_identifiers(page)}
    assert found == {
        ("vat_id", "GB980780684"): True,
        ("vat_id", "GB123456789"): False,
        ("vat_id", "XI123456789"): False,
    }
