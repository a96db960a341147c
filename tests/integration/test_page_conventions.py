"""A currency no page prints, a language a page barely shows, a till whose cash confirms its
total: born-digital pages read through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

from text_pages import text_pdf

import axocr
from axocr.validate.explain import reasons_by_field


def _facture(path: Path, total: str) -> Path:
    """A French invoice whose only currency is what ``total``'s amount prints."""
    return text_pdf(
        path,
        [
            (20, 20, "Atelier Vernet", 14),
            (20, 27, "12 rue des Lilas", 9),
            (20, 60, "FACTURE", 16),
            (20, 70, "Facture n° : F-2024-118", 10),
            (20, 76, "Date : 14/03/2024", 10),
            (20, 90, "Client : Maison Roux", 10),
            (20, 110, "Montant HT", 10),
            (150, 110, "1 000,00", 10),
            (20, 116, "TVA 20 %", 10),
            (150, 116, "200,00", 10),
            (20, 122, "Total TTC à payer", 10),
            (150, 122, total, 10),
        ],
    )


def test_french_page_without_a_currency_reads_euro_and_goes_to_review(tmp_path: Path) -> None:
    # No sign, code or country on the page: the euro is only the likeliest currency of a
    # French page (it may be Swiss, Canadian or West African), so a person confirms it.
    result = axocr.extract(_facture(tmp_path / "facture.pdf", "1 200,00"))
    assert result.language == "fr"
    assert result.fields.total.value == "1200.00"
    assert result.fields.currency.value == "EUR"
    assert result.fields.currency.needs_review
    assert "currency:unprinted" in result.review_reasons
    assert any("printed nowhere" in s for s in reasons_by_field(result)["currency"])


def test_euro_printed_on_a_french_page_is_not_held_as_unprinted(tmp_path: Path) -> None:
    result = axocr.extract(_facture(tmp_path / "facture.pdf", "1 200,00 EUR"))
    assert result.fields.currency.value == "EUR"
    assert not any(r.startswith("currency:") for r in result.review_reasons)


def test_japanese_page_without_a_currency_reads_yen_unheld(tmp_path: Path) -> None:
    # Japanese is spoken in one currency area: an amount with no 円 or ¥ is in yen.
    path = text_pdf(
        tmp_path / "seikyu.pdf",
        [
            (20, 20, "株式会社青空商店", 14),
            (20, 40, "請求書", 16),
            (20, 50, "請求日 2024年3月14日", 10),
            (20, 60, "合計金額", 10),
            (120, 60, "12,100", 10),
        ],
        font="ipaex",
    )
    result = axocr.extract(path)
    assert result.language == "ja"
    assert result.fields.currency.value == "JPY"
    assert "currency:unprinted" not in result.review_reasons


def test_one_french_word_on_a_shop_receipt_does_not_make_it_french(tmp_path: Path) -> None:
    # "du" is a French word and a Malay shop name's syllable; one word says nothing of the
    # page's language, and French would have made its unprinted currency the euro.
    path = text_pdf(
        tmp_path / "receipt.pdf",
        [
            (20, 20, "KEDAI MAKAN SIN DU", 12),
            (20, 27, "NO 5 JALAN BUNGA RAYA", 9),
            (20, 40, "NASI LEMAK 2 5.00", 9),
            (20, 46, "TEH TARIK 1 2.50", 9),
            (20, 58, "JUMLAH 7.50", 10),
        ],
    )
    result = axocr.extract(path)
    assert result.language == "en"
    assert result.fields.currency.value != "EUR"


def _till(path: Path, paid: bool) -> Path:
    rows = [
        (20, 20, "KEDAI RUNCIT MAJU SDN BHD", 12),
        (20, 27, "NO 3 JALAN PUCHONG, SELANGOR", 9),
        (20, 34, "Date: 14/03/2018", 9),
        (20, 45, "SUGAR 1KG", 9),
        (90, 45, "9.00", 9),
        (20, 51, "MILK 1L", 9),
        (90, 51, "5.00", 9),
        (20, 60, "SUBTOTAL", 9),
        (90, 60, "14.00", 9),
        (20, 66, "GST 6%", 9),
        (90, 66, "0.90", 9),
        (20, 74, "TOTAL", 10),
        (90, 74, "15.90", 10),
    ]
    if paid:
        rows += [
            (20, 82, "CASH", 9),
            (90, 82, "20.00", 9),
            (20, 88, "CHANGE", 9),
            (90, 88, "4.10", 9),
        ]
    return text_pdf(path, rows)


def test_a_total_the_cash_less_change_confirms_is_not_held_for_a_subtotal_that_misses(
    tmp_path: Path,
) -> None:
    # 14.00 + 0.90 is not 15.90; the cash less the change is. The subtotal and tax stay
    # held, the total is not held for their sum.
    result = axocr.extract(_till(tmp_path / "paid.pdf", paid=True))
    assert result.fields.total.value == "15.90"
    assert "subtotal:total_mismatch" in result.review_reasons
    assert "total:total_mismatch" not in result.review_reasons
    # without the till's cash and change nothing confirms the total
    unpaid = axocr.extract(_till(tmp_path / "unpaid.pdf", paid=False))
    assert unpaid.fields.total.value == "15.90"
    assert "total:total_mismatch" in unpaid.review_reasons


def _dated_till(path: Path, address: str, total: str) -> Path:
    """A till slip dated 09/05/18 (9 May or 5 September), its country shown, or not, only by
    ``address`` and ``total``."""
    return text_pdf(
        path,
        [
            (20, 20, "Irving's Hardware Inc.", 12),
            (20, 27, "741 Greenway Road", 9),
            (20, 33, address, 9),
            (20, 45, "Date : 09/05/18", 9),
            (20, 51, "Bill No: OR48424118", 9),
            (20, 60, "CABLE TIE", 9),
            (120, 60, "3.12", 9),
            (20, 70, "AMOUNT DUE", 9),
            (120, 70, total, 9),
        ],
    )


def test_a_date_both_orders_read_is_held_where_nothing_shows_the_country(tmp_path: Path) -> None:
    # The address OCR garbled and no currency sign: day first is only the usual order.
    bare = axocr.extract(_dated_till(tmp_path / "bare.pdf", "Brimte: 0 97035", "3.12"))
    assert bare.fields.invoice_date.value == "2018-05-09"
    assert "invoice_date:order_guessed" in bare.review_reasons
    assert any("day or month first" in s for s in reasons_by_field(bare)["invoice_date"])
    # A US state and ZIP code settle the order (month first); a pound sign settles it too.
    us = axocr.extract(_dated_till(tmp_path / "us.pdf", "Fairview OR 97035", "3.12"))
    assert us.fields.invoice_date.value == "2018-09-05"
    uk = axocr.extract(_dated_till(tmp_path / "uk.pdf", "Bristol BS1 4DJ", "£3.12"))
    assert uk.fields.invoice_date.value == "2018-05-09"
    for settled in (us, uk):
        assert "invoice_date:order_guessed" not in settled.review_reasons


def test_a_bare_dollar_beside_a_dollar_whose_prefix_ocr_misread_is_held(tmp_path: Path) -> None:
    # "TOTAL (9$)" is how OCR read a Singapore till's "TOTAL (S$)" whose country it garbled.
    lost = axocr.extract(_dated_till(tmp_path / "lost.pdf", "STNGAPORE 048583", "$3.12 (9$)"))
    assert lost.fields.currency.value == "USD"
    assert "currency:prefix_lost" in lost.review_reasons
    assert any("prefix OCR misread" in s for s in reasons_by_field(lost)["currency"])
    # Read whole, the prefix names the dollar; a bare dollar alone stays US, unheld.
    sgd = axocr.extract(_dated_till(tmp_path / "sgd.pdf", "STNGAPORE 048583", "$3.12 (S$)"))
    assert sgd.fields.currency.value == "SGD"
    us = axocr.extract(_dated_till(tmp_path / "us.pdf", "Fairview OR 97035", "$3.12"))
    assert us.fields.currency.value == "USD"
    assert "currency:prefix_lost" not in us.review_reasons
