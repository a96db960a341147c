"""Company and payment identifiers on the page, validated by python-stdnum.

Japanese registration numbers (T + a 13-digit corporate number, ``stdnum.jp.cn``), corporate
numbers printed after 法人番号, EU VAT ids (``stdnum.eu.vat``; GB through ``stdnum.gb.vat``)
and IBANs (``stdnum.iban``). A string shaped like a VAT id or an IBAN is reported when it
follows its label (VAT, USt-IdNr., TVA, BTW, IBAN, ...) or when it validates: a label-less
string of the right shape that does not validate is more likely a reference than a
misprinted identifier.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import iban as iban_number
from stdnum.exceptions import ValidationError
from stdnum.jp import cn as corporate_number

from axocr.normalize.ids import compact_vat_id, vat_id_problem
from axocr.types import Identifier

_VAT_COUNTRIES = (
    "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI"
)
_VAT = re.compile(rf"\b(?:{_VAT_COUNTRIES})[ ]?[0-9A-Z](?:[ .]?[0-9A-Z]){{7,13}}\b")
_VAT_LABEL = re.compile(
    r"(VAT|USt|UID|TVA|BTW|IVA|MwSt|Umsatzsteuer|Steuernummer|Tax)[^\n]{0,25}$", re.I
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[0-9A-Z]{4}){2,7}(?:[ ]?[0-9A-Z]{1,3})?\b")
_IBAN_LABEL = re.compile(r"IBAN[^\n]{0,15}$", re.I)
_CORPORATE = re.compile(r"法人番号\s*[:：]?\s*(\d[\d\- ]{11,16}\d)")
_REGISTRATION = re.compile(r"(?<![A-Za-z])T[\- ]?(\d(?:[\- ]?\d){12})\b")


def _labelled(text: str, start: int, label: re.Pattern[str]) -> bool:
    return bool(label.search(text[max(0, start - 40) : start]))


def _vat(value: str) -> Identifier:
    compact = compact_vat_id(value)
    problem = vat_id_problem(compact)
    return Identifier(
        kind="vat_id", value=compact, valid=problem is None, message=problem or "valid"
    )


def find_identifiers(page_text: str) -> list[Identifier]:
    """Every identifier found in the text, once each, with its verdict."""
    text = unicodedata.normalize("NFKC", page_text)
    found: dict[tuple[str, str], Identifier] = {}

    def add(ident: Identifier) -> None:
        found.setdefault((ident.kind, ident.value), ident)

    for m in _REGISTRATION.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        ok = bool(corporate_number.is_valid(digits))
        add(
            Identifier(
                kind="registration_number",
                value="T" + digits,
                valid=ok,
                message="check digit valid" if ok else "check digit does not match",
            )
        )
    for m in _CORPORATE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        ok = len(digits) == 13 and bool(corporate_number.is_valid(digits))
        add(
            Identifier(
                kind="corporate_number",
                value=digits,
                valid=ok,
                message="check digit valid" if ok else "not a valid 13-digit corporate number",
            )
        )
    for m in _VAT.finditer(text):
        ident = _vat(m.group(0))
        if ident.valid or _labelled(text, m.start(), _VAT_LABEL):
            add(ident)
    for m in _IBAN.finditer(text):
        compact = iban_number.compact(m.group(0))
        if ("vat_id", compact) in found:
            continue
        try:
            iban_number.validate(compact)
            add(Identifier(kind="iban", value=compact, valid=True, message="valid"))
        except ValidationError as exc:
            if _labelled(text, m.start(), _IBAN_LABEL):
                add(Identifier(kind="iban", value=compact, valid=False, message=str(exc)))
    return list(found.values())
