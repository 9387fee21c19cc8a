"""Dates as reports print them, and which date on a page is its publication date.

Forms: 2019-01-30, 2019/1/30, 2019.01.30, 2019年1月30日, 二〇一九年一月三十日 (a time may
follow). Partial or garbled dates ("2014 124", "2019年2月") give nothing.

Where the publication date comes from, most trusted first (the labels are in
``agency_vocab.yaml``):

1. a page field labelled as the publication (发布日期, 发布时间, 公开日期 …). Pages often print
   the day the document was written beside the day it went online ("成文日期:2024-03-18
   发布日期:2024-03-29"); the publication wins wherever the two stand;
2. a field with the document's own date (成文日期, 发文日期, 公文生成日期 …);
3. a generic field (日期, 时间) at the start of a field, not inside 统计时间 or 办理时间;
4. a date on a header line of page furniture (来源, 索引号, 浏览次数), never in a sentence
   ("截至2019年12月31日,我镇全年…" dates a statistic);
5. the signature date at the end ("2019年2月22日" alone on a line, or after the organ's name).

A field's value follows a colon, a space, or the next cell of a pipe table: metadata tables of
web pages reach us as "| 成文日期 | 2022.01.29 | 发布日期 | 2022.01.29 |".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from xxgk.extract.numbers import parse_number
from xxgk.extract.page import (
    FIELD_PRECEDERS,
    LINE,
    Finding,
    Page,
    find_in_header_and_footer,
    get_line_text,
    index_label_ends,
)

VOCAB_PATH = Path(__file__).with_name("agency_vocab.yaml")

CJK_YEAR = r"[二][〇零0○][一二三四五六七八九〇零0○][〇零0○一二三四五六七八九]"
# A year as reports write it, in digits or digit by digit in Chinese (二〇一九).
YEAR = rf"(?:(?:19|20)\d\d|{CJK_YEAR})"
_CJK_MD = r"[0-9一二三四五六七八九十]{1,3}"
# A time may be glued to the day ("2021-03-2918:26", a page that lost the space).
DATE = re.compile(
    rf"(?<![\d])(?P<y>{YEAR})\s*(?:[-/.]|年)\s*(?P<m>{_CJK_MD})\s*(?:[-/.]|月)\s*(?P<d>{_CJK_MD})"
    r"(?:(?![\d一二三四五六七八九十])|(?=\d\d:\d\d))\s*日?")
# A line under the title that holds only the page's date: "2015-03-13", "• 2021-01-29",
# "( 2012年02月12日 )", or day first with its time as some mirrors print it ("01.04.2019 09:54").
_TIME = r"(?:\s*\d{1,2}:\d\d(?::\d\d)?)?"
_DATE_ONLY_LINE = re.compile(rf"^[•·\-*\s]*\(?\s*{DATE.pattern}{_TIME}\s*\)?$")
_DAY_FIRST_LINE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>20\d\d)\s+\d{1,2}:\d\d$")
# The organ's name, then the page's date, on one line under the title (a byline).
_BYLINE = re.compile(rf"^(?P<organ>[\u4e00-\u9fff()]{{4,40}}?)\s*{DATE.pattern}{_TIME}$")
_TITLE_WITH_DATE = re.compile(rf"(?:报告|年报)\s*\(\s*{DATE.pattern}{_TIME}\s*\)\s*$")
_TITLE_WORDS = re.compile("报告|年报")
_UNDER_TITLE_LINES = 8
# PDF conversions leave the page footer on the last text line ("2019年2月22日- 4 -").
_PAGE_FOOTER = r"(?:-\d{1,3}-|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})?"
_DATE_LINE = re.compile(rf"^(?P<y>{YEAR})年(?P<m>{_CJK_MD})月(?P<d>{_CJK_MD})日{_PAGE_FOOTER}$")
_ANY_DATE_LINE = re.compile(rf"^{DATE.pattern}(?:\d\d:\d\d(?::\d\d)?)?{_PAGE_FOOTER}$")
_SENTENCE_PUNCTUATION = re.compile(r"[。,;]")  # matched on folded text: ASCII punctuation
_HEADER_LINES = 60  # lines at the top where a header line may stand
# How long a header line may be: spam glued around the fields of hacked pages lengthens it.
_HEADER_LINE_CHARS = 200
_SIGNATURE_LINES = 30  # lines at the end where a signature may stand


# The tiers of date fields, in order of trust: (labels key in the vocabulary, rule).
_TIERS = (("publication_date_labels", "publish_date.labelled"),
          ("document_date_labels", "publish_date.document_date"),
          ("generic_date_labels", "publish_date.generic_label"))
_GENERIC = len(_TIERS) - 1


@dataclass(frozen=True, slots=True)
class DateVocabulary:
    # One regex for every tier, so the page is scanned once; the label says the tier. (One
    # group of plain alternatives keeps the regex engine's fast first-character scan; a group
    # per tier loses it and is seven times slower.)
    field: re.Pattern[str]
    field_label_ends: dict[str, tuple[int, ...]]  # see page.index_label_ends
    tier_of_label: dict[str, int]
    header_line_words: re.Pattern[str]


@lru_cache(maxsize=1)
def get_date_vocabulary(path: Path = VOCAB_PATH) -> DateVocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tier_of_label = {label: i for i, (key, _rule) in reversed(list(enumerate(_TIERS)))
                     for label in data[key]}
    labels = "|".join(map(re.escape, sorted(tier_of_label, key=len, reverse=True)))
    return DateVocabulary(
        field=re.compile(
            rf"(?P<label>{labels})\s*[::]?\s*(?:\|\s*)?[\[【(]?\s*{DATE.pattern}"),
        field_label_ends=index_label_ends(list(tier_of_label)),
        tier_of_label=tier_of_label,
        header_line_words=re.compile(data["header_line_words"]),
    )


def read_date(m: re.Match[str]) -> str | None:
    """The ISO date a DATE-like match (groups y, m, d) spells, or None if it is not a real day."""
    year, month, day = (parse_number(m.group(g)) for g in ("y", "m", "d"))
    if year is None or month is None or day is None:
        return None
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date.isoformat() if 1998 <= date.year <= 2100 else None


def find_publish_date(page: Page, is_signer: Callable[[str], bool]) -> Finding | None:
    """The page's publication date (see the module docstring), or None.

    ``is_signer(line)`` says whether a line is an organ's name: a date line right after one is
    a signature even in a numeric form ("2019-02-22").
    """
    return (_find_date_field(page) or _find_header_line_date(page)
            or _find_date_under_title(page, is_signer) or _find_signature_date(page, is_signer))


def _find_date_field(page: Page) -> Finding | None:
    """The first date of the most trusted tier of fields."""
    vocab = get_date_vocabulary()
    folded = page.folded
    best: dict[int, Finding] = {}  # tier → its first valid date
    for m in find_in_header_and_footer(vocab.field, folded, vocab.field_label_ends):
        tier = vocab.tier_of_label[m.group("label")]
        if tier in best:
            continue
        if tier == _GENERIC and m.start() > 0 and folded[m.start() - 1] not in FIELD_PRECEDERS:
            continue  # 统计时间, 办理时间: the generic label ends a longer one
        value = read_date(m)
        if value:
            best[tier] = Finding(value, get_line_text(folded, m.start(), page.tv.text),
                                 m.start("y"), m.end(), _TIERS[tier][1])
            if tier == 0:
                break  # nothing is more trusted than the publication field
    return best[min(best)] if best else None


def _find_header_line_date(page: Page) -> Finding | None:
    words = get_date_vocabulary().header_line_words
    for n, lm in enumerate(LINE.finditer(page.folded)):
        if n >= _HEADER_LINES:
            break
        line = lm.group()
        if len(line) > _HEADER_LINE_CHARS or not words.search(line) or _SENTENCE_PUNCTUATION.search(line):
            continue
        m = DATE.search(line)
        if m and (value := read_date(m)):
            start, end = lm.start() + m.start("y"), lm.start() + m.end()
            return Finding(value, page.tv.text[lm.start():lm.end()].strip(), start, end,
                           "publish_date.header_line")
    return None


def _find_date_under_title(page: Page, is_signer: Callable[[str], bool]) -> Finding | None:
    """A date standing alone on a line among the first lines, after the report's title (or in
    brackets at the end of the title line itself), or after the organ's name on a byline
    ("某省人民政府办公厅  2017/3/29")."""
    seen_title = False
    for n, lm in enumerate(LINE.finditer(page.folded)):
        if n >= _UNDER_TITLE_LINES:
            break
        line = lm.group().strip()
        m = _TITLE_WITH_DATE.search(line)
        if not m and seen_title:
            m = _DATE_ONLY_LINE.match(line) or _DAY_FIRST_LINE.match(line)
            byline = None if m else _BYLINE.match(line)
            if byline and is_signer(byline.group("organ")):
                m = byline
        seen_title = seen_title or bool(_TITLE_WORDS.search(line))
        if m and (value := read_date(m)):
            offset = lm.start() + lm.group().find(line)
            return Finding(value, page.tv.text[lm.start():lm.end()].strip(),
                           offset + m.start("y"), offset + m.end("y"),
                           "publish_date.under_title")
    return None


def _find_signature_date(page: Page, is_signer: Callable[[str], bool]) -> Finding | None:
    n = len(page.lines)
    for i in range(n - 1, max(n - _SIGNATURE_LINES, 0) - 1, -1):
        line = page.line(i)
        if len(line) > 30:
            continue  # a date line is short
        m = _DATE_LINE.match(line)
        if not m and i > 0 and is_signer(page.line(i - 1)):
            m = _ANY_DATE_LINE.match(line)
        if m and (value := read_date(m)):
            start, end = page.tv.span_to_text(*page.lines[i])
            return Finding(value, page.evidence(*page.lines[max(i - 1, 0)]) + " " + line,
                           start, end, "publish_date.signature")
    return None
