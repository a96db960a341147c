"""Locale packs (axocr/lang/<code>.toml): every shipped pack loads, a malformed one is a clear
error naming its file and key, and a language added as one file (Italian) is read end to end."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest
import tomllib
from fpdf import FPDF

import axocr
from axocr.config import LANGUAGES, ExtractConfig
from axocr.errors import LocalePackError
from axocr.lang.labels import compile_form_families, compile_labels, compile_month_names
from axocr.lang.packs import load_packs, shipped_packs, tesseract_codes
from axocr.normalize import find_dates
from axocr.validate.vendors import core_name, legal_forms

_MINIMAL = 'code = "xx"\nname = "Test"\norder = 9\ntesseract = "xxx"\n'


def _write(directory: Path, code: str, text: str) -> Path:
    path = directory / f"{code}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_pack_loads_and_is_a_known_language() -> None:
    codes = [p.code for p in shipped_packs()]
    assert set(codes) >= {"en", "ja", "de", "fr", "nl", "it"}
    assert tuple(codes) == LANGUAGES
    # English first: its labels win ties and it leads config.LANGUAGES, as before the packs.
    assert codes[0] == "en"
    assert tesseract_codes()["it"] == "ita"
    assert tesseract_codes()["ja"] == "jpn"


def test_italian_is_a_language_the_config_accepts() -> None:
    assert ExtractConfig(language="it").language == "it"
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        ExtractConfig(language="xx")


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ("[[labels.total]]\nstrength = 1.5\ntexts = ['x']\n", "labels.total.0.strength"),
        ("[[labels.totl]]\nstrength = 1.0\ntexts = ['x']\n", "labels.totl"),
        ("[markers]\ncustomer = ['bill(to']\n", "markers.customer"),
        ("[markers]\ncustommer = ['bill to']\n", "markers.custommer"),
        ("months = [['janvier']]\n", "months"),
        ("country_hints = ['italia']\n", "country_hints"),
    ],
)
def test_a_malformed_pack_is_an_error_naming_the_file_and_the_key(
    tmp_path: Path, extra: str, key: str
) -> None:
    text = _MINIMAL.replace('tesseract = "xxx"\n', f'tesseract = "xxx"\n{extra}')
    _write(tmp_path, "xx", text)
    with pytest.raises(LocalePackError) as err:
        load_packs(tmp_path)
    assert "xx.toml" in str(err.value)
    assert key in str(err.value)
    assert err.value.code == "locale_pack"


def test_a_pack_whose_code_is_not_its_file_name_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "yy", _MINIMAL)
    with pytest.raises(LocalePackError, match="'xx' differs from the file name 'yy'"):
        load_packs(tmp_path)


def test_a_pack_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "xx", "code = 'xx\n")
    with pytest.raises(LocalePackError, match=r"not valid TOML.*xx\.toml"):
        load_packs(tmp_path)


def test_two_fallback_languages_are_refused(tmp_path: Path) -> None:
    for code in ("xx", "yy"):
        text = _MINIMAL.replace('"xx"', f'"{code}"') + "[detect]\nwords = ['a']\nfallback = true\n"
        _write(tmp_path, code, text)
    with pytest.raises(LocalePackError, match="fallback: one pack at most, not xx, yy"):
        load_packs(tmp_path)


def test_english_is_the_fallback_language() -> None:
    assert [p.code for p in shipped_packs() if p.detect.fallback] == ["en"]


def test_a_month_name_that_means_two_months_is_refused(tmp_path: Path) -> None:
    months = "months = [" + ", ".join(f"['m{i}']" for i in range(1, 12)) + ", ['m1']]\n"
    _write(tmp_path, "xx", _MINIMAL.replace("order = 9\n", f"order = 9\n{months}"))
    with pytest.raises(LocalePackError, match="'m1' is month 12 here and month 1"):
        compile_month_names(load_packs(tmp_path))


def test_a_new_pack_adds_its_labels_field_by_field(tmp_path: Path) -> None:
    text = _MINIMAL + (
        "[[labels.total]]\nstrength = 1.0\ntexts = ['summa']\n"
        "[[labels.ignore]]\nstrength = 1.0\ntexts = ['summa rader']\n"
    )
    _write(tmp_path, "xx", text)
    labels = compile_labels(load_packs(tmp_path))
    assert [(x.text, x.field, x.strength, x.lang) for x in labels] == [
        ("summa", "total", 1.0, "xx"),
        ("summa rader", "_ignore", 1.0, "xx"),
    ]


def test_italian_month_names_are_read_in_dates() -> None:
    found = find_dates("Data fattura: 14 marzo 2024, scadenza 3 dicembre 2024")
    assert [d.value.isoformat() for d in found] == ["2024-03-14", "2024-12-03"]


def _draw(path: Path, items: list[tuple[float, float, str, int]]) -> Path:
    """A one-page PDF with each text at (x, y) in mm, in Helvetica of the given size."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    for x, y, text, size in items:
        pdf.set_font("helvetica", size=size)
        pdf.text(x, y, text)
    pdf.output(str(path))
    return path


def _italian_invoice(path: Path) -> Path:
    """An Italian invoice with the distractors a naive reader takes: the customer's block with
    its S.p.A., the VAT number, a customer and an order number, the taxable amount and VAT."""
    items = [
        (20, 20, "Ferramenta Rossi S.r.l.", 15),
        (20, 26, "Via Roma 12, 20121 Milano", 9),
        (20, 31, "Partita IVA: IT01234567890", 9),
        (120, 45, "Spett.le", 9),
        (120, 50, "Bianchi Costruzioni S.p.A.", 11),
        (120, 55, "Corso Italia 5, 10121 Torino", 9),
        (20, 75, "FATTURA", 16),
        (20, 85, "Numero fattura: 2024/0153", 10),
        (20, 91, "Data fattura: 14 marzo 2024", 10),
        (20, 97, "Codice cliente: 88412", 10),
        (20, 103, "Ordine n. 7781 del 2 marzo 2024", 10),
        (20, 125, "Descrizione", 10),
        (95, 125, "Quantità", 10),
        (120, 125, "Prezzo unitario", 10),
        (160, 125, "Importo", 10),
        (20, 132, "Viti e bulloni inox", 10),
        (100, 132, "40", 10),
        (125, 132, "15,00", 10),
        (160, 132, "600,00", 10),
        (20, 138, "Chiavi inglesi", 10),
        (100, 138, "8", 10),
        (125, 138, "50,00", 10),
        (160, 138, "400,00", 10),
        (110, 160, "Imponibile", 10),
        (160, 160, "1.000,00", 10),
        (110, 166, "IVA 22%", 10),
        (160, 166, "220,00", 10),
        (110, 174, "Totale documento", 11),
        (160, 174, "EUR 1.220,00", 11),
        (20, 200, "Scadenza: 13 aprile 2024", 10),
    ]
    return _draw(path, items)


def test_an_italian_invoice_is_read_with_the_italian_pack(tmp_path: Path) -> None:
    result = axocr.extract(_italian_invoice(tmp_path / "fattura.pdf"))
    fields = result.fields
    assert result.language == "it"
    assert fields.vendor.value == "Ferramenta Rossi S.r.l."
    assert fields.total.value == "1220.00"
    assert fields.currency.value == "EUR"
    assert fields.invoice_date.value == "2024-03-14"
    assert fields.invoice_number.value == "2024/0153"
    assert fields.due_date.value == "2024-04-13"
    assert fields.subtotal.value == "1000.00"
    assert fields.tax.value == "220.00"


def test_an_italian_items_table_is_read_with_the_italian_pack(tmp_path: Path) -> None:
    items = axocr.extract(_italian_invoice(tmp_path / "fattura.pdf")).line_items
    assert [(i.description, i.quantity, i.unit_price, i.amount) for i in items] == [
        ("Viti e bulloni inox", "40", "15.00", "600.00"),
        ("Chiavi inglesi", "8", "50.00", "400.00"),
    ]


def test_an_italian_legal_notice_is_not_the_vendor(tmp_path: Path) -> None:
    """The notice company law prints with the form and the capital, set large at the top as
    some letterheads do, names the form without being a name (the Italian pack's
    ``legal_notices``): the name under it is the vendor."""
    _draw(
        tmp_path / "notice.pdf",
        [
            (20, 20, "Capitale sociale 50.000 euro S.r.l.", 15),
            (20, 28, "Ferramenta Rossi", 12),
            (20, 34, "Via Roma 12, 20121 Milano", 9),
            (20, 60, "Numero fattura: 2024/0153", 10),
            (20, 66, "Data fattura: 14 marzo 2024", 10),
            (20, 90, "Totale documento EUR 1.220,00", 11),
        ],
    )
    assert axocr.extract(tmp_path / "notice.pdf").fields.vendor.value == "Ferramenta Rossi"


def test_an_italian_credit_note_from_rome_is_read_with_the_italian_pack(tmp_path: Path) -> None:
    """A nota di credito as Italian templates set it: the customer's block under "Fatturare a"
    above the seller's name, which stands in full only in the footer; its number and its
    currency as labels over their values; amounts with no sign; the seller in Rome, whose
    province code "(RM)" and register number "RM-1507031" are no ringgit."""
    _draw(
        tmp_path / "nota.pdf",
        [
            (20, 20, "FERRAMENTA ROSSI", 18),
            (20, 35, "Fatturare a", 9),
            (20, 41, "Bianchi Costruzioni S.p.A.", 12),
            (20, 46, "Corso Italia 5", 9),
            (20, 51, "10121 Torino (TO)", 9),
            (120, 20, "NOTA DI CREDITO", 16),
            (120, 35, "Nota di credito n.", 9),
            (120, 40, "NC-2025-0012", 10),
            (165, 35, "Divisa", 9),
            (165, 40, "EUR", 10),
            (120, 48, "Data documento: 3 ottobre 2025", 10),
            (20, 80, "Descrizione", 10),
            (160, 80, "Importo", 10),
            (20, 87, "Reso merce difettosa", 10),
            (160, 87, "500,00", 10),
            (110, 110, "Imponibile", 10),
            (160, 110, "500,00", 10),
            (110, 116, "IVA 22%", 10),
            (160, 116, "110,00", 10),
            (110, 124, "Totale documento", 11),
            (160, 124, "610,00", 11),
            (20, 270, "Ferramenta Rossi S.r.l. - Via Appia Nuova 10 - 00185 Roma (RM)", 8),
            (20, 275, "R.E.A. RM-1507031 - Partita IVA 01234567890", 8),
        ],
    )
    fields = axocr.extract(tmp_path / "nota.pdf").fields
    assert fields.vendor.value in ("Ferramenta Rossi S.r.l.", "FERRAMENTA ROSSI")
    assert fields.currency.value == "EUR"
    assert fields.invoice_number.value == "NC-2025-0012"
    assert fields.invoice_date.value == "2025-10-03"
    assert fields.total.value == "610.00"


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("Fattura n. 1518/2023del 05.11.2023", "1518/2023"),
        # in capitals, with the day glued on too (generated scan, seed 3693)
        ("FATTURA N. 2024/01507DEL22 dicembre 2024", "2024/01507"),
        # after a letter, the date following it (seed 3715)
        ("FATTURA N. 332/ADEL 21/05/2024", "332/A"),
        # the title's qualifier glued to "N." before the number (seed 8315)
        ("FATTURA IMMEDIATAN.1388 DEL13.08.2023", "1388"),
        # the whole line glued, the date too (seed 4736)
        ("FATTURAN.FT-2025-1417DEL12/10/2025", "FT-2025-1417"),
    ],
)
def test_a_joiner_glued_to_the_number_is_no_part_of_it(
    tmp_path: Path, title: str, number: str
) -> None:
    """As OCR read generated Italian scans: the space before "del" (of the date) lost."""
    _draw(
        tmp_path / "glued.pdf",
        [
            (20, 20, "Ferramenta Rossi S.r.l.", 15),
            (20, 40, title, 10),
            (20, 90, "Totale documento EUR 1.220,00", 11),
        ],
    )
    assert axocr.extract(tmp_path / "glued.pdf").fields.invoice_number.value == number


def test_an_immediate_fattura_with_its_shipping_date_beside_its_own(tmp_path: Path) -> None:
    """As generated (seed 3715): "FATTURA IMMEDIATA" is a title, not a name, and "Data
    spedizione" labels the shipment's date, not the invoice's; the seller is in the footer."""
    _draw(
        tmp_path / "immediata.pdf",
        [
            (15, 20, "Fatturare a", 9),
            (120, 21, "FATTURA IMMEDIATA", 16),
            (15, 25, "Ferramenta Ferrari Srl", 10),
            (15, 30, "Via Leonardo da Vinci 61, 20135 Milano (MI)", 9),
            (115, 40, "N. fattura: 1290/24", 9),
            (115, 45, "Data:", 9),
            (175, 45, "07/02/2024", 9),
            (115, 50, "Data spedizione:", 9),
            (175, 50, "03/02/2024", 9),
            (15, 90, "Canone assistenza software annuale   2   422,81   845,62", 9),
            (120, 120, "Totale documento EUR 1.031,66", 11),
            (15, 270, "Fratelli Gallo S.p.A.", 8),
            (15, 274, "Via dell'Industria 114, 59100 Prato (PO)", 8),
            (90, 274, "N. REA PO-540271 - Cap. Soc. Euro 1.000.000,00 i.v.", 8),
        ],
    )
    fields = axocr.extract(tmp_path / "immediata.pdf").fields
    assert fields.vendor.value == "Fratelli Gallo S.p.A."
    assert fields.invoice_date.value == "2024-02-07"


def test_the_vendor_master_knows_the_italian_legal_forms() -> None:
    assert legal_forms("Ferramenta Rossi S.r.l.") == {"srl"}
    assert legal_forms("Ferramenta Rossi società a responsabilità limitata") == {"srl"}
    assert core_name("Ferramenta Rossi S.r.l.") == core_name("FERRAMENTA ROSSI SRL")
    # An S.p.A. and an S.r.l. of the same name are two companies.
    assert legal_forms("Bianchi S.p.A.") != legal_forms("Bianchi S.r.l.")


def test_a_legal_form_in_two_families_is_refused(tmp_path: Path) -> None:
    for code, family in (("xx", "ltd"), ("yy", "gmbh")):
        text = _MINIMAL.replace('"xx"', f'"{code}"')
        _write(tmp_path, code, text + f'[legal_forms.families]\nfoo = "{family}"\n')
    with pytest.raises(LocalePackError, match="'foo' is of family 'gmbh' here and 'ltd'"):
        compile_form_families(load_packs(tmp_path))


def test_the_wheel_ships_every_locale_pack() -> None:
    root = Path(__file__).resolve().parents[2]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["axocr"]
    packs = sorted((root / "axocr" / "lang").glob("*.toml"))
    assert packs
    for pack in packs:
        rel = pack.relative_to(root / "axocr").as_posix()
        assert any(fnmatch.fnmatch(rel, g) for g in globs), f"{rel} is not in package-data"


def test_a_german_invoice_correction_is_an_invoice_and_numbered_by_its_title(
    tmp_path: Path,
) -> None:
    """ "Rechnungskorrektur" (seed 5527's scan, its number's label lost to OCR, the title and
    number in the next page's header) titles an invoice: its number follows the title, and a
    correction without one is held for it, not passed as a receipt would be."""
    page = [
        (20, 20, "Schneider Baustoffe UG (haftungsbeschränkt)", 12),
        (20, 26, "Bahnhofstraße 69, 60311 Frankfurt am Main", 9),
        (20, 50, "Rechnungskorrektur RE-28937", 14),
        (20, 60, "Belegdatum: 18.07.2025", 9),
        (20, 100, "Rechnungsbetrag 1.190,00 EUR", 11),
    ]
    _draw(tmp_path / "korrektur.pdf", page)
    assert axocr.extract(tmp_path / "korrektur.pdf").fields.invoice_number.value == "RE-28937"
    page[2] = (20, 50, "Rechnungskorrektur", 14)
    _draw(tmp_path / "ohne.pdf", page)
    result = axocr.extract(tmp_path / "ohne.pdf")
    assert result.fields.invoice_number.value is None
    assert "invoice_number:missing" in result.review_reasons
