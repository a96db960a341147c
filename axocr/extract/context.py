"""Normalised lines with a map from text offsets back to boxes, and label matching."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from rapidfuzz import fuzz

from axocr.lang.labels import ADDRESS_HINTS, CUSTOMER_MARKERS, LABELS, SENTENCE_AFTER, Label
from axocr.layout.neighbours import to_the_right
from axocr.normalize import normalize_text, strip_latin_accents
from axocr.types import BBox, Document, is_cjk, is_kanji


@dataclass
class TextLine:
    """One layout line, normalised, with the page it is on."""

    page: int
    index: int  # position in the document's reading order
    text: str
    lower: str
    bbox: BBox
    confidence: float
    from_ocr: bool
    from_image: bool
    # (start, end, bbox) of each word inside `text`
    spans: list[tuple[int, int, BBox]] = field(default_factory=list)
    # each span's least certain character (1.0 for text-layer words)
    span_char_confidence: list[float] = field(default_factory=list)

    def char_confidence(self, start: int = 0, end: int | None = None) -> float:
        """The least certain character of the words that text[start:end] touches."""
        stop = len(self.text) if end is None else end
        touched = [
            c
            for (s, e, _), c in zip(self.spans, self.span_char_confidence, strict=False)
            if e > start and s < stop
        ]
        return min(touched, default=1.0)

    def span_bbox(self, start: int, end: int) -> BBox:
        """The box of text[start:end], cutting words proportionally where a span splits one."""
        boxes: list[BBox] = []
        for s, e, b in self.spans:
            if e <= start or s >= end:
                continue
            length = max(e - s, 1)
            a = (max(start, s) - s) / length
            z = (min(end, e) - s) / length
            boxes.append(BBox(x0=b.x0 + b.width * a, y0=b.y0, x1=b.x0 + b.width * z, y1=b.y1))
        return BBox.enclosing(boxes) if boxes else self.bbox


@dataclass(frozen=True)
class LabelHit:
    line: TextLine
    label: Label
    start: int
    end: int
    score: float  # 0..1: 1 for an exact match, lower for a fuzzy one


# The most address lines (a postcode and town, a country) that continue a customer's block
# past the two lines under its marker.
_ADDRESS_TAIL = 3


@dataclass
class PageText:
    lines: list[TextLine]
    page_count: int
    median_height: float
    hits: list[LabelHit]

    def lines_on(self, page: int) -> list[TextLine]:
        return [ln for ln in self.lines if ln.page == page]

    @cached_property
    def text(self) -> str:
        """Every line as extraction reads it (normalised: OCR's simplified forms and full-width
        digits folded), one per line: what rules over the whole document search."""
        return "\n".join(ln.text for ln in self.lines)

    @cached_property
    def label_lines(self) -> dict[int, bool]:
        """Lines that begin or end with a label, by id: True when nothing follows the label
        (the line is a label alone: "Rechnung Nr.", "Beleg-Datum", "Lieferschein-Nr."). Read
        once the hits are found (build_context), by every label's search for its value."""
        out: dict[int, bool] = {}
        for h in self.hits:
            alone = value_start(h.line.text, h.end) >= len(h.line.text)
            if h.start <= 1 or alone:
                out[id(h.line)] = out.get(id(h.line), False) or alone
        return out

    @cached_property
    def customer_block(self) -> set[int]:
        """The lines (by id) of the customer's name and address: a line that carries a
        customer marker ("御中", "Bill To: ...", "Destinataire"), the two lines under a
        marker in its column, and the address lines that follow them there, each close
        under the last ("00144 - Roma (RM)" under the street, level with another block's
        label)."""
        block: set[int] = set()
        for marker in self.lines:
            if not CUSTOMER_MARKERS.search(marker.text):
                continue
            block.add(id(marker))
            h = max(marker.bbox.height, 1e-4)
            column = sorted(
                (
                    ln
                    for ln in self.lines_on(marker.page)
                    if ln.bbox.y0 >= marker.bbox.y1
                    and ln.bbox.x0 < marker.bbox.x1
                    and ln.bbox.x1 > marker.bbox.x0
                ),
                key=lambda ln: ln.bbox.y0,
            )
            last = marker
            added = 0
            for line in column:
                if line.bbox.y0 - marker.bbox.y1 < 2.5 * h:
                    block.add(id(line))
                    last = line
                    continue
                close = line.bbox.y0 - last.bbox.y1 < 0.8 * h
                if not close or added >= _ADDRESS_TAIL or not ADDRESS_HINTS.search(line.text):
                    break
                block.add(id(line))
                last = line
                added += 1
        return block

    def right_of(self, line: TextLine) -> TextLine | None:
        """The nearest line to the right on the same row (a label's value, often)."""
        others = [o for o in self.lines_on(line.page) if o is not line]
        right = to_the_right(line.bbox, line.bbox, others, min_overlap=0.5, height=line.bbox.height)
        return right[0] if right else None


_LABEL_SEPARATORS = " :：#.-/)）]】"


def value_start(text: str, end: int) -> int:
    """Where a label's value may begin on its own line: after the separators that follow
    the label ("Total:", "No. #", "日付：")."""
    start = end
    while start < len(text) and text[start] in _LABEL_SEPARATORS:
        if text[start] == "-" and text[start + 1 : start + 2].isdigit():
            break  # a minus sign: "Rounding Adj: -0.02", "Total: -233,47"
        start += 1
    return start


def build_context(document: Document) -> PageText:
    lines: list[TextLine] = []
    for page in document.pages:
        for line in page.lines:
            parts: list[str] = []
            spans: list[tuple[int, int, BBox]] = []
            char_conf: list[float] = []
            pos = 0
            for word in line.words:
                text = normalize_text(word.text)
                if not text:
                    continue
                if parts and not (is_cjk(parts[-1][-1]) and is_cjk(text[0])):
                    parts.append(" ")
                    pos += 1
                spans.append((pos, pos + len(text), word.bbox))
                char_conf.append(
                    1.0 if word.min_char_confidence is None else word.min_char_confidence
                )
                parts.append(text)
                pos += len(text)
            joined = "".join(parts)
            if not joined.strip():
                continue
            lines.append(
                TextLine(
                    page=page.index,
                    index=len(lines),
                    text=joined,
                    lower=joined.casefold(),
                    bbox=line.bbox,
                    confidence=line.confidence,
                    from_ocr=any(w.source == "ocr" for w in line.words),
                    from_image=page.route == "text_layer+ocr"
                    and all(w.source == "ocr" for w in line.words),
                    spans=spans,
                    span_char_confidence=char_conf,
                )
            )
    heights = sorted(ln.bbox.height for ln in lines) or [0.01]
    ctx = PageText(
        lines=lines,
        page_count=max(len(document.pages), 1),
        median_height=heights[len(heights) // 2],
        hits=[],
    )
    ctx.hits = find_label_hits(ctx)
    return ctx


_LATIN_BEFORE = r"(?<![a-z0-9_])"


def _trie_pattern(node: dict[str, Any], last: str) -> str:
    """A regex for the labels under a trie node: shared prefixes are matched once, and each
    node tries its longer continuations before ending, so the longest label wins."""
    alts = []
    for token in sorted(k for k in node if k):
        # OCR and typesetting join label words with hyphens ("Total-Excl-GST") and drop
        # the dots of abbreviations ("Inv No", "Total excl GST").
        piece = {" ": r"[\s-]*", ".": r"\.?"}.get(token) or re.escape(token)
        alts.append(piece + _trie_pattern(node[token], token))
    if "" in node:
        # Latin labels must stand as words; CJK labels have no word boundaries to respect.
        # A final dot is optional, so "credit no." must not end inside "credit note".
        end = r"(?:(?<=\.)|(?![a-z_]))" if last == "." else r"(?![a-z_])"
        alts.append("" if is_cjk(last) or not (last.isalnum() or last == ".") else end)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _labels_regex(texts: list[str]) -> re.Pattern[str]:
    # One alternation of hundreds of labels is tried label by label at every position of
    # every line (0.3 ms a line); a trie of them rejects a position after one character.
    root: dict[str, Any] = {}
    for text in texts:
        node = root
        for ch in text:
            node = node.setdefault(ch, {})
        node[""] = True
    latin = {k: v for k, v in root.items() if not is_cjk(k)}
    cjk = {k: v for k, v in root.items() if is_cjk(k)}
    parts = []
    if latin:
        parts.append(_LATIN_BEFORE + _trie_pattern(latin, ""))
    if cjk:
        parts.append(_trie_pattern(cjk, ""))
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def _label_regex() -> tuple[re.Pattern[str], dict[str, Label]]:
    by_text: dict[str, Label] = {}
    for label in LABELS:
        key = normalize_text(label.text).casefold()
        # The same text under two fields keeps the stronger entry.
        if key not in by_text or by_text[key].strength < label.strength:
            by_text[key] = Label(key, label.field, label.strength, label.lang)
    # Capitals are often printed without their accents ("DATE DE DEBUT", "NUMERO"): each
    # label is also found without them, where that spelling is no other label.
    for key, label in list(by_text.items()):
        bare = strip_latin_accents(key)
        if bare != key and bare not in by_text:
            by_text[bare] = Label(bare, label.field, label.strength, label.lang)
    return _labels_regex(list(by_text)), by_text


def _lookup(matched: str, by_text: dict[str, Label]) -> Label | None:
    key = re.sub(r"\s+", " ", matched)
    if key in by_text:
        return by_text[key]
    return _squeezed_labels().get(_squeeze(key))


def _squeeze(text: str) -> str:
    return re.sub(r"[\s.-]", "", text)


@lru_cache(maxsize=1)
def _squeezed_labels() -> dict[str, Label]:
    """The labels by their text without spaces, dots and hyphens, for what the regex lets
    through without them; where two squeeze alike, the first listed wins (exact texts are
    looked up before this)."""
    table: dict[str, Label] = {}
    for text, label in _label_regex()[1].items():
        table.setdefault(_squeeze(text), label)
    return table


# Old (traditional) forms of kanji that labels use in their modern form, which OCR returns
# for a blurred modern one: 税拔合計 for 税抜合計. They are Japanese characters in their own
# right (a name may be written with them), so only label matching reads them as the new form;
# one character for one keeps every offset.
_LABEL_FORMS = str.maketrans("拔發總證號價", "抜発総証号価")


# A sign OCR returns for a letter of a label word ("$ubtotaal"): read as that letter when a
# line's start is compared with the labels. (Digits are not mapped: "No:CS00018751" would
# lend its zeros to the label.)
_OCR_LOOKALIKES = str.maketrans("$", "s")


# Kanji OCR reads for a label's own, which share its shape: 請 for the 青 family, 日 for 目;
# 萌 for 請 (the right half's 月 under a box, as 青 holds it): PP-OCRv6 on scanned 請求日 twice,
# on two fresh Japanese seeds; 硝 (月 under 小) and 者 for 書 (日 under a cross-stroked top)
# in one scanned 請求書番号 of another; 西 for 書 (the box of 日 under a cross-stroked top) in a
# scanned 納品書No.; 达 for 込, a character made in Japan that a recogniser trained mostly on
# Chinese does not know: each of the 19 times 达 was read on the OCR pages of session 35 (dev
# and 22 generated sets), it stood for 込 (お振达先, 税达合計).
_KANJI_LOOKALIKES = {
    "請": "清睛晴靖精情萌硝",
    "日": "目曰",
    "計": "訂針",
    "番": "審",
    "書": "者西",
    "込": "达",
}


def _slips(read: str, label: str, lookalikes: dict[str, str]) -> tuple[int, int]:
    """How many of ``read``'s characters differ from ``label``'s as a known look-alike of
    them (``lookalikes``: a character -> those read for it), and how many otherwise
    (``read`` and ``label`` of one length)."""
    alike = other = 0
    for a, b in zip(read, label, strict=True):
        if a == b:
            continue
        if a in lookalikes.get(b, ""):
            alike += 1
        else:
            other += 1
    return alike, other


# A Latin letter ending a label's prefix and two more after it (the text is lower-cased).
# Japanese writes no spaces, so only Latin words can be seen to run on.
_RUNS_ON = re.compile(r"[a-zß-öø-ÿ]{3}")


def _word_runs_on(text: str, end: int) -> bool:
    """The prefix ``text[:end]`` ends inside a word that goes on for more than one letter:
    the word is longer than a misread label (one slip may push a label's last letter past
    ``end``: "Subtota|i")."""
    return end > 0 and _RUNS_ON.match(text, end - 1) is not None


_TOKEN_CHAR = re.compile(r"[^\W_]|[-/]")


def _splits_token(text: str, end: int) -> bool:
    """``text[:end]`` ends inside a token of letters, digits, hyphens and slashes whose rest
    holds a digit: the value's own start ("creditnote a-|10740"), not the label's slipped
    last letter ("subtota|i")."""
    if not 0 < end < len(text) or _TOKEN_CHAR.match(text[end - 1]) is None:
        return False
    rest = end
    while rest < len(text) and _TOKEN_CHAR.match(text[rest]) is not None:
        rest += 1
    return any(c.isdigit() for c in text[end:rest])


def _misread_latin_label(text: str, labels: list[Label]) -> tuple[float, Label, int] | None:
    """The long label the line's start is a misreading of: (score, label, its length)."""
    best: tuple[float, Label, int] | None = None
    for label in labels:
        n = len(label.text)
        for extra in (0, 1, -1):
            prefix = text[: n + extra]
            if len(prefix) < n - 1 or "_" in prefix:
                continue  # too short, or inside an identifier ("#invoice_number_1")
            if prefix.endswith(" ") and label.text.startswith(prefix):
                # The label less its last word, a letter: "Fattura " of "Fattura
                # accompagnatoria ..." is a title, not a misread "fattura n".
                continue
            if _word_runs_on(text, len(prefix)) or _splits_token(text, len(prefix)):
                # The start of a longer word: "Rechnungsan|schrift" is not a misread
                # "Rechnungsnr", whatever the two share ("Subtota|i" still reads); nor
                # does a label end inside the value's token ("creditnote a-|10740").
                continue
            # OCR drops an accent as readily as it misreads a letter ("Echéance"): one
            # accent lost is no slip at all.
            score = fuzz.ratio(
                strip_latin_accents(label.text),
                strip_latin_accents(prefix.translate(_OCR_LOOKALIKES)),
            )
            # One wrong letter in a short label is another word: "BILL TO" is not
            # "bill no" (86); "Invoice Na" still reads as "invoice no" (90).
            needed = 85 if n >= 10 else 90
            if score < needed and extra == 0 and _latin_lookalikes_only(prefix, label.text):
                score = needed  # "invaice na." for "invoice no.": letters OCR confuses
            if score >= needed and (best is None or score > best[0]):
                best = (score, label, len(prefix))
    return best


# Latin letters that PP-OCR reads for one another on scans (the text is lower-cased): o and a
# ("Invaice Na."), e and c, i, l and 1, u and v, a capital D read as O ("DOT" for "DDT"), and
# a dot-matrix B that lost a stroke read as E or D ("SUE TOTAL", "SUD TOTAL").
_LATIN_LOOKALIKES = {
    "o": "a0",
    "a": "o",
    "d": "o",
    "b": "ed",
    "e": "c",
    "c": "e",
    "i": "l1",
    "l": "i1",
    "u": "v",
    "v": "u",
}


def _latin_lookalikes_only(read: str, label: str) -> bool:
    """``read`` is ``label`` (four letters or more) with one or two letters read as their
    look-alikes and nothing else different."""
    if len(read) != len(label) or sum(c.isalpha() for c in label) < 4:
        return False
    alike, other = _slips(read, label, _LATIN_LOOKALIKES)
    return other == 0 and 1 <= alike <= 2


def _first_of_seikyu(read: str, label: str) -> bool:
    """請 of 請求 read as another kanji, the rest in place: PP-OCR loses the strokes of its
    言 and reads it as many a kanji (清 睛 萌 翡 防 畴 seen on scans), while 求 after it and
    the label's last character keep their shape; no other word of invoices spells "?求日" or
    "?求額"."""
    return (
        label.startswith("請求")
        and read[0] != label[0]
        and is_kanji(read[0])
        and read[1:] == label[1:]
    )


def _misread_kanji_label(text: str, labels: list[Label]) -> tuple[float, Label, int] | None:
    """OCR swaps one kanji for a look-alike (請求書番号 -> 糖求書番号, 伝票番号 -> 伝票署号,
    支払期限 -> 支払期服): a Japanese label of four or more characters with exactly one
    different character at the line's start is that label, and so is one that differs in a
    known look-alike of its own besides (清求鑫番号: 清 for 請, 鑫 for 書). A label of three
    is, only where every character it differs in is a known look-alike of the label's (清求日
    for 請求日): two characters in place of three leave too many other words."""
    best: tuple[float, Label, int] | None = None
    for label in labels:
        n = len(label.text)
        if len(text) < n:
            continue
        alike, other = _slips(text[:n], label.text, _KANJI_LOOKALIKES)
        if n == 3 and _first_of_seikyu(text[:n], label.text):
            alike, other = 1, 0
        if not (alike == 1 and other == 0 if n == 3 else other <= 1 and 1 <= alike + other <= 2):
            continue
        # as sure as a Latin label read with one slip (85 there at the least): three
        # characters of four in place are the label, not a weaker one its tail spells
        score = max(85.0, 100.0 * (n - alike - other) / n)
        if best is None or score > best[0] or (score == best[0] and n > best[2]):
            best = (score, label, n)
    return best


_WORD_AFTER = re.compile(r"\s*[^\W\d_]{2}")


def find_label_hits(ctx: PageText) -> list[LabelHit]:
    """Every label in every line; the longest label at a place wins ("subtotal" over "total")."""
    pattern, by_text = _label_regex()
    fuzzy_labels = [lb for lb in by_text.values() if len(lb.text) >= 6 and lb.strength >= 1.0]
    kanji_labels = [
        lb for lb in by_text.values() if len(lb.text) >= 3 and any(map(is_kanji, lb.text))
    ]
    hits: list[LabelHit] = []
    for line in ctx.lines:
        found = -1  # where a label at the line's start ends
        opening: set[str] = set()  # the fields of the labels there
        first = len(line.text)  # where the line's first label starts
        prose = len(line.text) > 60
        text = line.lower.translate(_LABEL_FORMS)
        for m in pattern.finditer(text):
            label = _lookup(m.group(0), by_text)
            if label is None:
                continue
            # A label in the middle of a sentence ("please quote invoice number X"), or one a
            # particle makes a noun of a sentence (請求日より), is weaker evidence than one
            # heading a field.
            in_sentence = is_cjk(text[m.end() - 1]) and SENTENCE_AFTER.match(text, m.end())
            score = 0.6 if (prose and m.start() > 20) or in_sentence else 1.0
            hits.append(LabelHit(line, label, m.start(), m.end(), score))
            if m.start() < 3:
                found = max(found, m.end())
                opening.add(label.field)
            first = min(first, m.start())
        if not line.from_ocr:
            continue
        # OCR misreads labels ("lnvoice N0"); compare the line's start with each long label.
        # Where a label starts the line as read, only a longer one of another field can be
        # misread there: the word after "Date" in "Date Ondered" (Ordered) makes it another
        # date's label, while "Total Sales (Inclusive GST)" stays the total it reads as.
        best = None
        if found < 0 or _WORD_AFTER.match(text, found):
            best = _misread_latin_label(text, fuzzy_labels)
            if best is not None and (best[2] <= found or best[1].field in opening):
                best = None
        if first > 0:
            # A kanji label misread at the line's start hides behind the shorter label its
            # tail spells: "睛求日付" holds 日付 at 2, but it is 請求日付.
            kanji = _misread_kanji_label(text, kanji_labels)
            if kanji is not None and (best is None or (kanji[0], kanji[2]) > (best[0], best[2])):
                best = kanji
        if best is not None:
            # The longer label wins: "gst" inside a misread "Tatal Sales (Inclusive of GST)".
            hits = [h for h in hits if not (h.line is line and h.start < best[2])]
            hits.append(LabelHit(line, best[1], 0, best[2], best[0] / 100.0))
    return hits
