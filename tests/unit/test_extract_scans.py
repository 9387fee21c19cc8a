"""The extractors' fast scans agree with the plain definitions they replace.

Each scan below was written for speed (str.find instead of a regex scan, bisect over precomputed
offsets, a regex that starts with a literal); these tests pin each one to the straightforward
version on generated text, so a later edit cannot make them drift apart.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.extract import dates, freetext, metadata, page
from xxgk.extract.textview import build_view


def _texts(atoms: list[str], max_size: int = 40):
    return st.lists(st.sampled_from(atoms), max_size=max_size).map("".join)


# ------------------------------------------------------------------ text view offsets

@settings(max_examples=300, deadline=None)
@given(_texts(["a", "开", " ", "  ", "\u3000", "\t", "\n", "|", "0"]))
def test_view_offsets_map_to_the_characters_they_came_from(text):
    tv = build_view(text)
    kept = [i for i, ch in enumerate(tv.folded) if ch != " "]  # text offset of each view char
    assert len(kept) == len(tv.view)
    for offset, text_offset in enumerate(kept):
        assert tv.to_text(offset) == text_offset
    end = kept[-1] + 1 if kept else len(text)
    assert tv.to_text(len(tv.view)) == end
    if kept:  # a name searched for and not found (-1) is shifted like the last character
        assert tv.to_text(-1) == -1 + (kept[-1] - (len(kept) - 1))


# ------------------------------------------------------------------ labelled page fields

_DATE_ATOMS = [*dates.get_date_vocabulary().tier_of_label, ":", "|", " ", "\n", "2019-01-02",
               "2019年1月3日", "二〇一九年一月三日", "发", "日", "期", "时", "间", "[", "信息"]


@settings(max_examples=300, deadline=None)
@given(_texts(_DATE_ATOMS), st.sampled_from([1, 1, 200]))
def test_date_fields_are_found_as_a_full_scan_finds_them(text, repeat):
    text = text * repeat  # long enough, at times, for a header and a footer
    vocab = dates.get_date_vocabulary()
    plain = [*vocab.field.finditer(text, 0, page.HEADER_CHARS)]
    if len(text) > page.HEADER_CHARS:
        plain += vocab.field.finditer(text, max(len(text) - page.FOOTER_CHARS, page.HEADER_CHARS))
    fast = page.find_in_header_and_footer(vocab.field, text, vocab.field_label_ends)
    assert [(m.span(), m.groupdict()) for m in fast] == [(m.span(), m.groupdict()) for m in plain]


def test_label_ends_say_how_far_back_each_label_starts():
    assert page.index_label_ends(["发布日期", "日期", "公文生成日期", "时间"]) == {
        "日期": (0, 2, 4), "时间": (0,)}


# ------------------------------------------------------------------ clauses and sentences

_CLAUSE = re.compile(r"(?:[^,;:]|(?<=\d),(?=\d{3}(?!\d)))+")  # a clause, as first defined


@settings(max_examples=300, deadline=None)
@given(_texts(["1", "2", ",", ";", ":", "a", "条", "1,000", "12,3456", ",,"], max_size=14))
def test_a_clause_is_located_from_its_ends_as_the_clause_regex_finds_it(sentence):
    clauses = [m.span() for m in _CLAUSE.finditer(sentence)]
    ends = [m.start() for m in freetext._CLAUSE_END.finditer(sentence)]
    for pos in range(-1, len(sentence) + 2):
        expected = next(((a, b) for a, b in clauses if a <= pos < b), (pos, pos))
        assert freetext._locate_clause(ends, pos, len(sentence)) == expected


@settings(max_examples=300, deadline=None)
@given(_texts(["。", "!", "?", "\n", "a", "申请", "3条"], max_size=60),
       st.integers(min_value=0, max_value=200))
def test_a_sentence_is_delimited_by_any_of_its_ends(view, pos):
    view = view * 20  # some sentences longer than the cut at _MAX_SENTENCE
    pos = min(pos * 7, max(len(view) - 1, 0))
    lo, hi = max(pos - freetext._MAX_SENTENCE, 0), min(pos + freetext._MAX_SENTENCE, len(view))
    start = max([view.rfind(c, lo, pos) for c in freetext._SENTENCE_ENDS] + [lo - 1]) + 1
    end = min([e for c in freetext._SENTENCE_ENDS if (e := view.find(c, pos, hi)) >= 0] + [hi])
    ends = view
    for c in freetext._SENTENCE_ENDS:
        ends = ends.replace(c, "\n")
    assert freetext._find_sentence_around(ends, pos) == (start, end)


# ------------------------------------------------------------------ report year openings

_OPENING = re.compile(r"[\n。](?P<y>(?:19|20)\d\d)年度?(?:以来)?,")  # as first defined


@settings(max_examples=300, deadline=None)
@given(_texts(["2018", "2019", "1918", "年", "年度", "以来", ",", "\n", "。", "x", "20"]))
def test_opening_years_are_found_from_their_year_character(view):
    def found(regex):
        return [(m.span("y"), m.end()) for m in regex.finditer("\n" + view)]

    assert found(metadata._OPENING_YEAR) == found(_OPENING)


_WORD_ATOMS = ["12月", "十二月", "月", "2018年1月1日至2018年12月31日", "统计", "x" * 500, "报告",
               "年报", "年报告", "2018年度政府信息公开", "二〇一八年公开", "\n"]


def _find_periods_by_words(view):  # as first defined: one str.find pass per word
    for word in ("12月", "十二月"):
        at = view.find(word, 0, 4000)
        while at >= 0:
            yield from metadata._PERIOD.finditer(view, max(at - 40, 0), at + 8)
            at = view.find(word, at + 1, 4000)
    at = view.find("统计", 4000)
    while at >= 0:
        yield from metadata._PERIOD.finditer(view, at, at + 60)
        at = view.find("统计", at + 60)


def _find_body_years_by_words(view):  # as first defined
    for word in ("报告", "年报"):
        at = view.find(word)
        while at >= 0:
            m = metadata._BODY_YEAR_BEFORE_REPORT.search(view, max(at - 30, 0), at)
            if m:
                yield m
            at = view.find(word, at + 2)


@settings(max_examples=300, deadline=None)
@given(_texts(_WORD_ATOMS, max_size=30))
def test_periods_and_body_years_are_found_from_one_character(view):
    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    assert found(metadata._find_periods(view)) == found(_find_periods_by_words(view))
    assert (found(metadata._find_body_year_mentions(view))
            == found(_find_body_years_by_words(view)))


# ------------------------------------------------------------------ checks before the period

def test_only_the_binding_checks_look_at_the_binding():
    # _judge runs the other checks before it dates a statement: they must not depend on it.
    vocab = freetext.get_vocabulary()
    sentences = ["全年通过门户网站主动公开信息615条", "(同一信息多渠道发布计1条)",
                 "依申请公开方面,全年共收到申请1件", "未发生行政复议、行政诉讼案件",
                 "发布信息23条", "其中工作动态类173条"]
    headings = ["", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况|(一)复议"]
    for sentence in sentences:
        for heading in headings:
            for cut in range(len(sentence) + 1):
                ctx = freetext._Context(
                    clause=sentence, prefix=sentence[:cut], sentence_prefix=sentence[:cut],
                    clause_start=0, sentence=sentence, heading=heading,
                    innermost_heading=heading.split("|")[-1], dimension=sentence[:cut] or None)
                for name, check in freetext._CHECKS.items():
                    if name not in freetext._BINDING_CHECKS:
                        assert check(ctx, vocab, True) == check(ctx, vocab, False), name
    ctx = ctx._replace(heading="", innermost_heading="")
    assert all(freetext._CHECKS[n](ctx, vocab, True) != freetext._CHECKS[n](ctx, vocab, False)
               for n in freetext._BINDING_CHECKS)


# ------------------------------------------------------------------ headings

_HEADING = re.compile(  # as first defined, without the look-ahead on a heading's first character
    r"\n[#*•·>\-]*(?:(?P<l1>[一二三四五六七八九十]{1,3}[、.])|(?P<l2>\([一二三四五六七八九十]{1,3}\))"
    r"|(?P<l3>\d{1,2}[、.](?!\d))|(?P<l4>\(\d{1,2}\))|(?P<l1b>第[一二三四五六七八九十]{1,3}(?:部分|章)))"
    r"(?P<title>[^\n。]{0,40})")


@settings(max_examples=300, deadline=None)
@given(_texts(["\n", "一、", "(一)", "1.", "1、", "(1)", "第二部分", "第三章", "#", "*", "•", ">",
               "-", "12", "。", "公开", "标题", "2.5", "十一", "|"]))
def test_headings_are_found_as_without_the_look_ahead(view):
    assert ([m.groupdict() for m in freetext._HEADING.finditer("\n" + view)]
            == [m.groupdict() for m in _HEADING.finditer("\n" + view)])
