"""Label lexicons per field and language, and the patterns of titles, markers and legal forms,
compiled from the locale packs (``axocr/lang/<code>.toml``, read by :mod:`axocr.lang.packs`).

Each label has a strength: how sure we are that a value next to it is the field. Labels of
*other* things that contain a field's label ("Total Qty", "Subtotal", "Due date") are listed
too, under pseudo-fields, so that the longest label found at a place wins and "Total" inside
"Subtotal" does not count as a total.

The patterns join the packs' fragments in pack order; where a pattern's own alternatives are
ordered (the first that matches at a place wins), a pack lists them in the order wanted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from axocr.errors import LocalePackError
from axocr.lang.packs import LABEL_KEYS, LineItems, LocalePack, shipped_packs
from axocr.types import is_cjk

# Pseudo-fields: labels that must not be read as the field whose label they contain.
IGNORE = "_ignore"
PAID = "_paid"  # cash tendered, card: amounts that are not the total
CHANGE = "_change"  # change returned; cash tendered - change = the total
ROUNDING = "_rounding"  # rounding adjustment (5-sen / 5-rappen rounding of the total)
DEPOSIT = "_deposit"  # a payment on account deducted on the page: gross - deposit = balance

# A pack's name for a pseudo-field -> the name the extractor uses.
_PSEUDO = {
    "ignore": IGNORE,
    "paid": PAID,
    "change": CHANGE,
    "rounding": ROUNDING,
    "deposit": DEPOSIT,
}


@dataclass(frozen=True)
class Label:
    text: str
    field: str
    strength: float
    lang: str


def compile_labels(packs: Iterable[LocalePack]) -> list[Label]:
    """Every pack's labels, field by field (in LABEL_KEYS order), then pack by pack: where two
    labels of the same text and strength compete, the first listed wins."""
    packs = list(packs)
    out: list[Label] = []
    for key in LABEL_KEYS:
        field = _PSEUDO.get(key, key)
        for pack in packs:
            for group in pack.labels.get(key, []):
                out.extend(Label(t, field, group.strength, pack.code) for t in group.texts)
    return out


def fragments(packs: Iterable[LocalePack], get: Callable[[LocalePack], list[str]]) -> list[str]:
    """One list's fragments from every pack, in pack order, each once."""
    seen: dict[str, None] = {}
    for pack in packs:
        for fragment in get(pack):
            seen.setdefault(fragment, None)
    return list(seen)


def _part(items: list[str], before: str = "", after: str = "") -> str | None:
    """``before(a|b|c)after``, or None for no items (an empty alternation matches anything)."""
    return f"{before}{'|'.join(items)}{after}" if items else None


def _any_of(*parts: str | None) -> str:
    return "|".join(p for p in parts if p is not None) or "(?!)"


def _words_then_cjk(items: list[str]) -> str:
    """Latin entries must stand as words; CJK text has no word boundaries to respect."""
    cjk = [i for i in items if any(is_cjk(c) for c in i)]
    latin = [i for i in items if i not in cjk]
    return _any_of(_part(latin, r"\b(", r")\b"), _part(cjk, "(", ")"))


PACKS = shipped_packs()
LABELS: list[Label] = compile_labels(PACKS)

# The result fields a pack may label: every label key but the pseudo-fields for labels of
# other things (packs.LabelKey lists both).
FIELDS_WITH_LABELS = tuple(
    k for k in LABEL_KEYS if k not in ("ignore", "paid", "change", "rounding")
)


def _of(get: Callable[[LocalePack], list[str]]) -> list[str]:
    return fragments(PACKS, get)


# Words of a customer block: a name after these is the buyer, not the vendor.
# OCR loses the space between a heading's words now and then ("Adressede facturation"), which
# would leave the customer's name under it unmarked. A heading of several words is whole at
# its end too: "ship\s*to" must not mark a vendor called Shipton. One word may run on
# ("Customers", "Kundennummer").
_CUSTOMER = _of(lambda p: p.markers.customer)
_WHOLE = "(?![a-zäöüß])"
CUSTOMER_MARKERS = re.compile(
    _any_of(
        _part(
            [
                *(m for m in _CUSTOMER if " " not in m and "\\s" not in m),
                # a pack may write \s* itself ("bill\s*to")
                *(m.replace(" ", r"\s*") + _WHOLE for m in _CUSTOMER if " " in m or "\\s" in m),
            ],
            "(?<![a-zäöüß])(",
            ")",
        )
    ),
    re.IGNORECASE,
)

# Short words that head a customer block only when they stand alone on their line ("An",
# "Aan", "To"): inside a line they are ordinary words.
CUSTOMER_HEADINGS = re.compile(
    _any_of(_part(_of(lambda p: p.markers.customer_headings), r"^\s*(", r")\s*[:：]?\s*$")),
    re.IGNORECASE,
)

# A label before the issuer's name, with its colon: a seller heading or a name label.
NAME_LABEL_PREFIX = re.compile(
    _any_of(
        _part(_of(lambda p: [*p.markers.seller, *p.markers.name_labels]), r"^(", r")\s*[:：]\s*")
    ),
    re.IGNORECASE,
)
# A name label at a line's start, with or without its colon (the label left of a value).
NAME_LABELS = re.compile(
    _any_of(_part(_of(lambda p: p.markers.name_labels), r"^(", r")\b")), re.IGNORECASE
)
# A legal notice names the legal form but is not a name: "SARL au capital de 10 000 €".
LEGAL_NOTICES = re.compile(
    _any_of(_part(_of(lambda p: p.markers.legal_notices), r"\b(", r")\b")), re.IGNORECASE
)
# How or when to pay ("Bonifico bancario 30 gg d.f.", "Net 30 days"): a line of terms.
PAYMENT_TERMS = re.compile(_words_then_cjk(_of(lambda p: p.markers.payment_terms)), re.IGNORECASE)
# What only the pages of countries that write dates day first print: "GST", "Jalan".
DAY_FIRST_HINTS = re.compile(_words_then_cjk(_of(lambda p: p.markers.day_first)), re.IGNORECASE)
# An address of a country that writes its dates month first: "Portland, OR 97035".
MONTH_FIRST_ADDRESS = re.compile(_any_of(_part(_of(lambda p: p.address.month_first), "(?:", ")")))
# A registered business name that opens with its kind of business ("Syarikat", "Kedai"): it
# tells a registered name from a brand as a legal form does.
TRADE_PREFIX = re.compile(
    # OCR may lose the space after it: "KEDAIPERMATA OPTICAL"
    _any_of(_part(_of(lambda p: p.markers.trade_prefixes), r"^\s*(", r")\s*(?=[^\W\d_])")),
    re.IGNORECASE,
)
# A trade word alone on its line ("KEDAI MAKAN", "RESTORAN"): no name yet, the first half of one.
TRADE_ALONE = re.compile(
    _any_of(_part(_of(lambda p: p.markers.trade_prefixes), r"^\s*(", r")\s*$")), re.IGNORECASE
)
# "OPERATED BY:", "Dimiliki oleh" before the name of the company that runs a shop.
OPERATOR_PREFIX = re.compile(
    _any_of(_part(_of(lambda p: p.markers.operator_phrases), r"^\s*(", r")\s*[:：]?\s*(?=\S)")),
    re.IGNORECASE,
)
# A till's closing thanks ("THANK YOU FOR SHOPPING AT"), as the letters of its words alone.
PATRON_THANKS = tuple(
    sorted(
        {"".join(filter(str.isalpha, t.casefold())) for t in _of(lambda p: p.markers.patron_thanks)}
    )
)
# A phrase's words as OCR reads them off a worn print, with the colon (or a dot for it, or a
# dash against the last word) after them: "OPRRATRD RY:", "Diailiki oleh:", "OPFRATED RY-".
_PHRASE_SHAPE = re.compile(r"^\s*((?:[^\W\d_]+\s+)*[^\W\d_]+)(?:\s*[:：.;]|-(?=\s))\s*(?=\S)")
# Of a misread phrase's letters, this share at most differs from the phrase's.
_PHRASE_SLIPS = 0.3
# The packs' phrases written as plain words (a pattern's shape is not known).
_OPERATOR_PHRASES = [
    p.casefold()
    for p in _of(lambda p: p.markers.operator_phrases)
    if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", p)
]


def letters_off(read: tuple[str, ...] | list[str], known: tuple[str, ...] | list[str]) -> list[int]:
    """Per word, how many letters of ``read`` differ from ``known``'s; empty where the words'
    number or lengths differ (a misreading that keeps every letter's place)."""
    if [len(w) for w in read] != [len(w) for w in known]:
        return []
    return [
        sum(x != y for x, y in zip(a, b, strict=True)) for a, b in zip(read, known, strict=True)
    ]


# Without a colon, a misread phrase word must be this long: a shorter one is one letter from
# other words ("Owner by Castle Blue S/B" is a name as printed, not "owned by").
_LONG_PHRASE_WORD = 7


def operator_prefix(text: str) -> int:
    """Where the name after an operator phrase ("OPERATED BY:") starts in ``text``, or 0 where
    the text opens with none.

    OCR of dot-matrix receipts swaps letters for their look-alikes in the phrase (E for R, B
    for R, A for N: "OPRRATRD RY:"). A phrase read with its words' lengths and at most three
    letters in ten different is that phrase when a colon follows it, as is one with a letter
    more or fewer in a word ("Dimililki oleh:"); without the colon, when only its long words
    are misread ("MenIged by", "MaLaged by"; not "Owner by").
    """
    found = OPERATOR_PREFIX.match(text)
    if found:
        return found.end()
    shape = _PHRASE_SHAPE.match(text)
    words = text.casefold().split()
    for phrase in _OPERATOR_PHRASES:
        known = phrase.split()
        if shape is not None and _edited_as(shape.group(1).casefold().split(), known):
            return shape.end()
        off = _misread_as(words[: len(known)], known) if len(words) > len(known) else []
        if off and all(
            n == 0 or len(k) >= _LONG_PHRASE_WORD for n, k in zip(off, known, strict=True)
        ):
            return _after_words(text, len(known))
    return 0


def _misread_as(words: list[str], known: list[str]) -> list[int]:
    """Per word, the letters ``words`` differ from the phrase ``known`` by, when it can be a
    misreading of it (empty otherwise)."""
    off = letters_off(words, known)
    return off if off and sum(off) <= _PHRASE_SLIPS * sum(map(len, known)) else []


# Letters a phrase needs to be read through a letter more or fewer.
_EDITED_PHRASE = 10


def _edited_as(words: list[str], known: list[str]) -> bool:
    """``words`` before a colon can be a misreading of the phrase ``known``: its words, each
    with at most one letter more or fewer ("Dimilllki olehn:" for "dimiliki oleh"; a worn
    dot-matrix print's letter read as two), and at most three edits in ten letters. A short
    phrase keeps its words' lengths: "Opened by" is two edits from "owned by"."""
    if sum(map(len, known)) < _EDITED_PHRASE:
        return bool(_misread_as(words, known))
    if len(words) != len(known) or any(
        abs(len(w) - len(k)) > 1 for w, k in zip(words, known, strict=True)
    ):
        return False
    edits = sum(Levenshtein.distance(w, k) for w, k in zip(words, known, strict=True))
    return edits <= _PHRASE_SLIPS * sum(map(len, known))


def _after_words(text: str, count: int) -> int:
    """Where the text after its first ``count`` words (and the spaces after them) begins."""
    m = re.match(rf"\s*(?:\S+\s+){{{count}}}", text)
    return m.end() if m else 0


# A particle after a label that makes it a word of a sentence (請求日より: from the invoice date).
SENTENCE_AFTER = re.compile(_any_of(_part(_of(lambda p: p.markers.sentence_after), "(?:", ")")))

# A small word a company's name prints in lower case between capitalised ones ("of", "di").
NAME_PARTICLE = re.compile(
    _any_of(_part(_of(lambda p: p.markers.name_particles), "(?:", ")")), re.IGNORECASE
)

# A shop's branch or outlet line: "WAWASAN MALL", "KLANG OUTLET".
BRANCH_WORDS = re.compile(
    _any_of(_part(_of(lambda p: p.markers.branch_words), r"\b(", r")\b")), re.IGNORECASE
)
SELLER_MARKERS = re.compile(
    _any_of(_part(_of(lambda p: p.markers.seller), "(?<![a-zäöüß])(", ")")), re.IGNORECASE
)

# Long legal forms are unambiguous anywhere in a name; short ones ("AG", "AB", "SA") are
# ordinary words or tariff zones too, so they count only at the end of a name, and never
# after a number, where they are units ("Kaffeebohnen 1 kg").
LEGAL_FORMS = re.compile(
    "("
    + _any_of(
        _part(_of(lambda p: p.legal_forms.anywhere)),
        _part(_of(lambda p: p.legal_forms.words), r"\b(?:", r")\b\.?"),
        _part(_of(lambda p: p.legal_forms.at_end), r"(?<!\d)(?<!\d\s)\b(?:", r")\.?\s*$"),
    )
    + ")",
    re.IGNORECASE,
)
# Packs whose country keeps the legal form out of the registered name (France: the
# dénomination sociale is printed beside the form).
FORM_OUTSIDE_NAME = frozenset(p.code for p in PACKS if not p.legal_forms.part_of_name)


def compile_form_families(packs: Iterable[LocalePack]) -> dict[str, str]:
    """Every pack's legal forms -> family; a form two packs put in different families is an
    error (the vendor master could not tell whether two names are one company)."""
    families: dict[str, tuple[str, str]] = {}
    for pack in packs:
        for form, family in pack.legal_forms.families.items():
            seen = families.setdefault(form, (family, pack.code))
            if seen[0] != family:
                raise LocalePackError(
                    f"legal form {form!r} is of family {family!r} here and {seen[0]!r} "
                    f"in the {seen[1]!r} pack",
                    path=f"axocr/lang/{pack.code}.toml",
                )
    return {form: family for form, (family, _) in families.items()}


# The vendor master's view of legal forms (validate/vendors.py): the forms a name's core is
# without, the other spellings of forms, and the family of each form.
CORE_LEGAL_FORMS = re.compile(_words_then_cjk(_of(lambda p: p.legal_forms.core_drop)))
_SPELLINGS: dict[str, str] = {}
for _pack in PACKS:
    for _pattern, _form in _pack.legal_forms.spellings.items():
        _SPELLINGS.setdefault(_pattern, _form)
LEGAL_SPELLINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), form) for pattern, form in _SPELLINGS.items()
]
FORM_FAMILIES: dict[str, str] = compile_form_families(PACKS)
# Legal forms that OCR misreads a letter of (packs' ``misread``), as tuples of words.
MISREAD_FORMS: tuple[tuple[str, ...], ...] = tuple(
    dict.fromkeys(
        tuple(form.casefold().split()) for pack in PACKS for form in pack.legal_forms.misread
    )
)

# Every word of a trade prefix ("kedai", "makan"), casefolded: words the packs know.
TRADE_PREFIX_WORDS: frozenset[str] = frozenset(
    word
    for entry in _of(lambda p: p.markers.trade_prefixes)
    for word in re.split(r"\\s\+", entry.casefold())
    if word.isalpha()
)

# Trade prefixes, as their words, long enough that a letter OCR misread at a name's start
# still names them: a word of six letters or more with one letter wrong ("Eyarikat Teck
# Lian"), or two words with at most one wrong in each ("KRDAI MAXAN" for "Kedai Makan"). A
# shorter word alone ("kedai") is one letter from other words.
MISREAD_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    dict.fromkeys(
        words
        for entry in _of(lambda p: p.markers.trade_prefixes)
        if (words := tuple(re.split(r"\\s\+", entry.casefold())))
        and all(w.isalpha() for w in words)
        and (len(words) > 1 or len(words[0]) >= 6)
    )
)

DOCUMENT_TITLES = re.compile(
    _words_then_cjk(_of(lambda p: p.markers.document_titles)), re.IGNORECASE
)


# A line that is nothing but document titles once OCR has dropped its spaces
# ("Factured'avoir" for "Facture d'avoir"), matched against the line's letters alone, with the
# packs' title joiners (elided articles and prepositions) between them.
def _title_run() -> re.Pattern[str]:
    def letters(items: list[str]) -> str:
        words = {"".join(filter(str.isalpha, t.casefold())) for t in items}
        return "|".join(sorted(words - {""}, key=len, reverse=True))

    title = letters(_of(lambda p: p.markers.document_titles))
    joiner = letters(_of(lambda p: p.markers.title_joiners)) or "(?!)"
    return re.compile(f"(?:{joiner})*(?:{title})(?:{title}|{joiner})*")


TITLE_RUN = _title_run()


def _page_numbers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """ "Page 1/2", "Seite 1 von 4", "Pag. 1/3", "ページ 1/2" (a page word, the number, an
    "of" or a slash, the count); "Seite 2" with no count (page words of letters alone); and
    "2 / 3" alone on its line, at most a page word after it ("2/3 pages", "2/3ページ")."""
    words = sorted(_of(lambda p: p.markers.page_words), key=len, reverse=True)
    cjk = [w for w in words if any(is_cjk(c) for c in w)]
    latin = [w for w in words if w not in cjk]
    of = "|".join(["/", "／", *_of(lambda p: p.markers.page_of)])
    head = _any_of(_part(latin, r"\b(?:", ")"), _part(cjk, "(?:", ")"))
    counted = re.compile(
        rf"(?:{head})\s*[:.]?\s*(\d{{1,3}})\s*(?:{of})\s*(\d{{1,3}})\b", re.IGNORECASE
    )
    plain = [w for w in latin if re.fullmatch(r"[^\W\d_]+", w)]
    alone = re.compile(rf"\b(?:{_any_of(_part(plain))})\s+(\d{{1,3}})\b(?!\s*[/.,])", re.IGNORECASE)
    # A page word after the count may be plural ("2/3 pages", "1/4 Seiten"): a letter or two
    # more.
    after = _any_of(_part(plain, "(?:", r")[^\W\d_]{0,2}"), _part(cjk, "(?:", ")"))
    bare = re.compile(rf"^\W*(\d{{1,3}})\s*[/／]\s*(\d{{1,3}})\W*(?:{after})?\W*$", re.IGNORECASE)
    return counted, alone, bare


# A printed page number with its count, and one without; and "1 / 3" on a line alone, with at
# most a page word after it.
PAGE_OF_COUNT, PAGE_ALONE, BARE_PAGE_NO = _page_numbers()

# A joiner of two letters or more that OCR glued to the number before it: in lower case, the
# "del" of "Fattura n. 1518/2023 del 05.11.2023" read as "1518/2023del"; in any case with the
# day after it, "2024/01507DEL22" of "FATTURA N. 2024/01507 DEL 22 dicembre 2024".
_GLUED_JOINERS = "|".join(
    sorted({j for j in _of(lambda p: p.markers.title_joiners) if j.isalpha() and len(j) > 1})
)
GLUED_JOINER = re.compile(f"(?<=[0-9])(?:(?:{_GLUED_JOINERS})|(?i:{_GLUED_JOINERS})[0-9]{{1,2}})$")
# A title's qualifier glued to an abbreviated number word, before the number: "IMMEDIATAN.1388"
# of "FATTURA IMMEDIATA N.1388" (the qualifiers come from the packs).
_QUALIFIER_WORDS = _any_of(
    _part(
        sorted(
            {q for q in _of(lambda p: p.markers.title_qualifiers) if q.isalpha()},
            key=lambda q: (-len(q), q),
        )
    )
)
# An abbreviated number word glued to the digits after it ("N.1388") is no part of them either.
GLUED_QUALIFIER = re.compile(
    rf"^(?:(?:{_QUALIFIER_WORDS})(?:n[.°º]|nr\.?|no\.)\s*(?=[A-Za-z0-9])"
    r"|(?:n[.°º]|nr\.|no\.)(?=\d))",
    re.IGNORECASE,
)
# ... and in any case after any character, where the date it introduces follows on the line:
# "332/ADEL 21/05/2024" of "FATTURA N. 332/A DEL 21/05/2024".
JOINER_END = re.compile(f"(?<=[0-9A-Za-z/-])(?i:{_GLUED_JOINERS})$")
# ... and with the whole date glued after it, in one token: "FT-2025-1417DEL12/10/2025" of
# "FATTURA N. FT-2025-1417 DEL 12/10/2025" (the caller checks that a date follows).
JOINER_THEN_DIGIT = re.compile(f"(?<=[0-9A-Za-z/-])(?i:{_GLUED_JOINERS})(?=[0-9])")

# The title of a remittance slip torn off and sent back with the payment ("Betaalstrook",
# "Überweisungsträger"): never part of the payee's name printed beside it.
REMITTANCE_TITLES = re.compile(
    _words_then_cjk(_of(lambda p: p.markers.remittance_titles)), re.IGNORECASE
)

# A document title followed by its number: "Facture FA-2017-0009", "Rechnung Nr. 4711 vom ...",
# "Invoice #123", "請求書 No. 2501-712". Titles may be compounds ("Handelsrechnung"); the longest
# is tried first, whatever a pack's order ("Rechnungskorrektur RE-28937" is no "Rechnung"
# followed by a word).
TITLE_NUMBER = re.compile(
    _any_of(
        _part(sorted(_of(lambda p: p.markers.numbered_titles), key=len, reverse=True), "(", ")")
    )
    + r"\s*(?:\(\d+\)\s*)?"
    + (_part(_of(lambda p: p.markers.title_qualifiers), "(?:(?:", r")\s*(?:\(\d+\)\s*)?)?") or "")
    + (_part(_of(lambda p: p.markers.number_words), "(?:", ")?") or "")
    + r"\s*[:.]?\s*(?P<id>[A-Za-z0-9][A-Za-z0-9\-/_.]*[A-Za-z0-9])",
    re.IGNORECASE,
)

# What tells a receipt from an invoice, for the review rules (a receipt carries no invoice
# number, and nobody should be asked for one). A title of its own:
RECEIPT_TITLES = re.compile(_words_then_cjk(_of(lambda p: p.markers.receipt_titles)), re.IGNORECASE)
# ... or money handed over at a till and change given back, together (a "cash discount" alone
# is an invoice's payment term) ...
TILL_TENDER = re.compile(_words_then_cjk(_of(lambda p: p.markers.till_tender)), re.IGNORECASE)
TILL_CHANGE = re.compile(_words_then_cjk(_of(lambda p: p.markers.till_change)), re.IGNORECASE)
# A service charge, a printed rate of the subtotal added before tax ("Service Charge 10%").
SERVICE_CHARGES = re.compile(
    _words_then_cjk(_of(lambda p: p.markers.service_charges)), re.IGNORECASE
)
# The text before an amount that is the base a tax was computed on, on the tax's line:
# "MwSt. 19 % (von 30,40)", "VAT 20% on GBP 100.00", "TVA 20 % sur 41,58".
TAX_BASE_BEFORE = re.compile(
    _any_of(
        _part(_of(lambda p: p.markers.tax_base), r"\b(?:", r")\s*[:(]?\s*(?:[a-z]{3}|\W)?\s*$")
    ),
    re.IGNORECASE,
)
# ... or no invoice title anywhere: a bill that is not called an invoice.
INVOICE_TITLES = re.compile(_words_then_cjk(_of(lambda p: p.markers.invoice_titles)), re.IGNORECASE)

# A postcode, an address word, a web address, a street name with its house number, or (CJK)
# a postal mark or an administrative unit, which need no word boundaries.
_ADDRESS_WORDS = _part(_of(lambda p: p.address.words), r"\b(?:", r")(?![a-z])")
ADDRESS_HINTS = re.compile(
    "("
    + _any_of(
        r"\b\d{4,6}\b",
        _ADDRESS_WORDS,
        r"\bwww\.",
        _part(_of(lambda p: p.address.street_suffixes), "(?:", r")\s*\d"),
        _part(_of(lambda p: p.address.marks)),
    )
    + ")",
    re.IGNORECASE,
)

# The words of an address line alone (no postcode): a "No." on such a line numbers a house.
ADDRESS_WORDS = re.compile(_any_of(_ADDRESS_WORDS), re.IGNORECASE)
# A number word alone ("No.", "Nr.", "N°"), as a label: the number of whatever words before it
# name ("GST ID No", "Company Reg. No.", "Room No").
NUMBER_WORD = re.compile(
    _any_of(_part(_of(lambda p: p.markers.number_words), "(?:", ")")), re.IGNORECASE
)

# The name after one of these in payment details is the payee, which is the issuer:
# "Titulaire du compte : NETPRESSE", "Account holder: Foo Ltd", "Kontoinhaber: Bar GmbH".
PAYEE_LABELS = re.compile(
    "(?<![a-zäöüß])(?:"
    + _any_of(
        _part(_of(lambda p: p.markers.payee), "(?:", r")\s*[:：]\s*"),
        _part(_of(lambda p: p.markers.payee_phrases)),
    )
    + ")",
    re.IGNORECASE,
)

# A label whose value is the customer's name ("Nom de l'abonné", "Customer name", "お客様名").
CUSTOMER_NAME_LABELS = re.compile(
    _any_of(_part(_of(lambda p: p.markers.customer_name), r"^\s*(", r")\s*[:：]?")),
    re.IGNORECASE,
)

# A label that states the invoice's currency outright ("Rechnungswährung: GBP").
CURRENCY_LABELS = re.compile(
    _any_of(_part(_of(lambda p: p.markers.currency), r"^\s*(", r")\s*[:：]?\s*")),
    re.IGNORECASE,
)


def compile_month_names(packs: Iterable[LocalePack]) -> dict[str, int]:
    """Every pack's month names and abbreviations -> month number (1-12). A name that means
    two months in two packs ("mar" is March in English; were it May somewhere) is an error:
    a date could not be read without knowing the language first."""
    names: dict[str, tuple[int, str]] = {}
    for pack in packs:
        for number, spellings in enumerate(pack.months, start=1):
            for name in spellings:
                key = name.lower()
                seen = names.setdefault(key, (number, pack.code))
                if seen[0] != number:
                    raise LocalePackError(
                        f"month name {name!r} is month {number} here and month {seen[0]} "
                        f"in the {seen[1]!r} pack",
                        path=f"axocr/lang/{pack.code}.toml",
                    )
    return {name: number for name, (number, _) in names.items()}


MONTH_NAMES: dict[str, int] = compile_month_names(PACKS)

# Words that tell the page's language, per pack; packs that count less (English) come last,
# so that another language wins a tie.
LANGUAGE_WORDS: dict[str, tuple[re.Pattern[str], float]] = {
    pack.code: (
        re.compile(rf"\b({'|'.join(re.escape(w) for w in pack.detect.words)})\b"),
        pack.detect.weight,
    )
    for pack in sorted(PACKS, key=lambda p: (-p.detect.weight, p.order, p.code))
    if pack.detect.words
}

# A page too short of any pack's words to tell its language reads as this one.
FALLBACK_LANGUAGE: str | None = next((p.code for p in PACKS if p.detect.fallback), None)
# Fewer of a pack's words than this on a page say nothing of its language: one French "du"
# is as likely a Malay shop name's ("RESTAURANT SIN DU") or an item's.
LANGUAGE_MIN_WORDS = 2

# The currency a page in a language is in when nothing on it names one.
LANGUAGE_CURRENCY: dict[str, str] = {p.code: p.currency for p in PACKS if p.currency}


def compile_country_hints(packs: Iterable[LocalePack]) -> list[tuple[re.Pattern[str], str]]:
    """One pattern per currency of the packs' country hints, in pack order."""
    by_currency: dict[str, list[str]] = {}
    for pack in packs:
        if pack.currency and pack.country_hints:
            hints = by_currency.setdefault(pack.currency, [])
            hints.extend(h for h in pack.country_hints if h not in hints)
    return [(re.compile("|".join(h), re.IGNORECASE), code) for code, h in by_currency.items()]


# Words that place a page in a pack's currency area (normalize/currency.py's COUNTRY_CURRENCY).
COUNTRY_HINTS: list[tuple[re.Pattern[str], str]] = compile_country_hints(PACKS)


def _items(get: Callable[[LineItems], list[str]]) -> list[str]:
    return fragments(PACKS, lambda p: get(p.line_items))


def _compound_headers() -> tuple[str, str]:
    """Headers that combine words of any packs: "<tax> <amount>" ("MwSt-Betrag", "VAT amount")
    and "<price> incl. <tax>" / "<price> gross" ("Betrag inkl. MwSt", "Prix TTC")."""
    tax = "|".join(_items(lambda li: li.tax_words))
    amounts = _items(lambda li: li.amount_words)
    tax_amount = _part(amounts, rf"(?:{tax})\.?\s*(?:", ")") if tax else None
    prices = "|".join([*amounts, *_items(lambda li: li.price_words)])
    incl = _part(_items(lambda li: li.incl_words), "(?:", r")\.?")
    if incl and tax:
        incl += rf"(?:\s*(?:{tax})\b)?"
    after = _any_of(incl, _part(_items(lambda li: li.gross_words)))
    gross = rf"(?:{prices})\s*(?:{after})" if prices else None
    return tax_amount or "(?!)", gross or "(?!)"


_TAX_AMOUNT, _GROSS = _compound_headers()

# Column roles of item tables and the header patterns that name them, tried in this order on
# a column's (stacked) header text: more specific wordings come first ("Prix unitaire" before
# "Prix HT", "Steuerbetrag" before "Betrag", "Unit price" before "Unit"). "price" is a second,
# weaker try at unit_price, after "unit".
LINE_ITEM_ROLES: tuple[tuple[str, str], ...] = (
    ("tax_amount", _any_of(_TAX_AMOUNT, *_items(lambda li: li.tax_amount))),
    ("tax_base", _any_of(*_items(lambda li: li.tax_base))),
    ("unit_price", _any_of(*_items(lambda li: li.unit_price))),
    ("amount_gross", _any_of(_GROSS, *_items(lambda li: li.amount_gross))),
    ("amount", _any_of(*_items(lambda li: li.amount))),
    ("tax_rate", _any_of(*_items(lambda li: li.tax_rate))),
    ("discount", _any_of(*_items(lambda li: li.discount))),
    ("description", _any_of(*_items(lambda li: li.description))),
    ("quantity", _any_of(*_items(lambda li: li.quantity))),
    ("unit", _any_of(*_items(lambda li: li.unit))),
    ("unit_price", _any_of(*_items(lambda li: li.price))),
    ("position", _any_of(*_items(lambda li: li.position))),
    ("code", _any_of(*_items(lambda li: li.code))),
)
_ROW_END = r"(?![a-zäöüéèà])"
# Rows that end an item table: totals and the headings of what follows a table.
ITEM_TOTALS = re.compile(
    _any_of(_part(_items(lambda li: li.totals), r"^\s*(?:", ")" + _ROW_END)), re.IGNORECASE
)
ITEM_HEADINGS = re.compile(
    _any_of(_part(_items(lambda li: li.headings), r"^\s*(?:", ")" + _ROW_END)), re.IGNORECASE
)
# A row that repeats the sum of the previous page.
ITEM_CARRIED = re.compile(_any_of(*_items(lambda li: li.carried)), re.IGNORECASE)
# Rows inside a table that adjust the sum rather than sell something.
ITEM_ADJUSTMENTS = re.compile(
    _any_of(_part(_items(lambda li: li.adjustments), r"^\s*(?:", r")\b")), re.IGNORECASE
)
# A row saying what the line above already includes ("Incl. Thuiskopieheffing € 4,24").
ITEM_INCLUDED = re.compile(
    _any_of(_part(_items(lambda li: li.included), r"^\s*(?:", r")\b\.?")), re.IGNORECASE
)
# Rows labelled as a net sum of the lines.
ITEM_NET_SUMS = re.compile(_any_of(*_items(lambda li: li.net_sums)), re.IGNORECASE)
