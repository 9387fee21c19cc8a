"""Report metadata: the reporting organ, the year covered, the publication date, the index number.

Where each comes from, most trusted first (the vocabularies are in ``agency_vocab.yaml``):

agency
    the report title ("南湖县科学技术局2018年政府信息公开工作年度报告", in the page title or the
    first lines), "现公布X2018年…", a line at the top that is only an organ's name, the signature
    at the end, the 发布机构 field, an organ-only segment of the page title, 来源, "由X编制".
    The first full name found is the primary; it is then replaced by the fullest compatible
    name the report prints (长春市科技局 → 长春市科学技术局, 晋安区 → 晋安区人民政府). Relative
    names (市科技局) are never returned on their own: no credible full name means null. Injected
    spam ("…-某某客户端") is cut from titles.
report_year
    the title ("2018年度…年度报告"), else the statistics period ("统计期限自2018年1月1日起至
    2018年12月31日止"), else "2018年…信息公开…报告" in the body (the most frequent year; a tie
    gives nothing), else the year most sentences open with ("2018年,我局…", at least twice and
    more than any other). **Disagreements**: the title wins over the period and the body, because
    reports are often written over last year's text and the stale year survives in the
    boilerplate, not in the freshly typed title; a warning names the losing source. A year later
    than the publication date is impossible and yields to the next source. The publication year
    is never used as the report year.
publish_date
    the page's publication date: see dates.py (发布日期 over 成文日期, then generic fields, a
    header line, the signature date).
index_number
    the 索引号 (or 索取号) field.

``extract_metadata`` returns only the fields it found; spans index the cleaned text, or are
(-1, -1) for a value read from the page title that the text does not repeat.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

import yaml

from xxgk.extract.dates import YEAR, find_publish_date
from xxgk.extract.numbers import parse_number
from xxgk.extract.page import (
    FIELD_PRECEDERS,
    Finding,
    Page,
    find_in_header_and_footer,
    get_line_text,
    read_page,
)
from xxgk.extract.places import is_place_sequence
from xxgk.extract.textview import TextView
from xxgk.model import Field

VOCAB_PATH = Path(__file__).with_name("agency_vocab.yaml")

# Some organs title their report a summary or a progress note: "…2013年政府信息公开工作总结",
# "…2014年政府信息公开工作进展情况".
_REPORT_WORDS = re.compile(r"报告|年报|总结|公开工作(?:开展|进展|落实)?情况$")
_TITLE_WORDS = re.compile(r"报告|年报|信息公开|政务公开")
# Names that need no region to be complete: central organs.
_NATIONAL = re.compile(r"^(?:国家|国务院|中国|中华人民共和国|全国|中央)|(?:部|署|总局)$")

# (a title may drop the 年: "某厅2022政府信息公开年报")
_TITLE_YEAR = re.compile(
    rf"(?P<y>{YEAR})(?:年度?|(?=政府信息|政务信息|政务公开))[^\n。]{{0,30}}?"
    r"(?:信息公开|政务公开|公开工作|年度报告|年报|工作报告)")
# A subtitle line of the year alone: "(2016年度)".
_YEAR_SUBTITLE = re.compile(rf"^\(?(?P<y>{YEAR})年度\)?$")
_TITLE_YEAR_AFTER = re.compile(rf"(?:年度报告|年报)\(?(?P<y>{YEAR})年?度?\)?")
_PERIOD = re.compile(
    rf"(?P<y>{YEAR})年(?:1|01|一)月(?:1|01|一)日(?:起)?"
    rf"(?:至|到|—+|-+|~)(?:(?P<y2>{YEAR})年)?(?:12|十二)月(?:\d\d|[二三]十一?|[二三]十)日")
# Matched on "\n" + view. It starts with 年, located like any literal (a leading set such as
# [\n。] is tested at every character, several times slower), and looks back for the rest.
# "现将2020年度政府信息公开总体情况…报告如下": the year whose disclosure the report presents.
_PRESENTED_YEAR = re.compile(rf"(?:现将|编制(?:了|完成)?)(?P<y>{YEAR})年度?(?:本[局委厅办]|本机关)?"
                             r"(?:政府|政务)?信息公开"
                             r"(?:工作)?(?:总体|基本)?(?:情况|年度报告|工作年度报告)")
# A text that opens with the year and a comma ("2024年,某厅深入贯彻…"): a report whose title and
# headings are not on the page, speaking of its year first.
_TEXT_OPENING = re.compile(r"\s*(?P<y>(?:19|20)\d\d)年度?(?:以来)?,")
_OPENING_YEAR = re.compile(r"年(?<=[\n。](?P<y>(?:19|20)\d\d)年)度?(?:以来)?,")
# The first words under the overview heading ("一、总体情况\n2019年,我局…"): the year the report
# covers, in reports whose title is not on the page. Some copies lose 年 ("2015-,我局").
_OVERVIEW_WORDS = ("总体情况", "概述", "总体工作情况", "基本情况", "工作概况")
_OVERVIEW_OPENING = re.compile(
    rf"[^\n]{{0,12}}\n(?:\([一1]\)[^\n]{{0,24}}\n)?"
    rf"(?P<y>{YEAR})(?:年度?|-)(?:以来|来)?(?:,|[^\d年月日])")


def _find_overview_opening(view: str) -> re.Match[str] | None:
    """The year under the first overview heading (found by str.find: a pattern opening with
    five different words would test every character of the text)."""
    for word in _OVERVIEW_WORDS:
        at = view.find(word, 0, 6000)
        while at >= 0:
            m = _OVERVIEW_OPENING.match(view, at + len(word))
            if m:
                return m
            at = view.find(word, at + len(word), 6000)
    return None
# "2025年我局…", "2019年度,本委…": a year, then the organ speaking of itself.
_SELF_YEAR = re.compile(rf"(?<=[,。\n])(?P<y>{YEAR})年度?,?(?:我|本)[局委厅办署院馆处]")
_BODY_YEAR_BEFORE_REPORT = re.compile(
    rf"(?P<y>{YEAR})年度?(?:本级)?(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度)?$")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff()]+")
_TRAILING_ABOUT = re.compile(r"关于$")
_LEADING_YEAR = re.compile(rf"^{YEAR}年?度?")
# A name starts with a Chinese character; PDF headers glue document numbers in front of the
# title ("〔2024〕—20某市发展和改革委员会2023年度…").
_LEADING_NON_CJK = re.compile(r"^[^\u4e00-\u9fff]*?(?=(?:19|20)\d\d年|[\u4e00-\u9fff])")
# A title broken after its year: "某市科学技术局2022年" / "政府信息公开工作年度报告".
_TITLE_ENDS_WITH_YEAR = re.compile(rf"{YEAR}年度?$")
_TITLE_SECOND_LINE = re.compile(r"(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度)?(?:报告|年报)$")
# PDF conversions wrap a long title: "…2018年政府信息公开工作年度" + "报告" on the next line.
_WRAPPED_TITLE_TAIL = 6
# "城口县人民政府机关" / "2020年政府信息公开工作年度报告": the organ over the year and the rest.
_TITLE_YEAR_LINE = re.compile(rf"{YEAR}年度?(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度)?(?:报告|年报)$")
_TITLE_SEPARATORS = re.compile(r"[-_|—–·]+|\s{2,}")
_TITLE_CUT = re.compile(rf"{YEAR}年|(?:政府|政务)?(?:信息|政务)*公开|年度报告|年报|工作报告")
_LEADING_JUNK = re.compile(r"^(?:[#*•·>\-\s]+|\d{1,2}[.、](?!\d))+")
_TRAILING_JUNK = "。.:;, \t\n*#"
_PUBLISH_AS = re.compile(r"现(?:将|向社会)?公布(?P<org>[^,。\n\"《》]{2,40}?)(?:(?:19|20)\d\d)年")
_COMPILED_BY = re.compile(r"由(?P<org>[^,。\n\"《》]{2,40}?)(?:负责)?编制")
_INDEX_VALUE = re.compile(r"\s*[::|]?\s*\|?\s*(?P<v>[A-Za-z0-9][A-Za-z0-9\-_/.]{3,60})")


@dataclass(frozen=True, slots=True)
class MetadataVocabulary:
    organ_end: re.Pattern[str]
    organ_at_start: re.Pattern[str]
    region_prefix: re.Pattern[str]  # one or more region names at the start: 福建省德化县
    bare_level: re.Pattern[str]  # a region level with no name before it: 市…, 县…
    region_expansions: tuple[str, ...]
    compiling_office: re.Pattern[str]
    abbreviations: dict[str, str]
    not_in_name: re.Pattern[str]
    spam: re.Pattern[str]
    agency_labels: tuple[str, ...]
    agency_field: re.Pattern[str]
    index_field: re.Pattern[str]
    body_mentions: tuple[tuple[str, re.Pattern[str]], ...]  # (rule, pattern), most trusted first
    internal_unit: re.Pattern[str]  # a unit of an organ at the end of a contact's name
    department_end: re.Pattern[str]
    title_label: re.Pattern[str]  # a field label glued in front of a title
    format_notices: tuple[tuple[str, tuple[str, ...]], ...]  # (template, words naming it)


@lru_cache(maxsize=1)
def get_metadata_vocabulary(path: Path = VOCAB_PATH) -> MetadataVocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    suffixes = "|".join(sorted(map(re.escape, data["organ_suffixes"]), key=len, reverse=True))
    index = "|".join(r"\s*".join(map(re.escape, label)) for label in data["index_labels"])
    regions = "|".join(sorted(map(re.escape, data["region_suffixes"]), key=len, reverse=True))
    return MetadataVocabulary(
        organ_end=re.compile(rf"(?:{suffixes})$"),
        organ_at_start=re.compile(rf"^[\u4e00-\u9fff()]{{1,38}}(?:{suffixes})"),
        region_prefix=re.compile(rf"^(?:[\u4e00-\u9fff]{{1,8}}?(?:{regions}))+"),
        bare_level=re.compile(rf"^(?:{regions})"),
        region_expansions=tuple(data["region_expansions"]),
        compiling_office=re.compile(data["compiling_office"]),
        abbreviations=dict(data["abbreviations"]),
        not_in_name=re.compile(data["not_in_name"]),
        spam=re.compile(data["spam_words"]),
        agency_labels=tuple(data["agency_labels"]),
        agency_field=re.compile(
            rf"(?P<label>{'|'.join(map(re.escape, data['agency_labels']))})"
            r"\s*[::]?\s*\|?\s*(?P<v>[^\s|,;:<>\"]{2,60})"),
        index_field=re.compile(rf"(?:{index}){_INDEX_VALUE.pattern}"),
        body_mentions=tuple((entry["rule"], _compile_mention(entry["pattern"], suffixes))
                            for entry in data["body_mentions"]),
        internal_unit=re.compile("(?:" + "|".join(sorted(
            map(re.escape, data["internal_units"]), key=len, reverse=True)) + ")$"),
        department_end=re.compile(data["department_end"]),
        title_label=re.compile("^(?:" + "|".join(map(re.escape, data["title_labels"])) + ")"),
        format_notices=tuple((t, tuple(words)) for t, words in data["format_notices"].items()),
    )


# Words a sentence's predicate starts with: a name never does ("…要求,积极落实国务院…").
_VERB_START = "积极|认真|落实|贯彻|深入|切实|进一步|坚持|编制"


def _compile_mention(pattern: str, suffixes: str) -> re.Pattern[str]:
    """A body-mention pattern with its ORG, NAME and YEAR placeholders filled in."""
    # A name never starts with the word before it (…年度政府信息公开 is no organ "度政府").
    organ = rf"(?![度年的和及与在]|{_VERB_START})[\u4e00-\u9fff()]{{1,30}}?(?:{suffixes})"
    return re.compile(pattern.replace("ORG", organ)
                      .replace("PLACE", r"[\u4e00-\u9fff]{2,12}?(?:自治区|省|市|县|区|旗|州)")
                      .replace("NAME", r"[\u4e00-\u9fff()]{2,40}?").replace("YEAR", YEAR))


def extract_metadata(text: str, title: str | None) -> tuple[dict[str, Field], list[str]]:
    """The metadata fields found in ``text`` (cleaned) and ``title``, and warnings."""
    page = read_page(text, title)
    warnings: list[str] = []
    found: dict[str, Finding] = {}
    date, text_years = _read_text_findings(text)
    if date:
        found["publish_date"] = date
    year = _choose_report_year([*_collect_title_years(page), *text_years], date, warnings)
    if year:
        found["report_year"] = year
    if year and date and str(date.value) < f"{int(year.value):04d}-11-01":
        # A report is published once the year it covers is nearly over, never before: a date
        # earlier than its last two months is a misprint or another document's.
        warnings.append(f"publish_date: {date.value} is before the end of the report year "
                        f"{year.value}; left null")
        del found["publish_date"]
    agency = _find_agency(page, warnings)
    if agency:
        found["agency"] = agency
    index = _find_index_number(page)
    if index:
        found["index_number"] = index
    fields = {name: Field(name, f.value, f.evidence, f.start, f.end, f.rule)
              for name, f in found.items()}
    return fields, warnings


def find_format_notice(text: str) -> str | None:
    """The template a cited format notice sets (国办公开办函〔2021〕30号 → table_2021), or None."""
    view = read_page(text, None).tv.view
    # Every naming holds one of these; most texts hold none, and four finds settle that.
    if not any(word in view for word in _NOTICE_CUES):
        return None
    for template, words in get_metadata_vocabulary().format_notices:
        if any(word in view for word in words):
            return template
    return None


_NOTICE_CUES = ("30号", "60号", "报告格式", "有关事项的通知")


def detect_report_year(text: str, title: str | None = None) -> int | None:
    """The year the report covers (see the module docstring), or None."""
    date, text_years = _read_text_findings(text)
    title_years = _collect_title_years(read_page(text, title)) if title else []
    found = _choose_report_year([*title_years, *text_years], date, [])
    return int(found.value) if found else None


@lru_cache(maxsize=16)
def _read_text_findings(text: str) -> tuple[Finding | None, tuple[Finding, ...]]:
    """The publication date and the report-year candidates the text itself gives.

    Cached: extract_metadata and extract_text_facts both need them for the same document.
    """
    page = read_page(text, None)
    return find_publish_date(page, _is_signer), tuple(_collect_text_years(page))


# ------------------------------------------------------------------ report year

def _read_year(m: re.Match[str], group: str = "y") -> int | None:
    value = parse_number(m.group(group))
    if value is None or not 2000 <= value <= 2100:
        return None
    return int(value)


def _collect_title_years(page: Page) -> list[Finding]:
    """The report year the page title states (first in trust)."""
    out: list[Finding] = []
    if page.title_tv is not None:
        for regex in (_TITLE_YEAR, _TITLE_YEAR_AFTER):
            m = regex.search(page.title_tv.view)
            if m and (year := _read_year(m)):
                out.append(Finding(year, page.title_tv.text.strip(), -1, -1, "report_year.title"))
                break
    return out


def _find_heading_year(page: Page) -> Finding | None:
    """The year of a heading among the first lines (a title line or a year subtitle)."""
    for i in range(min(len(page.lines), 15)):
        line = page.line(i)
        subtitle = _YEAR_SUBTITLE.match(line) if i < 5 else None
        if not subtitle and (len(line) > 80 or "。" in line.rstrip("。")
                             or not _TITLE_WORDS.search(line)):
            continue
        m = subtitle or _TITLE_YEAR.search(line) or _TITLE_YEAR_AFTER.search(line)
        if m and (year := _read_year(m)):
            s = page.lines[i][0]
            start, end = page.tv.span_to_text(s + m.start("y"), s + m.end("y"))
            return Finding(year, page.evidence(*page.lines[i]), start, end,
                           "report_year.heading")
    return None


def _find_statistics_period_year(page: Page) -> Finding | None:
    """The year of a one-year period (1月1日至12月31日) in the introduction or after 统计."""
    view = page.tv.view
    for m in _find_periods(view):
        year = _read_year(m)
        year2 = _read_year(m, "y2") if m.group("y2") else year
        is_statistics = "统计" in view[max(m.start() - 20, 0):m.start()]
        if year and year == year2 and (is_statistics or m.start() < 3000):
            start, end = page.tv.span_to_text(m.start("y"), m.end("y"))
            return Finding(year, page.evidence(m.start(), m.end()), start, end,
                           "report_year.statistics_period")
    return None


def _collect_text_years(page: Page) -> list[Finding]:
    """Candidates from the text in order of trust: heading, statistics period, body, openings."""
    out = [found for found in (_find_heading_year(page), _find_statistics_period_year(page))
           if found is not None]
    view = page.tv.view
    body = [(y, m) for m in _find_body_year_mentions(view) if (y := _read_year(m))]
    chosen = _take_majority([y for y, _ in body], minimum=1)
    if chosen:
        m = next(m for y, m in body if y == chosen)
        start, end = page.tv.span_to_text(m.start("y"), m.end("y"))
        out.append(Finding(chosen, page.evidence(m.start(), m.end()), start, end,
                           "report_year.body_mention"))
    m = _find_overview_opening(view)
    if m and (year := _read_year(m)):
        start, end = page.tv.span_to_text(m.start("y"), m.end("y"))
        out.append(Finding(year, page.evidence(m.start(), m.end()), start, end,
                           "report_year.overview_opening"))
    for rule, regex in (("report_year.presented", _PRESENTED_YEAR),
                        ("report_year.text_opening", _TEXT_OPENING)):
        m = regex.search(view, 0, 3000) if rule == "report_year.presented" else regex.match(view)
        if m and (year := _read_year(m)):
            start, end = page.tv.span_to_text(m.start("y"), m.end("y"))
            out.append(Finding(year, page.evidence(m.start(), m.end()), start, end, rule))
    openings = [(y, m) for m in _OPENING_YEAR.finditer("\n" + view) if (y := _read_year(m))]
    chosen = _take_majority([y for y, _ in openings], minimum=2)
    if chosen:
        m = next(m for y, m in openings if y == chosen)
        y_start, y_end = m.start("y") - 1, m.end("y") - 1  # minus the "\n" added in front
        start, end = page.tv.span_to_text(y_start, y_end)
        out.append(Finding(chosen, page.evidence(y_start, m.end() - 1), start, end,
                           "report_year.sentence_openings"))
    if not out:
        # The weakest sign, read only when nothing else dates the report: the year the organ
        # speaks of itself in ("…要求,2025年我局依托…"), the same in every such clause.
        mentions = [(y, m) for m in _SELF_YEAR.finditer(view, 0, 6000) if (y := _read_year(m))]
        if mentions and len({y for y, _ in mentions}) == 1:
            y, m = mentions[0]
            start, end = page.tv.span_to_text(m.start("y"), m.end("y"))
            out.append(Finding(y, page.evidence(m.start(), m.end()), start, end,
                               "report_year.self_mention"))
    return out


def _find_periods(view: str):
    """Date ranges 1月1日…12月31日 in the introduction, or wherever 统计 introduces one."""
    # Located from their "12月"/"十二月", then matched in a small window. Both end in 月, two
    # characters on: one pass of str.find over 月 finds them (a one-character find is several
    # times faster than a find for a longer word).
    twelfths = []
    at = view.find("月", 2, 4000)
    while at >= 0:
        twelfths.append(at - 2)
        at = view.find("月", at + 1, 4000)
    for word in ("12", "十二"):  # every 12月 first, then every 十二月
        for at in twelfths:
            if view.startswith(word, at):
                yield from _PERIOD.finditer(view, max(at - 40, 0), at + 8)
    at = view.find("统计", 4000)
    while at >= 0:
        yield from _PERIOD.finditer(view, at, at + 60)
        at = view.find("统计", at + 60)


def _find_body_year_mentions(view: str):
    """"2018年政府信息公开工作年度报告" anywhere: found from each 报告/年报 backwards."""
    # Both words hold 报: one pass of str.find over it finds both (see _find_periods).
    reports, annual_reports = [], []
    at = view.find("报")
    while at >= 0:
        if view.startswith("告", at + 1):
            reports.append(at)
        if at and view[at - 1] == "年":
            annual_reports.append(at - 1)
        at = view.find("报", at + 1)
    for end in reports + annual_reports:  # every 报告 first, then every 年报
        m = _BODY_YEAR_BEFORE_REPORT.search(view, max(end - 30, 0), end)
        if m:
            yield m


def _take_majority(years: list[int], minimum: int) -> int | None:
    """The most frequent year when it occurs at least ``minimum`` times and more often than
    any other, else None."""
    if not years:
        return None  # most texts: settled without building a Counter
    counts = Counter(years)
    most = max(counts.values())
    if most < minimum:
        return None
    leaders = [year for year, count in counts.items() if count == most]
    return leaders[0] if len(leaders) == 1 else None


def _choose_report_year(candidates: list[Finding], date: Finding | None,
                        warnings: list[str]) -> Finding | None:
    """The first candidate that is not later than the publication date; warns on conflicts."""
    if date is not None:
        publish_year = int(str(date.value)[:4])
        plausible = [c for c in candidates if int(c.value) <= publish_year]
        if plausible and plausible[0] is not candidates[0]:
            warnings.append(f"report_year: {candidates[0].rule} says {candidates[0].value}, after "
                            f"the publication date {date.value}; took {plausible[0].rule}")
        candidates = plausible or candidates
    if not candidates:
        return None
    chosen = candidates[0]
    strong = ("report_year.title", "report_year.heading", "report_year.statistics_period",
              "report_year.body_mention")
    for other in candidates[1:]:
        if other.rule in strong and other.value != chosen.value:
            warnings.append(f"report_year: {chosen.rule} says {chosen.value} but {other.rule} "
                            f"says {other.value}; took {chosen.value}")
    return chosen


# ------------------------------------------------------------------ agency

def _strip_junk(s: str) -> str:
    """Markdown marks, bullets, numbering and a glued field label (标题, 名称) in front,
    punctuation behind."""
    s = _LEADING_JUNK.sub("", s).rstrip(_TRAILING_JUNK)
    return get_metadata_vocabulary().title_label.sub("", s)


# A name cannot start with an organ-type word: "局办公室" is the bureau's own office.
_ORGAN_TYPE_START = frozenset("局委厅办处股室")  # not 科 or 部: 科技局, 部队…


# A second name in brackets after the organ's: 某市人民防空办公室(民防局).
ALIAS_AFTER = re.compile(r"(?<=[\u4e00-\u9fff])\([\u4e00-\u9fff]{2,8}\)$")


def _is_organ(name: str) -> bool:
    vocab = get_metadata_vocabulary()
    bare = ALIAS_AFTER.sub("", name)
    return (3 <= len(name) <= 40 and name[0] not in _ORGAN_TYPE_START
            and _CJK_NAME.fullmatch(name) is not None
            and bool(vocab.organ_end.search(bare) or _is_named_region(bare))
            and not vocab.not_in_name.search(name) and not vocab.spam.search(name))


def _is_named_region(name: str) -> bool:
    """A place standing for its government. A league (盟) must be a listed one: menu items of
    portals end in the same character (某某东盟, an ASEAN-trade column)."""
    return _is_region(name) and (not name.endswith("盟") or is_place_sequence(name))


def _is_signer(line: str) -> bool:
    """Whether a line is an organ's name, as signatures print it above their date."""
    return _is_organ(_strip_junk(line))


def _is_region(name: str) -> bool:
    # fullmatch, not match: the lazy prefix stops at the first region word it can close
    # ("兰州" of 兰州市, whose 州 is a region word), and only fullmatch backtracks past it.
    return get_metadata_vocabulary().region_prefix.fullmatch(name) is not None


def _is_relative(name: str) -> bool:
    """市科技局, 县政府, 科技局: a name that only makes sense inside its own report."""
    if get_metadata_vocabulary().bare_level.match(name):
        return True
    if _NAMED_ZONE.search(name):
        return False  # 岳阳临港高新技术产业开发区: a zone's own name, whatever place it starts with
    return not get_metadata_vocabulary().region_prefix.match(name) and not _NATIONAL.search(name)


_NAMED_ZONE = re.compile(r"^(?!经济|高新|国家|省级)[\u4e00-\u9fff]{2,}(?:开发区|高新区)$")


def _read_organ_from_title(segment: str) -> str | None:
    """The organ in a report title: "2014年度长春市科技局政务信息公开报告" → 长春市科技局.

    A title may put a place or site name before the year and the organ after it
    ("某省某市2023年某市生态环境局政府信息公开年报"): each stretch between the year and the
    report words is tried in turn. A field label glued in front ("名称某县人民政府…") is cut.
    """
    s = _LEADING_YEAR.sub("", _LEADING_NON_CJK.sub("", _strip_junk(segment), count=1))
    s = get_metadata_vocabulary().title_label.sub("", s)
    start, publisher = 0, None
    for m in _TITLE_CUT.finditer(s):
        stretch = _strip_junk(s[start:m.start()])
        name = get_metadata_vocabulary().title_label.sub("", _TRAILING_ABOUT.sub("", stretch))
        if name and _is_organ(name):
            if not (_TRAILING_ABOUT.search(stretch) and m.group().endswith("年")):
                return name
            # "某部办公厅关于2016年某部政府信息公开工作年度报告的公告": the office publishes,
            # the organ after the year reports.
            publisher = publisher or name
        start = m.end()
    return publisher


# A NamedTuple, like page.Finding: one is made per candidate name.
class _Name(NamedTuple):
    name: str
    found: Finding


# Lines at the top where a title or an organ's name line is looked for; a portal's menu may
# push the report's title further down, where only a line naming the report is taken.
_TITLE_LINES, _TITLE_LINES_WITH_MENUS = 15, 40


def _title_candidates(page: Page) -> tuple[list[_Name], list[_Name]]:
    """Organs the title names: as the author of a report ("某局2022年…年度报告"), and as a
    segment of its own ("某局")."""
    report_titles: list[_Name] = []
    title_organs: list[_Name] = []
    title = page.title_tv
    if title is None:
        return report_titles, title_organs
    vocab = get_metadata_vocabulary()
    for seg in _TITLE_SEPARATORS.split(title.view):
        if not seg or vocab.spam.search(seg):
            continue
        if _REPORT_WORDS.search(seg):
            name = _read_organ_from_title(seg)
            if name:
                found = _locate_title_name(page, title, name, "agency.title")
                report_titles.append(_Name(name, found))
        elif _is_organ(_strip_junk(seg)):
            name = _strip_junk(seg)
            found = _locate_title_name(page, title, name, "agency.title_organ")
            title_organs.append(_Name(name, found))
    return report_titles, title_organs


def _join_wrapped_title(page: Page, i: int, line: str) -> str:
    """Line ``i`` with the next one when together they are a title printed over two lines."""
    if i + 1 >= len(page.lines):
        return line
    tail = page.line(i + 1)
    if len(tail) <= _WRAPPED_TITLE_TAIL and _REPORT_WORDS.search(line + tail):
        return line + tail
    if _TITLE_SECOND_LINE.match(tail) and (_TITLE_ENDS_WITH_YEAR.search(line) or (
            _LEADING_YEAR.match(line) and _is_organ(_LEADING_YEAR.sub("", line)))):
        # "某市科学技术局2022年" or "2022年度某市科学技术局" / "政府信息公开工作年度报告":
        # a title over two lines.
        return line + tail
    if _TITLE_YEAR_LINE.match(tail) and _is_organ(_strip_junk(_ORGAN_BODY.sub("", line))):
        return _ORGAN_BODY.sub("", line) + tail
    return line


def _heading_candidates(page: Page) -> tuple[list[_Name], list[_Name]]:
    """Organs the first lines name: in a report's title, and as a line of their own."""
    vocab = get_metadata_vocabulary()
    report_titles: list[_Name] = []
    organ_lines: list[_Name] = []
    view = page.tv.view
    for i, (line_start, line_end) in enumerate(page.lines[:_TITLE_LINES_WITH_MENUS]):
        line = view[line_start:line_end]
        if "。" in line.rstrip("。"):
            continue  # a sentence, not a title
        names_report = _REPORT_WORDS.search(line) is not None
        if i >= _TITLE_LINES and not names_report:
            continue  # below a long site menu only the report's own title is looked for
        if not names_report:
            line = _join_wrapped_title(page, i, line)
        for seg in _TITLE_SEPARATORS.split(line):
            if not seg or len(seg) > 60 or vocab.spam.search(seg):
                continue
            s = line_start + line.find(seg)
            if _REPORT_WORDS.search(seg):
                name = _read_organ_from_title(seg)
                if name:
                    report_titles.append(_locate_name(page, name, s, "agency.heading"))
            elif _is_organ(_strip_junk(seg)) and not seg.rstrip().endswith(":"):
                # (a line "某县政府办:" opens a letter to its addressee, not the author's name)
                organ_lines.append(_locate_name(page, _strip_junk(seg), s, "agency.heading_organ"))
    return report_titles, organ_lines


def _organs_introduced_by(page: Page, regex: re.Pattern[str], rule: str,
                          read: Callable[[str], str]) -> list[_Name]:
    """Organs (group ``org`` of ``regex``, as ``read`` takes them) in the first 4,000
    characters."""
    out = []
    for m in regex.finditer(page.tv.view[:4000]):
        name = read(_strip_junk(m.group("org")))
        if _is_organ(name):
            out.append(_locate_name(page, name, m.start("org"), rule))
    return out


def _collect_agency_candidates(page: Page) -> list[_Name]:
    title_reports, title_organs = _title_candidates(page)
    heading_reports, organ_lines = _heading_candidates(page)
    published = _organs_introduced_by(page, _PUBLISH_AS, "agency.published_as", str)
    signature = _find_signature_organ(page)
    publisher, source = _find_labelled_organs(page)
    compiled = _organs_introduced_by(page, _COMPILED_BY, "agency.compiled_by",
                                     _organ_of_compiler)
    named = (title_reports + heading_reports + published + organ_lines + signature + publisher
             + title_organs + source)
    # Sentences of the body are read only when nothing above names the organ with its place:
    # they are the slowest to look for, and the least trusted.
    if not any(not _is_relative(c.name) for c in named):
        named += _compiled_for(_find_body_organs(page), compiled)
    return named + compiled


def _compiled_for(body: list[_Name], compiled: list[_Name]) -> list[_Name]:
    """A government's own office named in the body (the contact: 某省人民政府办公厅) stands for
    the government when the report says that office compiled it for the government."""
    governments = {c.name for c in compiled}
    vocab = get_metadata_vocabulary()
    out = []
    for c in body:
        office = vocab.compiling_office.search(c.name)
        government = _organ_of_compiler(c.name) if office else None
        out.append(next((g for g in compiled if g.name == government), c)
                   if government in governments else c)
    return out


# "本报告由某局依据《条例》编制": the words before 由 are not part of the name.
_REPORT_BY = re.compile(r"^(?:本年度|本年|本)?(?:年度)?(?:报告|年报)(?:是|系)?由")
# How far into the text the body sentences that name the organ are looked for.
_BODY_MENTION_CHARS = 6000


def _find_body_organs(page: Page) -> list[_Name]:
    """Organs named by sentences of the body (``body_mentions`` in the vocabulary)."""
    vocab = get_metadata_vocabulary()
    view = page.tv.view[:_BODY_MENTION_CHARS]
    out = []
    for rule, regex in vocab.body_mentions:
        for m in regex.finditer(view):
            group = "org" if m.group("org") else "org2"
            name = _REPORT_BY.sub("", _strip_junk(m.group(group)))
            if rule == "agency.contact":
                name = _organ_of_contact(name) or ""  # no organ in the contact: no name
            elif view.startswith("编制", m.end(group)) or group == "org2" and (
                    rule == "agency.subject_cites_regulation"):
                # 某县人民政府办公室编制了… / 由某县人民政府办公室汇总…编制: the government's
                name = _organ_of_compiler(name)
            name = _subject_of_disclosure(name, view, m.end(group)) if name else name
            name = _PARTY_AND_GOVERNMENT.sub("", name) if name else name
            if rule in _OWN_SITE_RULES and not _is_own_department(
                    name, view, needs_self_word=rule != "agency.own_website"):
                continue
            if rule == "agency.own_document" and name and _NATIONAL.search(name) and not (
                    _speaks_as(name, view)):
                continue  # 《某部…实施办法》 cited by a report that speaks as 我局
            if name and not vocab.organ_end.search(name) and not is_place_sequence(name):
                continue  # a place alone must be a listed one (not 全市, 我县)
            if name and _is_organ(name):
                out.append(_locate_name(page, name, m.start(group), rule))
    return out


def _speaks_as(name: str, view: str) -> bool:
    """The report speaks of itself with the organ's own word: 我部/本部 for a 部."""
    return ("我" + name[-1]) in view or ("本" + name[-1]) in view


# Sites and accounts read as the organ's own only when it is a department: a government's
# portal carries every department's report.
_OWN_SITE_RULES = frozenset({"agency.own_website", "agency.own_channel",
                             "agency.own_site_publishes"})
_DEPARTMENT_WORD = re.compile(r"(局|委员会|委|厅|办|署)$")


def _is_own_department(name: str | None, view: str, *, needs_self_word: bool) -> bool:
    """A department (not a government or its office) and, when ``needs_self_word``, one the
    report speaks of as itself with the same word: 我局 for a 局, 我委 for a 委员会."""
    m = _DEPARTMENT_WORD.search(name or "")
    if m is None or "政府" in (name or ""):
        return False
    if not needs_self_word:
        return True
    word = "委" if m.group(1) == "委员会" else m.group(1)
    return f"我{word}" in view or f"本{word}" in view


def _subject_of_disclosure(name: str, view: str, end: int) -> str:
    """"公布某市政府信息公开年报": the 政府 belongs to 政府信息公开, the organ is the
    place (某市); "某街道街道认真…" (a doubled word) is 某街道."""
    if name.endswith("政府") and not name.endswith("人民政府") and view.startswith(
            ("信息公开", "政务公开"), end):
        return name[:-2]
    return _DOUBLED_UNIT.sub(r"\1", name)


_DOUBLED_UNIT = re.compile(r"(街道|镇|乡|苏木)\1$")


# "某乡党委和政府深入贯彻…": the party committee and the government act together; the report
# is the government's, named by its place (the place is what the text writes whole).
_PARTY_AND_GOVERNMENT = re.compile(r"党委(?:和|及|、)(?:人民)?政府$")


# "某县人民政府机关": the government's own body of offices, reporting as the government.
_ORGAN_BODY = re.compile(r"(?<=政府)机关$")
# A place's disclosure leading group (or its office) compiles the place's own report.
_LEADING_GROUP = re.compile(r"(?:政务公开|政府信息公开|信息公开)(?:工作)?领导小组(?:办公室)?$")


def _organ_of_compiler(name: str) -> str:
    """由某省人民政府办公厅编制 → 某省人民政府; 由某县公安局办公室编制 → 某县公安局; 由某区政务
    公开工作领导小组办公室编制 → 某区."""
    vocab = get_metadata_vocabulary()
    group = _LEADING_GROUP.search(name)
    if group and group.start() > 0 and _is_region(name[:group.start()]):
        return name[:group.start()]
    m = vocab.compiling_office.search(name)
    if m and m.start() > 0:
        if name[:m.start()].endswith("政府"):
            return name[:m.start()]  # 某区人民政府政府办公室: a word written twice
        return name[:m.start()] + ("政府" if name[m.start():].startswith("政府") else "人民政府")
    return _organ_of_contact(name) or name


# A government's own disclosure office: 某县政府信息公开(管理)办公室 stands for 某县政府.
_GOVERNMENT_DISCLOSURE_OFFICE = re.compile(
    r"(?:人民)?政府(?:信息公开|政务公开)(?:管理)?(?:办公室|办)$")


# A town's or street's office (党政办, 办公室) speaks for its government: a township has no
# general office that reports on its own.
_TOWNSHIP_OFFICE = re.compile(
    r"^(?P<government>.+?(?:镇|乡|街道|苏木)(?:人民政府|政府|办事处)?)(?:党政(?:综合)?)?"
    r"(?:办公室|办)$")


def _organ_of_contact(name: str) -> str | None:
    """青山县财政局办公室 → 青山县财政局; 青山县政府信息公开办公室 → 青山县政府; a
    government's general office stays whole."""
    vocab = get_metadata_vocabulary()
    township = _TOWNSHIP_OFFICE.match(name)
    if township:
        return township.group("government")
    office = _GOVERNMENT_DISCLOSURE_OFFICE.search(name)
    if office and office.start() > 0 and _is_region(name[:office.start()]):
        government = "人民政府" if name[office.start():].startswith("人民") else "政府"
        return name[:office.start()] + government
    m = vocab.internal_unit.search(name)
    if m and m.start() > 0 and vocab.department_end.search(name[:m.start()]):
        return name[:m.start()]
    return name


def _locate_title_name(page: Page, title: TextView, name: str, rule: str) -> Finding:
    """A name read from the title (``title``), placed where the body writes it, if it does."""
    at = page.tv.view.find(name)
    if at >= 0:
        start, end = page.tv.span_to_text(at, at + len(name))
        return Finding(page.tv.text[start:end], title.text.strip(), start, end, rule)
    return Finding(name, title.text.strip(), -1, -1, rule)


def _locate_name(page: Page, name: str, search_from: int, rule: str) -> _Name:
    at = page.tv.view.find(name, max(search_from, 0))
    if at < 0:
        at = page.tv.view.find(name)
    if at < 0:
        # The name was read across a line break (a title wrapped in the middle of the organ's
        # name), so it is not in the text as one run: the evidence is the line it starts on.
        at = max(search_from, 0)
        line_end = page.tv.view.find("\n", at)
        end_at = line_end if line_end >= 0 else len(page.tv.view)
        start, end = page.tv.span_to_text(at, end_at)
        return _Name(name, Finding(name, page.evidence(at, end_at), start, end, rule))
    start, end = page.tv.span_to_text(at, at + len(name))
    line_start = page.tv.view.rfind("\n", 0, at) + 1
    line_end = page.tv.view.find("\n", at)
    evidence = page.evidence(line_start, line_end if line_end >= 0 else len(page.tv.view))
    return _Name(name, Finding(page.tv.text[start:end], evidence, start, end, rule))


def _find_signature_organ(page: Page) -> list[_Name]:
    n = len(page.lines)
    for i in range(n - 2, max(n - 30, 0) - 1, -1):
        start, end = page.lines[i]
        if end - start > 48:
            continue  # a paragraph, not a signature
        name = _strip_junk(page.line(i))
        if _is_organ(name) and _LEADING_YEAR.match(page.line(i + 1)):
            return [_locate_name(page, name, page.lines[i][0], "agency.signature")]
    return []


def _find_labelled_organs(page: Page) -> tuple[list[_Name], list[_Name]]:
    """Organs named by page fields: (发布机构 and the like, 来源 and 信息来源)."""
    vocab = get_metadata_vocabulary()
    folded = page.folded
    by_label: dict[str, _Name] = {}
    # Page fields sit in the header or the footer, not mid-report.
    for m in find_in_header_and_footer(vocab.agency_field, folded):
        if m.start() > 0 and folded[m.start() - 1] not in FIELD_PRECEDERS:
            continue  # "资金来源" inside a sentence, or 来源 inside 信息来源
        label = m.group("label")
        m2 = vocab.organ_at_start.match(m.group("v"))
        if label in by_label or not m2 or not _is_organ(m2.group()):
            continue
        name = m2.group()
        if name.count("(") > name.count(")"):
            name = name[:name.rindex("(")]  # "某厅(某局" cut by the field's end: 某厅
            if not _is_organ(name):
                continue
        v_start = m.start("v")
        found = Finding(page.tv.text[v_start:v_start + len(name)],
                        get_line_text(folded, m.start(), page.tv.text), v_start,
                        v_start + len(name), f"agency.field.{label}")
        by_label[label] = _Name(name, found)
    ordered = [by_label[label] for label in vocab.agency_labels if label in by_label]
    publisher = [n for n in ordered if n.found.rule not in _SOURCE_RULES]
    source = [n for n in ordered if n.found.rule in _SOURCE_RULES]
    return publisher, source


_SOURCE_RULES = ("agency.field.来源", "agency.field.信息来源")


def _find_agency(page: Page, warnings: list[str]) -> Finding | None:
    candidates = _collect_agency_candidates(page)
    if not candidates:
        return None
    full = [c for c in candidates if not _is_relative(c.name)]
    # A title that names the organ relatively ("县科技局2018年…报告") still says which organ it
    # is: a full name elsewhere (a site header "某县人民政府") must be compatible with it.
    titled = [c.name for c in candidates
              if c.found.rule in ("agency.title", "agency.heading") and _is_relative(c.name)]
    if titled and not any(c.found.rule in ("agency.title", "agency.heading") for c in full):
        full = [c for c in full if _is_fuller(titled[0], c.name)]
    if not full:
        return _resolve_relative(page, candidates[0], warnings)
    primary = full[0]
    best = primary
    for other in candidates + _find_printed_full_forms(page, primary):
        if len(other.name) > len(best.name) and _is_fuller(primary.name, other.name):
            best = other
    if best is not primary:
        return Finding(best.found.value, best.found.evidence, best.found.start, best.found.end,
                       f"{primary.found.rule}+fullest")
    return primary.found


def _resolve_relative(page: Page, relative: _Name, warnings: list[str]) -> Finding | None:
    """市水利局 → the one place-qualified form the text prints (某市水利局), else as written.

    LABELLING.md: a name without its place is the agency when the text names the organ no
    other way; the place is never added from outside the text.
    """
    forms = _find_place_qualified_forms(page, relative.name)
    longest = max(forms, key=len) if forms else None
    if longest and all(longest.endswith(f) for f in forms):
        resolved = _locate_name(page, longest, 0, relative.found.rule + "+place_written")
        fuller = [f for f in _find_printed_full_forms(page, resolved)
                  if _is_fuller(longest, f.name)]
        return max(fuller, key=lambda f: len(f.name)).found if fuller else resolved.found
    if not _is_plausible_relative(relative.name):
        warnings.append(f"agency: only {relative.name}, which names no organ; left null")
        return None
    if forms:
        warnings.append(f"agency: {relative.name} is written with different places "
                        f"({', '.join(sorted(forms))}); kept as written")
    else:
        warnings.append(f"agency: written only without its place ({relative.name})")
    return relative.found


def _is_plausible_relative(name: str) -> bool:
    """市财政局, 县政府, 商务局, 林业厅: a level word in front or a department's ending."""
    vocab = get_metadata_vocabulary()
    return bool(vocab.bare_level.match(name)
                or (len(name) >= 3 and vocab.department_end.search(name)))


def _find_place_qualified_forms(page: Page, name: str) -> set[str]:
    """Names printed as <places> + ``name`` (minus its own leading level word, 市/县/省…).

    A form counts where its place starts the name (after a boundary or a word such as 与 or
    由); any other place seen before the same words ("转发某县财政局") makes the set ambiguous
    by adding it too, so that a relative name is never resolved to another organ's place.
    """
    vocab = get_metadata_vocabulary()
    level = vocab.bare_level.match(name)
    rest = name[level.end():] if level else name
    if len(rest) < 2:
        return set()
    view = page.tv.view
    forms: set[str] = set()
    at = view.find(rest)
    while at >= 0 and len(forms) < 8:
        for k in range(max(at - 14, 0), at):
            prefix = view[k:at]
            if not is_place_sequence(prefix) or (level and not prefix.endswith(level.group())):
                continue
            forms.add(prefix + rest)  # the longest place run before the words
            break
        at = view.find(rest, at + len(rest))
    return forms


def _is_fuller(short: str, full: str) -> bool:
    """Whether ``full`` names the same organ as ``short``, more completely."""
    vocab = get_metadata_vocabulary()
    if short == full:
        return True
    if _is_region(short):
        for expansion in vocab.region_expansions:
            if full.endswith(short + expansion) and (
                    full == short + expansion
                    or is_place_sequence(full[:-len(short + expansion)])):
                return True
    if full.endswith(short):
        # Places written in front: 某市科技局 → 某省某市科技局; never other words (由某局).
        return is_place_sequence(full[:-len(short)])
    if any(short.endswith(a) and full == short[:-len(a)] + b
           for a, b in vocab.abbreviations.items()):
        return True  # 某区商务委 → 某区商务委员会, 长春市科技局 → 长春市科学技术局
    if short[-1] != full[-1] or vocab.compiling_office.search(full):
        return False
    if "和" in full and "和" not in short:
        return False  # 科学技术局 → 科学技术和知识产权局 is a merged (renamed) organ, not a spelling
    region = get_metadata_vocabulary().region_prefix.match(short)
    if region and region.group() not in full:
        return False
    it = iter(full)
    return all(ch in it for ch in short)  # short is a subsequence of full


# An address running up to a name's position: "地址:某县某镇人民政府".
_ADDRESS_BEFORE = re.compile(r"(?:地址|地点|位于|住所)[::]?[^,;。()]{0,12}$")


def _find_printed_full_forms(page: Page, primary: _Name) -> list[_Name]:
    """Fuller spellings of the primary name that the text itself prints."""
    vocab = get_metadata_vocabulary()
    forms = []
    name = primary.name
    if _is_region(name):
        forms += [name + e for e in vocab.region_expansions]
    for short, full in vocab.abbreviations.items():
        if name.endswith(short) and short != full:
            forms.append(name[: -len(short)] + full)
    if _is_region(name):
        # 某镇 → 某市某区某镇人民政府, where the text prints it (a signature, a table footer).
        for expansion in vocab.region_expansions:
            forms += sorted(_find_place_qualified_forms(page, name + expansion), key=len)
    out = []
    for form in forms:
        at = page.tv.view.find(form)
        # "某街道政府信息公开…" is the report's subject, not the organ "某街道政府".
        # "地址:某省某区某街道办事处" is where the contact sits, not the organ's name.
        # Nor is "某市人民政府办公室" (the office's name) the government's name written out.
        while at >= 0 and (page.tv.view.startswith(("信息", "政务", "公开", "门户", "网站", "网",
                                                     "办公室", "办公厅"), at + len(form))
                           or _ADDRESS_BEFORE.search(page.tv.view, max(at - 16, 0), at)):
            at = page.tv.view.find(form, at + 1)
        if at >= 0:
            out.append(_locate_name(page, form, at, "agency.printed_full_form"))
    return out


# ------------------------------------------------------------------ index number

def _find_index_number(page: Page) -> Finding | None:
    vocab = get_metadata_vocabulary()
    folded = page.folded
    m = vocab.index_field.search(folded)
    if not m:
        return None
    value = m.group("v").rstrip(".-_/")
    return Finding(value, get_line_text(folded, m.start(), page.tv.text), m.start("v"),
                   m.start("v") + len(value), "index_number.field")
