"""Label matching on OCR'd lines (pure functions over hand-built lines): a sign OCR returns for
a letter of a label word still lets the line's start be read as that label."""

from __future__ import annotations

import pytest
from hand_lines import ocr_line

from axocr.extract.context import PageText, find_label_hits
from axocr.extract.fields import amount_candidates, labelled_id_candidates
from axocr.extract.vendor import vendor_candidates
from axocr.lang.labels import CUSTOMER_MARKERS
from axocr.normalize import capital_i_for_l
from axocr.types import BBox


def _page(text: str, *, from_ocr: bool) -> PageText:
    line = ocr_line(0, text, BBox(x0=0.6, y0=0.47, x1=0.9, y1=0.48), from_ocr=from_ocr)
    return PageText(lines=[line], page_count=1, median_height=0.01, hits=[])


def test_a_dollar_sign_read_for_an_s_still_starts_a_subtotal_label_on_an_ocr_line() -> None:
    hits = find_label_hits(_page("$ubtotaal EUR 71.797,58", from_ocr=True))
    assert [(h.label.field, h.start, h.end) for h in hits] == [("subtotal", 0, 9)]


def test_a_text_layer_line_is_matched_exactly_only() -> None:
    assert find_label_hits(_page("$ubtotaal EUR 71.797,58", from_ocr=False)) == []


def test_the_start_of_a_longer_word_is_not_a_misread_label() -> None:
    # "Rechnungsan" is one letter from "Rechnungsnr", but the word goes on: "...schrift", the
    # heading of the customer's address, whose GLN is no invoice number.
    hits = find_label_hits(_page("Rechnungsanschrift ILN 4095282864866", from_ocr=True))
    assert [h.label.field for h in hits if h.start == 0] == []


def test_a_misread_last_letter_still_ends_a_label() -> None:
    # "Subtotai": the slip is the label's own last letter, not a longer word.
    hits = find_label_hits(_page("Subtotai : 15.90", from_ocr=True))
    assert [(h.label.field, h.start) for h in hits] == [("subtotal", 0)]


def _label_at_start(text: str) -> str | None:
    hits = [h for h in find_label_hits(_page(text, from_ocr=True)) if h.start == 0]
    return max(hits, key=lambda h: h.end).label.field if hits else None


def test_a_short_latin_label_is_read_through_letters_ocr_confuses_only() -> None:
    # PP-OCRv6 on generated scans: o read as a, twice in "Invaice Na."
    assert _label_at_start("Invaice # 67496") == "invoice_number"
    assert _label_at_start("invaice Na. 2023-0415-73") == "invoice_number"
    # t and n are no look-alikes: the customer's heading is no number's label
    assert _label_at_start("BILL TO") is None
    # three look-alikes are too many
    assert _label_at_start("lnvaice Na. 2023") is None
    # a dot-matrix B that lost a stroke, read as E or D (generated receipts)
    assert _label_at_start("SUE TOTAL 617.56") == "subtotal"
    assert _label_at_start("SUD TOTAL 379.24") == "subtotal"


def test_a_title_word_is_no_label_that_adds_a_one_letter_word_to_it() -> None:
    # "fattura n" less its "n" is the title: the issuer's address after it holds a house
    # number, no invoice number (a generated Italian scan)
    line = "Fattura accompagnatoria Fratelli Bruno Srls · Via dell'Artigianato, 28"
    assert _label_at_start(line) is None
    assert _label_at_start("Fattura n 2025/00211") == "invoice_number"
    assert _label_at_start("Fattura a 2025/00211") is None


def test_a_three_kanji_label_is_read_through_a_known_look_alike_only() -> None:
    assert _label_at_start("清求日") == "invoice_date"  # 清 shares 請's 青
    assert _label_at_start("萌求日") == "invoice_date"  # 月 under a box, as in 青
    assert _label_at_start("請求目") == "invoice_date"
    assert _label_at_start("作業日") is None  # 業 is no look-alike of 成: a work date
    # 請 read as any kanji before 求 and the rest in place (generated scans, seed 2604)
    assert _label_at_start("翡求日") == "invoice_date"
    assert _label_at_start("防求日") == "invoice_date"
    assert _label_at_start("防求書") is None  # 請求書 is a title, not a 3-kanji label
    assert _label_at_start("防要日") is None


def test_a_longer_kanji_label_takes_one_slip_besides_its_look_alikes() -> None:
    assert _label_at_start("請求書番亏") == "invoice_number"  # one slip
    assert _label_at_start("清求鑫番号") == "invoice_number"  # a look-alike and a slip
    assert _label_at_start("清求鑫番亏") is None  # a look-alike and two slips
    assert _label_at_start("硝求者番号") == "invoice_number"  # two look-alikes
    assert _label_at_start("謂求鑫番亏") is None  # three slips
    # 込, a kanji made in Japan, read as the Chinese 达, and お as 方 (a generated scan)
    assert _label_at_start("方振达期限 2023年03月31日") == "due_date"
    assert _label_at_start("方振込期限 2023年03月31日") == "due_date"  # one slip
    assert _label_at_start("方振达期間") is None  # a look-alike and two slips


def _invoice_numbers(text: str, *, from_ocr: bool) -> list[str]:
    page = _page(text, from_ocr=from_ocr)
    page.hits = find_label_hits(page)
    return [c.value for c in labelled_id_candidates(page, True, "invoice_number")]


def test_a_joiner_inside_a_number_leaves_the_glued_joiner_before_the_date_found() -> None:
    # "DEL3/A" is no date, so the number goes on past it; the "DEL" glued to its end still
    # introduces the date after the token, which the check of that end reads.
    assert _invoice_numbers("Fattura n. 12DEL3/ADEL 21/05/2024", from_ocr=False) == ["12DEL3/A"]


def test_a_small_l_by_a_capital_in_an_ocr_read_invoice_number_is_a_capital_i() -> None:
    # A sans-serif I and l are one stroke: OCR read "SI/24/4488" as "Sl/24/4488".
    assert _invoice_numbers("Invoice No: Sl/24/4488", from_ocr=True) == ["SI/24/4488"]
    # A text layer spells what was typed; a number with other small letters is as read.
    assert _invoice_numbers("Invoice No: Sl/24/4488", from_ocr=False) == ["Sl/24/4488"]
    assert _invoice_numbers("Invoice No: Inv-l2", from_ocr=True) == ["Inv-l2"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("lNV-0042", "INV-0042"),
        ("AB-Il-7", "AB-II-7"),
        ("l/24/0042", "l/24/0042"),  # beside digits only: a 1 as likely as an I
        ("AB-l/24", "AB-l/24"),
        ("SI/24/4488", "SI/24/4488"),
    ],
)
def test_capital_i_for_l(token: str, expected: str) -> None:
    assert capital_i_for_l(token) == expected


def test_a_japanese_label_a_particle_makes_a_noun_of_a_sentence_is_weaker() -> None:
    # "within 14 days from the invoice date, please transfer": a generated scan's due date
    # under this sentence was taken for the invoice date over the one under 請求日付
    def score(text: str) -> list[tuple[str, float]]:
        return [(h.label.field, h.score) for h in find_label_hits(_page(text, from_ocr=True))]

    assert score("請求日より14日以内にお振込みください。") == [("invoice_date", 0.6)]
    assert score("お支払期限までにお振込みください") == [("due_date", 0.6)]
    assert score("請求日付") == [("invoice_date", 1.0)]
    assert score("請求日 2023/11/02") == [("invoice_date", 1.0)]


def test_a_misread_longer_label_of_another_field_beats_the_short_one_it_opens_with() -> None:
    # "Date" alone labels the invoice date; "Date Ondered" is the order date OCR misread.
    assert _label_at_start("Date Ondered") == "_ignore"
    # "GST" and "NO" are labels of their own; "GST REG. NO" labels neither a tax nor a number.
    hits = find_label_hits(_page("GST REG. NO: 000768122880", from_ocr=True))
    assert {h.label.field for h in hits} == {"_ignore"}
    # A line read exactly stays as read: no slip to repair.
    assert _label_at_start("Date Ordered") == "_ignore"
    assert _label_at_start("Date 12/03/2024") == "invoice_date"


def test_a_longer_label_of_the_same_field_leaves_the_exact_one() -> None:
    hits = find_label_hits(_page("Total Sales (Inclusive GST) RM 2.50", from_ocr=True))
    assert [(h.label.field, h.start, h.end) for h in hits if h.start == 0] == [("total", 0, 5)]


def test_an_accent_ocr_dropped_from_a_capital_leaves_the_label() -> None:
    # "Échéance" with its capital's accent lost, the small é kept: no label spells it so.
    assert _label_at_start("Echéance") == "due_date"
    assert _label_at_start("Echeance") == "due_date"  # every accent lost: found as before


def _ocr_page(rows: list[tuple[str, BBox]]) -> PageText:
    """A page of OCR'd lines (text, box), its labels found."""
    lines = [ocr_line(i, text, box) for i, (text, box) in enumerate(rows)]
    page = PageText(lines=lines, page_count=1, median_height=0.015, hits=[])
    page.hits = find_label_hits(page)
    return page


def test_words_beside_a_label_end_its_row_even_where_they_read_as_another_label() -> None:
    """An OCR'd sidebar label with an items table's first row on its row: "Printer toner
    cartridge" starts one letter off the label "Printed", and neither it nor the quantity
    and price beyond it are "INV. NO."'s value; the number under the label is."""
    rows = [
        ("INV. NO.", BBox(x0=0.054, y0=0.158, x1=0.106, y1=0.171)),
        ("Printer toner cartridge", BBox(x0=0.372, y0=0.156, x1=0.517, y1=0.171)),
        ("5", BBox(x0=0.657, y0=0.156, x1=0.674, y1=0.171)),
        ("49.76", BBox(x0=0.738, y0=0.156, x1=0.782, y1=0.171)),
        ("A-01027", BBox(x0=0.054, y0=0.170, x1=0.118, y1=0.185)),
    ]
    page = _ocr_page(rows)
    assert "_ignore" in {h.label.field for h in page.hits if h.line is page.lines[1]}
    values = [c.value for c in labelled_id_candidates(page, True, "invoice_number")]
    assert values == ["A-01027"]


def test_a_label_of_another_field_under_a_label_ends_the_search_below() -> None:
    """OCR read a sidebar's value and label as one line ("PO-542937 PURCHASE ORDER"): the
    number under the next label, "CUSTOMER ID", is the customer's, not the order's."""
    rows = [
        ("PO-542937 PURCHASE ORDER", BBox(x0=0.050, y0=0.229, x1=0.166, y1=0.255)),
        ("Net Amount", BBox(x0=0.569, y0=0.233, x1=0.667, y1=0.250)),
        ("6,028.68 AUD", BBox(x0=0.799, y0=0.234, x1=0.908, y1=0.249)),
        ("CUSTOMER ID", BBox(x0=0.051, y0=0.260, x1=0.139, y1=0.273)),
        ("C56614", BBox(x0=0.050, y0=0.271, x1=0.121, y1=0.287)),
    ]
    values = [c.value for c in labelled_id_candidates(_ocr_page(rows), True, "purchase_order")]
    assert "C56614" not in values


def test_a_sender_line_right_of_a_number_label_gives_no_house_number() -> None:
    """A scan's title line OCR glued whole, beside the issuer's one-line sender address over
    the window envelope's customer block: the house number after the street is no invoice
    number; the number under "Fattura n." in the grid below is."""
    rows = [
        ("Fattura n. del 12/10/2025", BBox(x0=0.089, y0=0.181, x1=0.470, y1=0.196)),
        (
            "Torrefazione Colombo di Colombo Mario & C. S.n.c. Piazza del Duomo, 116 - 10128 "
            "Torino (TO)",
            BBox(x0=0.529, y0=0.179, x1=0.910, y1=0.191),
        ),
        ("Fattura n.", BBox(x0=0.094, y0=0.285, x1=0.145, y1=0.299)),
        ("FT-2025-1417", BBox(x0=0.094, y0=0.299, x1=0.187, y1=0.314)),
    ]
    values = [c.value for c in labelled_id_candidates(_ocr_page(rows), True, "invoice_number")]
    assert "116" not in values
    assert "FT-2025-1417" in values
    # one word before the number is still the label's value: "Invoice No. | Ref 4471"
    rows = [
        ("Invoice No.", BBox(x0=0.10, y0=0.20, x1=0.20, y1=0.215)),
        ("Ref 4471", BBox(x0=0.30, y0=0.20, x1=0.40, y1=0.215)),
    ]
    values = [c.value for c in labelled_id_candidates(_ocr_page(rows), True, "invoice_number")]
    assert values == ["4471"]


def test_a_delivery_note_number_read_with_a_look_alike_is_no_invoice_number() -> None:
    # A generated scan's 納品書No read as 纳品西No: the simplified 纳 and 西 for 書. Read
    # through both it is the delivery note's label, not the bare "No" of an invoice number.
    assert _label_at_start("纳品西No") == "_ignore"
    assert _invoice_numbers("纳品西No DN-934984", from_ocr=True) == []


def test_a_gs1_number_after_its_own_label_is_no_invoice_number() -> None:
    # A generated scan lost its "Invoice Number" label; the title INVOICE stood left of the
    # customer's "GLN 5016554525819", which was taken for the number.
    assert _invoice_numbers("INVOICE GLN 5016554525819 Bill To", from_ocr=True) == []
    assert _invoice_numbers("Invoice No: 60-1689 GLN 5016554525819", from_ocr=True) == ["60-1689"]


@pytest.mark.parametrize(
    "line",
    ["Adressede facturation Lefèvre Conseil", "BILLTO: Harbor Kitchen Ltd", "Ship to Acme Inc."],
)
def test_a_customer_heading_whose_space_ocr_lost_still_marks_the_customer(line: str) -> None:
    assert CUSTOMER_MARKERS.search(line)


@pytest.mark.parametrize("line", ["SHIPTON MILL LTD", "Billtong House Ltd", "Soldton Farm"])
def test_a_name_that_begins_with_a_heading_s_words_is_no_customer_heading(line: str) -> None:
    assert not CUSTOMER_MARKERS.search(line)


def test_a_vendor_whose_name_begins_like_ship_to_is_still_the_vendor() -> None:
    # 'ship\s*to' had matched inside "SHIPTON", so the issuer's name counted as a customer
    # block and lost to the address line under it
    rows = [
        ("SHIPTON MILL LTD", 0.03, 0.03),
        ("Long Newnton, Tetbury GL8 8RP", 0.07, 0.024),
        ("Invoice No: 4411", 0.16, 0.024),
        ("TOTAL 114.30", 0.40, 0.024),
    ]
    lines = [
        ocr_line(i, text, BBox(x0=0.25, y0=top, x1=0.75, y1=top + height))
        for i, (text, top, height) in enumerate(rows)
    ]
    ctx = PageText(lines=lines, page_count=1, median_height=0.024, hits=[])
    best = max(vendor_candidates(ctx, language="en"), key=lambda c: c.score)
    assert best.value == "SHIPTON MILL LTD"


def test_a_capital_d_read_as_o_still_names_the_delivery_note_date() -> None:
    # A generated Italian scan's "Data DDT" read as "Data DOT": the delivery note's date,
    # not the bare "Data" of the invoice's.
    assert _label_at_start("Data DOT") == "_ignore"
    assert _label_at_start("Data 19.08.2025") == "invoice_date"


def test_a_postcode_line_of_the_customer_block_is_no_value_of_a_label_level_with_it() -> None:
    """A credit note's grid whose "Data" heading OCR lost: the customer's "00144 - Roma
    (RM)", the third line under its marker, stands level with "N. nota di credito", whose
    own number is under it (positions as OCR read a generated scan)."""
    rows = [
        ("Intestatario", BBox(x0=0.529, y0=0.174, x1=0.608, y1=0.189)),
        ("Cod. GLN 8037429183733", BBox(x0=0.530, y0=0.186, x1=0.696, y1=0.201)),
        ("Ferramenta Conti SpA", BBox(x0=0.528, y0=0.196, x1=0.721, y1=0.215)),
        ("Corso Vittorio Emanuele II, 132", BBox(x0=0.530, y0=0.215, x1=0.722, y1=0.230)),
        ("N. nota di credito", BBox(x0=0.082, y0=0.232, x1=0.178, y1=0.245)),
        ("00144 - Roma (RM)", BBox(x0=0.529, y0=0.228, x1=0.654, y1=0.242)),
        ("1441/25", BBox(x0=0.081, y0=0.245, x1=0.147, y1=0.263)),
        ("P. IVA IT25321550581", BBox(x0=0.529, y0=0.240, x1=0.671, y1=0.255)),
    ]
    page = _ocr_page(rows)
    block = page.customer_block
    assert id(page.lines[5]) in block and id(page.lines[3]) in block
    assert id(page.lines[4]) not in block and id(page.lines[7]) not in block
    values = [c.value for c in labelled_id_candidates(page, True, "invoice_number")]
    assert values == ["1441/25"]


def test_a_totals_block_whose_rows_slant_pairs_its_labels_and_amounts_in_order() -> None:
    """A generated Japanese scan bent so that each label's row reaches into two amounts: five
    labels over one another beside five amounts, the n-th label's is the n-th (positions as
    OCR read it). The sentence under the block starts with a label, but is no row of it."""
    rows = [
        ("小計(税抜)", BBox(x0=0.194, y0=0.446, x1=0.259, y1=0.464)),
        ("消費税(10%)", BBox(x0=0.193, y0=0.460, x1=0.270, y1=0.478)),
        ("2,264,550円", BBox(x0=0.386, y0=0.454, x1=0.455, y1=0.470)),
        ("合計金額", BBox(x0=0.195, y0=0.476, x1=0.244, y1=0.492)),
        ("226,455円", BBox(x0=0.394, y0=0.468, x1=0.454, y1=0.485)),
        ("前受金", BBox(x0=0.193, y0=0.489, x1=0.233, y1=0.506)),
        ("2,491,005円", BBox(x0=0.383, y0=0.481, x1=0.454, y1=0.499)),
        ("-498,000円", BBox(x0=0.389, y0=0.497, x1=0.453, y1=0.513)),
        ("今回ご請求額", BBox(x0=0.192, y0=0.506, x1=0.273, y1=0.525)),
        ("1,993,005円", BBox(x0=0.373, y0=0.513, x1=0.453, y1=0.531)),
        ("請求日より14日以内にお振込みください。", BBox(x0=0.185, y0=0.532, x1=0.374, y1=0.552)),
    ]
    found = amount_candidates(_ocr_page(rows), None)
    first: dict[str | None, str] = {}
    for c in found:
        first.setdefault(c.origin.label, c.value)
    assert first == {
        "小計": "2264550",
        "消費税": "226455",
        "合計金額": "2491005",
        "今回ご請求額": "1993005",
    }


def test_a_receipt_whose_rows_slant_the_other_way_pairs_each_label_with_the_upper_amount() -> None:
    """A generated receipt photograph whose amounts stand half a row above their labels: each
    label reaches its own amount and the next. Taking the lower would leave "CHANGE" nothing
    of its own, so every label takes the upper (positions as OCR read it)."""
    rows = [
        ("WATER 1.5L", BBox(x0=0.188, y0=0.441, x1=0.340, y1=0.469)),
        ("8.30", BBox(x0=0.768, y0=0.432, x1=0.827, y1=0.452)),
        ("8.30", BBox(x0=0.769, y0=0.463, x1=0.829, y1=0.487)),
        ("SUB TOTAL", BBox(x0=0.191, y0=0.475, x1=0.336, y1=0.501)),
        ("0.50", BBox(x0=0.771, y0=0.486, x1=0.830, y1=0.507)),
        ("GST 6%", BBox(x0=0.193, y0=0.499, x1=0.294, y1=0.522)),
        ("8.80", BBox(x0=0.768, y0=0.509, x1=0.831, y1=0.531)),
        ("TOTAL (RM)", BBox(x0=0.193, y0=0.520, x1=0.361, y1=0.547)),
        ("10.00", BBox(x0=0.764, y0=0.532, x1=0.832, y1=0.553)),
        ("CASH", BBox(x0=0.195, y0=0.543, x1=0.276, y1=0.570)),
        ("1.20", BBox(x0=0.775, y0=0.551, x1=0.834, y1=0.575)),
        ("CHANGE", BBox(x0=0.198, y0=0.565, x1=0.310, y1=0.588)),
    ]
    first: dict[str | None, str] = {}
    for c in amount_candidates(_ocr_page(rows), None):
        first.setdefault(c.field, c.value)
    assert first == {"subtotal": "8.30", "tax": "0.50", "total": "8.80"}


def test_the_drift_of_a_column_counts_row_heads_that_are_no_known_label() -> None:
    """A generated Dutch scan whose amounts stand a little below their heads. "Vracht"
    (freight) is no label of a field, yet a row of the block: the upper way would give it the
    amount of "Totaal artikelen" above it, so the rows drift the lower way, and the net
    total is 13.259,25, not the freight. A line holding its label and its value ("BTW 21%
    ... EUR 2.783,24") is a row of its own, no value of the rows beside it."""
    rows = [
        ("Totaal artikelen", BBox(x0=0.1031, y0=0.4749, x1=0.2368, y1=0.4953)),
        ("EUR 13.237,25", BBox(x0=0.3360, y0=0.4788, x1=0.4650, y1=0.5008)),
        ("Vracht", BBox(x0=0.1031, y0=0.4942, x1=0.1668, y1=0.5124)),
        ("EUR 22,00", BBox(x0=0.3706, y0=0.4981, x1=0.4642, y1=0.5190)),
        ("Totaal excl. BTW", BBox(x0=0.1015, y0=0.5124, x1=0.2439, y1=0.5328)),
        ("EUR 13.259,25", BBox(x0=0.3352, y0=0.5168, x1=0.4618, y1=0.5366)),
        ("BTW 21% (over 13.253,51) EUR 2.783,24", BBox(x0=0.1015, y0=0.5306, x1=0.4618, y1=0.5554)),
        ("BTW 9% (over 5,74)", BBox(x0=0.1015, y0=0.5499, x1=0.2683, y1=0.5708)),
        ("EUR 0,52", BBox(x0=0.3777, y0=0.5543, x1=0.4618, y1=0.5752)),
        ("Factuurbedrag", BBox(x0=0.0983, y0=0.5702, x1=0.2604, y1=0.5945)),
        ("EUR 16.043,01", BBox(x0=0.2998, y0=0.5747, x1=0.4611, y1=0.5967)),
        ("Betalingstermijn: 30 dagen.", BBox(x0=0.0905, y0=0.6028, x1=0.3053, y1=0.6264)),
    ]
    found = amount_candidates(_ocr_page(rows), ",")
    by_label = {c.origin.label: c.value for c in reversed(found)}
    assert by_label["totaal excl. btw"] == "13259.25"
    assert by_label["factuurbedrag"] == "16043.01"


def test_a_narrow_label_close_to_two_slanting_values_is_still_read() -> None:
    # The value column starts within a line's height of the label's own left edge: the
    # label is a row head all the same (this once raised instead of reading the page).
    rows = [
        ("Total", BBox(x0=0.100, y0=0.500, x1=0.112, y1=0.520)),
        ("12.00", BBox(x0=0.110, y0=0.490, x1=0.200, y1=0.510)),
        ("15.00", BBox(x0=0.110, y0=0.510, x1=0.200, y1=0.530)),
    ]
    values = [c.value for c in amount_candidates(_ocr_page(rows), None)]
    assert values and values[0] in ("12.00", "15.00")
