"""Voicing marks and small kana OCR reads wrong in katakana names.

PP-OCR reads the two small strokes of a dakuten and the small circle of a handakuten at the
size of a speck of noise: on a scan it prints バ for パ, ボ for ポ, or drops the mark (テザイン).
It also reads a small kana at full size (フレッシユ for フレッシュ). A name's katakana is mostly
made of loanwords, so a run of katakana that does not split into the words of the Japanese
pack's ``katakana_words``, but does with exactly one such character changed, is spelled that
way. Proper names (ヒュウガ) split into no words either way and stay as read, and so do names
registered with full-size kana on purpose (キヤノン): the pack leaves out the words old
registered names spell that way (フイルム).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from axocr.lang.labels import PACKS
from axocr.types import KATAKANA

# Each kana with the others that differ from it by a voicing mark only.
_VOICING_GROUPS = (
    "カガ", "キギ", "クグ", "ケゲ", "コゴ", "サザ", "シジ", "スズ", "セゼ", "ソゾ",
    "タダ", "チヂ", "ツヅ", "テデ", "トド", "ハバパ", "ヒビピ", "フブプ", "ヘベペ", "ホボポ",
    "ウヴ",
)  # fmt: skip
# Each small kana with its full-size form: OCR reads them at one size (フレッシユ).
_SIZE_PAIRS = ("アァ", "イィ", "ウゥ", "エェ", "オォ", "ツッ", "ヤャ", "ユュ", "ヨョ", "ワヮ")


def _partners(groups: Iterable[str]) -> dict[str, str]:
    """Each kana -> the kana OCR may have read in its place (ツ: ヅ and ッ)."""
    partners: dict[str, str] = {}
    for group in groups:
        for kana in group:
            partners[kana] = partners.get(kana, "") + "".join(k for k in group if k != kana)
    return partners


_PARTNERS = _partners((*_VOICING_GROUPS, *_SIZE_PAIRS))

# Kanji that OCR reads for the katakana they look like, and the katakana for them (the long
# vowel ー as 一, ミ as 三): in one font, the same slip each time.
KANJI_LOOKING_KANA = ("一口工力夕二八卜匕三", "ーロエカタニハトヒミ")
# Kanji in their old (旧字体) form and the modern form Japanese prints: PP-OCR, trained on
# much Chinese, reads 穂 as 穗 on some lines of a page and not on others, and a seal's carved
# characters in the old form always. Both are JIS kanji, so neither is folded away in
# text; only a name OCR reads takes the modern form (OCR_OLD_FORMS).
OLD_FORMS = (
    "穗國會澤邊邉齋髙﨑濱廣榮與惠德圓櫻龍藝壽實豐學鐵黑眞團當縣條",
    "穂国会沢辺辺斎高崎浜広栄与恵徳円桜竜芸寿実豊学鉄黒真団当県条",
)
# The old forms PP-OCR is seen printing for modern print, in a name it reads: on 32 sets
# of generated Japanese pages it read 穂 as 穗 in 6 of the 14 vendor names printed with 穂
# that it read, and in the one of the dev set's scans; no label of any set, real or
# generated, spells a name with 穗. A name a text layer or a logo prints is not read
# through this.
OCR_OLD_FORMS = ("穗", "穂")
_LOOKALIKES = {
    *zip(*KANJI_LOOKING_KANA, strict=True),
    *zip(KANJI_LOOKING_KANA[1], KANJI_LOOKING_KANA[0], strict=True),
    *zip(*OLD_FORMS, strict=True),
    *zip(OLD_FORMS[1], OLD_FORMS[0], strict=True),
}


def read_alike(a: str, b: str) -> bool:
    """OCR reads ``a`` for ``b`` in a font that prints them alike: a voicing mark (ボ, ポ),
    a kana's size (ユ, ュ), a kanji and the katakana it looks like (三, ミ), a kanji's old
    and modern forms (穗, 穂). Such slips repeat on every line set in that font, so two
    readings that agree on one are no evidence against a third."""
    return b in _PARTNERS.get(a, "") or (a, b) in _LOOKALIKES


_RUN = re.compile(f"[{KATAKANA}]+")
# A run this short is a word of its own or a proper name's piece: too little to go on.
MIN_RUN = 4
# The corrected character must fall in a word at least this long: two-kana words (パン, バス)
# are short enough to be found by chance in any run.
MIN_ANCHOR = 3


class KanaSpeller:
    """Spells runs of katakana as ``words`` split them (see the module docstring)."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(w for w in words if len(w) >= 2)
        self._longest = max((len(w) for w in self._words), default=0)

    def splits(self, run: str) -> list[tuple[int, int]] | None:
        """The run as a sequence of words (start, end), longest words first; None if it
        does not split."""
        best: dict[int, list[tuple[int, int]]] = {0: []}
        for start in range(len(run)):
            if start not in best:
                continue
            for end in range(min(len(run), start + self._longest), start + 1, -1):
                if end not in best and run[start:end] in self._words:
                    best[end] = [*best[start], (start, end)]
        return best.get(len(run))

    def respell(self, run: str) -> str:
        if len(run) < MIN_RUN or not self._words or self.splits(run) is not None:
            return run
        found: set[str] = set()
        for i, kana in enumerate(run):
            for other in _PARTNERS.get(kana, ""):
                candidate = run[:i] + other + run[i + 1 :]
                parts = self.splits(candidate)
                if parts and any(s <= i < e and e - s >= MIN_ANCHOR for s, e in parts):
                    found.add(candidate)
        return found.pop() if len(found) == 1 else run

    def fix(self, text: str) -> str:
        """Every run of katakana in ``text`` respelled."""
        return _RUN.sub(lambda m: self.respell(m.group(0)), text)


@lru_cache(maxsize=1)
def shipped_speller() -> KanaSpeller:
    return KanaSpeller(w for pack in PACKS for w in pack.spelling.katakana_words)


def fix_voicing_marks(text: str) -> str:
    """``text`` with each katakana run that one voicing mark or one kana's size keeps from
    splitting into the shipped words spelled with it changed: "中央コインバーク" ->
    "中央コインパーク", "フレッシユ" -> "フレッシュ"."""
    if not _RUN.search(text):
        return text
    return shipped_speller().fix(text)
