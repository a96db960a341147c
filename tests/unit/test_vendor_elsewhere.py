"""What else on a page tells which line names the issuer: a till's closing thanks, a name
printed again with its spaces, terms of payment and street lines that are no names (pure
functions over hand-built lines, positions as OCR returned them from generated scans)."""

from __future__ import annotations

from hand_lines import ocr_line

from axocr.extract.context import PageText
from axocr.extract.vendor import clean_vendor_text, unglue_legal_form, vendor_candidates
from axocr.lang.labels import ADDRESS_HINTS
from axocr.types import BBox, FieldCandidate


def _candidates(rows: list[tuple[str, float, float, float]], language: str) -> list[FieldCandidate]:
    """Vendor candidates of (text, left, top, right) rows one line high."""
    lines = [
        ocr_line(i, text, BBox(x0=x0, y0=y, x1=x1, y1=y + 0.018))
        for i, (text, x0, y, x1) in enumerate(rows)
    ]
    ctx = PageText(lines=lines, page_count=1, median_height=0.018, hits=[])
    return vendor_candidates(ctx, language=language)


def test_a_sign_is_held_where_the_till_thanks_customers_for_shopping_at_a_registered_name() -> None:
    # A receipt's header and footer as OCR read a worn print: the registered name only in the
    # footer, its spaces and its "BHD" misread.
    rows = [
        ("SURIA EXPRESS", 0.18, 0.03, 0.82),
        ("CO.REG:179095-V", 0.30, 0.096, 0.69),
        ("NO.84-1. LORONG CEMLANG 6.", 0.17, 0.145, 0.83),
        ("KUALA LLMPUR", 0.33, 0.192, 0.67),
        ("TOTAL INCL GST", 0.05, 0.56, 0.48),
        ("THANK YOULFOR SHOPPINGAT", 0.18, 0.727, 0.81),
        ("AIKTCCK CLEOTRICAL (RAWANG) SDN OHD", 0.05, 0.749, 0.94),
    ]
    by_text = {c.text: c for c in _candidates(rows, "en")}
    assert by_text["SURIA EXPRESS"].features["operator_elsewhere"] == 1.0
    named = by_text["AIKTCCK CLEOTRICAL (RAWANG) SDN OHD"]
    assert named.value.endswith("SDN BHD") and named.features["operator_elsewhere"] == 0.0
    # thanks that name no registered business hold nothing
    rows[-1] = ("SURIA EXPRESS KLANG", 0.05, 0.749, 0.94)
    by_text = {c.text: c for c in _candidates(rows, "en")}
    assert by_text["SURIA EXPRESS"].features["operator_elsewhere"] == 0.0


def test_a_name_ocr_glued_takes_the_spaces_another_line_prints_it_with() -> None:
    rows = [
        ("Cedente/prestatore", 0.09, 0.057, 0.25),
        ("TIRRENATRASPORTIS.N.C.", 0.09, 0.082, 0.45),
        ("Via Nazionale 38", 0.09, 0.105, 0.21),
        ("70122 Bari (BA)", 0.09, 0.117, 0.20),
        ("TIRRENA TRASPORTI S.N.C.· Via Nazionale 38 · 70122 Bari (BA)", 0.09, 0.191, 0.45),
    ]
    cands = _candidates(rows, "it")
    values = {c.text: c.value for c in cands}
    assert values["TIRRENATRASPORTIS.N.C."] == "TIRRENA TRASPORTI S.N.C."
    assert values[rows[-1][0]] == "TIRRENA TRASPORTI S.N.C."
    # a street and its house number is an address line, under the name
    street = next(c for c in cands if c.text == "Via Nazionale 38")
    assert street.features["address"] == 1.0
    assert max(cands, key=lambda c: c.score).value == "TIRRENA TRASPORTI S.N.C."


def test_a_glued_word_s_capital_i_is_not_taken_for_an_l_where_another_line_spaces_it() -> None:
    # As OCR read a generated Italian scan: the letterhead glued, the footer spaced. Glued,
    # "aI" looks like an "l" OCR read as a capital ("WorId"), which the footer shows it is not.
    rows = [
        ("AppenninicaImballaggi S.a.s.", 0.33, 0.046, 0.67),
        ("Via Giuseppe Mazzini, 158", 0.33, 0.07, 0.6),
        ("FATTURA N. 2023/118", 0.06, 0.2, 0.4),
        ("Appenninica Imballaggi S.a.s. - Sede legale: Via Giuseppe Mazzini, 158", 0.06, 0.93, 0.7),
    ]
    values = {c.text: c.value for c in _candidates(rows, "it")}
    assert values[rows[0][0]] == "Appenninica Imballaggi S.a.s."
    # with no spaced reading on the page, the letters are mended as before
    values = {c.text: c.value for c in _candidates(rows[:3], "it")}
    assert values[rows[0][0]] == "Appenninicalmballaggi S.a.s."


def test_a_dotted_legal_form_glued_to_a_name_in_capitals_is_set_apart() -> None:
    assert unglue_legal_form("TIRRENATRASPORTIS.N.C.") == "TIRRENATRASPORTI S.N.C."
    assert unglue_legal_form("ROSSIS.p.A.") == "ROSSI S.p.A."
    assert unglue_legal_form("J.R.R. TOLKIEN") == "J.R.R. TOLKIEN"


def test_terms_of_payment_whose_label_ocr_lost_are_no_name() -> None:
    rows = [
        ("TIPOGRAFIA LOMBARDI", 0.31, 0.071, 0.70),
        ("Spett.le", 0.10, 0.118, 0.16),
        ("NOTA DI CREDITO", 0.63, 0.118, 0.90),
        ("Adriatica Arredamenti S.r.l.s.", 0.10, 0.129, 0.35),
        ("Via IV Novembre 53", 0.10, 0.148, 0.23),
        ("Bonifico bancario 30 gg d.f.", 0.70, 0.153, 0.90),
        ("20135 Milano (MI)", 0.10, 0.161, 0.22),
    ]
    values = [c.value for c in _candidates(rows, "it")]
    assert "TIPOGRAFIA LOMBARDI" in values
    assert not any("Bonifico" in v for v in values)


def test_an_invoice_number_with_a_year_is_no_postcode_cut_from_a_name() -> None:
    # "025-0804" ends "FT-2025-0804" as a Japanese postcode ends a name; a number it is not.
    assert clean_vendor_text("FT-2025-0804") == "FT-2025-0804"
    assert clean_vendor_text("株式会社サンプル商事 100-0005") == "株式会社サンプル商事"


def test_via_before_a_street_s_name_and_house_number_is_an_address() -> None:
    assert ADDRESS_HINTS.search("Via Nazionale 38")
    assert ADDRESS_HINTS.search("via IV Novembre 53")
    assert not ADDRESS_HINTS.search("Spedito via corriere")


def test_a_phone_number_ocr_read_onto_the_name_s_line_is_cut() -> None:
    # The footer's name column and phone column read as one line: the short form "SNC" counts
    # only at a name's end, so the phone hid it.
    line = "TORREFAZIONE COSTA DI COSTA LUCA & C. SNC Tel. 091 0238905"
    assert clean_vendor_text(line) == "TORREFAZIONE COSTA DI COSTA LUCA & C. SNC"
    assert clean_vendor_text("ABC GmbH Telefon: +49 (0)30 123 456") == "ABC GmbH"
    assert clean_vendor_text("Hotel 1234567") == "Hotel 1234567"
