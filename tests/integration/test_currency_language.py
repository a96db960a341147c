"""A currency no page prints, and a language a page barely shows: born-digital pages read
through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

from text_pages import text_pdf

import axocr
from axocr.validate.explain import reasons_by_field


def test_french_page_without_a_currency_reads_euro_and_goes_to_review(tmp_path: Path) -> None:
    # No sign, code or country on the page: the euro is only the likeliest currency of a
    # French page (it may be Swiss, Canadian or West African), so a person confirms it.
    path = text_pdf(
        tmp_path / "facture.pdf",
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
            (150, 122, "1 200,00", 10),
        ],
    )
    result = axocr.extract(path)
    assert result.language == "fr"
    assert result.fields.total.value == "1200.00"
    assert result.fields.currency.value == "EUR"
    assert result.fields.currency.needs_review
    assert "currency:unprinted" in result.review_reasons
    assert any("printed nowhere" in s for s in reasons_by_field(result)["currency"])


def test_euro_printed_on_a_french_page_is_not_held_as_unprinted(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "facture.pdf",
        [
            (20, 20, "Atelier Vernet", 14),
            (20, 60, "FACTURE", 16),
            (20, 70, "Facture n° : F-2024-118", 10),
            (20, 76, "Date : 14/03/2024", 10),
            (20, 122, "Total TTC à payer", 10),
            (150, 122, "1 200,00 EUR", 10),
        ],
    )
    result = axocr.extract(path)
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
