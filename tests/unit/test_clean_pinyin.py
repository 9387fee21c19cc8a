"""Toned pinyin glosses injected after characters are removed; other brackets stay."""

from xxgk.clean import clean_text
from xxgk.clean.pinyin import strip_pinyin_glosses


def test_glosses_after_characters_are_removed():
    assert strip_pinyin_glosses("發(fā)布機構(gòu):青嶺區(qū)農業局") == "發布機構:青嶺區農業局"


def test_plain_latin_brackets_and_numbered_items_stay():
    text = "附件(pdf)下载;第(一)项;编号(A12);A(ā)"
    assert strip_pinyin_glosses(text) == text


def test_full_width_brackets_are_cleaned_too():
    assert clean_text("根據（jù）條例", source_format="text") == "根據條例"
