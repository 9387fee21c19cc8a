"""Page-break rules, page numbers, and rejoining sentences they (or PDF wrapping) cut apart."""

from __future__ import annotations

import random

import pytest

from tests.unit.cpu_time import best_cpu_seconds
from xxgk.clean import page_breaks
from xxgk.clean.line_joins import (
    JOIN_CONTEXT_CHARS,
    MAX_HEADING_CHARS,
    MIN_CHARS_ORDINARY_BREAK,
    join_context,
    should_join,
)
from xxgk.clean.page_breaks import is_page_break_rule, is_page_number_line, remove_page_breaks
from xxgk.decode import decode_document

LONG_PROSE = "本年度我局按照年度政务公开工作要点的部署,持续完善信息发布审核机制,加强部门预决算和重点领域信息的公开,加"
LONG_PROSE_AFTER_BREAK = "二十字以上的一行在分页处被截断的关于印发某某工作方案的通知》(某办发"


@pytest.mark.parametrize("line", ["---", "- - -", "___", "***", "====", "\f", "——————"])
def test_page_break_rules(line):
    assert is_page_break_rule(line)


@pytest.mark.parametrize(
    "line",
    ["- 4 -", "— 4 —", "－4－", "-12-", "第4页", "第 4 页 共 12 页", "共12页第4页", "4/12", "Page 4 of 12"],
)
def test_page_numbers(line):
    assert is_page_number_line(line.replace("－", "-"))


@pytest.mark.parametrize("line", ["4", "-8", "12/4", "0/0", "2018年第4页的内容", "第4条", "—"])
def test_not_page_numbers(line):
    assert not is_page_number_line(line)


def test_word_broken_over_a_page_break_rule_is_rejoined():
    text = f"{LONG_PROSE_AFTER_BREAK}\n\n---\n\n〔2018〕94号)要求,做好公开工作。"
    assert remove_page_breaks(text) == f"{LONG_PROSE_AFTER_BREAK}〔2018〕94号)要求,做好公开工作。"


def test_word_broken_over_page_number_and_form_feed_is_rejoined():
    text = "本年度共受理各类政府信息公开申请的具体办理情况详见附表所列的数\n- 3 -\n\f\n据,其中予以公开的占多数。"
    assert remove_page_breaks(text) == ("本年度共受理各类政府信息公开申请的具体办理情况详见附表所列的数"
                                        "据,其中予以公开的占多数。")


def test_number_and_unit_split_by_a_page_break_are_rejoined():
    text = "截至年底我局通过门户网站累计主动公开政府信息\n\n---\n\n752条。"
    assert remove_page_breaks(text) == "截至年底我局通过门户网站累计主动公开政府信息752条。"


def test_heading_before_a_page_break_is_not_glued():
    text = "# 某某市科学技术局\n\n---\n\n〔2019〕—38"
    assert remove_page_breaks(text) == "# 某某市科学技术局\n\n〔2019〕—38"


def test_sentence_end_before_a_page_break_keeps_the_break_as_a_paragraph_gap():
    text = "本年度各项公开工作均已按照计划完成并通过了上级部门的检查验收。\n\n- 2 -\n\n二、主动公开情况"
    assert remove_page_breaks(text) == ("本年度各项公开工作均已按照计划完成并通过了上级部门的检查验收。"
                                        "\n\n二、主动公开情况")


def test_two_numbers_are_never_glued_across_a_page_break():
    text = "本表各项数据均为本机关在统计年度内实际办理完成的件数合计12\n\n---\n\n34"
    assert remove_page_breaks(text) == "本表各项数据均为本机关在统计年度内实际办理完成的件数合计12\n\n34"


def test_pipe_rows_split_over_pages_become_consecutive():
    text = "| 本年新收 | 3 | 0 |\n\n- 5 -\n\n---\n\n| 上年结转 | 0 | 0 |"
    assert remove_page_breaks(text) == "| 本年新收 | 3 | 0 |\n| 上年结转 | 0 | 0 |"


def test_long_prose_line_cut_mid_word_at_an_ordinary_break_is_rejoined():
    joined = remove_page_breaks(f"{LONG_PROSE}\n\n强社会公众关注事项的公开。")
    assert joined == f"{LONG_PROSE}强社会公众关注事项的公开。"


def test_ordinary_break_with_two_blank_lines_is_left_alone():
    text = f"{LONG_PROSE}\n\n\n强社会公众关注事项的公开。"
    assert remove_page_breaks(text) == text


def test_flattened_table_cells_are_never_joined():
    text = "信息内容\n\n本年新\n\n制作数量\n\n规章\n\n0\n\n\n0"
    assert remove_page_breaks(text) == text


def test_numbered_next_line_is_never_joined():
    for start in ("一、总体情况", "(二)主动公开", "3.完善机制", "一是加强学习", "第二十条第(一)项"):
        assert not should_join(LONG_PROSE, start, across_page_break=True)
        assert not should_join(LONG_PROSE, start, across_page_break=False)


def test_short_enumerated_heading_is_never_joined_but_long_numbered_paragraph_is():
    assert not should_join("三、信息公开工作存在的问题和改进情况", "加强培训", across_page_break=True)
    long_numbered = "(一)加强领导" + LONG_PROSE
    assert should_join(long_numbered, "强社会公众关注事项的公开。", across_page_break=False)


def test_short_unpunctuated_line_after_an_ordinary_break_is_a_heading():
    assert not should_join(LONG_PROSE, "附件", across_page_break=False)
    assert should_join(LONG_PROSE, "强社会监督。", across_page_break=False)
    assert should_join(LONG_PROSE, "强社会公众关注的财政科技专项资金项目计划安排与执行情况", across_page_break=False)


def test_ordinary_break_needs_an_ideograph_on_both_sides():
    assert not should_join(LONG_PROSE, "〔2018〕94号", across_page_break=False)
    assert should_join(LONG_PROSE, "〔2018〕94号", across_page_break=True)
    assert not should_join(LONG_PROSE[:-1] + "。", "下一段", across_page_break=True)


def test_pipe_rows_are_never_joined_as_prose():
    row = "| 一个很长的表格行内容 | 一个很长的表格行内容 | 一个很长的表格行内容 | 加"
    assert not should_join(row, "强", across_page_break=True)


# A hostile text: every line is long unpunctuated prose, so every line break (ordinary, or
# a removed page-break rule or page number) joins the next line onto one growing line.
_CONTINUING_LINE = ("本机关依法公开政府信息并持续完善发布审核机制加强预决算信息公开推进重点领域信息公开工作" * 2)[:60]
_SEPARATORS = ("\n", "\n\n", "\n\n---\n\n", "\n- 3 -\n")


def _every_line_continues(lines: int, separator: str) -> str:
    return separator.join(_CONTINUING_LINE for _ in range(lines))


@pytest.mark.parametrize("separator", _SEPARATORS)
def test_text_where_every_line_continues_the_last_becomes_one_line(separator):
    text = _every_line_continues(200, separator)
    assert remove_page_breaks(text) == _CONTINUING_LINE * 200


@pytest.mark.parametrize("separator", _SEPARATORS[::2])
def test_rejoining_time_grows_linearly_with_the_text(separator):
    # Gluing each piece onto the growing line copied it at every join: 4x the text took
    # 16x the time. Only the ratio is checked (a generous bound; CPU time, shared machines).
    small = _every_line_continues(8_000, separator)  # about half a megabyte
    large = _every_line_continues(32_000, separator)  # about two megabytes
    ratio = (best_cpu_seconds(remove_page_breaks, large)
             / best_cpu_seconds(remove_page_breaks, small))
    assert ratio < 8


def test_whole_decode_time_grows_linearly_with_a_text_of_continuing_lines():
    def decode(text: str) -> None:
        decode_document(text.encode(), filename="report.txt")

    small = _every_line_continues(8_000, "\n")
    large = _every_line_continues(32_000, "\n")
    assert best_cpu_seconds(decode, large) / best_cpu_seconds(decode, small) < 8


def test_a_long_previous_line_is_judged_by_its_join_context():
    # remove_page_breaks hands should_join a shortened stand-in for a long rejoined line.
    assert JOIN_CONTEXT_CHARS > max(MIN_CHARS_ORDINARY_BREAK, MAX_HEADING_CHARS) + 1
    previous_lines = [
        LONG_PROSE * 3,
        "# " + LONG_PROSE * 3,
        "| " + LONG_PROSE * 3,
        "(一)" + LONG_PROSE * 3,
        LONG_PROSE * 3 + "12",
        LONG_PROSE * 3 + "。",
        LONG_PROSE[:30],
        "三、信息公开工作存在的问题",
    ]
    following_lines = ["强社会监督。", "〔2018〕94号", "34", "一、总体情况", "附件", "| a |", "# 二", LONG_PROSE]
    for previous in previous_lines:
        assert len(join_context(previous)) <= JOIN_CONTEXT_CHARS
        for following in following_lines:
            for across in (True, False):
                assert should_join(join_context(previous), following, across_page_break=across) == (
                    should_join(previous, following, across_page_break=across)
                )


def test_leaving_out_short_line_candidates_changes_nothing(monkeypatch):
    # Random lines of every length around the limits, ending and starting every way; the
    # result must be what trying every ordinary break (the unfiltered candidates) gives.
    rng = random.Random(11)
    pieces = ["本机关依法公开政府信息"] * 4 + ["加强", "一、总体情况", "# 标题", "| a | b |", "。", ",", "12"]
    texts = []
    for _ in range(1500):
        lines = []
        for _ in range(rng.randint(1, 12)):
            line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
            lines.append(line[: rng.choice([5, 19, 20, 49, 50, 51, 80, 200])])
        texts.append("\n".join(lines))
    assert sum(remove_page_breaks(text) != text for text in texts) > 200  # joins are tested
    filtered = [remove_page_breaks(text) for text in texts]
    unfiltered_candidates = page_breaks._find_join_candidates

    def every_candidate(text: str, *, has_breaks: bool) -> set[int]:
        return unfiltered_candidates(text, has_breaks=True)

    monkeypatch.setattr(page_breaks, "_find_join_candidates", every_candidate)
    assert [remove_page_breaks(text) for text in texts] == filtered
