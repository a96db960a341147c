"""The issuer's name as the page prints it elsewhere: the readings vote on its spelling.

A letterhead's name comes again in a footer, on a remittance slip, as the account holder of
the bank details. OCR slips on one character of a name (若集 for 若葉, LJAN for LIAN) seldom
the same way on two lines, so the readings are independent evidence: where more lines read
a name one way than the chosen line reads it, that spelling is taken; where as many read it
each way, nothing on the page tells which is right and a person looks (``read_otherwise``).
A line that spells the name with one more character inside it (合同会社旭電機 for the chosen
合同会社旭機) sends it to a person too: a seal's stroke over a kanji makes OCR drop it.
What does not vote:

- a line in smaller type than the chosen one: OCR slips more on small print (a footer's
  ボイント under a letterhead's ポイント);
- a mail or web address, which spells the name as its owner chose, and the customer's block,
  whose name may be a group company's (さくら野工業 buying from さくら野産業);
- a difference in characters a font prints alike (三 and ミ, ボ and ポ): OCR misreads them
  the same way on every line in that font, so counting settles nothing; a person looks.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from axocr.extract.context import PageText, TextLine
from axocr.extract.vendor import CONTACT, fix_name_letters, on_name_row
from axocr.lang.labels import LEGAL_FORMS, TRADE_PREFIX_WORDS, letters_off
from axocr.normalize import read_alike
from axocr.types import FieldCandidate, alnum_key

# Letters and digits of a name without its legal form: with fewer, one character in a
# different place is another word as often as a misreading ("大和運送" is not "大和運輸").
MIN_NAME_KEY = 6
# With the legal form, which a dropped character leaves whole: "合同会社旭機".
MIN_DROPPED_KEY = 5
# A reading votes only from a line at least this share of the chosen line's height: OCR's
# boxes of one type size differ by about a tenth, a footer's type is a third smaller or more.
MIN_HEIGHT_SHARE = 0.8


def _key(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, case folded, with each one's index in ``text``:
    OCR drops and adds spaces and punctuation, so only these are compared."""
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        folded = c.casefold()
        if c.isalnum() and len(folded) == 1:
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def _votes(core: str, keys: list[str]) -> tuple[int, Counter[tuple[int, str]]]:
    """How many places of the lines' ``keys`` spell ``core`` exactly, and how many spell it
    with one character changed, by (position, character)."""
    same = 0
    changed: Counter[tuple[int, str]] = Counter()
    n = len(core)
    for text in keys:
        for start in range(len(text) - n + 1):
            differ: list[int] = []
            for j, (a, b) in enumerate(zip(text[start : start + n], core, strict=True)):
                if a != b:
                    differ.append(j)
                    if len(differ) > 1:
                        break
            if not differ:
                same += 1
            elif len(differ) == 1:
                changed[differ[0], text[start + differ[0]]] += 1
    return same, changed


# A shorter sign word differs in one letter from too many words ("INN" and "ONE", "BAR").
MIN_SIGN_WORD = 4
# A sign is a brand of a word or a few; a longer line over the name is a slogan or an address.
MAX_SIGN_WORDS = 3


def _one_more_inside(key: str, keys: list[str]) -> bool:
    """Another line spells the name with one more character inside it (合同会社旭電機 where
    the chosen line reads 合同会社旭機): the character OCR dropped where a seal's stroke or a
    smudge covers it, read on the line that is clear. Which line is right the page does not
    tell, the clear one more often; a person looks."""
    if len(key) < MIN_DROPPED_KEY:
        return False
    # A character like its neighbour is no dropped one: "Informatique" + "e" is the start of
    # "Informatique EURL" as much as a doubled letter.
    pattern = re.compile(
        "|".join(
            f"{re.escape(key[:i])}[^{re.escape(key[i - 1] + key[i])}]{re.escape(key[i:])}"
            for i in range(1, len(key))
        )
    )
    return any(pattern.search(text) for text in keys)


class NameReadings:
    """The page's lines that may read the issuer's name again, each spelled as a name is
    (``fix_name_letters``) and keyed once for every name settled against them."""

    def __init__(self, ctx: PageText) -> None:
        self._ctx = ctx

    @cached_property
    def _lines(self) -> list[tuple[TextLine, str]]:
        customer = self._ctx.customer_block
        # A mail or web address spells the name as its owner chose ("sterlingsystem.com.au"
        # for Sterling Systems): no reading of the printed name.
        return [
            (ln, _key(fix_name_letters(CONTACT.sub(" ", ln.text)))[0])
            for ln in self._ctx.lines
            if id(ln) not in customer
        ]

    def settle(self, cand: FieldCandidate | None) -> FieldCandidate | None:
        """``cand`` spelled as most of the page's readings of its name spell it, and marked
        ``read_otherwise`` where they split evenly or differ in characters read alike, or
        where a sign over it spells one of its words otherwise."""
        if cand is None:
            return None
        settled = self._settle(cand)
        if settled is cand and self._sign_spells_otherwise(cand):
            features = {**cand.features, "read_otherwise": 1.0}
            return cand.model_copy(update={"features": features})
        return settled

    def _sign_spells_otherwise(self, cand: FieldCandidate) -> bool:
        """A shop's sign over its name is often the name's words in larger type ("HONG" over
        "PERNIAGAAN MENG HONG", "HARPERS BOOKS" over "Harper's Books Ltd."). Where a word of
        the sign and the name's word differ in one letter ("HONG" over "MENG BONG"; "HARPERS
        BOOKS" over "Earper's Bocks Ltd."), one of the two readings slipped, and the page does
        not tell which: the sign is one vote, the name's line another. Every word of a sign of
        several words must be a word of the name, as read or one letter off it: a slogan or a
        branch's name shares a word with the name by chance."""
        box = cand.bbox
        if box is None:
            return False
        names = {_key(w)[0] for w in cand.value.split()}
        long_names = [k for k in names if len(k) >= MIN_SIGN_WORD]
        for ln, key in self._lines:
            signs = [_key(w)[0] for w in ln.text.split()]
            if (
                ln.page != cand.page
                or ln.bbox.y1 > box.y0
                or ln.bbox.height < MIN_HEIGHT_SHARE * box.height
                or not 1 <= len(signs) <= MAX_SIGN_WORDS
                or not key.isalpha()
            ):
                continue
            slipped = [
                w
                for w in signs
                if w not in names
                and len(w) >= MIN_SIGN_WORD
                and any(letters_off((n,), (w,)) == [1] for n in long_names)
            ]
            if slipped and all(w in names or w in slipped for w in signs):
                return True
        return False

    def _settle(self, cand: FieldCandidate) -> FieldCandidate:
        value_key, where = _key(cand.value)
        others = [(ln, key) for ln, key in self._lines if not on_name_row(ln, cand)]
        if _one_more_inside(value_key, [key for _, key in others]):
            features = {**cand.features, "read_otherwise": 1.0}
            return cand.model_copy(update={"features": features})
        core, _ = _key(LEGAL_FORMS.sub(" ", cand.value))
        offset = value_key.find(core)
        if len(core) < MIN_NAME_KEY or offset < 0:
            return cand
        height = cand.bbox.height if cand.bbox is not None else 0.0
        voters = [(ln, key) for ln, key in others if ln.bbox.height >= MIN_HEIGHT_SHARE * height]
        same, changed = _votes(core, [key for _, key in voters])
        if not changed:
            return cand
        (position, char), count = changed.most_common(1)[0]
        mine = same + 1  # the chosen line's own reading
        if count < mine:
            return cand
        at = where[offset + position]
        old = cand.value[at]
        new = char.upper() if old.isupper() else char
        value = cand.value[:at] + new + cand.value[at + 1 :]
        origin = cand.origin.tagged("read-elsewhere")
        alike = read_alike(old, char)
        if count == mine or alike:
            features = {**cand.features, "read_otherwise": 1.0}
            # An even split still goes to a person; the spelling shown is the one whose word
            # the recogniser was surer of ("Kedal" at 0.54 in a header, "Kedai" at 0.98 in
            # the footer), as a reviewer would guess. Not between characters a font prints
            # alike: the recogniser is as sure of 穗 as of 穂.
            if count == mine and not alike:
                # A reading that spells a word the packs know ("KEDAI", "Sdn") against one
                # that misses it by this character ("KEDAL"): the known word is the print.
                shown_known, read_known = _known_word(cand.value, at), _known_word(value, at)
                if shown_known != read_known:
                    update = {"value": value, "origin": origin} if read_known else {}
                    return cand.model_copy(update={**update, "features": features})
                own = _surer(
                    cand.value, at, [ln for ln in self._ctx.lines if on_name_row(ln, cand)]
                )
                if 0 < own < _surer(value, at, [ln for ln, _ in voters]):
                    return cand.model_copy(
                        update={"value": value, "origin": origin, "features": features}
                    )
            return cand.model_copy(update={"features": features})
        return cand.model_copy(update={"value": value, "origin": origin})


def _word_at(value: str, at: int) -> str:
    start = value.rfind(" ", 0, at) + 1
    end = value.find(" ", at)
    return value[start : end if end >= 0 else len(value)]


def _known_word(value: str, at: int) -> bool:
    """The word of ``value`` holding character ``at`` is a trade prefix's word or a legal
    form the packs list."""
    word = _word_at(value, at).strip(".,()")
    return word.casefold() in TRADE_PREFIX_WORDS or bool(LEGAL_FORMS.fullmatch(word))


def _surer(value: str, at: int, lines: list[TextLine]) -> float:
    """How sure the recogniser was of the word of ``value`` holding character ``at``, where
    one of ``lines`` prints that word: its least certain character, 0 if none does."""
    word = alnum_key(_word_at(value, at))
    return max(
        (
            conf
            for ln in lines
            for (s, e, _), conf in zip(ln.spans, ln.span_char_confidence, strict=False)
            if word and word in alnum_key(ln.text[s:e])
        ),
        default=0.0,
    )
