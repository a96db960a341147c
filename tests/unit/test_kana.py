"""Voicing marks OCR misreads in katakana names, spelled as the Japanese pack's words split them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from axocr.extract.vendor import clean_vendor_text
from axocr.lang.packs import Spelling
from axocr.normalize import fix_voicing_marks
from axocr.normalize.kana import KanaSpeller


@pytest.mark.parametrize(
    ("read", "spelled"),
    [
        ("中央コインバーク", "中央コインパーク"),  # バ for パ
        ("ニッボンフーズ株式会社", "ニッポンフーズ株式会社"),  # ボ for ポ
        ("株式会社テザインワークス", "株式会社デザインワークス"),  # a dakuten dropped
        ("ドラッグストアサンライズ", "ドラッグストアサンライズ"),  # サンライズ splits into nothing
        ("グリーンベーガリー", "グリーンベーカリー"),  # a dakuten read on a plain kana
        ("フレッシユフーズ合同会社", "フレッシュフーズ合同会社"),  # a small kana read full size
        ("東邦メデイア株式会社", "東邦メディア株式会社"),
        ("合同会社キャピタルテツク", "合同会社キャピタルテック"),
    ],
)
def test_a_misread_mark_is_spelled_as_the_words_split(read: str, spelled: str) -> None:
    assert fix_voicing_marks(read) == spelled


@pytest.mark.parametrize(
    "name",
    [
        "株式会社ヒュウガサービス",  # a proper name splits into no words either way
        "キヤノン株式会社",  # full-size kana on purpose: small kana are never touched
        "富士フイルム",
        "キユーピー株式会社",
        "株式会社ヒユウガ物流",  # a proper name's small kana cannot be told from the word
        "日本ソフトウエア株式会社",  # both spellings are in use
        "日本ソフトウェア株式会社",
        "ボートサービス",  # ボート and ポート are both words
        "ポートサービス",
        "ボードショップ",
        "バス",  # too short to go on
        "三ツ星システム",
    ],
)
def test_names_that_split_or_cannot_stay_as_read(name: str) -> None:
    assert fix_voicing_marks(name) == name


def test_two_readings_that_both_split_leave_the_run_as_read() -> None:
    speller = KanaSpeller(["ドラッグ", "トラック", "ストア"])
    assert speller.fix("ドラックストア") == "ドラックストア"
    assert KanaSpeller(["ドラッグ", "ストア"]).fix("ドラックストア") == "ドラッグストア"


def test_a_mark_changed_inside_a_two_kana_word_is_not_enough() -> None:
    # パン splits "パンケーキ", but a two-kana word turns up by chance in any run
    assert KanaSpeller(["パン", "ケーキ"]).fix("バンケーキ") == "バンケーキ"
    assert KanaSpeller(["パンケーキ"]).fix("バンケーキ") == "パンケーキ"


def test_the_vendor_name_is_cleaned_with_it() -> None:
    assert clean_vendor_text("中央コインバーク") == "中央コインパーク"


def test_the_pack_takes_only_katakana_words() -> None:
    assert Spelling(katakana_words=["パーク", "コーヒー"]).katakana_words == ["パーク", "コーヒー"]
    with pytest.raises(ValidationError):
        Spelling(katakana_words=["park"])
    with pytest.raises(ValidationError):
        Spelling(katakana_words=["ぱーく"])
