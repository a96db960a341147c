"""A shop's name over two or three lines of a receipt header, told apart from a brand or an outlet printed
above the name (pure functions over hand-built lines: positions as on a till receipt, the
page 0..1 across and down)."""

from __future__ import annotations

import pytest
from hand_lines import ocr_line

from axocr.extract.context import PageText, TextLine, find_label_hits
from axocr.extract.vendor import (
    clean_vendor_text,
    registered_name,
    unglue_legal_form,
    vendor_candidates,
)
from axocr.lang.labels import operator_prefix
from axocr.types import BBox, ExtractedField, FieldCandidate, Finding, Provenance
from axocr.validate.review import not_the_operator, review_field


def _line(index: int, text: str, y: float, width: float, height: float = 0.03) -> TextLine:
    """A centred line of ``text``; ``width`` is its share of the page's width."""
    return ocr_line(index, text, BBox(x0=0.5 - width / 2, y0=y, x1=0.5 + width / 2, y1=y + height))


def _best_vendor(rows: list[tuple[str, float, float, float]], footer: tuple[str, ...] = ()) -> str:
    """The highest-scored vendor candidate of a header of (text, top, width, height) rows,
    followed by an address block, a till's lines and ``footer``'s lines."""
    # The address starts under the header's last row.
    top = max(0.12, max(y + h for _, y, _, h in rows) + 0.01)
    tail = [
        ("NO. 23-G, PERSIARAN BINTANG 10,", top, 0.60, 0.024),
        ("62678 AMPANG, SELANGOR", top + 0.03, 0.45, 0.024),
        ("TEL: 06-8268 3583", top + 0.06, 0.35, 0.024),
        ("TOTAL 114.30", 0.40, 0.80, 0.024),
        *((text, 0.80 + 0.03 * i, 0.50, 0.024) for i, text in enumerate(footer)),
    ]
    lines = [_line(i, t, y, w, h) for i, (t, y, w, h) in enumerate([*rows, *tail])]
    ctx = PageText(lines=lines, page_count=1, median_height=0.024, hits=[])
    cands = vendor_candidates(ctx, language="en")
    return max(cands, key=lambda c: c.score).value


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        # the legal form and company number run onto the second line
        (
            [
                ("MENG JOO BOOK STORE (KEPONG) SDN", 0.02, 0.84, 0.03),
                ("BHD (557783-T)", 0.06, 0.36, 0.03),
            ],
            "MENG JOO BOOK STORE (KEPONG) SDN BHD",
        ),
        # a bracket the first line opens and the second closes
        (
            [
                ("AIK HUAT HARDWARE ENTERPRISE (SETIA", 0.02, 0.84, 0.03),
                ("ALAM) SDN BHD", 0.06, 0.40, 0.03),
            ],
            "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD",
        ),
        # a legal form alone on the second line, in a box OCR made short
        (
            [("BERKAT WAWASAN MINI MARKET PTE", 0.02, 0.60, 0.042), ("LTD", 0.07, 0.07, 0.022)],
            "BERKAT WAWASAN MINI MARKET PTE LTD",
        ),
        # a second line whose brackets made OCR's box half again as tall
        (
            [("GUAN MING HARDWARE", 0.02, 0.78, 0.026), ("(AMPANG) SDN BHD", 0.05, 0.66, 0.038)],
            "GUAN MING HARDWARE (AMPANG) SDN BHD",
        ),
        # a registered business name that opens with its trade, wrapped with no legal form
        (
            [("PERNIAGAAN CAHAYA", 0.02, 0.60, 0.03), ("HARDWARE", 0.06, 0.30, 0.03)],
            "PERNIAGAAN CAHAYA HARDWARE",
        ),
        # ... its last word beside the company number, in the same type: per letter the wide
        # capitals above and the digits and brackets below differ by a fifth (seed 9191's
        # OCR boxes of "KEDAI MAKAN WAWASAN" / "OPTICAL (412868-H)")
        (
            [
                ("KEDAI MAKAN WAWASAN", 0.041, 0.759, 0.034),
                ("OPTICAL (412868-H)", 0.083, 0.589, 0.047),
            ],
            "KEDAI MAKAN WAWASAN OPTICAL",
        ),
        # ... but the outlet's place alone in brackets under a name with no legal form is no
        # part of it (seed 77's OCR boxes)
        (
            [
                ("RESTORAN BERKAT SEAFOOD", 0.031, 0.699, 0.027),
                ("(AMPANG)", 0.063, 0.203, 0.028),
            ],
            "RESTORAN BERKAT SEAFOOD",
        ),
        # a name broken by hand with no room beside its first line: in one type, or set apart
        # by no more space than parts it from its number, it is one name
        (
            [
                ("UTAMA MART", 0.030, 0.406, 0.029),
                ("YEWAIK SEAFOOD PLT", 0.067, 0.638, 0.029),
                ("(Co. No. 297597-W)", 0.104, 0.309, 0.024),
            ],
            "UTAMA MART YEWAIK SEAFOOD PLT",
        ),
        (
            [
                ("UTAMA MART", 0.030, 0.406, 0.033),
                ("YEWAIK SEAFOOD PLT", 0.071, 0.638, 0.029),
                ("(Co. No. 297597-W)", 0.108, 0.309, 0.024),
            ],
            "UTAMA MART YEWAIK SEAFOOD PLT",
        ),
        # a letterhead's name broken by hand, in one type and close: room alone is no brand
        (
            [
                ("MVM Musterhafter", 0.01, 0.16, 0.0134),
                ("Versicherungsverein Musterstadt a.G.", 0.0234, 0.36, 0.0134),
            ],
            "MVM Musterhafter Versicherungsverein Musterstadt a.G.",
        ),
        # three lines: the first too long to have taken the second's first word beside it
        (
            [
                ("HENG MENG", 0.01, 0.40, 0.03),
                ("ELECTRICAL (SUBANG)", 0.045, 0.85, 0.03),
                ("SDN BHD", 0.08, 0.31, 0.03),
            ],
            "HENG MENG ELECTRICAL (SUBANG) SDN BHD",
        ),
        (
            [
                ("CAHAYA MART", 0.005, 0.50, 0.03),
                ("HUAT LEONG", 0.06, 0.45, 0.03),
                ("ELECTRICAL", 0.095, 0.45, 0.03),
                ("(SEMENYIH) LLP", 0.13, 0.63, 0.03),
            ],
            "HUAT LEONG ELECTRICAL (SEMENYIH) LLP",
        ),
        # the sign in the name's type above it; the box round the last line's brackets
        # reaches above its letters, so the pair's tops are closer than its lines (seed 5521)
        (
            [
                ("JOO SENG", 0.027, 0.408, 0.032),
                ("JOO SENG", 0.073, 0.382, 0.032),
                ("RESTAURANT", 0.112, 0.494, 0.028),
                ("(SEREMBAN) SDN BHD", 0.144, 0.820, 0.045),
            ],
            "JOO SENG RESTAURANT (SEREMBAN) SDN BHD",
        ),
        # one word and the form under the name's first half, in one type and case: OCR's box
        # of the line with brackets is taller
        (
            [("PERMATA BERKAT", 0.07, 0.68, 0.033), ("TEXTILE PLT (387808-P)", 0.113, 0.85, 0.045)],
            "PERMATA BERKAT TEXTILE PLT",
        ),
        # ... its company number with the hyphen lost and the letter read small (a dot-matrix
        # receipt of seed 3131, whose number the detector dropped and dropped_words found)
        (
            [
                ("BERKAT WAWASAN MINI", 0.081, 0.758, 0.033),
                ("MARKET BHD (329247 t", 0.123, 0.739, 0.043),
            ],
            "BERKAT WAWASAN MINI MARKET BHD",
        ),
        # ... its closing bracket read apart as a letter
        (
            [
                ("BERKAT WAWASAN MINI", 0.081, 0.758, 0.033),
                ("MARKET BHD (329247-P t", 0.123, 0.739, 0.043),
            ],
            "BERKAT WAWASAN MINI MARKET BHD",
        ),
        # ... or a digit of it read as its look-alike capital, under a sign (seed 5903)
        (
            [
                ("MUTIARA CORNER", 0.024, 0.851, 0.027),
                ("CHUAN TECK GIFT SHOP", 0.063, 0.807, 0.019),
                ("(CHERAS) SDN BHD (24994D-T)", 0.087, 0.87, 0.020),
            ],
            "CHUAN TECK GIFT SHOP (CHERAS) SDN BHD",
        ),
        # a sign in capitals over a three-line name in mixed case (seed 4417)
        (
            [
                ("MESRA EXPRESS", 0.027, 0.812, 0.025),
                ("Weng Seng Plastic", 0.066, 0.88, 0.0325),
                ("(rawang) SDN BHD", 0.103, 0.864, 0.030),
                ("(1291914-U)", 0.139, 0.738, 0.028),
            ],
            "Weng Seng Plastic (rawang) SDN BHD",
        ),
        # photographed: a tilt the page kept makes the long bracketed line's box half again
        # as tall as the line above it (generated receipt, seed 2929)
        (
            [
                ("SENG LOONG TRADING", 0.079, 0.774, 0.0325),
                ("(SEMENYIH) SDN BHD", 0.117, 0.734, 0.0494),
            ],
            "SENG LOONG TRADING (SEMENYIH) SDN BHD",
        ),
        # ... or its company number in brackets closing the line: its box 1.53 times as tall,
        # the letters' widths those of the line above (generated receipt, seed 8989; OCR
        # lost the space in "TIMUR AUTO")
        (
            [
                ("MESRA TIMURAUTO", 0.02, 0.754, 0.0257),
                ("PARTS PLT (1020690-X)", 0.051, 0.861, 0.0393),
            ],
            "MESRA TIMURAUTO PARTS PLT",
        ),
        # a trade word alone on the first line is no name: the next line is the rest of it
        # (generated receipt, seed 1357, its space lost by OCR)
        (
            [
                ("MESRA EXPRESS", 0.028, 0.65, 0.032),
                ("KEDAI MAKAN", 0.076, 0.5, 0.0255),
                ("WAWASAN SEAFOOD", 0.114, 0.75, 0.0265),
            ],
            "KEDAI MAKAN WAWASAN SEAFOOD",
        ),
        # the form alone on the last line, one letter misread, under a sign (generated
        # dot-matrix photograph, seed 7878): the form is mended as it is in the joined name
        (
            [
                ("GEMILANG HUB", 0.029, 0.579, 0.023),
                ("Wah Seng Furniture (skudai)", 0.068, 0.851, 0.019),
                ("SDN SHD", 0.095, 0.228, 0.016),
            ],
            "Wah Seng Furniture (skudai) SDN BHD",
        ),
    ],
)
def test_a_name_wrapped_over_two_or_three_lines_is_read_whole(
    rows: list[tuple[str, float, float, float]], name: str
) -> None:
    assert _best_vendor(rows) == name


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        # a one-word name under a line in another case, or in larger type: a brand or outlet
        (
            [
                ("Desa Park City", 0.02, 0.31, 0.024),
                ("AEON CO. (M) BHD (126926-H)", 0.05, 0.6, 0.024),
            ],
            "AEON CO. (M) BHD",
        ),
        (
            [("PERMATA MALL", 0.01, 0.62, 0.045), ("TEXTILE PLT (387808-P)", 0.07, 0.55, 0.03)],
            "TEXTILE PLT",
        ),
        # an outlet above the registered name and its number: no half of the name
        (
            [
                ("Desa Park City", 0.02, 0.31, 0.024),
                ("Golden Scoop Sdn Bhd (169609-A)", 0.05, 0.71, 0.024),
            ],
            "Golden Scoop Sdn Bhd",
        ),
        # a brand and its outlet, as wide as the name under them
        (
            [
                ("KOPI HOUSE - TAMAN MELAWATI", 0.02, 0.56, 0.024),
                ("SRI KOPI SDN. BHD. (1248446-V)", 0.05, 0.63, 0.024),
            ],
            "SRI KOPI SDN. BHD.",
        ),
        # a sign in capitals, its letter-spaced words glued by OCR, over a name in mixed
        # case that the sign's width left no room beside (fresh seed 1212's OCR boxes)
        (
            [
                ("GEMILANGEXPRESS", 0.070, 0.673, 0.030),
                ("Cheong Leong Hardware Trading", 0.117, 0.828, 0.029),
                ("(967818-W)", 0.148, 0.287, 0.026),
            ],
            "Cheong Leong Hardware Trading",
        ),
        # a brand in large type above a registered business name
        (
            [("JAYA MART", 0.01, 0.40, 0.05), ("KEDAI BERKAT TRADING", 0.07, 0.55, 0.03)],
            "KEDAI BERKAT TRADING",
        ),
        # the outlet under a name that opens with its trade
        (
            [("KEDAI GEMILANG BOOK STORE", 0.02, 0.80, 0.03), ("WAWASAN MALL", 0.06, 0.40, 0.03)],
            "KEDAI GEMILANG BOOK STORE",
        ),
        # a brand over a name whose own second line opens on a bracket
        (
            [
                ("MAJU CORNER", 0.01, 0.45, 0.03),
                ("LEONG BENG TRADING", 0.05, 0.70, 0.03),
                ("(KAJANG) SDN BHD", 0.09, 0.60, 0.03),
            ],
            "LEONG BENG TRADING (KAJANG) SDN BHD",
        ),
        # the shop's sign, then the company that runs it in small type
        (
            [
                ("SINAR EXPRESS", 0.01, 0.60, 0.05),
                ("Managed by Restoran Hong Kim", 0.07, 0.80, 0.024),
            ],
            "Restoran Hong Kim",
        ),
        (
            [
                ("SRI EXPRESS", 0.01, 0.31, 0.033),
                ("LEONG GUAN FURNITURE ENTERPRISE", 0.05, 0.59, 0.029),
            ],
            "LEONG GUAN FURNITURE ENTERPRISE",
        ),
        # a brand with room beside it for the name's first word: set apart, not wrapped
        (
            [("UTAMA EXPRESS", 0.01, 0.52, 0.035), ("LOONG MING FURNITURE LLP", 0.06, 0.81, 0.031)],
            "LOONG MING FURNITURE LLP",
        ),
        # a brand in the name's type, set apart by more space than the name's number below
        (
            [
                ("BINTANG MART", 0.01, 0.44, 0.033),
                ("BENG KIM RESTAURANT BHD", 0.064, 0.78, 0.032),
                ("(Company No. 1042173-W)", 0.106, 0.40, 0.027),
            ],
            "BENG KIM RESTAURANT BHD",
        ),
        # a brand in larger type, set apart by more space than the name's number below, over a
        # name whose first word OCR glued to the next, which then seems too long to have
        # fitted beside it (seed 8642's OCR boxes)
        (
            [
                ("UTAMA MART", 0.030, 0.406, 0.033),
                ("YEWAIK SEAFOOD PLT", 0.079, 0.638, 0.029),
                ("(Co. No. 297597-W)", 0.116, 0.309, 0.024),
            ],
            "YEWAIK SEAFOOD PLT",
        ),
        # the receipt's title, its space lost by OCR
        (
            [("SALESRECEIPT", 0.01, 0.38, 0.022), ("Northside Kitchen Co.", 0.048, 0.54, 0.023)],
            "Northside Kitchen Co.",
        ),
        # a British till's title, "VAT receipt", in the name's type just above it
        (
            [("VAT RECEIPT", 0.01, 0.27, 0.022), ("Quayside Supply Ltd", 0.035, 0.38, 0.026)],
            "Quayside Supply Ltd",
        ),
        # a word mark that opens with the shop's trade, as the name under it does
        (
            [("Restoran Weng", 0.01, 0.61, 0.041), ("Restoran Weng Seng", 0.06, 0.54, 0.028)],
            "Restoran Weng Seng",
        ),
        # the name's first words in large type above it: a word mark
        (
            [
                ("KEAT TECK", 0.01, 0.40, 0.05),
                ("KEAT TECK HARDWARE PLT (828839-K)", 0.07, 0.88, 0.03),
            ],
            "KEAT TECK HARDWARE PLT",
        ),
    ],
)
def test_a_brand_or_outlet_above_the_name_is_no_part_of_it(
    rows: list[tuple[str, float, float, float]], name: str
) -> None:
    assert _best_vendor(rows) == name


def test_a_first_line_the_footer_prints_alone_is_a_brand() -> None:
    # too long to have taken "WENG" beside it, but the till's footer names the shop by it (a
    # generated receipt, seed 3694)
    rows = [
        ("OFFICIAL RECEIPT", 0.031, 0.344, 0.022),
        ("BINTANG EXPRESS", 0.065, 0.545, 0.029),
        ("WENG HONG HOME DECO", 0.106, 0.681, 0.031),
        ("(RAWANG) SDN BHD", 0.141, 0.541, 0.036),
    ]
    joined = "BINTANG EXPRESS WENG HONG HOME DECO (RAWANG) SDN BHD"
    assert _best_vendor(rows) == joined
    footer = ("THANK YOU FOR SHOPPING AT", "BINTANG EXPRESS")
    assert _best_vendor(rows, footer) == "WENG HONG HOME DECO (RAWANG) SDN BHD"
    # the footer's line holds more than the first line: no reading of it alone
    assert _best_vendor(rows, ("THANK YOU FOR SHOPPING AT BINTANG EXPRESS",)) == joined


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("HOCK KIM SEAFOODBHD", "HOCK KIM SEAFOOD BHD"),
        ("AIK YEW BOOK STORETRADING", "AIK YEW BOOK STORE TRADING"),
        # words that end in the letters of a form without holding one
        ("UNLIMITED SUPPLY", "UNLIMITED SUPPLY"),
        ("COMPTE CLIENT", "COMPTE CLIENT"),
        ("INTERNATIONAL", "INTERNATIONAL"),
    ],
)
def test_a_legal_form_glued_to_a_word_in_capitals_is_set_apart(text: str, name: str) -> None:
    assert unglue_legal_form(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Schwarzwald MetallbauGmbH", "Schwarzwald Metallbau GmbH"),
        # a form of one capital, ending the name: OCR lost the space
        ("Jensen's SupplyInc.", "Jensen's Supply Inc."),
        ("Acme HoldingsLtd", "Acme Holdings Ltd"),
        # ... and the words before it, all glued in a monospaced till font
        ("HarborKitchenLtd", "HarborKitchen Ltd"),
        # a dotted form, its capitals counted whole
        ("Mulder KantoorartikelenV.O.F.", "Mulder Kantoorartikelen V.O.F."),
        ("Jansen BouwB.V.", "Jansen Bouw B.V."),
        # names printed so: a one-word name, a short first half, a form inside the name
        ("SmithCorp", "SmithCorp"),
        ("PayPalLtd", "PayPalLtd"),
        ("MyCo Ltd", "MyCo Ltd"),
        ("Acme BioNTech", "Acme BioNTech"),
        ("Northwind LtdCo Trading", "Northwind LtdCo Trading"),
    ],
)
def test_a_legal_form_glued_to_a_word_in_mixed_case_is_set_apart(text: str, name: str) -> None:
    assert unglue_legal_form(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # one letter of a long trade prefix misread at the name's start
        ("Eyarikat Teck Lian", "Syarikat Teck Lian"),
        ("PERNIAGAAN GIN KEE", "PERNIAGAAN GIN KEE"),
        ("PERNLAGAAN GIN KEE", "PERNIAGAAN GIN KEE"),
        ("Rcstoran Wan Sheng", "Restoran Wan Sheng"),
        # its "rn" read as "m" (a generated receipt's worn print)
        ("Pemiagaan Yew Ming", "Perniagaan Yew Ming"),
        ("PEMIAGAAN YEW MING", "PERNIAGAAN YEW MING"),
        # a prefix of two words, a letter wrong in each (a generated receipt's worn print),
        # after its company number, whose digits OCR read partly as letters, is cut
        ("KRDAI MAXAN AIK CHEONG", "KEDAI MAKAN AIK CHEONG"),
        ("KRDAI MAXAN AIK CHEONG (5S1C2-H)", "KEDAI MAKAN AIK CHEONG"),
        ("Kedai Makan Aik Cheong", "Kedai Makan Aik Cheong"),
        # a bracket of a name's letters is no company number, two letters off no prefix
        ("AIK KEAT CAFE (RAWANG)", "AIK KEAT CAFE (RAWANG)"),
        ("KRDAI MAXIM AIK CHEONG", "KRDAI MAXIM AIK CHEONG"),
        # a short prefix is one letter from other words; two letters off is another word; a
        # prefix with no name after it is no name's start
        ("Kedal Huat Tat", "Kedal Huat Tat"),
        ("Eyarikut Teck Lian", "Eyarikut Teck Lian"),
        ("Restoral", "Restoral"),
        ("Pemiagaan", "Pemiagaan"),
    ],
)
def test_a_trade_prefix_read_with_one_letter_wrong_is_mended(text: str, name: str) -> None:
    assert clean_vendor_text(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a capital I between the dots of a form in mixed case (generated Italian scans)
        ("Gallo Imballaggi S.r.I.", "Gallo Imballaggi S.r.l."),
        ("Tipografia Lombardi s.r.I.", "Tipografia Lombardi s.r.l."),
        # or as the digit one (seed 2715's footer, where the bank above its IBAN won)
        ("Bianchi Informatica S.r.1.", "Bianchi Informatica S.r.l."),
        # and glued to the name's last word (fresh seed 2458's scan)
        ("Ferrari FornitureS.r.I.", "Ferrari Forniture S.r.l."),
        ("Ferrari FornitureS.p.A.", "Ferrari Forniture S.p.A."),
        ("Gallo Imballaggi S.R.I.", "Gallo Imballaggi S.R.I."),
        ("Gallo Imballaggi S.r.l.", "Gallo Imballaggi S.r.l."),
    ],
)
def test_a_capital_i_inside_a_dotted_form_is_an_l(text: str, name: str) -> None:
    assert clean_vendor_text(text) == name


def test_a_registered_name_with_a_misread_trade_prefix_wins_over_the_sign_above() -> None:
    """As OCR read a generated photograph (seed 7878): the sign in large capitals, the
    registered name under it in mixed case with its first letter misread."""
    rows = [("GEMILANG MART", 0.038, 0.578, 0.029), ("Eyarikat Teck Lian", 0.086, 0.523, 0.025)]
    assert _best_vendor(rows) == "Syarikat Teck Lian"


@pytest.mark.parametrize(
    ("name", "registered"),
    [
        ("KEDAI MAKAN JAYA PLASTIC", True),
        ("Syarikat Perniagaan Gin Kee", True),
        ("KEAT TECK HARDWARE PLT", True),
        # OCR lost the space after the trade
        ("KEDAIPERMATA OPTICAL", True),
        ("JAYA MART", False),
        # the trade alone is no name
        ("RESTORAN", False),
    ],
)
def test_a_trade_prefix_marks_a_registered_name_as_a_legal_form_does(
    name: str, registered: bool
) -> None:
    assert registered_name(name) is registered


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("OPERATED BY: Kim Lee Trading Sdn Bhd", "Kim Lee Trading Sdn Bhd"),
        ("Dimiliki oleh: Perniagaan Wawasan Home Deco", "Perniagaan Wawasan Home Deco"),
        ("Managed by Restoran Hong Kim", "Restoran Hong Kim"),
        # as OCR read generated dot-matrix receipts: look-alike letters swapped, a colon after
        ("OPRRATRD RY: Guan Chuan Textile Sdn. Bhd.", "Guan Chuan Textile Sdn. Bhd."),
        ("Diailiki oleh: Meng Teck Trading Pte. Ltd.", "Meng Teck Trading Pte. Ltd."),
        ("OPERNTRD RY. Aik Fook Mini Market Sdn Bhd", "Aik Fook Mini Market Sdn Bhd"),
        ("OPFRATED RY- CHUAN HOCK PHARMACY TRADING", "CHUAN HOCK PHARMACY TRADING"),
        # a letter more in a word (fresh seeds 6257 and 8826)
        ("Dimililki oleh: Perniagaan Timur Furniture", "Perniagaan Timur Furniture"),
        ("Dimilllki olehn: Permata Wawasan Pharmacy", "Permata Wawasan Pharmacy"),
        # without the colon, only the phrase's long word misread
        ("MenIged by HUAT YONG OPTICAL SDN BHD", "HUAT YONG OPTICAL SDN BHD"),
        ("MaLaged by Syarikat Weng Hock", "Syarikat Weng Hock"),
    ],
)
def test_the_phrase_before_a_shops_operator_is_no_part_of_its_name(line: str, name: str) -> None:
    assert clean_vendor_text(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "Owner by Castle Blue S/B",  # no colon: a name as printed (a real receipt's header)
        "Ownad by Castle Blue S/B",  # no colon and a short word off: a name as printed
        "Managed hy Restoran Hong Kim",  # no colon and "by" off
        "Served by: KEAT",  # a till's words, not a misread phrase
        "Printed by: Lim",
        "OPRRATRD RYX: Lim",  # a word longer than the phrase's
        "OPRRATRD RX: Lim",  # four letters in ten off
        "OPFRATED RY -Lim",  # a dash set apart from the words is no colon
        "Dimililkii oleh: Lim",  # two letters more in a word
        "Opened by: Lim",  # a short phrase keeps its lengths: two edits from "owned by"
        "Ownad by-product Lim",
    ],
)
def test_other_words_before_a_colon_are_no_operator_phrase(line: str) -> None:
    assert operator_prefix(line) == 0


def _sign_and_operator(rows: list[tuple[str, float, float, float]]) -> dict[str, FieldCandidate]:
    """The vendor candidates of a header of (text, top, width, height) rows, by their text."""
    lines = [_line(i, t, y, w, h) for i, (t, y, w, h) in enumerate(rows)]
    ctx = PageText(lines=lines, page_count=1, median_height=0.02, hits=[])
    return {c.text: c for c in vendor_candidates(ctx, language="en")}


def test_a_vendor_the_scorer_barely_chose_goes_to_a_person() -> None:
    """Seed 2715's footer as OCR read it: the issuer's "S.r.1." unread, so the bank's name over
    its IBAN, scored 0.20, was the least unlikely line, and the model accepted it at 0.98."""
    origin = Provenance(kind="vendor", detail="signals")
    field = ExtractedField(value="Banco BPM", confidence=0.98, provenance=origin)
    assert "weak" in review_field("vendor", field, [], 0.975, {"score": 0.2})
    assert "weak" not in review_field("vendor", field, [], 0.975, {"score": 1.1})
    # a vendor master that knows the name vouches for it
    known = field.model_copy(
        update={"findings": [Finding(code="vendor_known", field="vendor", ok=True)]}
    )
    assert "weak" not in review_field("vendor", known, [], 0.975, {"score": 0.2})


@pytest.mark.parametrize(
    ("name", "held"),
    [
        # a bold name whose capitals OCR dropped, a word it split before the legal form
        ("Meng ew rul ts LLP", True),
        ("Oak Lane Sup ply Ltd", True),
        # the small words names print so, in each pack's language, and a legal form
        ("Bank of Scotland", False),
        ("Ferramenta Rossi di Rossi Mario & C. snc", False),
        ("Boulangerie de la Gare SARL", False),
        ("Bakkerij van den Berg B.V.", False),
        ("Kim Lee sdn Bhd", False),
        # nothing capitalised after it, or a word with a capital inside
        ("Au bon moulin", False),
        ("Apple iPhone Store", False),
    ],
)
def test_a_small_word_inside_a_capitalised_name_goes_to_a_person(name: str, held: bool) -> None:
    field = ExtractedField(value=name, confidence=0.997)
    assert ("broken_name" in review_field("vendor", field, [], 0.975, {})) is held
    known = field.model_copy(
        update={"findings": [Finding(code="vendor_known", field="vendor", ok=True)]}
    )
    assert "broken_name" not in review_field("vendor", known, [], 0.975, {})


def test_a_name_other_than_the_named_operator_goes_to_a_person() -> None:
    """The shop's sign in large type over "OPERATED BY: ..." whose legal form OCR cut ("SDN
    BD"): whichever name wins, one that is not the operator's is held."""
    rows = [
        ("SINAR EXPRESS", 0.03, 0.62, 0.03),
        ("OPERATED BY: Cheong Keat Book Store (M) SDN BD", 0.08, 0.9, 0.018),
    ]
    by_text = _sign_and_operator(rows)
    sign = by_text["SINAR EXPRESS"].features
    operator = by_text[rows[1][0]].features
    assert sign["operator_elsewhere"] == 1.0
    assert operator["operator_elsewhere"] == 0.0
    field = ExtractedField(value="SINAR EXPRESS", confidence=0.99)
    assert not_the_operator("vendor", field, {"operator_elsewhere": 1.0})
    assert not not_the_operator("vendor", field, {"operator_elsewhere": 0.0})
    # without an operator line nothing is held for it
    alone = _sign_and_operator(rows[:1])
    assert alone["SINAR EXPRESS"].features["operator_elsewhere"] == 0.0


def test_a_sign_over_a_numbered_line_whose_operator_phrase_is_unreadable_goes_to_a_person() -> None:
    """As OCR read a generated receipt's worn header: the operator phrase and the name after
    it garbled, its company number whole. The sign above it, with no legal form or number of
    its own, is not the issuer."""
    garbled = "12:la otel: Fank Sonn Fauats (ch(ra) SDN RHD) (687825-M)"
    rows = [("JAYAEXPRESS", 0.03, 0.4, 0.03), (garbled, 0.075, 0.9, 0.018)]
    by_text = _sign_and_operator(rows)
    assert by_text["JAYAEXPRESS"].features["operator_elsewhere"] == 1.0
    # the number's last digits read as look-alike capitals with the hyphen lost (a generated
    # dot-matrix photograph, seed 7878: "(1204788-T)" as "(12047SB T)")
    misread = "FimlA: nleh: SYARIKAT MA.BIPLASTIC (12047SB T)"
    worn = _sign_and_operator([("UTAMA CORNER", 0.03, 0.6, 0.03), (misread, 0.075, 0.9, 0.018)])
    assert worn["UTAMA CORNER"].features["operator_elsewhere"] == 1.0
    # a numbered line further down (an operator's block at the foot) says nothing of the sign
    far = _sign_and_operator([rows[0], (garbled, 0.3, 0.9, 0.018)])
    assert far["JAYAEXPRESS"].features["operator_elsewhere"] == 0.0
    # nor does one under a registered name
    named = _sign_and_operator([("JAYA EXPRESS SDN BHD", 0.03, 0.6, 0.03), rows[1]])
    assert named["JAYA EXPRESS SDN BHD"].features["operator_elsewhere"] == 0.0


@pytest.mark.parametrize(
    ("name", "damaged"),
    [
        ("Jensen'a Coffee Co.", True),
        ("Carter's Market LLC", False),
        ("O'Brien Hardware Ltd", False),
        ("Rock'n Roll Diner", False),
        ("L'Atelier du Pain SARL", False),
    ],
)
def test_an_apostrophe_before_a_letter_no_english_word_ends_with_is_damage(
    name: str, damaged: bool
) -> None:
    line = _line(0, name, 0.03, 0.6)
    ctx = PageText(lines=[line], page_count=1, median_height=0.03, hits=[])
    best = max(vendor_candidates(ctx, language="en"), key=lambda c: c.score)
    assert best.value == name
    assert best.features["damaged"] == float(damaged)


def test_a_possessive_s_read_as_g_is_mended() -> None:
    # no word ends in an apostrophe and a g: the possessive's s, which OCR read as g
    line = _line(0, "Carter'g Market LLC", 0.03, 0.6)
    ctx = PageText(lines=[line], page_count=1, median_height=0.03, hits=[])
    best = max(vendor_candidates(ctx, language="en"), key=lambda c: c.score)
    assert best.value == "Carter's Market LLC"
    assert best.features["damaged"] == 0.0


def test_a_sign_over_a_misread_operator_line_goes_to_a_person() -> None:
    """As OCR read a generated dot-matrix receipt: the sign crisp, the operator's line below
    it worn ("Dimiliki oleh" as "Diailiki oleh", the name garbled)."""
    by_text = _sign_and_operator(
        [
            ("MUTIARA CORNER", 0.03, 0.62, 0.03),
            ("Diailiki oleh: Mevrg Teck Tratry Pie, Mid", 0.08, 0.9, 0.018),
        ]
    )
    assert by_text["MUTIARA CORNER"].features["operator_elsewhere"] == 1.0


@pytest.mark.parametrize(
    ("below", "held"),
    [
        # the operator's line worn past knowing: no phrase, no legal form, no number left
        # (a generated dot-matrix photograph, seed 7878)
        (("Lamd 5, RESTDRAVI GEMMLANG NUTO PARTS HEEIM", 0.108, 0.81, 0.016), True),
        # an address under the sign, a line as narrow as the sign, a line in its type
        (("NO. 8, JALAN MAJU 3, 57140 SEREMBAN", 0.108, 0.81, 0.016), False),
        (("SEREMBAN OUTLET KIOSK", 0.108, 0.3, 0.016), False),
        (("FRESH FOOD AND DRINKS DAILY", 0.108, 0.81, 0.028), False),
    ],
)
def test_a_sign_over_a_wider_line_of_words_in_smaller_type_goes_to_a_person(
    below: tuple[str, float, float, float], held: bool
) -> None:
    by_text = _sign_and_operator([("SINAR HUB", 0.065, 0.4, 0.028), below])
    assert by_text["SINAR HUB"].features["operator_elsewhere"] == float(held)
    # a registered name over such a line is the operator itself
    named = _sign_and_operator([("SINAR HUB SDN BHD", 0.065, 0.5, 0.028), below])
    assert named["SINAR HUB SDN BHD"].features["operator_elsewhere"] == 0.0


def test_a_customer_block_ends_where_the_line_pitch_doubles() -> None:
    """A scan's OCR boxes are tall: the blank line between the customer's block and the
    issuer's letterhead under it leaves less white than a line's height, but the step from
    one line's top to the next doubles there (positions as OCR read a generated scan)."""
    rows = [
        ("Invoice to", 0.066, 0.016),
        ("Oakfield Software GmbH & Co. KG", 0.080, 0.017),
        ("3322 Elm Way", 0.099, 0.017),
        ("10115 Berlin", 0.110, 0.022),
        ("Harbor Engineering GmbH", 0.149, 0.020),
        ("2720 Station Way", 0.171, 0.017),
        ("10115 Berlin", 0.185, 0.016),
        ("Phone: +49 92 1815531", 0.199, 0.017),
        ("VAT No. DE154055049", 0.213, 0.017),
    ]
    lines = [
        ocr_line(i, text, BBox(x0=0.09, y0=y, x1=0.09 + 0.012 * len(text), y1=y + h))
        for i, (text, y, h) in enumerate(rows)
    ]
    ctx = PageText(lines=lines, page_count=1, median_height=0.017, hits=[])
    by_text = {c.value: c for c in vendor_candidates(ctx, language="en")}
    assert by_text["Oakfield Software GmbH & Co. KG"].features.get("customer") == 1.0
    assert not by_text["Harbor Engineering GmbH"].features.get("customer")
    assert max(by_text.values(), key=lambda c: c.score).value == "Harbor Engineering GmbH"


def _candidates(
    rows: list[tuple[str, float, float, float]], median_height: float, language: str
) -> list[FieldCandidate]:
    """The vendor candidates of a page of (text, top, width, height) rows, labels found."""
    lines = [_line(i, t, y, w, h) for i, (t, y, w, h) in enumerate(rows)]
    ctx = PageText(lines=lines, page_count=1, median_height=median_height, hits=[])
    ctx.hits = find_label_hits(ctx)
    return vendor_candidates(ctx, language=language)


def test_a_sign_without_the_trade_the_registered_name_opens_with_is_its_mark() -> None:
    """A sign that ends in a form ("MAJU TRADING") is still the sign of "RESTORAN MAJU" /
    "TRADING" under it: the registered name without the trade it opens with (fresh seed
    1313's OCR boxes)."""
    rows = [
        ("MAJU TRADING", 0.032, 0.562, 0.032),
        ("RESTORAN MAJU", 0.080, 0.588, 0.029),
        ("TRADING", 0.118, 0.315, 0.031),
        ("(787673-U)", 0.155, 0.211, 0.024),
        ("NO. 85-1, JALAN SRI 8,", 0.177, 0.425, 0.022),
        ("72268 RAWANG.", 0.201, 0.309, 0.020),
        ("NEGERI SEMBILAN", 0.222, 0.370, 0.021),
        ("TEL: 03-4723 8328", 0.244, 0.341, 0.021),
        ("GST NO: 000059992648", 0.267, 0.437, 0.021),
        ("TOTAL (RM) 137.26", 0.547, 0.828, 0.027),
    ]
    cands = _candidates(rows, 0.021, "en")
    assert max(cands, key=lambda c: c.score).value == "RESTORAN MAJU TRADING"


def test_a_line_that_opens_with_a_fields_label_names_no_vendor() -> None:
    """Payment terms set at the top right in the body's type, the seller only in the footer
    (a born-digital family of seed 5151): "Zahlbar bis" labels the due date, and the words
    after it are terms, not a name."""
    rows = [
        ("Kunde", 0.107, 0.041, 0.011),
        ("Schwarzwald Logistik e.K.", 0.129, 0.227, 0.014),
        ("Zahlbar bis Ende des Folgemonats.", 0.142, 0.261, 0.012),
        ("Bahnhofstraße 3", 0.147, 0.096, 0.011),
        ("Rechnungsdatum: 19.10.2025", 0.190, 0.398, 0.011),
        ("Gesamtbetrag 1.234,56", 0.500, 0.400, 0.011),
        ("Sonnen Lieferant UG (haftungsbeschränkt)", 0.920, 0.300, 0.011),
    ]
    values = [c.value for c in _candidates(rows, 0.011, "de")]
    assert not [v for v in values if v.startswith("Zahlbar")]
    assert "Sonnen Lieferant UG (haftungsbeschränkt)" in values


def test_a_label_ocr_read_onto_the_name_line_after_the_legal_form_is_cut_off() -> None:
    """The total's box beside the letterhead: OCR joined "Amount Due" to the name's line (seed
    4242's scan)."""
    rows = [
        ("Ironbridge Media Pty. Limited Amount Due", 0.048, 0.572, 0.028),
        ("3926 Harbour Lane", 0.070, 0.159, 0.017),
        ("Perth WA 6000", 0.086, 0.120, 0.015),
        ("Invoice No.: 18186", 0.097, 0.300, 0.016),
    ]
    values = [c.value for c in _candidates(rows, 0.016, "en")]
    assert "Ironbridge Media Pty. Limited" in values
    assert not [v for v in values if "Amount" in v]


@pytest.mark.parametrize(
    ("from_ocr", "name"), [(True, "株式会社瑞穂建設"), (False, "株式会社瑞穗建設")]
)
def test_an_old_form_ocr_prints_for_modern_print_is_read_in_its_modern_form(
    from_ocr: bool, name: str
) -> None:
    """PP-OCR reads 穂 as its old form 穗 on about half the scanned names printed with it; a
    text layer prints the name as its issuer spelled it."""
    lines = [
        ocr_line(0, "株式会社瑞穗建設", BBox(x0=0.1, y0=0.05, x1=0.5, y1=0.08), from_ocr=from_ocr),
        ocr_line(1, "東京都千代田区丸の内2-15-18", BBox(x0=0.1, y0=0.09, x1=0.5, y1=0.11)),
        ocr_line(2, "請求書", BBox(x0=0.7, y0=0.05, x1=0.9, y1=0.08)),
    ]
    ctx = PageText(lines=lines, page_count=1, median_height=0.02, hits=[])
    cands = vendor_candidates(ctx, language="ja")
    assert max(cands, key=lambda c: c.score).value == name
