"""The order of a date's day and month, and the currency, from what the page shows of its country."""

from __future__ import annotations

from hand_lines import ocr_line

from axocr.extract.context import PageText, TextLine
from axocr.extract.conventions import choose_currency, date_order_guessed, decide_day_first
from axocr.normalize import dollar_country
from axocr.types import BBox, FieldCandidate, Provenance


def _lines(*texts: str) -> PageText:
    boxes = [
        BBox(x0=0.2, y0=0.05 * i, x1=0.8, y1=0.05 * i + 0.02) for i in range(1, 1 + len(texts))
    ]
    lines = [ocr_line(i, text, box) for i, (text, box) in enumerate(zip(texts, boxes, strict=True))]
    return PageText(lines=lines, page_count=1, median_height=0.02, hits=[])


def test_a_us_address_puts_the_month_first_without_a_dollar_sign() -> None:
    us = _lines("Quinn's Wine Shop Ltd.", "751 Summit Ave", "Fairview OR 97035", "TOTAL USD 12.00")
    assert decide_day_first("en", us) is False
    uk = _lines("Quinn's Wine Shop Ltd.", "751 Summit Road", "Bristol BS1 4DJ", "TOTAL 12.00")
    assert decide_day_first("en", uk) is True
    # a dollar with a pound sign elsewhere is not American
    mixed = _lines("Fairview OR 97035", "TOTAL £12.00")
    assert decide_day_first("en", mixed) is True


def test_a_dollar_whose_prefix_ocr_misread_keeps_the_day_first() -> None:
    # As OCR read a generated Singapore receipt: its country, telephone code and legal form
    # misread, its "S$" read "0$". The prefixed dollars are day-first countries'.
    rows = ("STHAR MATT ERASOOD PTE TTD", "BIHGAPORE 274153", "TEL::65 6281 8854")
    page = _lines(*rows, "07-12-2017 21-24", "TOTAL INCL. GOT (0$ 561.57")
    assert decide_day_first("en", page) is True
    # and with nothing else of its country on the page, the order is a guess
    bare = _lines("CORNER DELI", "07-12-2017", "TOTAL (0$ 561.57")
    assert decide_day_first("en", bare) is True
    assert date_order_guessed("en", bare) is True
    # a bare "$" alone still reads as the US dollar, the month first, and no guess
    us = _lines("CORNER DELI", "07-12-2017", "TOTAL $ 561.57")
    assert decide_day_first("en", us) is False
    assert date_order_guessed("en", us) is False


def test_a_dollar_sign_beside_a_malaysian_issuer_keeps_the_day_first() -> None:
    # Malaysian tills print "$" for ringgit; the page's currency reads it as MYR, and
    # Malaysia writes the day first.
    till = _lines("KEDAI RUNCIT MAJU SDN BHD", "NO 3 JALAN PUCHONG", "05/03/2018", "TOTAL $7.10")
    assert decide_day_first("en", till) is True
    # the same till with no issuer country: a bare "$" is the US dollar
    bare = _lines("CORNER DELI", "3 MAIN STREET", "05/03/2018", "TOTAL $7.10")
    assert decide_day_first("en", bare) is False
    # a US address settles it whatever else the page names
    us = _lines("Maju Trading Sdn Bhd", "Fairview OR 97035", "TOTAL $7.10")
    assert decide_day_first("en", us) is False
    # US dollars named outright are American even beside a Malaysian name
    named = _lines("KEDAI RUNCIT MAJU SDN BHD", "TOTAL US$7.10")
    assert decide_day_first("en", named) is False


def test_a_us_address_whose_zip_code_ocr_glued_to_the_state_puts_the_month_first() -> None:
    # a monospaced till font: OCR lost the space between "TX" and the ZIP code
    glued = _lines("Harbor Kitchen Ltd", "28 Greenway Ave", "Kingston TX75001", "TOTAL 17.54")
    assert decide_day_first("en", glued) is False
    assert decide_day_first("en", _lines("NEW YORK, NY10001-1234", "TOTAL 9.00")) is False
    # both spaces lost: the town's lower-case letters run into the state's capitals
    both = _lines("Harbor Kitchen Ltd", "28 Greenway Ave", "SpringfieldTX75001", "TOTAL 17.54")
    assert decide_day_first("en", both) is False
    # a reference of two capitals and five digits is no address
    for ref in ("Order PA12345", "Customer ID CA12345", "REF PA12345 X", "OrderPA12345"):
        assert decide_day_first("en", _lines("Harbor Kitchen Ltd", ref, "TOTAL 17.54")) is True


def test_a_state_whose_second_letter_ocr_read_small_is_still_a_us_address() -> None:
    # x, s, c, o, z, v look alike in both cases: "Tx" is "TX" after a town's name
    for town in ("Springfield Tx 75001", "Austin, Tx 78701-1234", "Wichita Ks 67202"):
        assert decide_day_first("en", _lines("Greenway Kitchen Ltd.", town, "TOTAL 9.00")) is False
    # not a company's "Co", nor a reference word before two letters and five digits
    for other in ("Acme Co 12345", "Order Tx 12345", "Tx 75001"):
        assert decide_day_first("en", _lines("Greenway Kitchen Ltd.", other, "TOTAL 9.00")) is True


def test_a_us_address_puts_a_page_without_a_currency_sign_in_dollars() -> None:
    # A till slip whose "$" OCR read as "S": its shop's state and ZIP code still say USD.
    rows = ["Reyes's Wine Shop Ltd.", "655 Station Ave", "Bristol TX 75001", "TOTAL 282.16"]
    lines = [
        ocr_line(i, t, BBox(x0=0.1, y0=0.05 + 0.03 * i, x1=0.6, y1=0.07 + 0.03 * i))
        for i, t in enumerate(rows)
    ]
    ctx = PageText(lines=lines, page_count=1, median_height=0.02, hits=[])
    assert choose_currency(ctx, None, "en") == ("USD", "country")
    # Without the address: no currency, and no guess.
    bare = PageText(lines=[lines[0], lines[3]], page_count=1, median_height=0.02, hits=[])
    assert choose_currency(bare, None, "en")[0] is None


def test_a_telephone_country_code_names_the_dollar_of_a_bare_dollar_sign() -> None:
    # As OCR read a generated Singapore receipt: "S$" as "8$", "SINGAPORE" misspelt, the
    # legal form garbled; only the telephone's +65 is left to say whose dollar it is.
    rows = ("MUTIARA CORNER", "STNGAPORR 186491", "TEL: +65 6242 5178", "Date : 08/04/16")
    page = _lines(*rows, "AMOUNT (8$)", "TOTAL 683.05")
    assert choose_currency(page, None, "en") == ("SGD", "page")
    assert decide_day_first("en", page) is True
    # its first digit misread as a letter, as on another generated receipt
    misread = _lines("MUTIARA EXPRESS", "STNCZPORR 508907", "TEL: +65 G669 2003", "SALES(8$)")
    assert choose_currency(misread, None, "en") == ("SGD", "page")
    # a signed amount is no telephone number
    assert choose_currency(_lines("ADJ +65.00", "TOTAL $683.05"), None, "en") == ("USD", "page")
    # +1 is the US's and Canada's: it names no dollar, and a bare "$" stays the US one.
    us = _lines("MUTIARA CORNER", "TEL: +1 212 555 0147", "AMOUNT ($)", "TOTAL 683.05")
    assert choose_currency(us, None, "en") == ("USD", "page")


def test_the_currency_on_the_total_s_row_outvotes_a_stray_sign() -> None:
    # As OCR read a generated Malaysian receipt: the total's label states ringgit, and a
    # garbled tax-summary line elsewhere carries a euro sign.
    def row(i: int, text: str, x0: float, x1: float) -> TextLine:
        return ocr_line(i, text, BBox(x0=x0, y0=0.1 + 0.03 * i, x1=x1, y1=0.12 + 0.03 * i))

    label = row(0, "TOTAL SALES (RM)", 0.05, 0.5)
    amount = ocr_line(1, "553.40", BBox(x0=0.8, y0=0.1, x1=0.95, y1=0.12))
    noise = [row(2, "3R e 6€", 0.05, 0.3), row(3, "CASI", 0.05, 0.2)]
    ctx = PageText(lines=[label, amount, *noise], page_count=1, median_height=0.02, hits=[])
    total = FieldCandidate(
        field="total",
        value="553.40",
        score=1.0,
        page=0,
        bbox=amount.bbox,
        text="553.40",
        origin=Provenance(kind="label", label="TOTAL SALES", place="right"),
    )
    assert choose_currency(ctx, total, "en") == ("MYR", "total")
    # without the total, the page's signs decide
    assert choose_currency(ctx, None, "en")[0] == "EUR"


def test_the_country_a_page_names_most_often_names_its_dollar() -> None:
    # As a generated receipt read: a Singapore shop named after a Malaysian town, its "S$"
    # read as "s$" (a bare dollar). The legal form, the city and the telephone say Singapore.
    page = _lines(
        "BENG YONG PHARMACY (KLANG) PTE LTD",
        "SINGAPORE 708852",
        "TEL: +65 6918 9574",
        "AMOUNT (s$)",
        "TOTAL SALES 316.19",
    )
    assert choose_currency(page, None, "en") == ("SGD", "page")
    # the town alone names Malaysia's ringgit, as before
    assert choose_currency(_lines("KLANG PHARMACY", "AMOUNT ($)"), None, "en")[0] == "MYR"


def test_a_country_glued_to_its_postcode_still_names_its_dollar() -> None:
    # As OCR read a generated Singapore receipt: a shop named after a Malaysian town, its name
    # printed in the header and the footer, the space before the postcode lost.
    rows = ("Managed by TECK HIN TRADING (KLANG) LLP", "SINGAPORE229611", "TEL: +65 6473 5788")
    page = _lines(*rows, "TOTAL INCL. GST (SS) 87.55", "THANK YOU", "TECK HIN TRADING (KLANG) LLP")
    assert choose_currency(page, None, "en") == ("SGD", "country")
    # a word glued to a short number is no address ("KLANG2" stays one word, read as Klang)
    assert choose_currency(_lines("SHOP KLANG", "UNIT2", "TOTAL 5.00"), None, "en")[0] == "MYR"


def test_a_currency_label_set_over_its_value_states_the_currency() -> None:
    # A header grid of labels over their values ("Divisa" / "EUR"), with a bracketed "RM" in
    # a line that is no address: the label's value is the currency, not a count of codes.
    def cell(i: int, text: str, x0: float, y0: float) -> TextLine:
        return ocr_line(i, text, BBox(x0=x0, y0=y0, x1=x0 + 0.1, y1=y0 + 0.02))

    lines = [
        cell(0, "Divisa", 0.6, 0.10),
        cell(1, "EUR", 0.6, 0.13),
        cell(2, "Riferimento (RM)", 0.1, 0.30),
        cell(3, "RM 5.00", 0.1, 0.35),
    ]
    ctx = PageText(lines=lines, page_count=1, median_height=0.02, hits=[])
    assert choose_currency(ctx, None, "it") == ("EUR", "label")


def test_a_prefixed_dollar_elsewhere_on_the_page_names_a_bare_dollar() -> None:
    # As OCR read a generated Singapore receipt: the amount column's "S$" read as "8$", the
    # country and telephone garbled; the tax column's "S$" was read whole.
    rows = ("KEDAI MAKAN CHEONG TAT", "STNGAPORE 440449", "TEL: +G5 6759 9988")
    page = _lines(*rows, "AMOUNT (8$) TAX{S$}", "TOTAL 212.95")
    assert choose_currency(page, None, "en") == ("SGD", "page")
    # a bare "$" alone is the US one; beside two prefixed dollars it is neither of them
    assert choose_currency(_lines("PAID $12.00", "TOTAL $12.00"), None, "en")[0] == "USD"
    assert dollar_country("USD", "TOTAL $22.00 (A$ 10.00 + S$ 12.00)") == "USD"


def test_the_order_is_a_guess_only_where_nothing_shows_the_country() -> None:
    # A US till whose state and "$" OCR lost: nothing on it says where it is.
    head = ["Irving's Hardware Inc.", "741 Greenway Road", "Brimte: 0 97035", "Date : 09/05/18"]
    assert date_order_guessed("en", _lines(*head, "AMOUNT DUE 528.94"))
    # what shows a day-first country: a tax the US does not levy, a Malay street word, a
    # currency, a legal form; a US address shows the month first
    for shown in (
        ["SUB TOTAL 466.68", "GST 6% 28.00"],
        ["NO. 92-1, JLN TIMUR 1"],
        ["AMOUNT DUE RM 528.94"],
        ["AMOUNT DUE 528.94", "KEDAI MAJU SDN BHD"],
        ["Fairview OR 97035"],
        ["AMOUNT DUE $528.94"],
    ):
        assert not date_order_guessed("en", _lines(*head, *shown)), shown
    # other languages write the day first wherever they are written
    assert not date_order_guessed("fr", _lines("Date : 09/05/18", "Montant 528,94"))
