"""Letterhead layouts that used to give the wrong vendor, on real PDFs made here and read by
the full pipeline: a logo word mark printed above the legal name, a customer box with its
heading and a GLN above the seller's letterhead, a seller named only in the footer.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from text_pages import IPAEX, Item, text_pdf

import axocr
from axocr.bench.scoring import normalize_vendor
from axocr.config import ReadConfig
from axocr.pipeline import read_document
from axocr.synth.families import FamilyOptions, family_scan
from axocr.synth.family_pages import render_family_document
from axocr.synth.grammar import FamilySpec, family_content, make_family


def _german_body(y: float) -> list[Item]:
    return [
        (20, y, "RECHNUNG", 16),
        (20, y + 10, "Rechnung Nr.: 2024-19134", 10),
        (20, y + 16, "Rechnungsdatum: 15.01.2024", 10),
        (20, y + 40, "Kabelkanal 2 m", 10),
        (160, y + 40, "1.037,42", 10),
        (120, y + 55, "Gesamtbetrag: 1.234,53 EUR", 11),
    ]


@pytest.mark.parametrize(
    ("mark", "name", "vendor"),
    [
        ("HANSA ELEKTRO", "Hansa Elektro KG", "Hansa Elektro KG"),
        ("STERLING OFFICE", "Sterling Office GmbH", "Sterling Office GmbH"),
    ],
)
def test_a_word_mark_above_the_legal_name_is_not_part_of_it(
    tmp_path: Path, mark: str, name: str, vendor: str
) -> None:
    path = text_pdf(
        tmp_path / "mark.pdf",
        [
            (-190, 19, mark, 20),
            (-190, 26, name, 15),
            (-190, 32, "Lindenweg 87", 9),
            (-190, 37, "28195 Bremen", 9),
            (-190, 42, "USt-IdNr. DE252445197", 9),
            (20, 55, "An", 9),
            (20, 60, "GLN 4010637219511", 9),
            (20, 65, "Bergmann Lieferant KG", 11),
            (20, 70, "Hauptstraße 39", 9),
            (20, 75, "10115 Berlin", 9),
            *_german_body(95),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == vendor


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font not installed")
def test_a_japanese_word_mark_above_the_registered_name_is_not_part_of_it(
    tmp_path: Path,
) -> None:
    path = text_pdf(
        tmp_path / "mark_ja.pdf",
        [
            (20, 18, "若葉システム", 20),
            (20, 26, "合同会社若葉システム", 14),
            (20, 32, "〒450-0002", 9),
            (20, 37, "愛知県名古屋市中村区名駅3-15-18", 9),
            (20, 42, "登録番号 T5401042336461", 9),
            (150, 55, "請求書", 18),
            (20, 60, "みなと商事合同会社御中", 12),
            (20, 75, "請求書番号: 838340-71", 10),
            (20, 81, "請求日: 2025年5月3日", 10),
            (20, 100, "システム保守費用", 10),
            (160, 100, "42,500", 10),
            (120, 115, "合計 ￥46,750", 11),
        ],
        font="ipaex",
    )
    assert axocr.extract(path).fields.vendor.value == "合同会社若葉システム"


def test_a_customer_box_with_heading_and_gln_is_not_the_vendor(tmp_path: Path) -> None:
    """The seller is named only in the footer; the box at the top is the customer's, and
    neither its heading nor its GLN is part of any name."""
    path = text_pdf(
        tmp_path / "footer.pdf",
        [
            (20, 30, "Rechnungsanschrift", 9),
            (20, 35, "GLN 4010637219511", 9),
            (20, 40, "Hoffmann Werkzeuge GmbH", 12),
            (20, 46, "Bahnhofstraße 69", 9),
            (20, 51, "60311 Frankfurt am Main", 9),
            (150, 30, "RECHNUNG", 16),
            (120, 60, "Rechnung Nr.: RG/24/1321", 10),
            (120, 66, "Rechnungsdatum: 22.12.2025", 10),
            (20, 100, "Palette Europool", 10),
            (160, 100, "1.037,42", 10),
            (120, 120, "Gesamtbetrag: 1.234,53 EUR", 11),
            (20, 272, "Nordlicht Lieferant GmbH", 8),
            (20, 276, "Industriestraße 95", 8),
            (20, 280, "28195 Bremen", 8),
            (85, 272, "+49 34 414545", 8),
            (85, 276, "rechnung@nordlicht-lieferant.de", 8),
            (150, 272, "Commerzbank", 8),
            (150, 276, "IBAN DE19 2713 9065 3503 0078 09", 8),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Nordlicht Lieferant GmbH"


def test_a_footer_seller_named_with_co_beats_the_customer_box(tmp_path: Path) -> None:
    """An English invoice naming its seller only in the footer, "... Co." with its mail
    domain beside it; the box at the top, under "Invoice to", is the customer's."""
    path = text_pdf(
        tmp_path / "footer-co.pdf",
        [
            (150, 30, "TAX INVOICE", 16),
            (15, 30, "Invoice to", 8),
            (15, 35, "Larkspur Print Works LLC", 11),
            (15, 40, "1046 Cedar Road", 8),
            (15, 44, "Albany, NY 12207", 8),
            (110, 45, "Invoice #: A-57443", 9),
            (110, 50, "Invoice Date: 2024-11-10", 9),
            (20, 80, "Consulting services", 9),
            (170, 80, "804.60", 9),
            (130, 110, "Total: USD 804.60", 11),
            (15, 262, "Oakfield Labs Co.", 8),
            (15, 266, "1887 Maple Street", 8),
            (15, 270, "Denver, CO 80209", 8),
            (75, 262, "(910) 963-2349", 8),
            (75, 266, "billing@oakfieldlabs.com", 8),
            (135, 262, "First Bank of Denver", 8),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Oakfield Labs Co."


def test_a_customer_box_ends_at_the_blank_line_above_the_letterhead(tmp_path: Path) -> None:
    """The word "Aan" heads the customer's box; the seller's letterhead below it, after white space in
    the same column, is not the customer's."""
    path = text_pdf(
        tmp_path / "aan.pdf",
        [
            (20, 18, "Aan", 9),
            (20, 23, "Visser Logistiek N.V.", 12),
            (20, 28, "Stationsweg 8", 9),
            (20, 33, "3511 LX Utrecht", 9),
            (20, 38, "Klantnr.: 682317", 9),
            (150, 20, "FACTUUR", 16),
            (20, 52, "Bakker Installatie V.O.F.", 15),
            (20, 58, "Dorpsstraat 78", 9),
            (20, 63, "3511 LX Utrecht", 9),
            (20, 68, "BTW-nr. NL878666122B01", 9),
            (20, 85, "Factuurnummer: 305308", 10),
            (20, 91, "Factuurdatum: 07-07-2025", 10),
            (20, 110, "Kopieerpapier A4", 10),
            (160, 110, "75,10", 10),
            (120, 125, "Totaal: 90,87 EUR", 11),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Bakker Installatie V.O.F."


def test_the_name_under_a_senders_return_line_is_the_customer(tmp_path: Path) -> None:
    """A window envelope's address (DIN 5008): the sender's return line, printed small, stands
    above the recipient's name; the letterhead's own name carries a legal form in brackets."""
    path = text_pdf(
        tmp_path / "window.pdf",
        [
            (20, 14, "4318983965268 (GLN)", 8),
            (20, 20, "Lahn Verpackung UG (haftungsbeschränkt)", 14),
            (20, 26, "Lindenweg 108", 8),
            (20, 30, "80331 München", 8),
            (20, 34, "Tel. +49 83 659159", 8),
            (20, 45, "Lahn Verpackung UG (haftungsbeschränkt) · Lindenweg 108 · 80331 München", 6),
            (20, 50, "Hansa Getränke AG", 11),
            (20, 55, "Industriestraße 44", 8),
            (20, 59, "60311 Frankfurt am Main", 8),
            *_german_body(80),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Lahn Verpackung UG (haftungsbeschränkt)"


def test_a_recipient_with_a_legal_form_loses_to_a_letterhead_without_one(tmp_path: Path) -> None:
    """The "Co." alone is no legal form the reader counts, "Corp." is: the window's return line
    above the customer's name is what tells the two apart."""
    path = text_pdf(
        tmp_path / "window_en.pdf",
        [
            (20, 20, "Ashford Labs Co.", 14),
            (20, 27, "1880 Mill St.", 9),
            (20, 32, "Columbus, OH 03084", 9),
            (20, 37, "Phone: (544) 257-1779", 9),
            (20, 48, "Ashford Labs Co. · 1880 Mill St. · Columbus, OH 03084", 7),
            (20, 54, "Summit Analytics Corp.", 12),
            (20, 59, "925 King Lane", 9),
            (20, 64, "Albany, NY 99892", 9),
            (150, 50, "INVOICE", 18),
            (120, 80, "Invoice Number: 47-6181", 10),
            (120, 86, "Invoice Date: 2024-02-01", 10),
            (20, 110, "Consulting services", 10),
            (160, 110, "1,037.42", 10),
            (120, 125, "Total: USD 1,234.53", 11),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "Ashford Labs Co."


@pytest.mark.skipif(not IPAEX.exists(), reason="IPAex font not installed")
def test_a_company_seal_stamped_over_the_name_does_not_join_it(tmp_path: Path) -> None:
    """A generated letterhead with a 角印 over the right end of a centred name: OCR reads the
    seal's characters ("印マポチ") as a line just above the name, which is no wrapped first half
    of it. The layout is one the generator drew for a held-out seed."""
    key = "name_centre/window/grid/number_only/issue/rules/deposit/in_table/bank_terms/over_name"
    spec = FamilySpec(*key.split("/"), "no", "no", "yes", "2")
    family = make_family("ja-015", "ja", spec, 7, dejavu=True)
    content = family_content(family, 1)
    pdf, _ = render_family_document(family, content)
    path = tmp_path / "seal.pdf"
    path.write_bytes(pdf)
    assert content.vendor.name == "合同会社チェックポイントマート"
    assert axocr.extract(path).fields.vendor.value == "合同会社チェックポイントマート"


def _receipt(path: Path, header: list[tuple[str, float]], body_y: float = 0.0) -> Path:
    """An 80 mm till receipt: ``header`` lines centred (text, size pt) from the top, then a
    short item list and total. Its lines follow one another at the height of the type."""
    pdf = FPDF(format=(80, 200))
    pdf.add_page()
    y = 8.0
    for text, size in header:
        pdf.set_font("helvetica", size=size)
        y += size * 0.42
        pdf.text((80 - pdf.get_string_width(text)) / 2, y, text)
    y = max(y, body_y) + 8
    pdf.set_font("helvetica", size=8)
    for left, right in [
        ("Date: 14/03/2018 12:41", ""),
        ("KOPI O PANAS", "2.40"),
        ("NASI LEMAK AYAM", "8.90"),
        ("TOTAL", "11.30"),
        ("CASH", "20.00"),
    ]:
        y += 5
        pdf.text(6, y, left)
        if right:
            pdf.text(74 - pdf.get_string_width(right), y, right)
    pdf.output(str(path))
    return path


def test_the_shop_over_its_company_number_beats_a_customer_with_a_legal_form(
    tmp_path: Path,
) -> None:
    """A cash bill names the buying company under the title with no label; the shop's name,
    without a legal form, heads its company number."""
    path = _receipt(
        tmp_path / "customer.pdf",
        [
            ("KEDAI BESI LEONG FATT", 8),
            ("JM0771234-T", 8),
            ("NO.12 JALAN MERANTI 4/2", 8),
            ("81200 JOHOR BAHRU", 8),
            ("GST NO: 000812345678", 8),
            ("SIMPLIFIED TAX INVOICE", 8),
            ("SURIA PRIMA ENGINEERING (M) SDN BHD", 8),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "KEDAI BESI LEONG FATT"


def test_a_name_wrapped_over_two_lines_above_its_company_number_is_whole(
    tmp_path: Path,
) -> None:
    path = _receipt(
        tmp_path / "wrapped.pdf",
        [
            ("RESTORAN SERI", 11),
            ("MELATI CORNER", 11),
            ("001987654-W", 9),
            ("21, JALAN TASIK 3", 8),
            ("57000 KUALA LUMPUR", 8),
            ("INVOICE", 9),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "RESTORAN SERI MELATI CORNER"


def test_the_country_line_above_the_company_number_is_not_the_name(tmp_path: Path) -> None:
    path = _receipt(
        tmp_path / "country.pdf",
        [
            ("SERI WANGI TAILORING & CRAFT", 9),
            ("19, JALAN KENARI,", 8),
            ("OFF JALAN IMBI,", 8),
            ("55100 KUALA LUMPUR", 8),
            ("MALAYSIA", 8),
            ("Company Reg No.: 751234-W", 8),
            ("GST Reg No.: 001948000736", 8),
            ("TAX INVOICE", 9),
        ],
    )
    assert axocr.extract(path).fields.vendor.value == "SERI WANGI TAILORING & CRAFT"


def _scan(tmp_path: Path, name: str, items: list[Item]) -> Path:
    """The page of ``items`` as a 200 DPI image: OCR, not a text layer, reads it."""
    pdf = text_pdf(tmp_path / f"{name}.pdf", items)
    png = tmp_path / f"{name}.png"
    pdfium.PdfDocument(str(pdf))[0].render(scale=200 / 72).to_pil().save(png)
    return png


_CREDIT_NOTE_BODY: list[Item] = [
    (20, 18, "MUSTER HANDEL", 16),
    (20, 36, "GUTSCHRIFT", 14),
    (20, 46, "Gutschrift-Nr.:", 9),
    (60, 46, "2024-82345", 9),
    (20, 51, "Datum:", 9),
    (60, 51, "02.12.2024", 9),
    (20, 80, "Kopierpapier A4, 80 g/m2", 9),
    (170, 80, "6,24", 9),
    (120, 100, "Gesamtbetrag: 7,43 EUR", 10),
    (20, 272, "Muster Handel AG", 8),
    (20, 276, "Hauptstraße 12, 80331 München", 8),
    (20, 280, "USt-IdNr. DE252445197", 8),
]


@pytest.mark.parametrize(
    "heading",
    [
        # the heading first, its GLN after it on the same row
        [(110, 30, "Rechnungsanschrift", 9), (142, 30, "ILN 4095282864866", 9)],
        # the short heading set right of the GLN: OCR reads "GLN ... An" as one line
        [(110, 30, "GLN 4035425147722", 9), (142, 30, "An", 9)],
    ],
)
def test_a_customer_heading_read_with_its_gln_as_one_line_still_heads_the_customer(
    tmp_path: Path, heading: list[Item]
) -> None:
    """A scanned credit note: the customer box's heading and the customer's GLN share one
    row, which OCR reads as one line. The heading still makes the name under it the
    customer's, and the GLN is no invoice number."""
    items = [
        *heading,
        (110, 36, "Rheintal Logistik e.K.", 10),
        (110, 41, "Bahnhofstraße 97", 9),
        (110, 46, "04109 Leipzig", 9),
        *_CREDIT_NOTE_BODY,
    ]
    path = _scan(tmp_path, "credit", items)
    fields = axocr.extract(path).fields
    assert fields.vendor.value == "Muster Handel AG"
    assert fields.invoice_number.value == "2024-82345"


@pytest.mark.parametrize(
    ("family_id", "key", "name"),
    [
        # the seal over the name's end, the word mark on a line of its own above:
        # OCR reads "株式会社大和運輸和輸大"
        (
            "ja-012",
            "wordmark_centre/customer_right/column/customer_order/all_dates/plain/discount/"
            "right/terms_top/over_name/yes/no/no/1",
            "株式会社大和運輸",
        ),
        # the seal beside the name, read from its 之印 on with 口 for ロ: "...之印口若葉テク"
        (
            "ja-008",
            "name_centre/customer_above/column/all_refs/issue_delivery/rules/deposit/right/"
            "bank_terms/beside_name/no/no/yes/2",
            "有限会社若葉テクノロジー",
        ),
    ],
)
def test_a_seal_read_after_a_leading_legal_form_is_not_part_of_the_name(
    tmp_path: Path, family_id: str, key: str, name: str
) -> None:
    """Generated letterheads (layouts the generator drew for seed 5151) with a 角印 stamped
    over the name, printed and read by OCR at 200 DPI."""
    spec = FamilySpec(*key.split("/"))
    family = make_family(family_id, "ja", spec, 5151, dejavu=True)
    content = family_content(family, 1)
    pdf, _ = render_family_document(family, content)
    assert content.vendor.name == name
    (tmp_path / "seal.pdf").write_bytes(pdf)
    png = tmp_path / "seal.png"
    pdfium.PdfDocument(str(tmp_path / "seal.pdf"))[0].render(scale=200 / 72).to_pil().save(png)
    assert axocr.extract(png).fields.vendor.value == name


def _generated_scan(tmp_path: Path, family_id: str, key: str, seed: int) -> tuple[Path, str]:
    """The degraded scan `generate_families.py --scans --seed SEED` writes for the family's
    first document, and the vendor name printed on it."""
    language, _ = family_id.split("-")
    family = make_family(family_id, language, FamilySpec(*key.split("/")), seed, dejavu=True)
    assert family.language == language
    content = family_content(family, 1)
    pdf, _ = render_family_document(family, content)
    data, kind, _ = family_scan(family, 1, pdf, FamilyOptions(seed=seed, scans=True))
    path = tmp_path / ("scan.pdf" if kind == "scanned-pdf" else "scan.jpg")
    path.write_bytes(data)
    return path, content.vendor.name


@pytest.mark.parametrize(
    ("family_id", "key", "name"),
    [
        # a turned photo; the seal beside the name is read in its old form after the legal
        # form: "瑞穂ソリューションズ合同会社ズー穗" (穗 for 穂)
        (
            "ja-008",
            "name_left/window/strip/customer_order/issue/zebra/deposit/left_box/terms_only/"
            "beside_name/no/no/yes/1",
            "瑞穂ソリューションズ合同会社",
        ),
        # a blurred photo; the seal is read before the name, its border as a digit:
        # "之印サ 3 合同会社ジョイフルサービス"
        (
            "ja-011",
            "name_right/customer_below/strip/delivery_gln/issue_delivery/zebra/"
            "discount_freight/right/terms_only/beside_name/no/no/yes/1",
            "合同会社ジョイフルサービス",
        ),
    ],
)
def test_a_seal_read_in_old_forms_or_with_a_stray_mark_is_not_part_of_the_name(
    tmp_path: Path, family_id: str, key: str, name: str
) -> None:
    """Generated letterheads (seed 6262) with a 角印 beside the name, scanned as the
    generator scans them (tilt, noise, blur) and read by OCR."""
    path, printed = _generated_scan(tmp_path, family_id, key, 6262)
    assert printed == name
    assert axocr.extract(path).fields.vendor.value == name


def test_a_title_read_without_its_spaces_is_not_the_vendor(tmp_path: Path) -> None:
    """A generated credit note (seed 6262, scanned at 150 DPI and tilted): OCR reads its
    title 'Facture d'avoir' as "Factured'avoir", which stood top right, in large type, as
    a one-word name would."""
    key = (
        "wordmark_left/customer_above/strip/all_refs/issue_delivery/positions/discount/right/"
        "terms_top/none/yes/yes/no/2"
    )
    path, printed = _generated_scan(tmp_path, "fr-006", key, 6262)
    assert printed == "Alpes Transports SARL"
    vendor = axocr.extract(path).fields.vendor.value
    assert vendor is not None and vendor.startswith("Alpes Transports")


def test_a_seal_character_read_after_the_name_goes_when_more_of_the_seal_is_read_around_it(
    tmp_path: Path,
) -> None:
    """A generated invoice (seed 6262) with the 角印 stamped over the name's end, scanned at
    150 DPI under uneven light: OCR reads "合同会社富士システム士" and, below the name, a lone
    ム. One character of the name after the name is a seal's only where the seal has left
    more of itself around it."""
    key = (
        "gln_name/customer_right/column/customer_order/issue/grid/discount/in_table/columns/"
        "over_name/no/no/no/1"
    )
    path, printed = _generated_scan(tmp_path, "ja-010", key, 6262)
    assert printed == "合同会社富士システム"
    assert axocr.extract(path).fields.vendor.value == printed


@pytest.mark.parametrize(
    ("family_id", "key", "name"),
    [
        # the seal beside the name's end, its 印 read on the line below: OCR reads
        # "清水電機有限会社之水機清"
        (
            "ja-007",
            "name_left/customer_right/strip/delivery_gln/issue_due/plain/plain/left_box/"
            "terms_only/beside_name/no/no/yes/2",
            "清水電機有限会社",
        ),
        # the word mark above the legal name, which OCR reads without the space before its
        # form: "Schwarzwald MetallbauGmbH &Co.KG" under "SCHWARZWALD METALLBAU"
        (
            "de-004",
            "wordmark_left/customer_right/strip/delivery_gln/all_dates/positions/discount/"
            "right/bank_terms/none/no/yes/no/1",
            "Schwarzwald Metallbau GmbH & Co. KG",
        ),
    ],
)
def test_held_out_scans_read_the_legal_name_alone(
    tmp_path: Path, family_id: str, key: str, name: str
) -> None:
    """Two of the scans of seed 7373, a set held out until this code had been written, that
    it read wrong: the name with the seal's characters after it, and the word mark joined to
    the legal name as one wrapped name."""
    path, printed = _generated_scan(tmp_path, family_id, key, 7373)
    assert printed == name
    vendor = axocr.extract(path).fields.vendor.value
    assert vendor is not None
    assert normalize_vendor(vendor) == normalize_vendor(name)


@pytest.mark.parametrize(
    ("family_id", "key", "name"),
    [
        # the seal beside the name's end, read after it as "刷な" with more of it around:
        # "合同会社みなと印刷刷な" (a kanji twice is written with 々: the second is the seal's)
        (
            "ja-005",
            "name_centre/customer_below/strip/number_only/all_dates/grid/deposit/right/"
            "terms_top/beside_name/no/no/yes/2",
            "合同会社みなと印刷",
        ),
        # the seal before the name, under the word mark: "サクラ企画 印企ササクラ企画有限会社"
        (
            "ja-002",
            "wordmark_right/customer_right/column/customer_order/issue_due/rules/discount/"
            "left_box/terms_top/beside_name/yes/no/no/1",
            "サクラ企画有限会社",
        ),
    ],
)
def test_seed_9595_scans_read_the_legal_name_alone(
    tmp_path: Path, family_id: str, key: str, name: str
) -> None:
    """Two scans of seed 9595, generated and scored once in session 14 before any change
    (the first was accepted wrong at 0.9755), then read and fixed."""
    path, printed = _generated_scan(tmp_path, family_id, key, 9595)
    assert printed == name
    assert axocr.extract(path).fields.vendor.value == name


_SEED_1212 = {
    "ja-001": "gln_name/customer_above/strip/customer_order/issue_delivery/zebra/freight/right/"
    "terms_top/beside_name/no/no/no/2",
    "de-007": "wordmark_centre/seller_footer/grid/customer_order/issue/positions/discount_freight/"
    "in_table/bank_terms/none/yes/no/no/1",
    "de-011": "wordmark_centre/customer_above/strip/customer_order/all_dates/grid/discount/"
    "in_table/bank_terms/none/no/no/no/1",
    "en-001": "wordmark_left/customer_above/strip/all_refs/issue_delivery/positions/plain/right/"
    "terms_top/none/no/no/yes/2",
    "ja-010": "wordmark_left/customer_above/grid/number_only/issue/plain/deposit/left_box/"
    "terms_top/over_name/no/no/yes/1",
    "ja-006": "name_centre/customer_below/column/number_only/issue_due/grid/freight/in_table/"
    "bank_terms/beside_name/yes/no/no/1",
}


@pytest.mark.parametrize(
    "family_id",
    [
        # the window's "An" read on one line with the customer's name: "... GmbH & Co. KG An"
        "de-007",
        # "Kundennummer: 669473" is a number's label, not the heading "Kunde" with a number:
        # the letterhead below it is not the customer's
        "de-011",
        # the seal after a trailing legal form with 之 among its characters: "...株式会社都之ザ東"
        "ja-010",
        # 物產: the traditional form of 産, outside JIS X 0208
        "ja-006",
    ],
)
def test_seed_1212_scans_read_the_vendor(tmp_path: Path, family_id: str) -> None:
    """Scans of seed 1212, generated and scored once in session 14 before any change, then
    read and fixed (the German one had been accepted wrong at 0.98)."""
    path, printed = _generated_scan(tmp_path, family_id, _SEED_1212[family_id], 1212)
    vendor = axocr.extract(path).fields.vendor.value
    assert vendor is not None and normalize_vendor(vendor) == normalize_vendor(printed)


def test_a_three_kanji_label_read_with_a_look_alike_is_that_label(tmp_path: Path) -> None:
    """Seed 1212's ja-001 scan: OCR reads 請求日 as 清求日, and 取引年月日 beside it held the
    weak 年月日, so the transaction date was accepted as the invoice date at 0.9989."""
    path, _ = _generated_scan(tmp_path, "ja-001", _SEED_1212["ja-001"], 1212)
    assert axocr.extract(path).fields.invoice_date.value == "2024-05-01"


_SEED_3434 = {
    "en-002": "wordmark_left/seller_footer/grid/customer_order/issue_delivery/positions/plain/"
    "left_box/terms_only/none/yes/yes/no/2",
    "ja-001": "gln_name/customer_above/grid/delivery_gln/issue_delivery/positions/deposit/right/"
    "bank_terms/over_name/no/no/yes/2",
    "ja-006": "wordmark_right/window/column/customer_order/issue/positions/deposit/left_box/"
    "bank_terms/beside_name/no/no/yes/1",
    "ja-008": "name_centre/customer_right/column/delivery_gln/all_dates/rules/discount/right/"
    "terms_top/over_name/yes/no/no/2",
    "fr-012": "gln_name/customer_below/strip/all_refs/issue_delivery/zebra/discount_freight/"
    "in_table/bank_terms/none/yes/yes/no/1",
}


@pytest.mark.parametrize(
    "family_id",
    [
        # the seal between the word mark and the leading legal form: "日の出システム ムシ日株式会社..."
        "ja-006",
        # the seal before the name, ヒ read as the kanji 匕: "之ガ匕 株式会社ヒュウガ物流"
        "ja-008",
    ],
)
def test_seed_3434_scans_read_the_vendor(tmp_path: Path, family_id: str) -> None:
    """Scans of seed 3434, held out until the end of session 14 and scored once, then read
    and fixed."""
    path, printed = _generated_scan(tmp_path, family_id, _SEED_3434[family_id], 3434)
    vendor = axocr.extract(path).fields.vendor.value
    assert vendor is not None and normalize_vendor(vendor) == normalize_vendor(printed)


@pytest.mark.parametrize("family_id", ["ja-001", "fr-012"])
def test_a_gln_printed_tight_above_the_name_is_a_line_of_its_own(
    tmp_path: Path, family_id: str
) -> None:
    """ "4351512485226 (GLN)" printed tight above "Alpes Conseil EURL", as EDI invoices do:
    OCR reads two runs whose boxes overlap in height, one above the other across the same
    width. They were joined into one line ("Alpes Conseil EURL 4351512485226 (GLN"), which
    made the name glued and sent it to a person; they are two lines, and the name reads as
    printed. (A number glued to a name on one line is cut as before: test_vendor_text.)

    The Japanese scan is read with its seal left on, whose characters sit beside the name."""
    path, printed = _generated_scan(tmp_path, family_id, _SEED_3434[family_id], 3434)
    result = axocr.extract(path, seals=False)
    vendor = result.fields.vendor.value
    assert vendor is not None and normalize_vendor(printed).startswith(normalize_vendor(vendor))
    assert "GLN" not in vendor and not any(c.isdigit() for c in vendor)
    assert "vendor:glued" not in result.review_reasons
    # no line holds both the name and the GLN
    lines = [ln.text for ln in read_document(path, ReadConfig(seals=False)).pages[0].lines]
    assert not any("GLN" in t and vendor[:5] in t for t in lines), lines


def test_a_misread_label_does_not_end_inside_its_value(tmp_path: Path) -> None:
    """Seed 3434's en-002 scan: OCR reads "CREDIT NOTE A-10740" as "CREDITNOTE A-10740", and
    "creditnote a-" came as close to "credit note #" as a misreading: the number lost its
    "A-" and was accepted at 0.98."""
    path, _ = _generated_scan(tmp_path, "en-002", _SEED_3434["en-002"], 3434)
    assert axocr.extract(path).fields.invoice_number.value == "A-10740"
