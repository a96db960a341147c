"""Confidence per field and the needs-review verdict.

Confidence is a logistic model per field over what the extractor knows about its choice: how
strong the winning candidate's score is, how far ahead of the runner-up it is, how sure the OCR
was of its characters, whether a label found it, whether the rules held. The weights are fitted
by ``benchmarks/calibrate.py`` on labelled documents so that the number reads as the
probability of being right; ``calibration.json`` beside this module holds them, with the data
they were fitted on and the cross-validated calibration error.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from axocr.lang.labels import LEGAL_FORMS, NAME_PARTICLE
from axocr.normalize import near_amounts, to_decimal
from axocr.types import FIELD_NAMES, ExtractedField, Finding, InvoiceResult, Ranked, is_cjk

# A failed rule of this kind is enough to send the field to a person.
BLOCKING = {
    "total_mismatch": ("total", "subtotal", "tax"),
    "tax_mismatch": ("tax",),
    "check_digit_invalid": ("registration_number",),
    "date_implausible": ("invoice_date",),
    "date_repaired": ("invoice_date",),
    "due_before_issue": ("due_date", "invoice_date"),
    "invoice_number_suspicious": ("invoice_number",),
    "currency_inconsistent": ("currency",),
    "vendor_unknown": ("vendor",),
    "registration_unknown": ("registration_number",),
    "registration_name_mismatch": ("registration_number", "vendor"),
}

FEATURES = (
    "bias",
    "score",
    "margin",
    "ocr_confidence",
    "from_ocr",
    "labelled",
    "support",
    "rule_failed",
    "rule_passed",
    "legal_form",
    "customer",
    "seller",
    "label_strength",
    "ambiguous",
    "has_currency",
    "paid_match",
    "unlabelled",
    "damaged",
    "echoed",
    "near_amount",
    "short_id",
    "char_doubt",
    "header_block",
    "company_number",
    "short_name",
    "rivals",
    "adjacent_rival",
    "corroborated",
    "name_twice",
    "long_number",
    "ends_number",
    "one_word",
)

# The way each piece of evidence may move the confidence, from what it means (+1 up, -1 down,
# 0 either). The fit may leave a weight at zero but never flip it: fitted on a few sources, a
# free weight learns their accidents (on the dev sets a total confirmed by cash minus change
# came out *less* likely right, and a stronger label weaker), and a source it never saw pays
# for them. ``echoed`` is free: a name printed again is a second reading, but a brand repeated
# in a slogan is not the legal name either.
FEATURE_SIGNS: dict[str, int] = {
    "bias": 0,
    "score": 1,
    "margin": 1,
    "ocr_confidence": 1,
    "from_ocr": -1,
    "labelled": 1,
    "support": 1,
    "rule_failed": -1,
    "rule_passed": 1,
    "legal_form": 1,
    "customer": -1,
    "seller": 1,
    "label_strength": 1,
    "ambiguous": -1,
    "has_currency": 1,
    "paid_match": 1,
    "unlabelled": -1,
    "damaged": -1,
    "echoed": 0,
    "near_amount": -1,
    "short_id": -1,
    "char_doubt": -1,
    "header_block": 1,
    "company_number": 1,
    "short_name": -1,
    "rivals": -1,
    "adjacent_rival": -1,
    "corroborated": 1,
    "name_twice": -1,
    "long_number": -1,
    "ends_number": -1,
    "one_word": -1,
}

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")

# Used when no fitted weights exist for a field: a hand-set prior of the same form.
_PRIOR = {
    "bias": -2.0,
    "score": 2.5,
    "margin": 2.0,
    "ocr_confidence": 1.5,
    "labelled": 0.8,
    "rule_failed": -2.5,
    "rule_passed": 0.8,
    "legal_form": 0.5,
}


def field_features(
    name: str, ranked: Ranked, findings: list[Finding], from_ocr: bool
) -> dict[str, float] | None:
    best = ranked.best
    if best is None:
        return None
    related = [f for f in findings if f.field == name or name in BLOCKING.get(f.code, ())]
    features = {
        "bias": 1.0,
        "score": min(max(best.score, -1.0), 2.0),
        "margin": ranked.margin,
        "ocr_confidence": best.ocr_confidence,
        "from_ocr": 1.0 if from_ocr else 0.0,
        "labelled": 1.0 if best.origin.labelled else 0.0,
        "support": min(best.features.get("support", 0.0), 3.0),
        "rule_failed": 1.0 if any(not f.ok for f in related) else 0.0,
        "rule_passed": 1.0 if any(f.ok for f in related) else 0.0,
        "legal_form": best.features.get("legal", 0.0),
        "customer": best.features.get("customer", 0.0),
        "seller": best.features.get("seller", 0.0),
        "label_strength": best.features.get("strength", 0.0),
        "ambiguous": best.features.get("ambiguous", 0.0),
        "has_currency": best.features.get("has_currency", 0.0),
        "paid_match": best.features.get("paid", 0.0),
        "unlabelled": 1.0 if best.origin.kind == "unlabelled" else 0.0,
        "damaged": best.features.get("damaged", 0.0),
        "echoed": best.features.get("echoed", 0.0),
        "near_amount": 1.0 if name == "total" and _near_amount(ranked) else 0.0,
        # "30", "1857": a table's row count or a bill's page, as often as a document number
        "short_id": 1.0 if name == "invoice_number" and len(_alnum(best.value)) <= 4 else 0.0,
        # The recogniser's doubt about its least certain character of the value (full at a
        # probability of 0.8 or less): a line's mean score hides the one doubtful letter of a
        # name ("LJAN" for "LIAN").
        "char_doubt": min(1.0, (1.0 - best.char_confidence) / 0.2),
        # The name heads a block of address, phone and company numbers: where issuers print it.
        "header_block": best.features.get("block", 0.0),
        # The name heads its company registration number, which company law prints with it.
        "company_number": best.features.get("company_number", 0.0),
        # "Cele", "R": a word scribbled or stamped at the top is as short as a brand, rarely a
        # company's whole name.
        "short_name": 1.0 if name == "vendor" and _short_name(best.value) else 0.0,
        "rivals": _rivals(ranked),
        "adjacent_rival": 1.0 if name == "vendor" and _adjacent_rival(ranked) else 0.0,
        "disputed": _disputed(ranked),
        "straddles": best.features.get("straddles", 0.0),
        "read_otherwise": best.features.get("read_otherwise", 0.0),
        "operator_elsewhere": best.features.get("operator_elsewhere", 0.0),
        "split": best.features.get("split", 0.0),
        "till_doubt": best.features.get("till_doubt", 0.0),
        "char_confidence": best.char_confidence,
        "order_guessed": best.features.get("order_guessed", 0.0),
    }
    features["corroborated"] = 1.0 if _corroborations(name, features) >= 2 else 0.0
    features.update(_name_shape(best.value) if name == "vendor" else _NO_SHAPE)
    if name == "vendor" and best.features.get("gs1_id"):
        features["long_number"] = 1.0  # the GLN cut from the name's line still counts
    return features


def _disputed(ranked: Ranked) -> float:
    """1 when the other vendor scorer would choose another name (see ``disputed``)."""
    best, other = ranked.best, ranked.second_opinion
    return 1.0 if best is not None and other is not None and other != best.value else 0.0


_NO_SHAPE = {"name_twice": 0.0, "long_number": 0.0, "ends_number": 0.0, "one_word": 0.0}


def _name_shape(value: str) -> dict[str, float]:
    """What a vendor value that is more, or other, than a company's name looks like:
    a logo word mark glued before the legal name (``ELBTAL HANDEL Elbtal Handel KG``), an
    identifier glued to it (``GLN 4304171000002 MUSTER-KUNDE GMBH``), an address line
    (``Am Markt 102``), a lone heading word (``Creditfactuur``)."""
    words = value.split()
    first = _alnum(words[0]).casefold() if words else ""
    rest = _alnum("".join(words[1:])).casefold()
    long_enough = len(first) >= (2 if any(is_cjk(c) for c in first) else 3)
    digits = max((len(run) for run in re.findall(r"\d+", value)), default=0)
    return {
        "name_twice": float(long_enough and first in rest),
        "long_number": float(digits >= 5),
        "ends_number": float(bool(words) and _alnum(words[-1]).isdigit()),
        "one_word": float(len(words) == 1 and not any(is_cjk(c) for c in value)),
    }


# Candidates with a score of at least this share of the winner's are rivals to it.
RIVAL_SHARE = 0.5
MAX_RIVALS = 3


def _rivals(ranked: Ranked) -> float:
    """How many other values (up to three, as a share of three) score at least half the winner:
    a field the page offers several plausible readings of is chosen, not read."""
    best = ranked.best
    if best is None or best.score <= 0:
        return 0.0
    seen = {best.value}
    count = 0
    for cand in ranked.ranked:
        if cand.value in seen:
            continue
        seen.add(cand.value)
        count += cand.score >= RIVAL_SHARE * best.score
    return min(count, MAX_RIVALS) / MAX_RIVALS


def _adjacent_rival(ranked: Ranked) -> bool:
    """A rival on the line just above or below the winner: a name printed over two lines
    (`FY` over `EAGLE ENTERPRISE`), a trading name over a legal one, of which one was taken."""
    best = ranked.best
    if best is None or best.bbox is None or best.score <= 0:
        return False
    box = best.bbox
    for cand in ranked.ranked:
        other = cand.bbox
        if cand.value == best.value or other is None or cand.page != best.page:
            continue
        if cand.score < RIVAL_SHARE * best.score:
            continue
        gap = max(other.y0 - box.y1, box.y0 - other.y1)
        if gap < 1.5 * box.height:
            return True
    return False


def _corroborations(name: str, f: dict[str, float]) -> int:
    """Independent pieces of evidence that agree on the value: for an amount (and most fields)
    a label, an arithmetic check, a cash-minus-change match, the value printed again; for a
    vendor a legal form, a block of address lines under it, a seller marker, its name again,
    its company number."""
    marks: tuple[bool, ...]
    if name == "vendor":
        marks = (
            f["legal_form"] > 0,
            f["header_block"] > 0.5,
            f["seller"] > 0,
            f["echoed"] > 0,
            f["company_number"] > 0,
        )
    else:
        marks = (f["labelled"] > 0, f["rule_passed"] > 0, f["paid_match"] > 0, f["support"] >= 1)
    return sum(marks)


def _short_name(value: str) -> bool:
    # a kanji or kana carries what three or four Latin letters do ("ローソン" is a whole name)
    return len(_alnum(value)) <= (2 if any(is_cjk(c) for c in value) else 4)


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def _near_amount(ranked: Ranked) -> bool:
    """Another candidate total within 0.10 of the winner: a cash-rounding adjustment (Malaysia,
    Switzerland, ... round to 0.05) prints both amounts, and which is payable is the reader's
    call, or one of two readings of the same printed amount has a misread digit."""
    best = ranked.best
    value = to_decimal(best.value) if best is not None else None
    if value is None:
        return False
    for cand in ranked.ranked[1:]:
        other = to_decimal(cand.value)
        if other is not None and near_amounts(other, value):
            return True
    return False


@lru_cache(maxsize=1)
def _weights() -> dict[str, dict[str, float]]:
    try:
        data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    weights = data.get("weights", {})
    return weights if isinstance(weights, dict) else {}


def _sigmoid(x: float) -> float:
    if x < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def confidence_from_features(name: str, features: dict[str, float] | None) -> float:
    if features is None:
        return 0.0
    weights = _weights().get(name, _PRIOR)
    x = sum(weights.get(k, 0.0) * v for k, v in features.items())
    return round(_sigmoid(x), 4)


def blocking_reasons(name: str, findings: list[Finding]) -> list[str]:
    """The failed rules that send this field to a person whatever its confidence."""
    return [f.code for f in findings if not f.ok and name in BLOCKING.get(f.code, (f.field,))]


# An amount whose runner-up scores within this share of it, with no arithmetic to say which
# is right, is a choice between two readings (two labelled totals that disagree), not a
# reading: the dev sets hold too few such cases for the model to learn what they are worth.
CONTESTED_MARGIN = 0.15
CONTESTABLE = ("total", "subtotal", "tax")


def contested(name: str, features: dict[str, float] | None) -> bool:
    """Two close readings of an amount and nothing that checks either, or an amount whose
    label slants across two rows of amounts and nothing checks it; or two dates the
    page labels almost alike (取引年月日 against a misread 請求日付): no rule tells an
    invoice date from another date of the same plausible month, so a passing plausibility
    check does not settle it."""
    if features is None:
        return False
    if name == "invoice_date":
        return features["margin"] < CONTESTED_MARGIN
    if name not in CONTESTABLE:
        return False
    # A label whose row slants across two rows of amounts (a photographed receipt): which
    # one is its value is a guess whatever the margin, unless arithmetic checks it.
    if features.get("straddles") and _nothing_checks(features):
        return True
    return features["margin"] < CONTESTED_MARGIN and features["rule_passed"] == 0


def _labelled_otherwise(name: str, field: ExtractedField) -> bool:
    """An invoice date taken, for want of any other, from a line that labels it as another
    date (an order or delivery date): often the same day, but the page does not say so, and
    the confidence model, fitted on dates read under their own labels, cannot know."""
    origin = field.provenance
    return name == "invoice_date" and origin is not None and origin.detail == "other-date"


def unchecked_guess(name: str, field: ExtractedField, features: dict[str, float] | None) -> bool:
    """A total that no label names and nothing checks (no subtotal and tax that add up to it,
    no cash less change that equals it): the page's likeliest amount, not a reading of its
    total. A page with no total on it (the first page of a longer invoice, scanned alone)
    offers such an amount as readily as a receipt whose total label OCR lost."""
    origin = field.provenance
    if name != "total" or features is None or origin is None or origin.kind != "unlabelled":
        return False
    return _nothing_checks(features)


def _nothing_checks(features: dict[str, float]) -> bool:
    """No rule that passed (subtotal and tax that add up to the amount) and no cash less
    change equal to it."""
    return features["rule_passed"] == 0 and features.get("paid_match", 0.0) == 0


def glued(name: str, features: dict[str, float] | None) -> bool:
    """A vendor value that carries more than a name: a logo word mark before the legal name
    (its first word comes again in the rest) or an identifier glued to it (five digits or
    more, or a labelled GLN that the name was cut from: the customer's box prints one too).
    The extractor keeps them apart where the layout prints them apart; where one line holds
    both it cannot, and since it learned to, the training pages hold too few such values for
    the model to weigh them: a person reads the name."""
    if name != "vendor" or features is None:
        return False
    return features.get("name_twice", 0.0) > 0 or features.get("long_number", 0.0) > 0


def disputed(name: str, field: ExtractedField, features: dict[str, float] | None) -> bool:
    """The hand-set weights and the fitted vendor model choose different names, and nothing
    outside the page (a vendor master, a vendor memory) has vouched for the value. Both score
    the dev sets alike; where they part, the page is of a kind neither was tuned on, and the
    confidence model, fitted on pages where they agree, cannot know what that is worth."""
    if name != "vendor" or features is None or not features.get("disputed"):
        return False
    return not _vouched(field)


def _vouched(field: ExtractedField) -> bool:
    """Something outside the page (a vendor master, a vendor memory) passed the vendor."""
    return any(f.ok and f.field == "vendor" for f in field.findings)


def read_otherwise(name: str, features: dict[str, float] | None) -> bool:
    """The page prints the vendor's name again, and as many of its readings spell it one way
    as the other, or they differ in characters a font prints alike (``extract.name_readings``):
    one of them is an OCR slip, and nothing on the page says which. The confidence model never
    saw such pages, so a rule sends it to a person."""
    return name == "vendor" and features is not None and features.get("read_otherwise", 0) > 0


def not_the_operator(name: str, field: ExtractedField, features: dict[str, float] | None) -> bool:
    """The page names the company that operates the shop ("OPERATED BY: Kim Lee Sdn Bhd",
    "dimiliki oleh ..."), and the vendor is another line: the shop's sign, usually, where the
    operator line was misread or wrapped (an OCR slip in its legal form). The issuer is the
    operator, so a person looks, unless a vendor master vouches for the value."""
    if name != "vendor" or features is None or not features.get("operator_elsewhere"):
        return False
    return not _vouched(field)


# The least score the vendor scorer gives a name a person need not check. Names read from a
# letterhead or a till's header score 0.45 and up; a pick under 0.3 is the least unlikely of
# weak lines, such as a bank's name over its IBAN in a footer whose issuer's own name was
# misread. The fitted model gives the score no weight (the picks it was fitted on that it
# accepted had all scored well), so it accepted such a pick at 0.98.
WEAK_VENDOR_SCORE = 0.3


def weak_vendor(name: str, field: ExtractedField, features: dict[str, float] | None) -> bool:
    """The vendor scorer found no line that looks much like an issuer's name and took the
    least unlikely one: nothing on the page makes it the vendor."""
    if name != "vendor" or features is None or "score" not in features:
        return False
    origin = field.provenance
    if origin is None or origin.kind != "vendor":
        return False
    return features["score"] < WEAK_VENDOR_SCORE and not _vouched(field)


def broken_name(name: str, field: ExtractedField) -> bool:
    """A word in small letters between capitalised words of the vendor's name that is none of
    the small words names print so ("of", "di", "van"): OCR dropped a bold name's capitals
    ("Meng ew rul ts LLP") or split a word ("Oak Lane Sup ply Ltd"). The letters it kept read
    with confidence, so the confidence model cannot see it."""
    if name != "vendor" or field.value is None or _vouched(field):
        return False
    words = field.value.split()
    capital = [w[:1].isupper() or w[:1].isdigit() for w in words]
    return any(
        word.isalpha()
        and word.islower()
        and capital[i - 1]
        and any(capital[i + 1 :])
        and not NAME_PARTICLE.fullmatch(word)
        and not LEGAL_FORMS.match(" ".join(words[i:]))
        for i, word in enumerate(words[1:-1], start=1)
    )


def split_digits(features: dict[str, float] | None) -> bool:
    """An amount read from runs of digits that spaces part, with no decimals ("51 0 30"): a
    worn dot-matrix print that OCR read in pieces. The value is one piece or a guess at how
    they join; a cash line misread the same way can even seem to confirm it."""
    return features is not None and features.get("split", 0.0) > 0


def till_doubt(name: str, features: dict[str, float] | None) -> bool:
    """A total one misread digit away from the cash less the change printed under it (see
    ``mark_till_doubt``) that no subtotal and tax adding up to it confirm."""
    if name != "total" or features is None or not features.get("till_doubt"):
        return False
    return features["rule_passed"] == 0


# A date whose least certain character the recogniser gave under this probability. Measured
# across dev and 29 generated sets (session 23): of the 14 accepted dates so read, 4 were wrong
# (dot-matrix digits: 2018-04-28 for -26, 2016 for 2018), where the fitted model, which weighs
# doubt from 0.8 down alike, had put them at 0.98-0.99.
DOUBTFUL_DATE_CHARACTER = 0.6


def doubtful_date(name: str, features: dict[str, float] | None) -> bool:
    """An invoice date with a character the recogniser was less than 60% sure of: a digit of
    a worn print read as its look-alike (6 as 8, 8 as 3) still makes a plausible date, and no
    rule on the page checks a date as arithmetic checks an amount."""
    if name != "invoice_date" or features is None:
        return False
    return features.get("char_confidence", 1.0) < DOUBTFUL_DATE_CHARACTER


def order_guessed(name: str, features: dict[str, float] | None) -> bool:
    """A date that reads as two dates ("09/05/18": 9 May or 5 September) on a page that shows
    nothing of its country, neither a currency nor an address: the order is the usual one,
    and a US till whose "$" and state OCR lost is read the other way round. The confidence
    model cannot weigh it: on the pages it was fitted on, such dates were nearly all on
    receipts of day-first countries."""
    return name in ("invoice_date", "due_date") and bool(features and features.get("order_guessed"))


def unprinted(name: str, field: ExtractedField) -> bool:
    """A currency nothing on the page prints, taken from the page's language where that
    language is spoken in several currency areas (French in euro countries, Switzerland,
    Canada and West Africa): the likeliest code, not a reading. The confidence model cannot
    weigh it, for every page it was fitted on that fell back on its language was Japanese,
    which one currency area speaks; and the language itself may be misread, as on a shop
    receipt whose item names are French."""
    origin = field.provenance
    return name == "currency" and origin is not None and origin.detail == "usual"


def prefix_lost(name: str, field: ExtractedField) -> bool:
    """US dollars read from a bare "$" on a page that prints another dollar whose prefix OCR
    misread ("TOTAL (9$)" for "TOTAL (S$)"): the bare sign may have lost that prefix too."""
    origin = field.provenance
    return name == "currency" and origin is not None and "prefix_lost" in origin.tags


def paid_exactly(name: str, field: ExtractedField, features: dict[str, float] | None) -> bool:
    """A total read under its label that the till's own arithmetic confirms: the cash handed
    over less the change given back is exactly it. Two readings of the page agree on the
    amount paid, so a subtotal and tax that do not add up to it (a GST summary's figures
    taken for them, a misread tax) are doubts about those two, which stay held, not about
    the total. A total worked out from the cash and change is no second reading."""
    origin = field.provenance
    if name != "total" or features is None or origin is None or origin.kind != "label":
        return False
    return features.get("paid_match", 0.0) > 0


def review_field(
    name: str,
    field: ExtractedField,
    findings: list[Finding],
    threshold: float,
    features: dict[str, float] | None = None,
) -> list[str]:
    """Reasons this field needs a person (empty when it can be accepted as is)."""
    if field.value is None:
        return ["missing"]
    reasons = blocking_reasons(name, findings)
    if paid_exactly(name, field, features):
        reasons = [r for r in reasons if r != "total_mismatch"]
    if contested(name, features) or _labelled_otherwise(name, field):
        reasons.append("contested")
    if glued(name, features):
        reasons.append("glued")
    if disputed(name, field, features):
        reasons.append("disputed")
    if read_otherwise(name, features):
        reasons.append("read_otherwise")
    if not_the_operator(name, field, features):
        reasons.append("not_the_operator")
    if weak_vendor(name, field, features):
        reasons.append("weak")
    if unchecked_guess(name, field, features):
        reasons.append("unchecked")
    if unprinted(name, field):
        reasons.append("unprinted")
    if prefix_lost(name, field):
        reasons.append("prefix_lost")
    if broken_name(name, field):
        reasons.append("broken_name")
    if split_digits(features):
        reasons.append("split_digits")
    if till_doubt(name, features):
        reasons.append("till_doubt")
    if doubtful_date(name, features):
        reasons.append("doubtful_character")
    if order_guessed(name, features):
        reasons.append("order_guessed")
    if field.confidence < threshold:
        reasons.append("low_confidence")
    return reasons


def flag_non_invoice(result: InvoiceResult) -> None:
    """Send every value read from a document that does not look like an invoice to review.

    A letter or a form still has a sender, a date and perhaps an amount, and each can score
    like an invoice's (a letterhead name, a date beside "Dear"): the document-level doubt has
    to reach each field, or a reader who looks at fields alone accepts a letter's 4,500 GBP.
    """
    for name in FIELD_NAMES:
        field = result.fields.get(name)
        if field.value is not None:
            field.needs_review = True
            result.review_reasons.append(f"{name}:not_an_invoice")
    result.needs_review = True
