"""Every vocabulary entry matches its own example, and the rules built on it use it."""

from __future__ import annotations

import re
import time

import pytest

from xxgk.clean import clean_text
from xxgk.clean.titles import strip_title_spam
from xxgk.clean.vocabulary import (
    BOILERPLATE_LINES,
    ENUMERATED_LINE_STARTS,
    PAGE_BREAK_RULES,
    PAGE_NUMBERS,
    TITLE_SPAM_CUES,
)

WHOLE_LINE_ENTRIES = BOILERPLATE_LINES + PAGE_BREAK_RULES + PAGE_NUMBERS


@pytest.mark.parametrize("entry", WHOLE_LINE_ENTRIES, ids=lambda e: e.name)
def test_whole_line_entries_match_their_example(entry):
    assert re.fullmatch(entry.pattern, entry.example)


@pytest.mark.parametrize("entry", ENUMERATED_LINE_STARTS, ids=lambda e: e.name)
def test_line_start_entries_match_their_example(entry):
    assert re.match(entry.pattern, entry.example)


@pytest.mark.parametrize("entry", BOILERPLATE_LINES, ids=lambda e: e.name)
def test_boilerplate_examples_are_dropped_by_clean_text(entry):
    assert clean_text(f"报告正文第一行。\n\n{entry.example}\n\n报告正文第二行。", source_format="text") == (
        "报告正文第一行。\n\n报告正文第二行。"
    )


@pytest.mark.parametrize("entry", PAGE_NUMBERS, ids=lambda e: e.name)
def test_page_number_examples_are_dropped_by_clean_text(entry):
    assert clean_text(f"第一段。\n\n{entry.example}\n\n第二段。", source_format="pdf") == "第一段。\n\n第二段。"


@pytest.mark.parametrize("entry", TITLE_SPAM_CUES, ids=lambda e: e.name)
def test_title_spam_examples_are_stripped(entry):
    assert strip_title_spam(entry.example) in ("某某市科技局", "某某市某某局", "某某局")


def test_patterns_never_use_a_whitespace_class():
    # A whitespace class would let a whole-line pattern run into the next line.
    for entry in BOILERPLATE_LINES + PAGE_BREAK_RULES + PAGE_NUMBERS + ENUMERATED_LINE_STARTS:
        assert "\\s" not in entry.pattern, entry.name


@pytest.mark.parametrize(
    "line",
    [
        "【打印】" * 50 + "x",
        "扫一扫" * 200 + "x",
        "打印 " * 300,
        " | ".join(["打印"] * 30) + "内容",
        "字号 " * 200,
        "当前位置" * 100,
        "网站标识码" * 50 + "x" * 300,
        "- " * 500 + "4",
        "第" * 300 + "页",
        "<a " + "x=1 " * 2000,
        "1," * 3000 + "234",
    ],
)
def test_pathological_lines_are_cleaned_quickly(line):
    # Each rule's regex must fail fast on near-misses (no catastrophic backtracking).
    started = time.perf_counter()
    clean_text(f"正文。\n{line}\n正文。", source_format="text")
    assert time.perf_counter() - started < 0.5
