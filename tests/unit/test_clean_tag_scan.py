"""Leftover-tag removal stays linear on unclosed comment and CDATA openers."""

from __future__ import annotations

import random

from tests.unit.cpu_time import best_cpu_seconds
from xxgk.clean import markup
from xxgk.clean.markup import strip_leftover_tags

_FRAGMENTS = (
    "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml?>", "<a ", "<b>", "</b>", "<br/>",
    '"', "'", ">", "<", "!", "-", "\n", " ", "x", "文本", "<p class=\"a>b\">", "<市科技局>",
)


def test_tag_by_tag_scan_matches_the_regex_on_random_markup():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 30)))
        comments_from = max(text.rfind("-->") - 3, 0)
        cdata_from = max(text.rfind("]]>") - 8, 0)
        expected = markup._TAG.sub("", text)
        assert markup._remove_tags_skipping_unclosed(text, comments_from, cdata_from) == expected
        assert markup._remove_tags(text) == expected


def _hostile(openers: int) -> str:
    # Every line opens a comment that is never closed, then a few ordinary tags.
    return "\n".join(f"说明<!--注释<b>第{i}行</b><![CDATA[x" for i in range(openers))


def test_unclosed_openers_are_kept_and_tags_removed():
    assert strip_leftover_tags(_hostile(3)) == "\n".join(
        f"说明<!--注释第{i}行<![CDATA[x" for i in range(3)
    )


def test_tag_removal_time_grows_linearly_with_unclosed_openers():
    # Each unclosed opener used to be scanned to the end of the text: 4x the openers took 16x
    # the time. Only the ratio is checked (a generous bound; CPU time, shared machines).
    one_line_small, one_line_large = "<!--x" * 5_000, "<!--x" * 20_000

    def grows(large, small):
        return (best_cpu_seconds(strip_leftover_tags, large)
                / best_cpu_seconds(strip_leftover_tags, small))

    assert grows(one_line_large, one_line_small) < 8
    assert grows(_hostile(20_000), _hostile(5_000)) < 8
