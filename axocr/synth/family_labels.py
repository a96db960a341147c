"""Label wording and value formats of the grammar families, per language.

One wording is chosen per family (a vendor's invoicing software always prints the same
labels); ``{pct}``, ``{rate}``, ``{days}``, ``{n}`` and ``{m}`` are filled in when drawn.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from axocr.synth.family_labels_eu import FR, FR_MONTHS, IT, IT_MONTHS, NL, NL_MONTHS
from axocr.synth.formats import (
    EN_AMOUNT_FORMATS,
    EN_DATE_FORMATS,
    EN_DAY_FIRST_CURRENCIES,
    JA_AMOUNT_FORMATS,
    JA_DATE_FORMATS,
    format_amount,
    format_date,
    format_rate,
    group_thousands,
)

_EN: dict[str, tuple[str, ...]] = {
    "title": ("INVOICE", "Invoice", "TAX INVOICE", "Sales Invoice"),
    "credit_title": ("CREDIT NOTE", "Credit Note"),
    "number": ("Invoice No.", "Invoice #", "Invoice Number", "Document No."),
    "credit_number": ("Credit Note No.", "Credit No."),
    "date": ("Invoice Date", "Date", "Document Date", "Date of Issue"),
    "delivery_date": ("Delivery Date", "Service Date", "Date of Supply", "Tax Point"),
    "order_date": ("Order Date", "Date Ordered"),
    "due": ("Due Date", "Payment Due", "Due"),
    "customer_no": ("Customer No.", "Account No.", "Customer ID"),
    "order": ("PO Number", "Order No.", "Your Order", "Purchase Order"),
    "delivery_note": ("Delivery Note No.", "Despatch Note", "Packing Slip"),
    "gln": ("GLN", "Customer GLN"),
    "vat_id": ("Your VAT No.", "Customer VAT Reg."),
    "bill_to": ("Bill To", "BILL TO", "Invoice to", "Customer", "Sold To"),
    "seller": ("From", "Supplier", "Seller"),
    "item": ("Description", "Item", "Product / Service"),
    "qty": ("Qty", "Quantity"),
    "unit": ("Unit Price", "Price", "Rate"),
    "amount": ("Amount", "Line Total"),
    "pos": ("#", "No.", "Line"),
    "goods": ("Goods Value", "Items Total", "Merchandise Total"),
    "discount": ("Discount {pct}%", "Less {pct}% discount"),
    "freight": ("Freight", "Shipping", "Carriage"),
    "net": ("Subtotal", "Net Total", "Total excl. tax", "Subtotal (net)"),
    "gross": ("Total", "Invoice Total", "Total incl. tax", "TOTAL"),
    "deposit": ("Less deposit paid", "Deposit received"),
    "payable": ("Amount Due", "Balance Due", "Total Due"),
    "page": ("Page {n} of {m}", "Page {n}/{m}"),
    "carried": ("Carried forward", "Continued on next page - subtotal"),
    "brought": ("Brought forward",),
    "terms_days": ("Payment due within {days} days of invoice date.", "Terms: net {days} days."),
    "terms_eom": ("Due end of next month", "Payment terms: due end of next month."),
    "skonto": ("{pct}% early payment discount if paid within 10 days: {amount}",),
    "remit_title": ("REMITTANCE ADVICE", "Payment slip"),
    "remit_hint": ("Please detach and return with your payment",),
    "bank": ("Bank details", "Payment details", "Please pay to"),
    "thanks": ("Thank you for your business!", "We appreciate your prompt payment."),
}
_DE: dict[str, tuple[str, ...]] = {
    "title": ("Rechnung", "RECHNUNG"),
    "credit_title": ("Gutschrift", "GUTSCHRIFT", "Rechnungskorrektur"),
    "number": ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Beleg-Nr."),
    "credit_number": ("Gutschrift-Nr.", "Gutschriftsnummer"),
    "date": ("Rechnungsdatum", "Datum", "Beleg-Datum"),
    "delivery_date": ("Leistungsdatum", "Lieferdatum", "Liefer-/Leistungsdatum"),
    "order_date": ("Bestelldatum", "Bestell-Datum", "Auftragsdatum"),
    "due": ("Fällig am", "Zahlbar bis", "Fälligkeitsdatum"),
    "customer_no": ("Kundennummer", "Kunden-Nr.", "Kd.-Nr."),
    "order": ("Bestellnummer", "Ihre Bestellung", "Auftrags-Nr."),
    "delivery_note": ("Lieferschein-Nr.", "Lieferscheinnummer"),
    "gln": ("GLN", "ILN"),
    "vat_id": ("Ihre USt-IdNr.", "USt-IdNr. Kunde"),
    "bill_to": ("Rechnungsempfänger", "Rechnungsanschrift", "Kunde", "An"),
    "seller": ("Lieferant", "Absender", "Verkäufer"),
    "item": ("Bezeichnung", "Artikel", "Beschreibung"),
    "qty": ("Menge", "Anzahl"),
    "unit": ("Einzelpreis", "E-Preis", "Preis"),
    "amount": ("Gesamtpreis", "Betrag", "Gesamt"),
    "pos": ("Pos.", "Nr."),
    "goods": ("Warenwert", "Summe Positionen", "Positionssumme"),
    "discount": ("Rabatt {pct} %", "abzgl. {pct} % Rabatt"),
    "freight": ("Fracht", "Versandkosten", "Frachtkosten"),
    "net": ("Nettobetrag", "Summe netto", "Zwischensumme", "Nettosumme"),
    "gross": ("Gesamtbetrag", "Endbetrag", "Rechnungsbetrag", "Bruttobetrag"),
    "deposit": ("abzgl. Anzahlung", "Anzahlung erhalten"),
    "payable": ("Zahlbetrag", "Zu zahlender Betrag", "Restbetrag"),
    "page": ("Seite {n} von {m}", "Seite {n}/{m}"),
    "carried": ("Übertrag", "Zwischensumme Übertrag"),
    "brought": ("Übertrag",),
    "terms_days": (
        "Zahlbar innerhalb von {days} Tagen ohne Abzug.",
        "Zahlungsziel: {days} Tage netto.",
    ),
    "terms_eom": ("Zahlbar bis Ende des Folgemonats.", "Fällig zum Ende des nächsten Monats."),
    "skonto": ("Bei Zahlung innerhalb 8 Tagen {pct} % Skonto: {amount}",),
    "remit_title": ("Überweisungsträger", "Zahlungsabschnitt"),
    "remit_hint": ("Bitte abtrennen und mit der Zahlung zurücksenden",),
    "bank": ("Bankverbindung", "Zahlung an"),
    "thanks": ("Vielen Dank für Ihren Auftrag!", "Wir danken für Ihr Vertrauen."),
}
_JA: dict[str, tuple[str, ...]] = {
    "title": ("請求書", "御請求書", "請 求 書"),
    "credit_title": ("請求書",),
    "number": ("請求書番号", "請求番号", "伝票番号", "請求書No."),
    "credit_number": ("請求書番号",),
    "date": ("請求日", "発行日", "請求日付"),
    "delivery_date": ("納品日", "納入日", "取引年月日"),
    "order_date": ("注文日", "受注日", "ご注文日"),
    "due": ("お支払期限", "支払期限", "お振込期限"),
    "customer_no": ("お客様番号", "取引先コード", "顧客コード"),
    "order": ("注文番号", "発注番号", "ご注文番号"),
    "delivery_note": ("納品書番号", "納品書No."),
    "gln": ("GLN", "取引先GLN"),
    "vat_id": ("",),
    "bill_to": ("御中",),
    "seller": ("発行元", "請求元"),
    "item": ("品名", "品目", "摘要", "内容"),
    "qty": ("数量",),
    "unit": ("単価",),
    "amount": ("金額",),
    "pos": ("No.", "行"),
    "goods": ("商品合計", "明細合計"),
    "discount": ("値引（{pct}%）", "お値引き {pct}%"),
    "freight": ("送料", "運賃", "配送料"),
    "net": ("小計", "税抜合計", "小計（税抜）"),
    "gross": ("合計", "税込合計", "合計金額"),
    "deposit": ("前受金", "内金"),
    "payable": ("差引ご請求額", "今回ご請求額"),
    "page": ("{n} / {m} ページ", "{n}/{m}頁"),
    "carried": ("次頁へ繰越", "繰越金額", "小計（繰越）"),
    "brought": ("前頁より繰越",),
    "terms_days": ("請求日より{days}日以内にお振込みください。",),
    "terms_eom": ("月末締め翌月末払い", "お支払いは翌月末までにお願いいたします。"),
    "skonto": ("早期お支払いで{pct}%割引: {amount}",),
    "remit_title": ("振込依頼書", "払込票"),
    "remit_hint": ("切り取ってお支払いの際にお使いください",),
    "bank": ("お振込先", "お振込口座"),
    "thanks": (
        "下記の通りご請求申し上げます。",
        "毎度ありがとうございます。下記の通りご請求申し上げます。",
    ),
}
WORDING = {"en": _EN, "de": _DE, "ja": _JA, "fr": FR, "nl": NL, "it": IT}

_DE_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
DE_DATE_FORMATS = ("de_dots", "de_dots", "de_month")
DE_AMOUNT_FORMATS = ("de_symbol", "de_code_suffix", "de_code_prefix")
# (formats that need the euro sign first: core PDF fonts print only the others)
_EU_DATES = {
    "de": DE_DATE_FORMATS,
    "fr": ("fr_slash", "fr_month"),
    "nl": ("nl_dash", "nl_month"),
    "it": ("it_slash", "it_slash", "it_dots", "it_month", "it_dash"),
}
# "it_plain" prints no currency by the amounts: such a family states it once ("Valuta EUR")
_EU_AMOUNTS = {
    "de": DE_AMOUNT_FORMATS,
    "fr": ("fr_symbol", "fr_code"),
    "nl": ("nl_symbol", "nl_code"),
    "it": ("it_symbol_prefix", "it_symbol_suffix", "it_code_prefix", "it_plain"),
}


def family_wording(rng: random.Random, language: str) -> dict[str, str]:
    chosen = {k: rng.choice(v) for k, v in WORDING[language].items()}
    if language == "it":
        # the e-invoice's terms for both parties come together; a letter-style "Spett.le"
        # customer goes with an issuer that needs no heading
        if chosen["bill_to"].startswith("Cessionario"):
            chosen["seller"] = "Cedente/prestatore"
        elif chosen["bill_to"] == "Spett.le":
            chosen["seller"] = ""
    return chosen


def date_formats(language: str, currency: str) -> tuple[str, ...]:
    if language == "ja":
        return JA_DATE_FORMATS
    if language in _EU_DATES:
        return _EU_DATES[language]
    if currency in EN_DAY_FIRST_CURRENCIES:
        return EN_DATE_FORMATS
    return tuple(d for d in EN_DATE_FORMATS if d != "dd/mm/yyyy")


def amount_formats(language: str, currency: str, latin1_only: bool) -> tuple[str, ...]:
    """Formats the font can print: core PDF fonts are Latin-1, so no ``€`` with Helvetica."""
    if language == "ja":
        return JA_AMOUNT_FORMATS
    if language in _EU_AMOUNTS:
        fmts = _EU_AMOUNTS[language]
        return tuple(f for f in fmts if "symbol" not in f) if latin1_only else fmts
    fmts = tuple(f for f in EN_AMOUNT_FORMATS if f != "symbol_eu" or currency == "EUR")
    if latin1_only and currency == "EUR":
        fmts = tuple(f for f in fmts if f in ("code_suffix", "code_prefix"))
    return fmts


def fmt_date(d: date, fmt: str) -> str:
    if fmt == "de_dots":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if fmt == "de_month":
        return f"{d.day}. {_DE_MONTHS[d.month - 1]} {d.year}"
    if fmt == "fr_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if fmt == "nl_dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if fmt in ("fr_month", "nl_month", "it_month"):
        months = {"fr_month": FR_MONTHS, "nl_month": NL_MONTHS, "it_month": IT_MONTHS}[fmt]
        return f"{d.day} {months[d.month - 1]} {d.year}"
    if fmt in ("it_slash", "it_dots", "it_dash"):
        sep = {"it_slash": "/", "it_dots": ".", "it_dash": "-"}[fmt]
        return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
    return format_date(d, fmt)


def fmt_amount(value: Decimal, currency: str, fmt: str, *, bare: bool = False) -> str:
    """European formats: ``1.234,56 €`` (de), ``1 234,56 €`` (fr), ``€ 1.234,56`` (nl, it)."""
    prefix = fmt[:3]
    if prefix not in ("de_", "fr_", "nl_", "it_"):
        return format_amount(value, currency, fmt, bare=bare)
    digits = group_thousands(value, 2, sep=" " if prefix == "fr_" else ".", point=",")
    if bare:
        return digits
    if fmt in ("de_symbol", "fr_symbol"):
        return f"{digits} €"
    if fmt in ("nl_symbol", "it_symbol_prefix"):
        return f"€ {digits}"
    if fmt == "it_symbol_suffix":
        return f"{digits} €"
    if fmt == "it_plain":
        return digits
    return f"{digits} EUR" if fmt in ("de_code_suffix", "fr_code") else f"EUR {digits}"


def fmt_rate(rate: Decimal, language: str) -> str:
    text = format_rate(rate)
    if language in ("de", "fr"):
        return text.replace(".", ",").replace("%", " %")
    return text.replace(".", ",") if language in ("nl", "it") else text


def tax_label(language: str, currency: str, rate: Decimal) -> str:
    """``VAT 20%``, ``MwSt. 19 %``, ``IVA 22%``, ``消費税（10%）``."""
    if language == "ja":
        reduced = "・軽減税率" if rate < Decimal("0.1") else ""
        return f"消費税（{fmt_rate(rate, language)}{reduced}）"
    if language in ("de", "fr", "nl", "it"):
        name = {"de": "MwSt.", "fr": "TVA", "nl": "BTW", "it": "IVA"}[language]
        return f"{name} {fmt_rate(rate, language)}"
    name = {"USD": "Sales Tax", "GBP": "VAT", "EUR": "VAT", "AUD": "GST"}[currency]
    return f"{name} {fmt_rate(rate, language)}"
