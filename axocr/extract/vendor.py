"""The vendor (issuer): combine signals, since invoices print no label for it.

Signals: near the top of the first page, larger text than the body, a legal form (株式会社,
GmbH, Ltd, SDN BHD, ...), an address / phone / registration number just below it, a seller
label above it; against: a customer block (Bill To, 御中, 様, Kunde, Client) around it, or a
line that is itself an address, a date, an amount or a document title.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import pairwise

from axocr.extract.context import PageText, TextLine
from axocr.extract.ranker import hand_score
from axocr.lang.labels import (
    ADDRESS_HINTS,
    BRANCH_WORDS,
    CUSTOMER_HEADINGS,
    CUSTOMER_MARKERS,
    CUSTOMER_NAME_LABELS,
    DOCUMENT_TITLES,
    LEGAL_FORMS,
    LEGAL_NOTICES,
    MISREAD_FORMS,
    MISREAD_PREFIXES,
    NAME_LABEL_PREFIX,
    NAME_LABELS,
    PATRON_THANKS,
    PAYEE_LABELS,
    PAYMENT_TERMS,
    REMITTANCE_TITLES,
    SELLER_MARKERS,
    TITLE_RUN,
    TRADE_ALONE,
    TRADE_PREFIX,
    letters_off,
    operator_prefix,
)
from axocr.normalize import (
    KANJI_LOOKING_KANA,
    OCR_OLD_FORMS,
    OLD_FORMS,
    find_amounts,
    find_dates,
    find_registration_numbers,
    fix_voicing_marks,
    strip_latin_accents,
)
from axocr.types import FieldCandidate, Provenance, alnum_key, is_cjk, is_kanji

_LEGAL = ("legal-form",)

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_TRIM = " :：-–—|,.;/\\*#()（）[]【】「」"
_CUSTOMER_SUFFIX = re.compile(r"(御中|様|殿)\s*$")
_NOISE = re.compile(
    r"^(page|seite|tel|fax|phone|e-?mail|www|http|gst|vat|tax|date|no\.?|total|qty|"
    r"welcome|thank|cashier|table|order|receipt|invoice)\b",
    re.IGNORECASE,
)


# A middle dot or bullet may be glued to the word before it ("S.N.C.· Via Nazionale 38").
_SEGMENT = re.compile(r"\s+[-–—|•·/]\s+|\s*[•·]\s+|\s{3,}|\s*[☆★◆◇■□●○♦]+\s*")


# A name line often carries the sender's e-mail or web address; neither is part of the name.
CONTACT = re.compile(r"\S+@\S+\.\S+|\b(?:https?://|www\.)\S+", re.IGNORECASE)

# A Japanese postcode ends the name, and what follows it is address (OCR reads 〒 as "T").
_TRAILING_POSTAL = re.compile(
    r"\s*(〒\s*)?(?<![\d-])\d{3}-\d{4}\s*$|\s*〒.*$|\s+T\s?\d{3}-\d{4}\b.*$"
)


# What follows a name's legal form on the same line is a company number or an address:
# "AEON CO. (M) BHD (126926-H", "99 SPEED MART S/B 519537-X", "Foo GmbH HRB 1234".
_AFTER_LEGAL = re.compile(
    r"^[\s.,'‘’\"]*(?:\(?\s*[A-Z]?\d[\dA-Z\-·. ]{3,}.*|[(\[].*\d.*|(?:no|lot|unit|tel)\b\.?\s*:?\s*\d.*)$",
    re.IGNORECASE,
)
# A GS1 location or trade item number with its label, before or after it.
_GS1_ID = re.compile(
    r"\(?\b(?:GLN|ILN|GTIN|EAN)\b\)?\s*[:#]?\s*\d{8,14}\b|\b\d{8,14}\s*\(\s*(?:GLN|ILN|GTIN|EAN)\b\s*\)?",
    re.IGNORECASE,
)
# A telephone or fax number OCR read onto the end of the name's line, from the column beside it
# ("... & C. SNC Tel. 091 0238905"): "Tel", "Tél.", "Telefon", "Telefono", "Phone", "Fax".
_TRAILING_PHONE = re.compile(
    r"\s+(?:t[eé]l[^\W\d_]*|phone|fax)\.?\s*[:：]?\s*\+?[\d(][\d\s\-/().]{5,}$", re.IGNORECASE
)
# A short label, its colon and one token that holds a digit: an identifier and its label.
_LABELLED_TOKEN = re.compile(r"[^:：\d]{2,25}\s*[:：]\s*\S*\d\S*")
_ANY_PREFIX = re.compile(r"^[^:：]{2,20}[:：]\s*(?=\S)")


def _cut_after_legal_form(text: str) -> str:
    last = None
    for m in LEGAL_FORMS.finditer(text):
        last = m
    if last is None:
        return text
    rest = text[last.end() :]
    if rest.strip() and _AFTER_LEGAL.match(rest):
        return text[: last.end()]
    return text


# OCR slips inside a name's words: "WorId" (I for l after lower case), "1DEA" / "C0" (a digit
# for a letter inside an all-capitals word). A capital I before n and a letter starts a word
# whose space OCR lost ("VriesInstallatie", "SkyInternational"): "ln" inside a word is rare.
# So does a capital I between the dots of a form in small letters ("S.r.I.", "s.r.I.").
_I_FOR_L = re.compile(
    r"(?<=[a-z]{2})I(?!n[a-z])(?=[a-z]|\b)"
    # the form's first capital may be glued to the name's last word: "FornitureS.r.I."
    r"|(?:(?<=\b[A-Za-z]\.[a-z]\.)|(?<=[a-z][A-Z]\.[a-z]\.))[I1](?=\.)"
)
_GLUED_IN = re.compile(r"(?<=[a-z]{2})(?=In[a-z])")
# A possessive's s read as g ("Lawson'g Kitchen"): no word ends in an apostrophe and a g.
_POSSESSIVE_G = re.compile(r"(?<=[A-Za-z]{2})(['’])([gG])\b")
_DIGIT_IN_CAPS = re.compile(r"\b(?=[A-Z01]*[A-Z]{2})[A-Z]*[01][A-Z01]*\b")
# Handwriting or a cashier's name before a name printed in capitals: "tan chay yee S.H.H. MOTOR".
_LOWER_LEAD = re.compile(r"^(?:[a-z]+\s+){1,4}(?=[A-Z0-9][A-Z0-9.&()'\- ]{5,}$)")


# Noise OCR leaves at a name's end: a company number whose bracket never closes
# ("(519537-X"), or whose digits it read partly as letters ("(5S1C2-H)" for "(581102-H)"),
# a smudge read as symbols and digits ("<97").
_TRAILING_NOISE = re.compile(
    r"[\s'‘’\",]*(?:\(\s*[A-Z]{0,2}\d{4,}(?:\s*[\-·.]\s*[A-Z]\s*\)?|[^)]*)"
    r"|\(\s*(?=[A-Z\d]*\d[A-Z\d]*\d)[A-Z\d]{5,}\s*-\s*[A-Z]\s*\)?|[<>|~^_«»]+\S*)$"
)
# "5/B", "S/D", "S/8" for "S/B" (sendirian berhad), the short Malaysian legal form, at a
# name's end: OCR takes S for 5 and B for D or 8.
_S_B = re.compile(r"(?<=\s)(?:5/[BD8]|S/[D8])$")
# A mark after the name read as a letter and a bracket that never opened: "ENTERPRISE P)".
_LONE_CLOSED = re.compile(r"\s+[A-Za-z]\)$")


def fix_name_letters(text: str) -> str:
    text = unglue_legal_form(_TRAILING_NOISE.sub("", text.rstrip()))
    if "(" not in text:
        text = _LONE_CLOSED.sub("", text)
    text = _S_B.sub("S/B", text)
    read = _I_FOR_L.sub("l", text)
    # a form whose "l" OCR read as "I" is a form now, and may be glued to the name
    text = _GLUED_IN.sub(" ", unglue_legal_form(read) if read != text else read)
    text = fix_voicing_marks(text)
    text = _POSSESSIVE_G.sub(lambda m: m.group(1) + ("S" if m.group(2) == "G" else "s"), text)
    text = _DIGIT_IN_CAPS.sub(lambda m: m.group(0).replace("0", "O").replace("1", "I"), text)
    return mend_trade_prefix(mend_legal_form(text))


# A name's first words, each of letters or digits (a digit is a letter misread).
_LEAD_WORD = re.compile(r"[A-Za-z0-9]+")


def mend_trade_prefix(text: str) -> str:
    """A trade prefix that OCR read with one letter wrong at a name's start: "Eyarikat Teck
    Lian" is "Syarikat Teck Lian", "KRDAI MAXAN AIK CHEONG" is "KEDAI MAKAN AIK CHEONG".
    Only a prefix of ``MISREAD_PREFIXES``, with at most one letter wrong in each of its words
    (or, a prefix of one word, "m" read for its "rn": "Pemiagaan Yew Ming"), followed by a word
    of the name, the one prefix so near, and never words spelled as a prefix."""
    words = list(_LEAD_WORD.finditer(text, 0, 120))
    near: list[tuple[tuple[str, ...], list[re.Match[str]]]] = []
    for prefix in MISREAD_PREFIXES:
        n = len(prefix)
        lead = words[: n + 1]
        if len(lead) <= n or not lead[n].group(0)[0].isalpha():
            continue
        # the prefix's words start the name and stand apart by spaces alone
        gaps = [text[a.end() : b.start()] for a, b in pairwise(lead)]
        if text[: lead[0].start()].strip() or any(g.strip() or not g for g in gaps):
            continue
        read = tuple(m.group(0).casefold() for m in lead[:n])
        if read == prefix:
            return text
        off = letters_off(read, prefix)
        if (off and max(off) <= 1) or (n == 1 and read[0] in _rn_as_m(prefix[0])):
            near.append((prefix, lead[:n]))
    if len(near) != 1:
        return text
    prefix, found = near[0]
    for word, m in reversed(list(zip(prefix, found, strict=True))):
        text = text[: m.start()] + _in_case_of(m.group(0), word) + text[m.end() :]
    return text


def _rn_as_m(word: str) -> set[str]:
    """``word`` with one "rn" read as "m" or one "m" as "rn", OCR's slip that changes a word's
    length ("Pemiagaan" for "Perniagaan")."""
    return {
        word[:i] + "m" + word[i + 2 :] for i in range(len(word)) if word.startswith("rn", i)
    } | {word[:i] + "rn" + word[i + 1 :] for i in range(len(word)) if word[i] == "m"}


# A name's last word, or last two short words, before nothing but a company number in
# brackets: where a legal form stands ("SDN RHD", "Sdn. 8hd", "PTE LTO (201912345K)",
# "Llmited").
_FORM_TAIL = r"\s*(?:\([^()]*\)?\s*)?$"
_FORM_END = rf"(?=\.?{_FORM_TAIL})"
_FORM_WORDS = (
    (2, re.compile(r"(?<![\w'])([A-Za-z0-9]{2,4})(\.?\s+)([A-Za-z0-9]{2,4})" + _FORM_END)),
    (1, re.compile(r"(?<![\w'])([A-Za-z0-9]{6,12})" + _FORM_END)),
    # A form of three letters abbreviated with its point ("Ino." for "Inc.").
    (1, re.compile(rf"(?<![\w'])([A-Za-z]{{3}})(?=\.{_FORM_TAIL})")),
)
# The round letters OCR reads for the last letter of a three-letter form on a worn print
# ("Ino.", "Ina." for "Inc.", "Lto." for "Ltd."). Other letters there spell other words'
# abbreviations, a name's own: "Int." (International), "Ind." (Industries).
_ROUND_FOR = {"c": "oae", "d": "oa"}


def _round_slip(read: str, form: str) -> bool:
    return len(form) == 3 and read[:2] == form[:2] and read[2] in _ROUND_FOR.get(form[2], "")


def mend_legal_form(text: str) -> str:
    """A legal form that OCR read with one letter wrong in a word at the end of a name:
    "YONG MENG FROZEN FOOD SDN RHD" is "... SDN BHD", "Graham's Florist Llmited" "...
    Limited". Only a form of the packs' ``misread`` that one misreading leads to (a form of
    one word: of six letters or more, or of three with its point and a round letter read
    for its last, "Ino." for "Inc."), after a word of the name, and never a form that is
    spelled right."""
    for size, pattern in _FORM_WORDS:
        found = pattern.search(text)
        if found is None or not _LETTER.search(text[: found.start()]):
            continue
        words = (found.group(1), found.group(3)) if size == 2 else (found.group(1),)
        # A small word before a capitalised one is no form's first word, which prints as the
        # second does ("Pty Ltd", "SDN BHD"): it is the end of a word OCR split, "Sup ply Ltd".
        if size == 2 and words[0][0].islower() and words[-1][0].isupper():
            continue
        read = tuple(w.casefold() for w in words)
        if read in MISREAD_FORMS:
            return text
        slips: dict[tuple[str, ...], int]
        if size == 1 and len(read[0]) == 3:
            slips = {f: 1 for f in MISREAD_FORMS if len(f) == 1 and _round_slip(read[0], f[0])}
        else:
            slips = {
                form: sum(off)
                for form in MISREAD_FORMS
                if len(form) == size and (off := letters_off(read, form)) and max(off) <= 1
            }
        # A two-word form whose last letter OCR lost, at the crop's edge or in a smudge:
        # "SDN BH", "PTE LT" ("SDN" and "BH" spelled as printed, "BHD" the only form so).
        slips.update(
            (form, 1)
            for form in MISREAD_FORMS
            if size == 2
            and len(form) == 2
            and read[0] == form[0]
            and len(read[1]) >= 2
            and form[1][:-1] == read[1]
        )
        # "PTE LTO" is one letter from "PTE LTD" and two from "PTY LTD": the nearer; a tie is
        # no reading.
        nearest = sorted(slips, key=lambda f: slips[f])
        if not nearest or (len(nearest) > 1 and slips[nearest[0]] == slips[nearest[1]]):
            continue
        form = nearest[0]
        mended = [_in_case_of(w, f) for w, f in zip(words, form, strict=True)]
        middle = found.group(2) if size == 2 else ""
        return text[: found.start()] + middle.join(mended) + text[found.end() :]
    return text


def _in_case_of(word: str, form: str) -> str:
    """``form`` in ``word``'s case: capitals, or a capital and small letters."""
    letters = [c for c in word if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return form.upper()
    return form[:1].upper() + form[1:]


# A trade mark sign after a brand, as printed (™ ®) or as OCR reads the raised ™ of a logo:
# 'amazon webservices" TM', "webservicesTM" (NFKC spells ™ "TM").
_TRADE_MARK = re.compile(r"\s*(?:[™®℠]|\((?:TM|R)\)|[\"”']\s*TM\b|(?<=[a-z])TM\b)")


# OCR reads a small kana as its full-size form ("フレッシユ"), so a seal's characters are
# compared with the name's with both folded to full size.
_FULL_KANA = str.maketrans(
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", "あいうえおつやゆよわアイウエオツヤユヨワカケ"
)
_SEAL_MAX = 3
_SEAL_STRAY = 1
# A seal reads "<name>之印" or "<name>印" (the seal of <name>); where OCR has read 印, more of
# the seal may follow it than a stray character or two.
_SEAL_WORD = re.compile(r"之?印")


# Kanji that OCR reads for the katakana they look like (and ー as 一), folded for comparing a
# seal's characters with the name's.
_KANA_LOOKALIKES = str.maketrans(*KANJI_LOOKING_KANA)


# A seal is carved in seal script, which OCR reads as the traditional (旧字体) form of a kanji
# the name prints in its modern form: "瑞穂...合同会社ズー穗". Folded for the comparison only;
# both forms are Japanese and stay as read, but for the one old form PP-OCR prints for modern
# print in the names it reads (_OCR_OLD_FORMS, applied to a name once its seal is off).
_OLD_FORMS = str.maketrans(*OLD_FORMS)
_OCR_OLD_FORMS = str.maketrans(*OCR_OLD_FORMS)


# The three folds in one table: no character one of them writes is read by another.
_SEAL_FOLD = {**_FULL_KANA, **_KANA_LOOKALIKES, **_OLD_FORMS}


def _leading_cjk_legal_form(text: str) -> re.Match[str] | None:
    """The Japanese legal form that ``text`` starts with (株式会社..., 合同会社...)."""
    legal = LEGAL_FORMS.match(text)
    return legal if legal is not None and any(map(is_cjk, legal.group(0))) else None


def _trailing_cjk_legal_form(text: str) -> re.Match[str] | None:
    """The Japanese legal form that ``text`` ends with (...株式会社, ...有限会社)."""
    ending = [m for m in LEGAL_FORMS.finditer(text) if m.end() == len(text)]
    return ending[-1] if ending and any(map(is_cjk, ending[-1].group(0))) else None


def _seal_chars(part: str, name: str) -> bool:
    """``part`` is a few CJK characters, each of them also in ``name``: the characters of a
    company seal (角印) stamped over the name, which carves the company's own name. With its
    印 ("之印ロジ若葉テク"), the part may be as long as the name."""
    part, folded = part.translate(_SEAL_FOLD), name.translate(_SEAL_FOLD)
    # "<name>之印": where 印 went to another line, 之 still marks what is left of the seal,
    # first or among its characters ("清水電機有限会社之水機清", "...株式会社都之ザ東"); no
    # name follows its legal form with it.
    sealed = bool(_SEAL_WORD.search(part)) or "之" in part
    if sealed:
        # The seal's border read as a stray digit or letter beside its 印: "之印サ 3 ".
        stray = [c for c in part if not is_cjk(c) and not c.isspace()]
        if len(stray) > _SEAL_STRAY:
            return False
        part = "".join(c for c in part if is_cjk(c))
    most = len(folded) + 2 if sealed else _SEAL_MAX
    return 0 < len(part) <= most and all(
        is_cjk(c) and (c in folded or (sealed and c in "之印")) for c in part
    )


def _strip_seal(text: str) -> str:
    """A seal's characters OCR glued to a Japanese name on the far side of its legal form:
    "高株式会社高橋工務店", "みなと商事株式会社な". Nothing precedes a leading 株式会社 or
    follows a trailing one inside a name without a space. After a leading one, the seal is
    read after the name from its 印 on: "株式会社ショップサービス印一ヨ"."""
    for m in LEGAL_FORMS.finditer(text):
        if not any(is_cjk(c) for c in m.group(0)):
            continue
        before, after = text[: m.start()], text[m.end() :]
        if after and _seal_chars(before, after):
            return text[m.start() :]
        if before and _seal_chars(after, before):
            return text[: m.end()]
        if not before.strip():
            if _doubled_last_kanji(after):
                return text[:-1]
            for seal in _SEAL_WORD.finditer(after):
                tail = after[seal.start() :]
                # A name may end in 印 ("ヤマサ印"); the seal is 印 and more of it.
                if (
                    seal.start() >= 2
                    and len(tail) >= 2
                    and _seal_chars(tail, after[: seal.start()])
                ):
                    return text[: m.end() + seal.start()]
    return text


def _doubled_last_kanji(name: str) -> bool:
    """Japanese writes a kanji said twice with 々 (佐々木): a name after its legal form that
    ends in the same kanji twice ("合同会社みなと印刷刷") has the second from the seal."""
    return len(name) >= 3 and name[-1] == name[-2] and is_kanji(name[-1])


def _mark_then_seal(mark: str, rest: str) -> str | None:
    """``rest`` is the word mark ``mark`` again with its legal form, and a few of the seal's
    characters on the far side of the name: "大和運輸 | 株式会社大和運輸和輸大" gives
    "株式会社大和運輸", "サクラ企画 | 印企ササクラ企画有限会社" gives "サクラ企画有限会社"."""
    legal = _leading_cjk_legal_form(rest)
    if legal is not None:
        name = rest[legal.end() :]
        if not name.startswith(mark) or not _seal_chars(name[len(mark) :], mark):
            return None
        return rest[: legal.end() + len(mark)]
    trailing = _trailing_cjk_legal_form(rest)
    if trailing is None:
        return None
    name = rest[: trailing.start()]
    if len(name) <= len(mark) or not name.endswith(mark):
        return None
    if not _seal_chars(name[: -len(mark)], mark):
        return None
    return rest[len(name) - len(mark) :]


def _after_word_mark(text: str) -> str:
    """The legal name of a line that prints the logo word mark before it, as one line of
    OCR reads both: "みなと商事 みなと商事株式会社", "ORION INSTRUMENTS Orion Instruments Ltd."."""
    words = text.split()
    for k in range(1, len(words) // 2 + 1):
        rest = " ".join(words[k:])
        if not (words[k][0].isalnum() and (words[k - 1][-1].isalnum() or words[k - 1][-1] == ".")):
            continue  # "Jacobs | & Co. Ltd", "Jacobs & | Co. Ltd": the name goes on here
        mark = " ".join(words[:k])
        if repeats_word_mark(mark, rest):
            return rest
        unsealed = _strip_seal(rest)  # "日の出システム | ムシ日株式会社日の出システム"
        if unsealed != rest and repeats_word_mark(mark, unsealed):
            return unsealed
        sealed = _mark_then_seal(mark, rest)
        if sealed is not None:
            return sealed
    return text


def clean_vendor_text(text: str) -> str:
    text = _TRADE_MARK.sub("", text)
    # A GS1 number with its label is never part of a name ("... 4546075983184 (GLN)"); the
    # line keeps a signal of it (gs1_id), which sends the name to review as glued.
    text = _GS1_ID.sub(" ", text)
    if _LABELLED_TOKEN.fullmatch(text.strip()):
        return ""  # "ODETTE : ODETTE254879", "SIRET: 12345678200077": a label and its code
    text = NAME_LABEL_PREFIX.sub("", text[operator_prefix(text) :])
    text = _LOWER_LEAD.sub("", text)
    text = fix_name_letters(text)
    text = _after_word_mark(_strip_seal(text))
    prefix = _ANY_PREFIX.match(text)
    if prefix and LEGAL_FORMS.search(text[prefix.end() :]):
        # "Dimiliki: Banh Mi Cafe Sdn Bhd", "Operated by: ...": the name follows the colon.
        text = text[prefix.end() :]
    text = _TRAILING_POSTAL.sub("", _TRAILING_PHONE.sub("", text))
    bare = CONTACT.sub(" ", text)
    if bare != text and bare.rstrip().endswith((":", "：")):
        return ""  # "@dresse électronique (EM) : moi@seller.com": a label and its address
    text = bare
    text = _cut_after_legal_form(text)
    # Letterheads join name, address and phone with dashes or bars: keep the name's segment.
    segments = [seg for seg in _SEGMENT.split(text) if _LETTER.search(seg)]
    if len(segments) > 1:
        legal = [seg for seg in segments if LEGAL_FORMS.search(seg)]
        text = legal[0] if legal else segments[0]
    if TITLE_RUN.fullmatch("".join(filter(str.isalpha, text.casefold()))):
        return ""  # titles whose spaces OCR lost: "Factured'avoir"
    text = DOCUMENT_TITLES.sub(" ", text)
    text = REMITTANCE_TITLES.sub(" ", text)
    closed = text.rstrip().endswith(")")
    text = re.sub(r"\s{2,}", " ", text).strip(_TRIM.replace(".", "") + " ")
    last = text.rsplit(" ", 1)[-1]
    if text.endswith(".") and (
        "." in last[:-1] or LEGAL_FORMS.search(last) or last.casefold() in ("co.", "cie.")
    ):
        # "Inc.", "Ltd.", "a.G.": the dot belongs to the abbreviation.
        return text.lstrip(_TRIM)
    stripped = text.strip(_TRIM)
    if closed and stripped.count("(") > stripped.count(")"):
        stripped += ")"  # the bracket closes "(Pty)", "(M)": part of the name
    return stripped


def _heading_word_read_in(text: str) -> bool:
    """The customer block's short heading ("An", "To") read as the first or last word of a
    name's line: a tilted scan joins the window's heading to the name under it. Only a line
    with a legal form: "An Post" is a name."""
    words = text.split()
    if len(words) < 3 or not LEGAL_FORMS.search(text):
        return False
    return bool(CUSTOMER_HEADINGS.match(words[0]) or CUSTOMER_HEADINGS.match(words[-1]))


def _customer_heading(text: str) -> bool:
    if _is_heading(text, CUSTOMER_MARKERS) or CUSTOMER_HEADINGS.match(text):
        return True
    # "GLN 4035425147722 An": the short heading ("An", "To") with the party's number beside.
    rest = _LABELLED_ID.sub(" ", text, count=1)
    return rest != text and bool(CUSTOMER_HEADINGS.match(rest))


# A run of digits as long as a GLN / ILN / GTIN (13), a customer or account number: a line
# carrying one is an identifier line, never the first half of a wrapped name.
_IDENTIFIER = re.compile(r"\d{6,}")
# Such a number with its short label: "GLN 4035425147722", "Kd.-Nr.: 100234".
_LABELLED_ID = re.compile(
    r"(?:\b[^\W\d_][^\W\d_.\-]{0,7}[.\-]*(?:nr\.?|no\.?)?\s*[:：#]?\s*)?\d{6,}", re.IGNORECASE
)


def _is_heading(text: str, marker: re.Pattern[str]) -> bool:
    """A line that is only a block heading ("Bill To:", "Verkäufer", "御中" alone)."""
    m = marker.search(text)
    if not m:
        return False
    rest = marker.sub("", text).strip(_TRIM)
    if len(rest) <= 3 or (m.start() == 0 and text.rstrip().endswith((":", "："))):
        return True
    # The party's number printed beside its block's heading, which OCR reads as one line,
    # in either order: "Rechnungsanschrift ILN 4095282864866", "GLN 4035425147722 An". The
    # heading is a whole word: "Kundennummer: 669473" is a number's label, not "Kunde".
    if m.end() < len(text) and text[m.end()].isalpha():
        return False
    at_end = m.end() >= len(text.rstrip(_TRIM))
    return (m.start() == 0 or at_end) and bool(_IDENTIFIER.search(rest)) and _few_letters(rest)


def _few_letters(text: str) -> bool:
    """No more letters than a number's short label ("ILN", "Kd.-Nr.", "Customer No.")."""
    return len(_LETTER.findall(text)) <= 10


class _Page:
    """One page's lines sorted top to bottom, so that a look at the neighbours of a line
    only visits a band of rows (vendor scoring asks this for every line of the page)."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = sorted(lines, key=lambda ln: ln.bbox.y0)
        self._y0 = [ln.bbox.y0 for ln in self.lines]
        self.max_height = max((ln.bbox.height for ln in lines), default=0.0)

    def band(self, lo: float, hi: float) -> list[TextLine]:
        """The lines whose top lies in [lo, hi], in reading order."""
        a = bisect.bisect_left(self._y0, lo)
        b = bisect.bisect_right(self._y0, hi)
        return sorted(self.lines[a:b], key=lambda ln: ln.index)

    def row_of(self, line: TextLine) -> list[TextLine]:
        """Every line that may share a row with ``line`` (any vertical overlap)."""
        return self.band(line.bbox.y0 - self.max_height, line.bbox.y1)


# A gap between two lines wider than this many line heights (of the smaller line) is a
# blank line: the block above has ended.
BLOCK_GAP = 1.5
# A step from one line's top to the next this many times the block's widest step so far is
# a blank line too.
BLOCK_PITCHES = 1.7


def _one_block(pg: _Page, heading: TextLine, line: TextLine) -> bool:
    """From ``heading`` down to ``line``, the lines of the line's column follow one another
    with no blank line between: a customer box ends where white space begins, and the
    seller's letterhead printed below it is no longer the customer's."""
    h = max(line.bbox.height, 1e-4)
    column = sorted(
        (
            o
            for o in pg.band(heading.bbox.y0, line.bbox.y0)
            if o is not line and o is not heading and abs(o.bbox.x0 - line.bbox.x0) < 2 * h
        ),
        key=lambda o: o.bbox.y0,
    )
    prev = heading
    bottom = heading.bbox.y1
    pitches: list[float] = []
    for o in [*column, line]:
        if o.bbox.y0 - bottom > BLOCK_GAP * min(o.bbox.height, prev.bbox.height):
            return False
        # OCR's boxes on a scan are tall, so a blank line may leave less than a line's height
        # of white between them; it still doubles the step from one line's top to the next.
        if prev is not heading:  # a heading may stand apart from the block it heads
            step = o.bbox.y0 - prev.bbox.y0
            if len(pitches) >= 2 and step > BLOCK_PITCHES * max(pitches):
                return False
            pitches.append(step)
        prev, bottom = o, max(bottom, o.bbox.y1)
    return True


def _section(pg: _Page, line: TextLine) -> str | None:
    """'seller' or 'customer': the block heading nearest above that owns this line, if any."""
    h = max(line.bbox.height, 1e-4)
    best: tuple[float, str] | None = None
    for other in pg.band(line.bbox.y0 - 8 * h, line.bbox.y0):
        if other is line:
            continue
        dy = line.bbox.y0 - other.bbox.y0
        if not (0 < dy < 8 * h):
            continue
        # The heading starts left of (or at) the line and is not in a column further left.
        if other.bbox.x0 > line.bbox.x0 + 2 * h or other.bbox.x1 < line.bbox.x0 - 0.3:
            continue
        if not _one_block(pg, other, line):
            continue  # a blank line between: the heading's block ended above this line
        kind = None
        if _customer_heading(other.text):
            kind = "customer"
        elif _is_heading(other.text, SELLER_MARKERS):
            kind = "seller"
        if kind and (best is None or dy < best[0]):
            best = (dy, kind)
    return best[1] if best else None


def _left_label(pg: _Page, line: TextLine) -> TextLine | None:
    """A "Name:"-style label on the same row, left of the line."""
    for other in pg.row_of(line):
        if other is line:
            continue
        if (
            other.bbox.x1 <= line.bbox.x0 + 1e-3
            and other.bbox.vertical_overlap(line.bbox) >= 0.5
            and other.text.rstrip().endswith((":", "："))
        ):
            return other
    return None


def _wrapped_above(pg: _Page, line: TextLine) -> TextLine | None:
    """The first half of a name that wrapped: just above, same column, with no label of its own."""
    h = max(line.bbox.height, 1e-4)
    for other in pg.band(line.bbox.y0 - 0.9 * h - pg.max_height, line.bbox.y0 + 0.2 * h):
        if other is line:
            continue
        gap = line.bbox.y0 - other.bbox.y1
        if (
            -0.2 * h <= gap < 0.9 * h
            and abs(other.bbox.x0 - line.bbox.x0) < 0.5 * h
            and _left_label(pg, other) is None
            and not other.text.rstrip().endswith(":")
        ):
            return other
    return None


_COMPANY_ID = re.compile(
    r"\(\s*\d{4,}\s*-?\s*[A-Z]\s*\)|"
    # Malaysian company numbers printed bare under the name: 519537-X, JM0325955-V
    r"\b[A-Z]{0,2}\d{5,12}-[A-Z]\b|"
    r"\b(roc|co\.?\s*reg|company\s*no|hrb|kvk|siret|siren|abn|acn|cin|gst|vat|ust|tva|btw)\b",
    re.IGNORECASE,
)


# A line that is nothing but a company's registration number: "(0005583085-K)",
# "JM0325955-V", "(Company No. 113825-W)", "HRB 12345", "KvK 12345678". Company law has it
# printed with the registered name (Malaysia's Companies Act, the UK's, Germany's HGB), so
# the name stands right above it or on its line.
_COMPANY_NUMBER = (
    r"(?:\(\s*)?(?:(?:company|co\.?|business|reg(?:istration)?\.?|roc|hrb|hra|kvk|siren|siret|"
    r"abn|acn|cin|crn)\s*(?:reg(?:istration)?\.?\s*)?(?:no\.?|number|nr\.?|#)?\s*[:：.]?\s*"
    r"[A-Z]{0,3}\d[\d .]{3,}\d(?:\s*-\s*[A-Z])?|[A-Z]{0,3}\d{4,}\s*-\s*[A-Z])\s*\)?"
)
_COMPANY_NUMBER_LINE = re.compile(rf"^\s*{_COMPANY_NUMBER}[\s.,;]*$", re.IGNORECASE)
# The number in brackets that closes a name's line, and that line when a name precedes it.
# In brackets the number is known by them, so a hyphen OCR lost does not hide it ("(329247
# T"), nor its last digits read as their look-alike capitals with the hyphen ("(12047SB T)"
# for "(1204788-T)"), nor a digit inside it read as its look-alike capital ("(24994D-T)" for
# "(249940-T)"), nor a closing bracket read apart as a letter or a bar ("(329247-P t").
_COMPANY_NUMBER_TAIL = re.compile(
    rf"\s*\(\s*(?:{_COMPANY_NUMBER}|[A-Z]{{0,3}}\d{{4,}}[BSZ]{{0,2}}\s+[A-Z]\s*\)?|"
    r"\d{3,}[BDOSZ]\d{0,3}\s*-\s*[A-Z]\s*\))(?:\s+[]}|lItjJ])?"
    r"[\s.,;]*$",
    re.IGNORECASE,
)
_COMPANY_NUMBER_AFTER = re.compile(rf"\S{_COMPANY_NUMBER_TAIL.pattern}", re.IGNORECASE)


def heads_company_number(pg: _Page, line: TextLine) -> bool:
    """The line carries the registration number after the name, or the next line down, in
    the same column, is that number alone."""
    if _COMPANY_NUMBER_AFTER.search(line.text):
        return True
    below = _next_below(pg, line)
    return below is not None and bool(_COMPANY_NUMBER_LINE.match(below.text))


def _next_below(pg: _Page, line: TextLine) -> TextLine | None:
    """The nearest line under this one in its column, when no blank line parts them."""
    h = max(line.bbox.height, 1e-4)
    below = [
        o
        for o in pg.band(line.bbox.y1 - 0.4 * h, line.bbox.y1 + 1.2 * h)
        if o is not line and o.bbox.y0 > line.bbox.y0 + 0.3 * h and _same_column(line, o, h)
    ]
    return min(below, key=lambda o: o.bbox.y0, default=None)


# The most an address / number block below a line adds to its score.
BLOCK_BONUS_CAP = 0.35


def _neighbour_bonus(pg: _Page, line: TextLine) -> float:
    """Address, phone, mail or web address, company or tax number in the lines just below,
    same column.

    The issuer's name heads such a block; the nearer the block starts, the stronger the sign.
    """
    h = max(line.bbox.height, 1e-4)
    bonus = 0.0
    below = sorted(
        (
            o
            for o in pg.band(line.bbox.y0, line.bbox.y0 + 6 * h)
            if o is not line
            and 0 < o.bbox.y0 - line.bbox.y0 < 6 * h
            and (
                o.bbox.horizontal_overlap(line.bbox) > 0.1 or abs(o.bbox.x0 - line.bbox.x0) < 4 * h
            )
        ),
        key=lambda o: o.bbox.y0,
    )
    for seen, o in enumerate(below[:4]):
        near = o.bbox.y0 - line.bbox.y1 < 1.5 * h
        weight = 1.5 if (seen == 0 and near) else 1.0
        # a mail or web address is the block's contact line as a telephone number is
        if ADDRESS_HINTS.search(o.text) or CONTACT.search(o.text):
            bonus += 0.08 * weight
        if find_registration_numbers(o.text) or _COMPANY_ID.search(o.text):
            bonus += 0.1 * weight
    return min(bonus, BLOCK_BONUS_CAP)


def _same_column(line: TextLine, other: TextLine, h: float) -> bool:
    """Stacked in one block: overlapping across, or centred on each other (a receipt header)."""
    centred = abs(other.bbox.cx - line.bbox.cx) < 2 * h
    return other.bbox.horizontal_overlap(line.bbox) >= 0.3 or centred


# A street number opening an address line: "109, SS21/1A,", "No. 12-3, Jalan ...", "8/F".
_STREET_NUMBER = re.compile(r"^\s*(?:no\.?\s*|lot\s*)?\d+[A-Za-z]?\s*[,/\-]", re.IGNORECASE)


def _under_address(pg: _Page, line: TextLine, depth: int = 1) -> bool:
    """The line just above, in the same column, is part of an address: addresses wrap over
    several lines and the name heads the block, so this line is more address. ``depth`` 2
    also looks one line further up (a state or country line under the town)."""
    h = max(line.bbox.height, 1e-4)
    for other in pg.band(line.bbox.y0 - 1.5 * h - pg.max_height, line.bbox.y0):
        if other is line:
            continue
        gap = line.bbox.y0 - other.bbox.y1
        # OCR boxes of consecutive lines may overlap a little (a tall box, a tilt)
        if not (-0.5 * h <= gap < 0.8 * h) or other.bbox.y0 >= line.bbox.y0:
            continue
        if not _same_column(line, other, h):
            continue
        text = other.text.strip()
        if ADDRESS_HINTS.search(text) or _STREET_NUMBER.match(text):
            return True
        if depth > 1 and _under_address(pg, other, depth - 1):
            return True
    return False


# The sender's return line printed small above a window envelope's address (DIN 5008,
# "Lahn Verpackung UG · Lindenweg 108 · 80331 München"): a name, street and town on one line.
_SENDER_PARTS = re.compile(r"\s+[·•|]\s+|,\s+")


def _under_sender_line(pg: _Page, line: TextLine) -> bool:
    """The line just above, in the same column, is a sender's return line in smaller type:
    what stands under it is the recipient's address, the customer."""
    h = max(line.bbox.height, 1e-4)
    for other in pg.band(line.bbox.y0 - 1.5 * h - pg.max_height, line.bbox.y0):
        gap = line.bbox.y0 - other.bbox.y1
        if other is line or not (-0.3 * h <= gap < 1.0 * h):
            continue
        if abs(other.bbox.x0 - line.bbox.x0) > 2 * h or other.bbox.height > 0.85 * h:
            continue
        parts = [p for p in _SENDER_PARTS.split(other.text) if p.strip()]
        if len(parts) >= 3 and ADDRESS_HINTS.search(other.text):
            return True
    return False


_BRANCH = re.compile(r"\S{1,6}(店|支店|営業所)")
_CONTINUES = re.compile(r"(&|-|,|\band|\bund|\bet|・)\s*$", re.IGNORECASE)


def _only_legal_form(text: str) -> bool:
    rest = LEGAL_FORMS.sub(" ", text)
    # "(M)", "(S)": the country of incorporation, part of the legal form in Malaysia etc.
    rest = re.sub(r"\([A-Za-z]{1,2}\)|\b(co|sdn|and|&)\b\.?", " ", rest, flags=re.IGNORECASE)
    return bool(LEGAL_FORMS.search(text)) and not _LETTER.search(rest.strip(_TRIM + " "))


def _form_mended_after(upper: str, below: str) -> str:
    """``below``, its glued legal form set apart and the form mended that OCR misread a letter
    of, as it is mended once the two lines are joined into one name ("Wah Seng Furniture
    (skudai)" / "SDN SHD"): a form is only mended after a word of the name, which a line of its
    own does not have."""
    below = unglue_legal_form(below)
    if LEGAL_FORMS.search(below):
        return below
    upper = upper.rstrip()
    joined = f"{upper} {below}"
    mended = mend_legal_form(joined)
    return below if mended == joined else mended[len(upper) + 1 :]


def _continuation_below(pg: _Page, line: TextLine) -> TextLine | None:
    """The second line of a name that wrapped ("HOME MASTER HARDWARE &" / "ELECTRICAL")."""
    h = max(line.bbox.height, 1e-4)
    if len(_LETTER.findall(line.text)) < 2:
        return None  # a seal's or logo's stray character, not a name's first half
    # OCR boxes of consecutive lines may overlap a little (a tall box, a tilt)
    for other in pg.band(line.bbox.y1 - 0.3 * h, line.bbox.y1 + 0.8 * h):
        if other is line:
            continue
        gap = other.bbox.y0 - line.bbox.y1
        if not (-0.3 * h <= gap < 0.8 * h):
            continue
        # A company number closes a Malaysian or British name on its last line: "MENG JOO
        # BOOK STORE" / "(KEPONG) SDN BHD (557783-T)".
        whole = other.text.strip()
        numbered = _COMPANY_NUMBER_TAIL.search(whole) is not None
        below = _form_mended_after(line.text, _COMPANY_NUMBER_TAIL.sub("", whole))
        form_alone = _only_legal_form(below)
        # Brackets make OCR's box taller; a legal form alone ("LTD") may get a short one. A
        # line that opens on a bracketed word and ends in a legal form continues the name
        # above whatever its box (no name starts with a bracket), and on a photograph a tilt
        # the page kept makes that long line's box taller still: "(SEMENYIH) SDN BHD" at 1.52
        # times "SENG LOONG TRADING".
        low = 0.5 if form_alone else 0.7
        bracketed = whole.startswith("(") and LEGAL_FORMS.search(below) is not None
        # So does a company number in brackets closing the line on a photograph; there the
        # letters' widths, which match the line above where one type runs on, say more than
        # the box: "MESRA TIMURAUTO" / "PARTS PLT (1020690-X)" at 1.53 times its height.
        same_type = numbered and 0.85 < _type_size(line) / max(_type_size(other), 1e-6) < 1.15
        high = 1.8 if bracketed or same_type else 1.5 if "(" in whole else 1.4
        if not (low < other.bbox.height / h < high):
            continue
        if other.from_image != line.from_image:
            continue  # a seal's or logo's characters read by OCR and the printed text
        if not _same_column(line, other, h):
            continue
        if not _LETTER.search(below) or any(c.isdigit() for c in below):
            continue
        if ADDRESS_HINTS.search(below):
            continue
        if BRANCH_WORDS.search(below) and not LEGAL_FORMS.search(below):
            continue  # the outlet under the name: "KEDAI GEMILANG BOOK STORE" / "WAWASAN MALL"
        if _BRACKETED.fullmatch(below.strip()) and not LEGAL_FORMS.search(line.text):
            # the outlet's place alone in brackets under a name with no legal form to close
            # it: "RESTORAN BERKAT SEAFOOD" / "(AMPANG)" ("... (SETIA" / "ALAM) SDN BHD" and
            # "(KEPONG) SDN BHD" carry the form on)
            continue
        if repeats_word_mark(line.text, below):
            continue  # the legal name under its logo word mark, not the mark's second half
        if TRADE_PREFIX.match(below) or _bigger_type(line, other):
            continue  # a registered name starts here: the line above is a brand
        if _CONTINUES.search(line.text) or form_alone or TRADE_ALONE.match(line.text):
            return other  # a trade word alone ("KEDAI MAKAN") is the first half of a name
        # An outlet or brand above a numbered name is no half of it ("Desa Park City",
        # "SUSHI MENTAI - MAHKOTA CHERAS" over "MIZU MENTAI SDN. BHD. (1248446-V)"); a bracket
        # left open or closed is.
        if (
            LEGAL_FORMS.search(below)
            and len(below.split()) <= 4
            and (
                # "WAH YONG TRADING" / "(SEMENYIH) SDN BHD": no name starts with a bracket
                _split_bracket(line.text, below)
                or (
                    not numbered
                    and not LEGAL_FORMS.search(line.text)
                    and not _brand_set_apart(pg, line, other)
                    and not _case_changes(line.text, below)
                )
            )
        ):
            return other
        # A registered name's start is no outlet: "PERNIAGAAN CAHAYA" / "HARDWARE"; nor is
        # the start of a name whose numbered line holds one word and the form, in the same
        # type and case: "PERMATA BERKAT" / "TEXTILE PLT (387808-P)".
        if (TRADE_PREFIX.match(line.text) or _one_word_rest(line, below)) and _wraps_onto(
            line, other, below
        ):
            return other
    return None


def _case_changes(upper: str, below: str) -> bool:
    """``upper`` is set in capitals and ``below``'s words (its legal form aside) in mixed
    case: a sign over the registered name ("GEMILANG EXPRESS" / "Cheong Leong Hardware
    Trading"), as one name keeps one case over its two lines."""
    words = [w for w in _without_legal_form(below).split() if _LETTER.search(w)]
    letters = "".join(_LETTER.findall(upper))
    return (
        len(letters) >= 3
        and letters.isupper()
        and bool(words)
        and sum(not w.isupper() for w in words) > len(words) / 2
    )


def _one_word_rest(upper: TextLine, below: str) -> bool:
    """``below`` is one word and a legal form, under a line in the same case with no form of
    its own: too little to be a name that a brand or an outlet stands over."""
    text = upper.text.strip()
    return (
        bool(LEGAL_FORMS.search(below))
        and not LEGAL_FORMS.search(text)
        and len(_without_legal_form(below).split()) == 1
        and text.isupper() == below.strip().isupper()
    )


# A line that is one bracketed phrase.
_BRACKETED = re.compile(r"\([^()]*\)")


def _split_bracket(upper: str, lower: str) -> bool:
    """A bracket that one line opens and the next closes, or a line that opens on a bracketed
    word: one name over two lines ("... ENTERPRISE (SETIA" / "ALAM) SDN BHD", "MENG JOO BOOK
    STORE" / "(KEPONG) SDN BHD"), as no name starts with a bracket."""
    opened = upper.count("(") > upper.count(")")
    return opened or lower.startswith("(") or lower.count(")") > lower.count("(")


def _wraps_onto(upper: TextLine, lower: TextLine, kept: str) -> bool:
    """``upper`` looks like a name's first line that ran out of paper: words only, at least as
    wide as the name's part of the line under it (``kept``, without its company number: a
    line breaks only when full), in the same type (letter pitch; OCR's box heights vary with
    brackets and descenders)."""
    share = len(kept) / max(len(lower.text.strip()), 1)
    if any(c.isdigit() for c in upper.text) or upper.bbox.width < 0.95 * share * lower.bbox.width:
        return False
    # An outlet's line under the name is set in the body's smaller type ("BERKAT MALL"). Per
    # letter a line of wide capitals (W, M) and one with a company number's digits and
    # brackets differ by a fifth in one proportional font, so the letters' own widths are
    # weighed too.
    return any(0.85 < size(upper) / max(size(lower), 1e-6) < 1.15 for size in (_pitch, _type_size))


def _had_room(upper: TextLine, lower: TextLine, width: float) -> bool:
    """``lower``'s first word would have fitted beside ``upper`` in ``width`` (the widest
    line of the name), so the line did not break for want of paper: what stands above is a
    brand or an outlet set on a line of its own, not the first half of a name that wrapped."""
    words = lower.text.split()
    if not words:
        return True
    # Spaces take a letter's width here: the question is what fits on the line.
    per_char = upper.bbox.width / max(len(upper.text.strip()), 1)
    return upper.bbox.width + per_char * (1 + len(words[0])) <= 1.02 * width


def _brand_set_apart(pg: _Page, upper: TextLine, lower: TextLine) -> bool:
    """A brand over the registered name: on a line of its own that had room for the name's
    first word, and set apart from it, in larger type or by more space than parts the name
    from the line under it ("UTAMA EXPRESS" over "LOONG MING FURNITURE LLP", "BINTANG MART"
    over "BENG KIM RESTAURANT BHD" / "(Company No. 1042173-W)"). A letterhead breaks a long
    name by hand where it likes, in one type and close ("MVM Musterhafter" /
    "Versicherungsverein Musterstadt a.G."), so room alone does not tell. Larger type and more
    space together tell without room: a name's first word that OCR glued to the next
    ("UTAMA MART" over "YEWAIK SEAFOOD PLT") seems too long to have fitted."""
    gap = lower.bbox.y0 - upper.bbox.y1
    h = max(lower.bbox.height, 1e-4)
    under = [
        o.bbox.y0 - lower.bbox.y1
        for o in pg.band(lower.bbox.y1 - 0.3 * h, lower.bbox.y1 + 1.5 * h)
        if o is not lower and o.bbox.y0 > lower.bbox.y0 and _same_column(lower, o, h)
    ]
    apart = bool(under) and gap > 0.2 * h and gap >= 1.5 * max(min(under), 0.0)
    if not _had_room(upper, lower, max(upper.bbox.width, lower.bbox.width)):
        return apart and _taller(upper, lower)
    return _taller(upper, lower) or apart


def _pitch(line: TextLine) -> float:
    return line.bbox.width / max(len(line.text.replace(" ", "")), 1)


# Advance widths in a proportional sans-serif, as fractions of the type size (Helvetica's
# metrics, rounded): the width a line's characters take, whatever the type size.
_ADVANCE = {
    **dict.fromkeys(" .,:;'!|/", 0.28),
    **dict.fromkeys("()[]-", 0.33),
    **dict.fromkeys("0123456789", 0.56),
    **dict.fromkeys("IJijlftr", 0.3),
    **dict.fromkeys("MWmw&", 0.85),
}


def _type_size(line: TextLine) -> float:
    """The line's type size as its width over its characters' advance widths."""
    ems = sum(
        _ADVANCE.get(c, 0.7 if c.isupper() else 0.55 if c.isascii() else 1.0)
        for c in line.text.strip()
    )
    return line.bbox.width / max(ems, 1e-6)


def _bigger_type(upper: TextLine, lower: TextLine) -> bool:
    """``upper`` is set in clearly larger type than ``lower``, taller and wider per letter: a
    brand's word mark over the registered name, not the first half of a name that wrapped
    (both halves of a wrapped name share one font)."""
    return _taller(upper, lower) and _pitch(upper) > 1.3 * _pitch(lower)


def _taller(upper: TextLine, lower: TextLine) -> bool:
    """``upper``'s box is taller than ``lower``'s by more than OCR's boxes of one type vary."""
    return upper.bbox.height > 1.05 * lower.bbox.height


def _lines_just_above(pg: _Page, line: TextLine) -> Iterator[TextLine]:
    """The lines whose foot is less than 0.8 of ``line``'s height above its top (OCR boxes of
    consecutive lines may overlap a little), in reading order."""
    h = max(line.bbox.height, 1e-4)
    for other in pg.band(line.bbox.y0 - 0.8 * h - pg.max_height, line.bbox.y0):
        gap = line.bbox.y0 - other.bbox.y1
        if other is not line and -0.3 * h <= gap < 0.8 * h and other.bbox.y0 < line.bbox.y0:
            yield other


def _first_half_above(pg: _Page, line: TextLine) -> TextLine | None:
    """The first line of a name wrapped over two lines above its company number
    ("RESTAURANT JIAWEI" / "JIAWEI HOUSE" / "002693074-K"): just above, in the same column,
    the same size and case, words only, and itself the top of its block."""
    h = max(line.bbox.height, 1e-4)
    for other in _lines_just_above(pg, line):
        if not (0.8 < other.bbox.height / h < 1.25) or not _same_column(line, other, h):
            continue
        text = other.text.strip()
        if (
            other.from_image != line.from_image
            or any(c.isdigit() for c in text)
            or ADDRESS_HINTS.search(text)
            or _NOISE.match(text)
            or text.endswith((":", "："))
            or text.isupper() != line.text.strip().isupper()
            or repeats_word_mark(text, line.text)
            or len(_LETTER.findall(text)) < 3
        ):
            return None
        if _under_address(pg, other) or _wrapped_above(pg, other) is not None:
            return None
        return other if not _has_line_above(pg, other) else None
    return None


def _first_of_three(pg: _Page, middle: TextLine, last: TextLine) -> TextLine | None:
    """The first line of a name wrapped over three lines, above a wrapped pair ("HENG MENG" /
    "ELECTRICAL (SUBANG)" / "SDN BHD"): just above ``middle``, in its column and type, words
    only, no further from it than ``last`` is, and too long to have taken ``middle``'s first
    word beside it in the width the name's lines fill. An outlet or a brand above the name
    would have had room for that word ("MAJU CORNER" over "LEONG BENG TRADING" /
    "(KAJANG) SDN BHD"), or is printed again on a line of its own ("THANK YOU FOR SHOPPING AT"
    / "BINTANG EXPRESS"): a name's first line is no name by itself."""
    h = max(middle.bbox.height, 1e-4)
    # The pair's spacing from their tops, or from their middles where OCR's box round the
    # lower line's brackets reaches higher than its letters ("(SEREMBAN) SDN BHD").
    leading = max(last.bbox.y0 - middle.bbox.y0, last.bbox.cy - middle.bbox.cy)
    if any(c.isdigit() for c in middle.text) or not LEGAL_FORMS.search(last.text):
        return None  # the pair is no name's end: an address that wrapped, a brand's rest
    if TRADE_PREFIX.match(middle.text):
        return None  # a registered name starts on the middle line
    for other in _lines_just_above(pg, middle):
        # One name's lines are set at one line spacing; a brand above is set apart. Tops,
        # as OCR's boxes round brackets reach further down.
        if middle.bbox.y0 - other.bbox.y0 > 1.15 * leading or not _same_column(middle, other, h):
            continue
        text = other.text.strip()
        if (
            other.from_image != middle.from_image
            or not 0.75 < _pitch(other) / max(_pitch(middle), 1e-6) < 1.33
            # OCR's box round a bracket is taller: the pair's lower box is the name's type
            or not 0.75 < other.bbox.height / min(h, last.bbox.height) < 1.33
            or any(c.isdigit() for c in text)
            or len(_LETTER.findall(text)) < 3
            or ":" in text
            or "：" in text
            or ADDRESS_HINTS.search(text)
            or BRANCH_WORDS.search(text)
            or _NOISE.match(text)
            or registered_name(text)
            or repeats_word_mark(text, middle.text + " " + last.text)
            or _alone_again(pg, other, last)
            # a sign in capitals over a name in mixed case: "MESRA EXPRESS" / "Weng Seng
            # Plastic" / "(rawang) SDN BHD"
            or _case_changes(text, middle.text)
        ):
            return None
        if _had_room(other, middle, max(middle.bbox.width, last.bbox.width)):
            return None
        return other
    return None


def _alone_again(pg: _Page, line: TextLine, last: TextLine) -> bool:
    """A line under the name's ``last`` reads as ``line`` does, letter for letter and no
    more. Not one above: a sign in the words of the name's first line tops some headers
    ("JOO SENG" over "JOO SENG" / "RESTAURANT" / "(SEREMBAN) SDN BHD")."""
    key = _name_key(line.text)
    return any(o.bbox.y0 > last.bbox.y1 and _name_key(o.text) == key for o in pg.lines)


def _has_line_above(pg: _Page, line: TextLine) -> bool:
    h = max(line.bbox.height, 1e-4)
    return any(
        o is not line
        and o.bbox.y0 < line.bbox.y0
        and -0.3 * h <= line.bbox.y0 - o.bbox.y1 < 1.0 * h
        and _same_column(line, o, h)
        for o in pg.band(line.bbox.y0 - 1.0 * h - pg.max_height, line.bbox.y0)
    )


def repeats_word_mark(mark: str, name: str) -> bool:
    """``name`` is ``mark`` with a legal form: "HANSA ELEKTRO" over "Hansa Elektro KG",
    "若葉システム" over "合同会社若葉システム", "JAYA PLASTIC" over "KEDAI MAKAN JAYA PLASTIC";
    or a registered name that starts with the mark's words: "KEAT TECK" over "KEAT TECK
    HARDWARE PLT", "Restoran Weng" over "Restoran Weng Seng". A letterhead prints its word
    mark (logo type) above the registered name, so the two lines are one name said twice, not
    one name wrapped: a wrapped name's second line never starts over with its first line's
    words. Such a mark has two words or more:
    one is too often the name's own first word ("HANSA" over "Hansa Elektro KG"), or a name
    starts with one word doubled ("SRI SRI ...")."""
    key = _name_key(mark)
    if len(key) < 2 or key == _name_key(name):
        return False
    core = _without_legal_form(name)
    if key == _name_key(core):
        return True
    if not registered_name(name):
        return False
    marks = [k for k in map(_name_key, mark.split()) if k]
    # Without its legal form ("KEAT TECK" over "KEAT TECK HARDWARE PLT"), or with its trade
    # where the mark opens with it too ("Restoran Weng" over "Restoran Weng Seng").
    words = [k for k in map(_name_key, (name if TRADE_PREFIX.match(mark) else core).split()) if k]
    return 2 <= len(marks) < len(words) and words[: len(marks)] == marks


# What is printed with a legal form without being part of the name: the "& Co." of
# "GmbH & Co. KG" (OCR: "GmbH&Co. KG"), the country of incorporation "(M)".
_LEGAL_EXTRAS = re.compile(r"(?:&|\band\b|\bund\b)?\s*\bco\b\.?|\([A-Za-z]{1,2}\)", re.IGNORECASE)


def _without_legal_form(name: str) -> str:
    bare = _LEGAL_EXTRAS.sub(" ", LEGAL_FORMS.sub(" ", unglue_legal_form(name)))
    return TRADE_PREFIX.sub("", bare)


# A lower-case letter then a capital: where OCR lost a space before a legal form.
_CAMEL = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-Z])")
_LEADING_LETTERS = re.compile(r"[A-Za-z]+")


def unglue_legal_form(text: str) -> str:
    """The space OCR lost before a legal form put back: "Schwarzwald MetallbauGmbH" is
    "Schwarzwald Metallbau GmbH", "Jensen's SupplyInc." "Jensen's Supply Inc.", "Mulder
    KantoorartikelenV.O.F." "Mulder Kantoorartikelen V.O.F.". A form of one
    capital is set apart only where it ends a name of two words or more (spaced or glued:
    "HarborKitchenLtd") after a word of four lower-case letters or more: "MyCo Ltd",
    "SmithCorp" and "BioNTech" are names as printed."""
    for m in reversed(list(_CAMEL.finditer(text))):
        # The slice starts a string, where the pattern's word boundary holds.
        form = LEGAL_FORMS.match(text[m.start() :])
        word = _LEADING_LETTERS.match(form.group(0)) if form else None
        if word is None or form is None:
            continue
        # a dotted form's first word counts whole: "KantoorartikelenV.O.F.", "BouwB.V."
        capitals = sum(c.isupper() for c in form.group(0).split()[0])
        # A form of one or two letters ends a name glued only with its dot ("GrocersCo.",
        # "ImballaggiS.n.c."): "PepsiCo" is a brand.
        whole = len(word.group(0)) >= 3 or form.group(0).rstrip().endswith(".")
        ends = not text[m.start() + form.end() :].strip() and whole
        # A form word as long as "Enterprise" is no brand's second half: after any word.
        before = _SHORT_RUN if len(word.group(0)) >= LONG_FORM else _LOWER_RUN
        if capitals >= 2 or (ends and before.search(text[: m.start()])):
            text = text[: m.start()] + " " + text[m.start() :]
    for m in reversed(list(_CAPS_THEN_DOTTED.finditer(text))):
        # "TIRRENATRASPORTIS.N.C.": the dotted form's first capital is no name's last letter.
        form = LEGAL_FORMS.match(text[m.start() :])
        if form and not text[m.start() + form.end() :].strip(" .)"):
            text = text[: m.start()] + " " + text[m.start() :]
    return _CAPS_WORD.sub(_unglue_caps, text)


# A dotted form ("S.N.C.", "S.p.A.") right after four capitals, where OCR lost the space.
_CAPS_THEN_DOTTED = re.compile(r"(?<=[A-Z]{4})(?=[A-Z]\.[A-Za-z]\.)")


# A name's last word, lower case and long enough to be a word of its own before a glued form:
# after a space, or after a word OCR glued to it ("HarborKitchen" + "Ltd").
_LOWER_RUN = re.compile(r"(?:\S\s+|[a-z])[A-Z]?[a-z]{4,}$")


# Before a glued form of LONG_FORM letters or more ("DecoEnterprise"), a word of three letters.
_SHORT_RUN = re.compile(r"(?:\S\s+|[a-z])[A-Z]?[a-z]{2,}$")
LONG_FORM = 6


# A word in capitals long enough to hold a name's word and a legal form: "SEAFOODBHD".
_CAPS_WORD = re.compile(r"\b[A-Z]{7,}\b")


def _unglue_caps(m: re.Match[str]) -> str:
    """ "SEAFOODBHD" is "SEAFOOD BHD", "STORETRADING" "STORE TRADING": the longest legal form
    of three letters or more that ends the word after four letters or more."""
    word = m.group(0)
    for cut in range(4, len(word) - 2):
        if LEGAL_FORMS.fullmatch(word[cut:]):
            return f"{word[:cut]} {word[cut:]}"
    return word


def _name_char_confidence(value: str, lines: list[TextLine]) -> float:
    """The least certain OCR character among the words of ``value``: what cleaning cut off
    (a company number, a phone) does not make the name doubtful."""
    key = alnum_key(value)
    confs = [
        conf
        for ln in lines
        for (s, e, _), conf in zip(ln.spans, ln.span_char_confidence, strict=False)
        if (word := alnum_key(ln.text[s:e])) and word in key
    ]
    return min(confs, default=min(ln.char_confidence() for ln in lines))


def _name_key(text: str) -> str:
    return "".join(_LETTER.findall(text)).casefold()


def customer_names(ctx: PageText) -> set[str]:
    """Names printed as the value of a customer-name label, as comparison keys."""
    names: set[str] = set()
    for line in ctx.lines:
        m = CUSTOMER_NAME_LABELS.match(line.text)
        if not m:
            continue
        rest = line.text[m.end() :].strip(_TRIM)
        values = [rest] if rest else []
        right = ctx.right_of(line)
        if right is not None:
            values.append(right.text)
        if not rest:  # a column heading: the name stands just below it
            h = max(line.bbox.height, 1e-4)
            below = [
                o
                for o in ctx.lines_on(line.page)
                if 0 < o.bbox.y0 - line.bbox.y0 < 2.5 * h and abs(o.bbox.x0 - line.bbox.x0) < 2 * h
            ]
            if below:
                values.append(min(below, key=lambda o: o.bbox.y0).text)
        names.update(k for k in (_name_key(clean_vendor_text(v)) for v in values) if len(k) >= 3)
    return names


_PAYEE_END = re.compile(
    r"\s+[-–—|/]\s+|\s{3,}|[,;]|\b(?:iban|bic|swift|bank|banque|konto|rekening|a/c)\b",
    re.IGNORECASE,
)


def payee_candidates(ctx: PageText) -> list[FieldCandidate]:
    """The account holder or cheque payee in payment details: who is paid issued the bill."""
    out: list[FieldCandidate] = []
    for line in ctx.lines:
        m = PAYEE_LABELS.search(line.text)
        if not m:
            continue
        source, start = line, m.end()
        if not line.text[start:].strip(_TRIM):
            right = ctx.right_of(line)
            if right is None:
                continue
            source, start = right, 0
        raw = _PAYEE_END.split(source.text[start:])[0]
        value = clean_vendor_text(raw)
        letters = len(_LETTER.findall(value))
        if letters < 2 or sum(c.isdigit() for c in value) > letters or len(value) > 60:
            continue
        legal = bool(LEGAL_FORMS.search(value))
        features = {"legal": float(legal), "payee": 1.0, "y": source.bbox.cy, "x": source.bbox.cx}
        out.append(
            FieldCandidate(
                field="vendor",
                value=value,
                score=hand_score(features, "payee"),
                page=source.page,
                bbox=source.span_bbox(start, start + len(raw)),
                text=source.text[start : start + len(raw)],
                origin=Provenance(kind="vendor", detail="payee", tags=_LEGAL if legal else ()),
                ocr_confidence=source.confidence,
                char_confidence=source.char_confidence(start, start + len(raw)),
                label_score=1.0,
                features=features,
            )
        )
    return out


# French company law keeps the legal form out of the name: the dénomination sociale is
# "preceded or followed" by the form and the capital on every invoice (Code de commerce,
# L223-1 for the SARL, L224-1 for the SAS), and the registries (RCS, Sirene, Belgium's BCE)
# record the form in a field of its own. Germany (§4 GmbHG), the Netherlands (art. 2:177 BW),
# Switzerland (art. 950 CO), the UK, Malaysia and Japan (商号) make it part of the name.
# "Sarl" and "Sas" are written in any case; "SA", "SNC", "SCI" only in capitals ("sa" is a word).
_FR_FORM = (
    r"(?:(?i:S\.?A\.?R\.?L|S\.?A\.?S\.?U?|E\.?U\.?R\.?L|SELARL|SELAS|SCOP)"
    r"|S\.?A|SNC|SCI|SCA|SPRL|SRL)\.?"
)
_FR_FORM_AROUND = re.compile(rf"^{_FR_FORM}\s+(?=\S)|[\s,]+{_FR_FORM}$")


def french_denomination(value: str) -> str:
    """The name without the French legal-form mention: "Au bon moulin SARL" -> "Au bon moulin"."""
    name = _FR_FORM_AROUND.sub("", value).strip(_TRIM)
    return name if len(_LETTER.findall(name)) >= 2 else value


# The mentions French law asks of a company's invoices: its SIREN / SIRET, its RCS city, its
# capital. An invoice in English from a French seller carries them too.
_FR_COMPANY_MENTION = re.compile(r"\b(?:SIRE[NT]|RCS)\b|\bau capital de\b", re.IGNORECASE)


def _french_regime(ctx: PageText, language: str) -> bool:
    if any("CHF" in ln.text for ln in ctx.lines):
        return False  # Swiss: the form is part of the name (art. 950 CO), in French too
    return language == "fr" or any(_FR_COMPANY_MENTION.search(ln.text) for ln in ctx.lines)


class _LineView:
    """What the vendor signals need to know of one page: its lines and their relations."""

    def __init__(self, ctx: PageText, lines: list[TextLine]) -> None:
        self.median_h = sorted(ln.bbox.height for ln in lines)[len(lines) // 2]
        self.ordered = sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
        self.pg = _Page(lines)
        # A label ("請求日付:", a line that is nothing but "お支払期限" or "Due date") is not
        # the first half of a wrapped name: what stands below it is its value.
        labels = {
            id(h.line) for h in ctx.hits if h.start <= 1 and h.end >= len(h.line.text.rstrip()) - 1
        }
        labels.update(id(ln) for ln in self.ordered if ln.text.rstrip().endswith((":", "：")))
        # A line that opens with a label of two words or more is that field's, whatever
        # words follow: "Zahlbar bis Ende des Folgemonats" (payable by the month's end).
        # Where such a label starts after a name and its legal form, on one OCR line with
        # it, the name ends there: "Ironbridge Media Pty. Limited Amount Due" (the total's
        # label beside the name).
        self.labelled: set[int] = set()
        self.label_after: dict[int, int] = {}
        for h in ctx.hits:
            if " " not in h.label.text.strip():
                continue
            key = id(h.line)
            if h.start <= 1:
                self.labelled.add(key)
                continue
            head = h.line.text[: h.start]
            if LEGAL_FORMS.search(head) and _cut_after_legal_form(head).strip() == head.strip():
                self.label_after[key] = min(self.label_after.get(key, h.start), h.start)
        # Nor is a block heading ("Rechnungsanschrift", "Aan"), an identifier line
        # ("GLN 4010637219511") or a title, even one whose spaces OCR lost ("SALESRECEIPT"):
        # the name below them stands alone.
        labels.update(
            id(ln)
            for ln in self.ordered
            if _customer_heading(ln.text)
            or _is_heading(ln.text, SELLER_MARKERS)
            or _IDENTIFIER.search(ln.text)
            or TITLE_RUN.fullmatch("".join(filter(str.isalpha, ln.text.casefold())))
        )
        self.below_of = {
            id(line): None if id(line) in labels else _continuation_below(self.pg, line)
            for line in self.ordered
        }
        # A line whose own second half stands below it starts a name; it is no second half
        # of the line above ("MAJU CORNER" over "LEONG BENG TRADING" / "(KAJANG) SDN BHD").
        for key, below in self.below_of.items():
            if below is not None and self.below_of.get(id(below)) is not None:
                self.below_of[key] = None
        # The first of three lines over a wrapped pair: it carries the whole name.
        self.first_of: dict[int, tuple[TextLine, TextLine]] = {}
        for line in self.ordered:
            below = self.below_of[id(line)]
            if below is None:
                continue
            first = _first_of_three(self.pg, line, below)
            if first is not None and id(first) not in labels and self.below_of[id(first)] is None:
                self.first_of[id(first)] = (line, below)
        self.continued = {id(b) for b in self.below_of.values() if b is not None}
        self.continued.update(id(m) for m, _ in self.first_of.values())
        self.customers = customer_names(ctx)
        self.domains = web_domains(lines)
        # Read by both the name (a first half above the number) and the signals.
        self.numbered = {id(ln) for ln in self.ordered if heads_company_number(self.pg, ln)}


# "billing@oakfieldlabs.com", "www.oakfield-labs.co.uk": the name a business registered
# for its mail and web site, the label before the public suffix.
_DOMAIN = re.compile(r"(?:@|\bwww\.|https?://)([a-z0-9][a-z0-9\-]{2,62})\.[a-z]", re.IGNORECASE)


def web_domains(lines: list[TextLine]) -> set[str]:
    return {
        m.group(1).replace("-", "").casefold() for ln in lines for m in _DOMAIN.finditer(ln.text)
    }


def names_domain(value: str, domains: set[str]) -> bool:
    """The name, without its legal form, is the page's mail or web domain: the sender's."""
    key = _name_key(LEGAL_FORMS.sub(" ", value))
    return len(key) >= 4 and key in domains


def _name_on_line(
    view: _LineView, line: TextLine, ascii_ocr: bool
) -> tuple[str, list[TextLine], TextLine | None] | None:
    """The name a line would give (joined with a wrapped half), the lines used, its label.

    None when the line cannot be a name: a label, a heading, a legal form alone, noise,
    a date, an amount or a number.
    """
    if id(line) in view.continued:
        return None  # the second half of a wrapped name; its first line carries it
    if line.text.rstrip().endswith((":", "：")):
        return None  # a label, not a value
    if id(line) in view.labelled and not LEGAL_FORMS.search(line.text):
        return None  # a field's label and its value or terms
    value = clean_vendor_text(line.text[: view.label_after.get(id(line))])
    if _only_legal_form(value):
        return None  # the tail of a wrapped name; the line above carries it
    if _is_heading(line.text, SELLER_MARKERS) or _customer_heading(line.text):
        return None
    left = _left_label(view.pg, line)
    used = [line]
    if left is not None:
        above = _wrapped_above(view.pg, line)
        if above is not None:
            value = clean_vendor_text(above.text + " " + line.text)
            used.append(above)
    below = view.below_of[id(line)]
    if id(line) in view.first_of:
        middle, last = view.first_of[id(line)]
        value = clean_vendor_text(" ".join((line.text, middle.text, last.text)))
        used.extend((middle, last))
    elif below is not None:
        value = clean_vendor_text(line.text + " " + below.text)
        used.append(below)
    elif left is None and not registered_name(value) and id(line) in view.numbered:
        # With a legal form or a trade prefix the line is a whole name; what stands above it
        # is a brand or an outlet ("Desa Park City" / "Golden Scoop Sdn Bhd (169609-A)").
        first = _first_half_above(view.pg, line)
        if first is not None:
            value = clean_vendor_text(first.text + " " + line.text)
            used.append(first)
    if ascii_ocr and line.from_ocr:
        value = strip_latin_accents(value)
    if line.from_ocr and not line.from_image:
        value = value.translate(_OCR_OLD_FORMS)  # 瑞穗 read for 瑞穂 (see OCR_OLD_FORMS)
    letters = len(_LETTER.findall(value))
    if letters < 2 or _NOISE.match(value) or LEGAL_NOTICES.search(value):
        return None
    if PAYMENT_TERMS.search(value) and not LEGAL_FORMS.search(value):
        return None  # "Bonifico bancario 30 gg d.f.": how to pay, whose label OCR lost
    if find_dates(value) and letters < 6:
        return None
    if sum(c.isdigit() for c in value) > letters:
        return None
    if find_amounts(value) and letters < 4:
        return None
    return value, used, left


def registered_name(value: str) -> bool:
    """The name says what kind of business it is, as a registered name does: a legal form
    ("Sdn Bhd", "GmbH") or a trade prefix ("Syarikat", "Kedai")."""
    return bool(LEGAL_FORMS.search(value) or TRADE_PREFIX.match(value))


def _place_signals(
    view: _LineView, line: TextLine, value: str, rank: int, features: dict[str, float]
) -> None:
    """Where the line stands and how it looks: a title, a branch, a legal form, top, size."""
    legal = registered_name(value)
    # "Invoice FA-2017-0009", "Rechnung des Versicherers Nr. ...": a title, not a name.
    title = bool(DOCUMENT_TITLES.search(line.text)) and any(c.isdigit() for c in line.text)
    features["title_line"] = float(title and not legal)
    # "浦和店", "万代店": the branch printed under a shop's name, not the name.
    outlet = BRANCH_WORDS.search(value) and not legal
    features["branch"] = float(bool(_BRANCH.fullmatch(value) or outlet))
    features["legal"] = float(legal)
    features["top"] = max(0.0, 1.0 - line.bbox.cy / 0.45)
    features["early"] = max(0.0, 1.0 - rank / 6)
    size = line.bbox.height / max(view.median_h, 1e-4)
    features["size"] = size
    features["large"] = min(1.0, max(0.0, size - 1.0))
    address = bool(ADDRESS_HINTS.search(value)) and not legal
    features["address"] = float(address)
    alone = not address and not legal and view.below_of[id(line)] is None
    if alone and _under_address(view.pg, line):
        features["under_address"] = 1.0


def _role_signals(
    view: _LineView, line: TextLine, value: str, left: TextLine | None, features: dict[str, float]
) -> None:
    """Whose name it is: the customer's section or label, the seller's, a name label."""
    section = _section(view.pg, line)
    if (
        section == "customer"
        or CUSTOMER_MARKERS.search(line.text)
        or _CUSTOMER_SUFFIX.search(line.text)
        or _heading_word_read_in(line.text)
    ):
        features["customer_block"] = features["customer"] = 1.0
    elif _name_key(value) in view.customers:
        # The same name stands under a customer-name label elsewhere on the page.
        features["customer_name"] = features["customer"] = 1.0
    elif (
        section == "seller" or SELLER_MARKERS.match(line.text.strip()) or operator_prefix(line.text)
    ):
        features["seller"] = 1.0
    elif _under_sender_line(view.pg, line):
        features["recipient"] = features["customer"] = 1.0
    # Under an address, the line is its country or a second company (an operator's) at the
    # block's foot, not the name that heads it.
    features["company_number"] = float(
        id(line) in view.numbered and not _under_address(view.pg, line, depth=2)
    )
    # A line that prints the address itself ("SHOP WITH myNEWS.com") is a slogan; a name
    # without a legal form that is the domain is a brand or a website's name (a trading
    # name over the company that bills: "PUBLICATION ANNONCE LEGALE" for NETPRESSE).
    features["domain"] = float(
        bool(LEGAL_FORMS.search(value))
        and names_domain(value, view.domains)
        and not _DOMAIN.search(line.text)
    )
    block = _neighbour_bonus(view.pg, line)
    features["block_bonus"] = block
    features["block"] = block / BLOCK_BONUS_CAP
    if left is not None:
        # The label beside a value says what it is: a name, or an address, a number...
        name = bool(NAME_LABELS.match(left.text.strip()))
        features["name_label" if name else "other_label"] = 1.0


def repeated_name(value: str) -> bool:
    """The same words twice in a row, in any case: a logo word mark joined to the legal name
    printed under it ("ORION INSTRUMENTS Orion Instruments Ltd.")."""
    words = value.casefold().split()
    return any(words[:k] == words[k : 2 * k] for k in range(1, len(words) // 2 + 1))


def _style_signals(line: TextLine, value: str, features: dict[str, float]) -> None:
    """How the name is written: a logo, all lower case, too long for a name."""
    if line.from_image:
        features["logo"] = 1.0
    latin = re.sub(r"[^A-Za-z]", "", value)
    # Company names are printed in capitals or title case; all-lowercase text is
    # a handwritten note, a URL or a slogan.
    features["lowercase"] = float(len(latin) >= 4 and latin == latin.lower())
    features["long"] = float(len(value) > 60)
    letters = _LETTER.findall(value)
    features["caps"] = float(len(letters) >= 3 and all(c == c.upper() for c in letters))
    features["words"] = min(len(value.split()), 8) / 8
    features["repeated"] = float(repeated_name(value))
    features["gs1_id"] = float(bool(_GS1_ID.search(line.text)))
    features["x"] = line.bbox.cx
    features["y"] = line.bbox.cy


def line_signals(
    view: _LineView, line: TextLine, value: str, rank: int, left: TextLine | None
) -> dict[str, float]:
    """The vendor signals of one line's name, as a feature vector (the rankers weigh it)."""
    features: dict[str, float] = {}
    _place_signals(view, line, value, rank, features)
    _role_signals(view, line, value, left, features)
    _style_signals(line, value, features)
    return features


def vendor_candidates(ctx: PageText, page: int = 0, *, language: str = "") -> list[FieldCandidate]:
    """Vendor candidates from the lines of ``page`` and from payment details anywhere.

    ``language`` "en": accents that OCR put on capitals ("HARDWÀRE", "Restäurants") are noise
    and are dropped from names read by OCR; "fr": the name is the dénomination, without the
    legal form printed beside it.
    """
    lines = ctx.lines_on(page)
    if not lines:
        return []
    view = _LineView(ctx, lines)
    out: list[FieldCandidate] = []
    for rank, line in enumerate(view.ordered):
        named = _name_on_line(view, line, ascii_ocr=language == "en")
        if named is None:
            continue
        value, used, left = named
        features = line_signals(view, line, value, rank, left)
        out.append(
            FieldCandidate(
                field="vendor",
                value=value,
                score=hand_score(features, "line"),
                page=line.page,
                bbox=line.bbox,
                text=line.text,
                origin=Provenance(
                    kind="vendor",
                    detail="signals",
                    language=language or None,
                    tags=_LEGAL if features["legal"] else (),
                ),
                ocr_confidence=line.confidence,
                char_confidence=_name_char_confidence(value, used),
                label_score=0.0,
                features=features,
            )
        )
    out.extend(c for c in payee_candidates(ctx) if _name_key(c.value) not in view.customers)
    out = _spaced_as_printed_elsewhere(out)
    out = _spelled_as_in_text(out)
    out = _marks_as_named_in_full(out)
    out = _seal_after_mark(out)
    out = _seal_debris(ctx, out)
    if _french_regime(ctx, language):
        out = [_as_denomination(c) for c in out]
    operated = any(operator_prefix(ln.text) for ln in lines)
    numbered = [c for c in out if c.features.get("company_number")]
    thanked = _thanked_names(view.pg)
    return [
        _with_evidence(
            ctx,
            c,
            operated
            or _registered_below(c, numbered)
            or _unread_name_below(view.pg, c)
            or _thanked_elsewhere(c, thanked),
        )
        for c in out
    ]


def _thanked_names(pg: _Page) -> list[TextLine]:
    """The registered names a till's closing thanks introduces: the rest of the phrase's line,
    or the line right below it ("THANK YOU FOR SHOPPING AT" / "KIM LEE TRADING (KLANG) SDN
    BHD"), where it carries a legal form."""
    out: list[TextLine] = []
    for line in pg.lines:
        letters = "".join(filter(str.isalpha, line.text.casefold()))
        at = next((letters.index(t) + len(t) for t in PATRON_THANKS if t in letters), None)
        if at is None:
            continue
        if letters[at:] and LEGAL_FORMS.search(clean_vendor_text(line.text)):
            out.append(line)
            continue
        h = line.bbox.height
        for below in pg.band(line.bbox.y1 - 0.3 * h, line.bbox.y1 + 1.5 * h):
            if below is not line and LEGAL_FORMS.search(clean_vendor_text(below.text)):
                out.append(below)
                break
    return out


def _thanked_elsewhere(cand: FieldCandidate, thanked: list[TextLine]) -> bool:
    """The till thanks its customers for shopping at a registered name, and ``cand`` is a line
    without a legal form elsewhere: the shop's sign."""
    return (
        bool(thanked)
        and not cand.features.get("legal")
        and not any(on_name_row(line, cand) for line in thanked)
    )


def _registered_below(cand: FieldCandidate, numbered: list[FieldCandidate]) -> bool:
    """A name with no legal form and no company number of its own stands right above a line
    that carries a company number: that line is the registered name, its operator phrase
    misread past knowing ("12:la otel: Fank Sonn Fauats (ch(ra) SDN RHD) (687825-M)" under
    a shop's sign), and ``cand`` is the sign."""
    box = cand.bbox
    if box is None or cand.features.get("legal") or cand.features.get("company_number"):
        return False
    return any(
        other.bbox is not None
        and other.page == cand.page
        and 0 <= other.bbox.y0 - box.y1 <= 2 * box.height
        for other in numbered
        if other is not cand
    )


def _unread_name_below(pg: _Page, cand: FieldCandidate) -> bool:
    """A sign (no legal form, trade or company number of its own) stands right above a line of
    words in smaller type that runs wider than it: the operator's registered name, read too
    worn to be known ("Lamd 5, RESTDRAVI GEMMLANG NUTO PARTS HEEIM" under "SINAR HUB", its
    "Managed by" and number lost). A name wrapped onto that line would have been joined."""
    box = cand.bbox
    if (
        box is None
        or cand.features.get("legal")
        or cand.features.get("company_number")
        or registered_name(cand.value)
    ):
        return False
    h = box.height
    for line in pg.band(box.y1 - 0.3 * h, box.y1 + h):
        lb, text = line.bbox, line.text
        if not (-0.3 * h <= lb.y0 - box.y1 < h) or lb.x1 < box.x0 or lb.x0 > box.x1:
            continue
        if lb.height >= 0.9 * h or lb.width <= box.width or len(text.split()) < 3:
            continue
        marks = sum(not c.isspace() for c in text)
        if not ADDRESS_HINTS.search(text) and len(_LETTER.findall(text)) >= 0.6 * marks:
            return True
    return False


def _spaced_as_printed_elsewhere(cands: list[FieldCandidate]) -> list[FieldCandidate]:
    """OCR loses the space between two words far more often than it makes one up: a name read
    glued on one line ("TIRRENATRASPORTI S.N.C.") that another line of the page prints with
    its spaces ("TIRRENA TRASPORTI S.N.C. · Via Nazionale 38") takes the spaced spelling, and
    the two readings agree instead of competing. The key reads a capital I as l: glued after
    small letters, a word's capital I looks like an l to ``fix_name_letters``
    ("AppenninicaImballaggi" spelled "Appenninicalmballaggi"), where the spaced line keeps it."""

    def key(value: str) -> str:
        return "".join(value.split()).replace("I", "l")

    spaced: dict[str, str] = {}
    for c in cands:
        if c.value.count(" ") > spaced.get(key(c.value), "").count(" "):
            spaced[key(c.value)] = c.value
    out = []
    for c in cands:
        text = spaced.get(key(c.value), c.value)
        out.append(c if text == c.value else c.model_copy(update={"value": text}))
    return out


def _spelled_as_in_text(cands: list[FieldCandidate]) -> list[FieldCandidate]:
    """A name read from a logo that the text layer also prints takes the text's spelling.

    The text layer holds the exact characters; OCR of a logo loses case and spaces
    ("amazon webservices" for "Amazon Web Services"). With one value, the two readings add up
    as agreeing evidence instead of competing.
    """
    spelled = {alnum_key(c.value): c.value for c in cands if not c.features.get("logo")}
    out = []
    for c in cands:
        text = spelled.get(alnum_key(c.value)) if c.features.get("logo") else None
        out.append(c if text is None else c.model_copy(update={"value": text}))
    return out


def _marks_as_named_in_full(cands: list[FieldCandidate]) -> list[FieldCandidate]:
    """A word mark (a name without its legal form) that the page also prints in full takes
    the full name: the logo and the registered name then agree as evidence for one value
    instead of competing, and the mark alone never stands for the company."""
    full = [c for c in cands if c.features.get("legal") and not c.features.get("customer")]
    out = []
    for c in cands:
        # A mark that opens with its trade ("Restoran Weng" over "Restoran Weng Seng") is
        # as much a mark as one without: only a legal form makes a line a whole name. A sign
        # that leaves out the trade the registered name opens with is one though it ends in
        # a form ("MAJU TRADING" over "RESTORAN MAJU" / "TRADING").
        plain = not c.features.get("legal") or not LEGAL_FORMS.search(c.value)
        # The nearest, if the page prints it twice (letterhead and footer).
        named = min(
            (
                f
                for f in full
                if (
                    repeats_word_mark(c.value, f.value)
                    if plain
                    else _drops_trade_prefix(c.value, f.value)
                )
            ),
            key=lambda f: abs(f.features.get("y", 0.0) - c.features.get("y", 0.0)),
            default=None,
        )
        if named is None:
            out.append(c)
        else:
            origin = c.origin.tagged("word-mark")
            out.append(c.model_copy(update={"value": named.value, "origin": origin}))
    return out


def _drops_trade_prefix(mark: str, name: str) -> bool:
    """``name`` is ``mark`` after the trade a registered name opens with ("RESTORAN",
    "KEDAI MAKAN")."""
    trade = TRADE_PREFIX.match(name)
    return (
        trade is not None
        and TRADE_PREFIX.match(mark) is None
        and _name_key(name[trade.end() :]) == _name_key(mark)
    )


def _seal_after_mark(cands: list[FieldCandidate]) -> list[FieldCandidate]:
    """A Japanese legal name read with a seal's characters after it, whose word mark the page
    prints on a line of its own: "株式会社大和運輸和輸大" under "大和運輸" is "株式会社大和運輸"."""
    marks = {c.value for c in cands if not c.features.get("legal") and any(map(is_cjk, c.value))}
    out = []
    for c in cands:
        cut = None
        if c.features.get("legal") and marks:
            cut = next(filter(None, (_mark_then_seal(m, c.value) for m in marks)), None)
        out.append(c if cut is None else c.model_copy(update={"value": cut}))
    return out


def _debris_near(ctx: PageText, cand: FieldCandidate, name: str) -> bool:
    """A line of one or two of the name's characters (or the seal's 之 and 印) just above or
    below the name and across it: what OCR leaves of a seal stamped over the name's end."""
    box = cand.bbox
    if box is None:
        return False
    for line in ctx.lines:
        if line.page != cand.page or line.bbox.x1 < box.x0 or line.bbox.x0 > box.x1:
            continue
        gap = max(box.y0 - line.bbox.y1, line.bbox.y0 - box.y1)
        if box.y0 <= line.bbox.cy <= box.y1 or gap > box.height:
            continue  # on the name's own row, or too far from it
        chars = "".join(line.text.split())
        if 0 < len(chars) <= 2 and _seal_chars(chars, name):
            return True
    return False


def _seal_debris(ctx: PageText, cands: list[FieldCandidate]) -> list[FieldCandidate]:
    """A name after its leading legal form ending in one more of its own characters, where
    the seal has left more of them around the name: "合同会社富士システム士" with ム
    below it is "合同会社富士システム"."""
    out = []
    for c in cands:
        legal = _leading_cjk_legal_form(c.value)
        name = c.value[legal.end() :] if legal else ""
        if len(name) >= 4 and _seal_chars(name[-1], name[:-1]) and _debris_near(ctx, c, name):
            # what the cut bares may be more of the seal: "合同会社みなと印刷刷|な"
            c = c.model_copy(update={"value": _strip_seal(c.value[:-1])})
        out.append(c)
    return out


def _as_denomination(cand: FieldCandidate) -> FieldCandidate:
    name = french_denomination(cand.value)
    if name == cand.value:
        return cand
    return cand.model_copy(update={"value": name, "origin": cand.origin.tagged("fr-denomination")})


# What OCR does to a printed name and printers do not: an unclosed bracket ("(519537-X"),
# stray marks, doubled dots, a capital run inside a lower-case word ("baskinBRrobbins"), a
# lone letter at the end ("ENTERPRISE P"), a Latin name starting in lower case ("perbang"), an
# apostrophe before one letter that ends no English word so ("Jensen'a"; "Carter'g" is
# mended to "Carter's" before this is asked, see _POSSESSIVE_G).
_DAMAGE = re.compile(
    r"[<>|_·{}\[\]~^¦«»]|\.\.|,,|[a-z][A-Z]{2,}|\s[A-Za-z]$|^[a-z]"
    r"|[A-Za-z]['’](?![dmnstDMNST]\b)[A-Za-z]\b"
)
_NAME_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def _damaged(value: str) -> bool:
    return value.count("(") != value.count(")") or bool(_DAMAGE.search(value))


def on_name_row(line: TextLine, cand: FieldCandidate) -> bool:
    """``line`` is the one ``cand`` was read from, or one level with it: no second reading."""
    box = cand.bbox
    return (
        box is not None
        and line.page == cand.page
        and line.bbox.y0 <= box.y1
        and line.bbox.y1 >= box.y0
    )


def _echoed(ctx: PageText, cand: FieldCandidate) -> bool:
    """A distinctive word of the name is printed again elsewhere: in a footer, an e-mail or
    web address, a payee line. Two readings that agree are unlikely to share an OCR slip."""
    words = {w.casefold() for w in _NAME_WORD.findall(LEGAL_FORMS.sub(" ", cand.value))}
    if not words:
        return False
    name = cand.value.casefold()
    for line in ctx.lines:
        if on_name_row(line, cand):
            continue
        text = line.text.casefold()
        if text.strip() in name:
            continue  # the second line of a name that wraps
        if any(w in text for w in words):
            return True
    return False


def _with_evidence(ctx: PageText, cand: FieldCandidate, operated: bool) -> FieldCandidate:
    """``operated``: the page names the company that runs the shop ("OPERATED BY: ...", or a
    numbered line under a sign), and a name from any other line is the shop's sign or a
    stranger (``operator_elsewhere``)."""
    features = {
        **cand.features,
        "damaged": float(_damaged(cand.value)),
        "echoed": float(_echoed(ctx, cand)),
        "operator_elsewhere": float(operated and not operator_prefix(cand.text)),
    }
    return cand.model_copy(update={"features": features})
