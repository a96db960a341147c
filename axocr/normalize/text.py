"""Text: NFKC, the OCR variant map for Japanese, and the one-for-one fold the finders read
through so that their spans index the caller's text."""

from __future__ import annotations

import re
import unicodedata

from axocr.types import KATAKANA

# PDF text layers and some OCR post-processors insert these inside numbers and words;
# they are invisible, so a reader never means them. Removed before NFKC so that no
# combining sequence they separated can end up un-normalised.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))

# Simplified-Chinese forms that PP-OCR's mixed Chinese/Japanese models print for Japanese
# text. Only characters that are not Japanese at all are listed (none of the keys is in
# JIS X 0208 / Shift_JIS, a unit test checks it), so genuine Japanese is never rewritten.
# Picked for the words invoices use: 単価 消費税 合計 金額 発行 請求書 通貨 総額 電話
# 郵便 銀行 日時 期間 領収書 証明 東京 項目 明細 事務 営業 帳簿.
_SIMPLIFIED_TO_JAPANESE = {
    "单": "単",
    "费": "費",
    "计": "計",
    "额": "額",
    "发": "発",
    "书": "書",
    "请": "請",
    "货": "貨",
    "总": "総",
    "电": "電",
    "话": "話",
    "邮": "郵",
    "银": "銀",
    "时": "時",
    "间": "間",
    "领": "領",
    "证": "証",
    "东": "東",
    "项": "項",
    "细": "細",
    "务": "務",
    "业": "業",
    "帐": "帳",
    # Receipt words: お預り 現金 対象 登録番号 お釣り 購入 売場 支払.
    "预": "預",
    "现": "現",
    "对": "対",
    "录": "録",
    "编": "編",
    "钱": "銭",
    "购": "購",
    "买": "買",
    "卖": "売",
    "场": "場",
    "码": "碼",
    # Company and place names: 産業 貿易 興業 開発 設計 実業 鉄工 関東 島 岡 沢 橋 辺 浜 桜
    # 滝 楽 図 園 豊 栄 陽 斉 湯 慶 緑 応 鷺.
    "产": "産",
    "贸": "貿",
    "兴": "興",
    "开": "開",
    "设": "設",
    "实": "実",
    "铁": "鉄",
    "关": "関",
    "岛": "島",
    "冈": "岡",
    "泽": "沢",
    "桥": "橋",
    "边": "辺",
    "滨": "浜",
    "樱": "桜",
    "泷": "滝",
    "乐": "楽",
    "图": "図",
    "园": "園",
    "丰": "豊",
    "荣": "栄",
    "阳": "陽",
    "齐": "斉",
    "汤": "湯",
    "庆": "慶",
    "绿": "緑",
    "应": "応",
    "鹭": "鷺",
    # 運輸 輸送 (haulage firms' names).
    "运": "運",
    "输": "輸",
    # 納品書 納期 納付 (a delivery note's title and labels).
    "纳": "納",
    # Traditional forms outside JIS X 0208 that OCR prints for the Japanese ones: 物産, 薫.
    "產": "産",
    "薰": "薫",
}
_SIMPLIFIED_TABLE = str.maketrans(_SIMPLIFIED_TO_JAPANESE)

# OCR reads the long-vowel mark ー as the kanji 一 (one): they are the same stroke. It is
# the mark when it follows katakana and is not followed by kanji or kana that would make it
# the numeral (カード一括, ケーキ一つ).
_KATAKANA_DASH = re.compile(
    f"(?<=[{KATAKANA}])一(?![\u3005\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
)

# Between two katakana, an arrow or a long dash is the long-vowel mark too (a degraded scan's
# "シャインマ←ト"): katakana words hold no arrows, and ー is the only dash inside them.
_KATAKANA_ARROW = re.compile(f"(?<=[{KATAKANA}])[←→―—](?=[{KATAKANA}])")


def normalize_text(text: str) -> str:
    """NFKC, Japanese OCR variants fixed, whitespace collapsed to single spaces, stripped.

    Idempotent: ``normalize_text(normalize_text(x)) == normalize_text(x)``. NFKC already
    folds full-width digits and letters, ``￥`` to ``¥`` and ``㍻``/``㋿`` to ``平成``/``令和``.
    """
    text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_SIMPLIFIED_TABLE)
    text = _KATAKANA_DASH.sub("ー", text)
    text = _KATAKANA_ARROW.sub("ー", text)
    return " ".join(text.split())


# The finders read text through this fold, which maps one character to one character so
# that match offsets are offsets into the caller's text. No-break, narrow and thin spaces
# become U+202F, which always groups digits; ordinary spaces stay ' ', which groups digits
# only when the rest of the amount says so (see _space_grouping_ok).
_GROUP_SPACE = "\u202f"
_WIDTH_FOLD: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD.update(
    {
        0xFFE5: "¥",
        0xFFE1: "£",
        0xFFE0: "¢",
        0x3000: " ",
        **{cp: " " for cp in (0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008)},
        **{cp: _GROUP_SPACE for cp in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F)},
        # minus and dash variants; ¥1,234— and ¥1,234－ are the same "exactly" dash
        **{
            cp: "-"
            for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63)
        },
        0x2019: "'",
        0x2032: "'",
    }
)
_WIDTH_TABLE = str.maketrans(_WIDTH_FOLD)


def strip_latin_accents(text: str) -> str:
    """Accents off Latin letters only (a kana's voicing mark is not an accent)."""
    out: list[str] = []
    for c in unicodedata.normalize("NFD", text):
        if unicodedata.combining(c) and out and out[-1].isascii() and out[-1].isalpha():
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def _fold(text: str) -> str:
    return text.translate(_WIDTH_TABLE)


_HSPACE = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # whitespace that is not a line break
_SP = f"[{_HSPACE}]"
_ANY_SPACE = f"[ {_GROUP_SPACE}]"
_NON_DIGIT = re.compile(r"[^0-9]")


def _alternation(tokens: list[str] | tuple[str, ...]) -> str:
    # longest first, so that EUROS wins over EURO and US$ over S$
    return "|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True))
