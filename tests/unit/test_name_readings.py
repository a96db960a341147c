"""The issuer's name read again elsewhere on the page: the readings vote on its spelling (pure
functions over hand-built lines; the names and slips are of the kinds OCR makes, not taken
from any dataset)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hand_lines import ocr_line

from axocr.extract.context import PageText, TextLine
from axocr.extract.name_readings import NameReadings
from axocr.extract.vendor import fix_name_letters
from axocr.types import BBox, FieldCandidate, Provenance
from axocr.validate.review import read_otherwise


def _page(
    chosen: str, elsewhere: list[str], height: float = 0.03
) -> tuple[PageText, FieldCandidate]:
    """A page whose top line is the chosen name and whose other lines stand below it, set in
    ``height`` (the chosen line's is 0.03)."""
    top = BBox(x0=0.1, y0=0.05, x1=0.6, y1=0.08)
    lines = [ocr_line(0, chosen, top)]
    lines += [
        ocr_line(i + 1, text, BBox(x0=0.1, y0=0.2 + 0.05 * i, x1=0.7, y1=0.2 + 0.05 * i + height))
        for i, text in enumerate(["請求日 2025年04月01日", "Total 1,200.00", *elsewhere])
    ]
    return PageText(lines=lines, page_count=1, median_height=0.03, hits=[]), _chosen(chosen, top)


def _chosen(name: str, box: BBox) -> FieldCandidate:
    """The vendor candidate read from the line at ``box``."""
    return FieldCandidate(
        field="vendor",
        value=name,
        score=1.0,
        page=0,
        bbox=box,
        text=name,
        origin=Provenance(kind="vendor", detail="signals"),
    )


@pytest.mark.parametrize(
    ("chosen", "elsewhere", "expected"),
    [
        # a footer and a bank account holder read the name one way, the letterhead another
        (
            "若集ソリューションズ合同会社",
            ["若葉ソリューションズ合同会社", "口座名義 若葉ソリューションズ"],
            "若葉ソリューションズ合同会社",
        ),
        # a Latin slip, the case of the chosen line kept
        (
            "LJAN HING STATIONERY SDN BHD",
            ["Thank you for shopping at Lian Hing Stationery", "Payee: LIAN HING STATIONERY"],
            "LIAN HING STATIONERY SDN BHD",
        ),
        # most readings agree with the chosen line: a slip elsewhere changes nothing
        (
            "Northwind Traders Ltd",
            ["Northwind Traders Ltd, 4 Mill Lane", "Payee: Northwlnd Traders", "northwindtraders"],
            "Northwind Traders Ltd",
        ),
        # a one-letter neighbour of a short name is another word, not a reading of it
        ("Acme Ltd", ["Acne cream x2", "Acne cream x1"], "Acme Ltd"),
    ],
)
def test_readings_vote(chosen: str, elsewhere: list[str], expected: str) -> None:
    ctx, cand = _page(chosen, elsewhere)
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == expected
    assert not settled.features.get("read_otherwise")


def test_an_even_split_goes_to_a_person() -> None:
    # Printed twice, read two ways: nothing on the page says which is right.
    ctx, cand = _page("若集ソリューションズ合同会社", ["若葉ソリューションズ合同会社"])
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == "若集ソリューションズ合同会社"
    assert settled.features.get("read_otherwise") == 1.0
    assert read_otherwise("vendor", {"read_otherwise": 1.0})
    assert not read_otherwise("vendor", {"read_otherwise": 0.0})


def _worded(line: TextLine, confidence: dict[str, float]) -> TextLine:
    """``line`` split into its words, each read at ``confidence``'s value (0.95 if absent)."""
    spans: list[tuple[int, int, BBox]] = []
    start = 0
    for word in line.text.split(" "):
        spans.append((start, start + len(word), line.bbox))
        start += len(word) + 1
    confs = [confidence.get(line.text[s:e], 0.95) for s, e, _ in spans]
    return replace(line, spans=spans, span_char_confidence=confs)


@pytest.mark.parametrize(
    ("header", "footer", "expected"),
    [
        # the header's slip read unsurely, the footer's spelling surely: the footer's is shown
        (0.54, 0.98, "Kedai Makan Sinar Book Store"),
        # the other way round: the header's stays
        (0.98, 0.54, "Kedai Makan Sinor Book Store"),
    ],
)
def test_an_even_split_shows_the_spelling_read_surer(
    header: float, footer: float, expected: str
) -> None:
    ctx, cand = _page("Kedai Makan Sinor Book Store", ["Kedai Makan Sinar Book Store"])
    ctx.lines[0] = _worded(ctx.lines[0], {"Sinor": header})
    ctx.lines[-1] = _worded(ctx.lines[-1], {"Sinar": footer})
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None and settled.value == expected
    # either way a person looks
    assert settled.features.get("read_otherwise") == 1.0


@pytest.mark.parametrize(
    ("chosen", "elsewhere"),
    [
        # the footer misses the trade prefix by a letter, read surer than the header
        ("KEDAI JAYA BAKERY", "KEDALJAYA BAKERY"),
        # the header does
        ("KEDAL JAYA BAKERY", "KEDAI JAYA BAKERY"),
    ],
)
def test_an_even_split_shows_the_reading_that_spells_a_known_word(
    chosen: str, elsewhere: str
) -> None:
    ctx, cand = _page(chosen, [elsewhere])
    ctx.lines[0] = _worded(ctx.lines[0], {chosen.split()[0]: 0.6})
    ctx.lines[-1] = _worded(ctx.lines[-1], {elsewhere.split()[0]: 0.99})
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None and settled.value == "KEDAI JAYA BAKERY"
    assert settled.features.get("read_otherwise") == 1.0


def test_an_even_split_between_characters_read_alike_keeps_the_chosen_line() -> None:
    # The recogniser is as sure of a kanji's old form as of its modern one: its certainty
    # says nothing of which the page printed.
    ctx, cand = _page("株式会社瑞穂メディア", ["株式会社瑞穗メディア"])
    ctx.lines[0] = _worded(ctx.lines[0], {"株式会社瑞穂メディア": 0.6})
    ctx.lines[-1] = _worded(ctx.lines[-1], {"株式会社瑞穗メディア": 0.99})
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None and settled.value == "株式会社瑞穂メディア"
    assert settled.features.get("read_otherwise") == 1.0


@pytest.mark.parametrize(
    ("chosen", "elsewhere", "doubted"),
    [
        # a seal's stroke over 電 in the letterhead; the footer's small print is clear
        ("合同会社旭機", ["〒100-0001 東京都千代田区 合同会社旭電機"], True),
        ("Kedai Makan Wawasan", ["Thank you for visiting Kedai Makan Wawasan"], False),
        # one more character at the end is another name, not a dropped one
        ("合同会社旭機", ["合同会社旭機械"], False),
        # the name's last letter again: the legal form after it, not a letter dropped
        ("Garonne Informatique", ["Garonne Informatique EURL"], False),
        ("Harbor Market Ltd", ["Harbour Market Ltd"], True),
    ],
)
def test_a_name_read_elsewhere_with_one_more_character_inside_goes_to_a_person(
    chosen: str, elsewhere: list[str], doubted: bool
) -> None:
    ctx, cand = _page(chosen, elsewhere, height=0.015)
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None and settled.value == chosen
    assert bool(settled.features.get("read_otherwise")) is doubted


def test_smaller_type_has_no_vote() -> None:
    # A footer and an account holder in small print slip on the voicing mark the
    # letterhead's large type shows.
    footers = ["合同会社チェックボイントサービス", "口座名義 チェックボイントサービス"]
    ctx, cand = _page("合同会社チェックポイントサービス", footers, height=0.015)
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == "合同会社チェックポイントサービス"
    assert not settled.features.get("read_otherwise")


@pytest.mark.parametrize(
    ("chosen", "elsewhere"),
    [
        # 三 and ミ: a font that prints them alike has OCR read one for the other on every line
        ("三ツ星ソリューションズ株式会社", ["ミツ星ソリューションズ株式会社"] * 2),
        # a voicing mark
        ("株式会社ハーバーテクノロジー", ["株式会社ハーパーテクノロジー"] * 3),
        # a kanji's old form, which OCR reads on some lines of a page and not on others
        ("株式会社瑞穂メディア", ["株式会社瑞穗メディア", "口座名義 瑞穗メディア"] * 2),
    ],
)
def test_characters_read_alike_are_not_counted_but_shown(chosen: str, elsewhere: list[str]) -> None:
    ctx, cand = _page(chosen, elsewhere)
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == chosen
    assert settled.features.get("read_otherwise") == 1.0


@pytest.mark.parametrize(
    "customer",
    [
        ["株式会社さくら野工業御中"],
        ["Bill To:", "Ridgeway Woods Ltd"],
    ],
)
def test_a_customer_named_like_the_issuer_is_no_reading(customer: list[str]) -> None:
    chosen = "さくら野産業株式会社" if "御中" in customer[0] else "Ridgeway Foods Ltd"
    ctx, cand = _page(chosen, customer)
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == chosen
    assert not settled.features.get("read_otherwise")


def test_a_mail_address_is_no_reading_of_the_name() -> None:
    # Its owner shortened the name; no OCR slip.
    ctx, cand = _page("Sterling Systems Pty Ltd", ["billing@sterlingsystem.com.au"])
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == "Sterling Systems Pty Ltd"
    assert not settled.features.get("read_otherwise")


def test_other_readings_are_fixed_like_the_name() -> None:
    # The kana speller spelled the chosen name's パ; a second line with OCR's バ is the same
    # reading once spelled the same way, not a vote against it.
    ctx, cand = _page("中央コインパーク株式会社", ["中央コインバーク株式会社 駐車場"])
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None
    assert settled.value == "中央コインパーク株式会社"
    assert not settled.features.get("read_otherwise")


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("De VriesInstallatie B.V.", "De Vries Installatie B.V."),
        ("SkyInternational Ltd", "Sky International Ltd"),
        ("WorId Trading", "World Trading"),
        ("LincoIn Ltd", "Lincoln Ltd"),
        ("Intel Inc", "Intel Inc"),
    ],
)
def test_capital_i_inside_a_word(read: str, name: str) -> None:
    """A capital I after lower case is an l ("WorId"), unless n and a letter follow: then it
    starts a word whose space OCR lost."""
    assert fix_name_letters(read) == name


def _under_sign(sign: str, name: str, sign_height: float = 0.04) -> tuple[PageText, FieldCandidate]:
    """A till's sign, one word in larger type, over the name line the vendor was read from."""
    box = BBox(x0=0.1, y0=0.10, x1=0.7, y1=0.13)
    sign_line = ocr_line(0, sign, BBox(x0=0.3, y0=0.04, x1=0.5, y1=0.04 + sign_height))
    lines = [
        sign_line,
        ocr_line(1, name, box),
        ocr_line(2, "NO. 92-1, JLN TIMUR 1", BBox(x0=0.1, y0=0.14, x1=0.6, y1=0.17)),
    ]
    return PageText(lines=lines, page_count=1, median_height=0.03, hits=[]), _chosen(name, box)


def test_a_sign_that_spells_a_word_of_the_name_otherwise_sends_it_to_a_person() -> None:
    # "HONG" over "PERNIAGAAN MENG BONG": one of the two readings slipped on a letter
    ctx, cand = _under_sign("HONG", "PERNIAGAAN MENG BONG")
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None and settled.value == "PERNIAGAAN MENG BONG"
    assert settled.features.get("read_otherwise") == 1.0
    for sign, name in [
        ("HONG", "PERNIAGAAN MENG HONG"),  # the sign agrees
        ("BAR", "CAR CARE CENTRE"),  # too short to tell a slip from another word
        ("WELCOME", "MENG HONG TRADING"),  # no word of the name
    ]:
        ctx, cand = _under_sign(sign, name)
        kept = NameReadings(ctx).settle(cand)
        assert kept is not None and not kept.features.get("read_otherwise"), sign
    # a line in smaller type over the name is no sign ("CUSTOMER COPY", a slogan)
    ctx, cand = _under_sign("HONG", "PERNIAGAAN MENG BONG", sign_height=0.015)
    small = NameReadings(ctx).settle(cand)
    assert small is not None and not small.features.get("read_otherwise")


def test_a_sign_of_several_words_that_spells_the_name_otherwise_sends_it_to_a_person() -> None:
    # two letters slipped on the name's line, one in each word, the sign read clean
    ctx, cand = _under_sign("HARPERS BOOKS", "Earper's Bocks Ltd.")
    settled = NameReadings(ctx).settle(cand)
    assert settled is not None and settled.features.get("read_otherwise") == 1.0
    for sign, name in [
        ("HARPERS BOOKS", "Harper's Books Ltd."),  # the sign agrees
        ("BOOKS AND MORE", "Harper's Bocks Ltd."),  # a slogan: two of its words not the name's
        ("HARPERS BOOKS SINCE 1921", "Earper's Bocks Ltd."),  # too long for a sign
    ]:
        ctx, cand = _under_sign(sign, name)
        kept = NameReadings(ctx).settle(cand)
        assert kept is not None and not kept.features.get("read_otherwise"), sign
