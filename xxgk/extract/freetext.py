"""Counts stated in prose: proactive disclosures, applications, reconsiderations, lawsuits.

The phrasings (what a sentence looks like when it states a count) are data, in
``phrasings.yaml``; this module finds the sentences that hold a count, matches the phrasings
there (a match stays within one clause), and decides which match is the report's figure. The
decisions, in the order they are taken:

1. **Which period.** A number whose clause says 历年/迄今/自2008年以来 is all-time
   (``proactive_cumulative``), and so is one in a sentence that counts since the regulations
   took effect (自《条例》施行以来); a sentence about part of the year (截至11月, 截止目前,
   1月至今, 今年1至9月) gives ``partial_year``, unless the number's own clause says 全年; a
   number tied to another year than the report's (2017年… in a 2018 report) is a comparison and
   is dropped.
2. **Which thing.** A count published through a named channel (通过门户网站公开615条) is
   ``proactive_channel``; words that name every channel at once (通过各类渠道, 通过门户网站等
   渠道) do not make a channel. A listed category (其中工作动态类173条) is
   ``proactive_category``; neither is ever summed into a total. Counts of other things (解读,
   提案, 访问量, 报送) are excluded by the phrasings' forbidden words; a generic count inside a
   bracketed remark ("(同一信息多渠道发布计1条)") is a note. Reconsiderations and lawsuits count
   only when the sentence or its section heading ties them to information disclosure.
3. **Which candidate.** Each headline item (proactive_total, applications_received,
   reconsideration_total, litigation_total) gets at most one fact. Candidates are scored: a
   statement with the verb 主动公开 outranks a generic 发布/公开 one; being in the 主动公开
   section or bound to the year (全年, 本年度, the report year) adds weight; a full-year figure
   beats a partial one. If the best score is shared by two different values, no fact is emitted:
   a wrong number is worse than a missing one.

Only sentences that hold a count (a numeral before a count unit) or a negation beside
申请/复议/诉讼 are matched, all in one pass per phrasing; a text with more than _MAX_MATCHES
matches (generated junk, never a real report) is judged on its first ones only.

Zero statements (未收到申请, 没有…行政复议、行政诉讼, 数量为0, or a section that says only
"无" under its heading) give the value 0; their span is the written 0 when there is one, else
the negation word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

from xxgk.extract.metadata import detect_report_year
from xxgk.extract.numbers import parse_number
from xxgk.extract.textview import TextView, get_view
from xxgk.model import APPROX, AT_LEAST, EXACT, PARTIAL_YEAR, Fact

PHRASINGS_PATH = Path(__file__).with_name("phrasings.yaml")

HEADLINE_ITEMS = ("proactive_total", "applications_received", "reconsideration_total",
                  "litigation_total")
_UNITS = {"proactive_total": "item", "proactive_cumulative": "item", "proactive_channel": "item",
          "proactive_category": "item", "applications_received": "case",
          "reconsideration_total": "case", "litigation_total": "case"}
_ITEMS = (*_UNITS, "review_both")
_KINDS = ("count", "zero", "each", "respective")
# A hot sentence without any of these words cannot hold one of our counts: the proactive
# verbs, 申请, the review words, 类 (categories). Plain alternatives of words (no groups) let
# the regex engine skip to their first characters.
_GATE_WORDS = re.compile("公开|发布|公布|推送|发表|刊|播发|播出|更新|申请|复议|诉讼|起诉|类")

_SENTENCE_ENDS = "。!?\n"
_MAX_SENTENCE = 400  # characters each side of a hit; longer "sentences" are cut there
# A real report states tens of counts; a text with thousands of matches is generated junk, and
# judging them all would cost seconds. Matches beyond this are ignored.
_MAX_MATCHES = 2000
# The unit first, then a look back: a pattern that starts with a plain character set is scanned
# in C at full speed, one that starts with a look-behind is not.
_UNIT_AFTER_NUMERAL = re.compile(r"[条件项篇份则个起宗次例](?<=[\d零〇一二两三四五六七八九十百千余多来万亿].)")
_NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千")
# Clauses end at , ; or : but not at the comma of a thousands separator (1,046条): cleaned
# text has ASCII commas for both. The ends are matched, not the clauses: a regex that starts
# with a plain character set is scanned for it in C, one that tests each character is not.
_CLAUSE_END = re.compile(r"[,;:](?:(?<=[;:])|(?<!\d,)|(?!\d{3}(?!\d)))")
# The look-ahead (the characters a heading can start with) rejects the many lines that start
# otherwise without trying each level's pattern.
_HEADING = re.compile(
    r"\n(?=[#*•·>\-一二三四五六七八九十(\d第])[#*•·>\-]*"
    r"(?:(?P<l1>[一二三四五六七八九十]{1,3}[、.])|(?P<l2>\([一二三四五六七八九十]{1,3}\))"
    r"|(?P<l3>\d{1,2}[、.](?!\d))|(?P<l4>\(\d{1,2}\))|(?P<l1b>第[一二三四五六七八九十]{1,3}(?:部分|章)))"
    r"(?P<title>[^\n。]{0,40})")
# A count other than zero: a zero statement beside one is not trusted.
_NONZERO_COUNT = re.compile(r"(?<![\d.])(?:0*[1-9]\d*|[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*)"
                            r"[万亿]?(?:余|多|来)?(?:件|起|宗|次|例|份|条|项)")
# A negation or a written zero: with 申请/复议/诉讼 it makes a sentence worth looking at.
_ZERO_WORD = re.compile(r"[未没无0零](?:(?<=[未没无])|(?<![\d.][0零])(?![\d.]))")
# A published count, as the main-channel rule looks for rival figures in a section.
_COUNT_WITH_UNIT = re.compile(r"[\d零〇一二两三四五六七八九十百千][\d,.零〇一二两三四五六七八九十百千]*[万亿]?"
                              r"(?:余|多)?[条篇件则]")
_ENUMERATED_POINT = re.compile(r"[一二三四五六七八九十]是|其[一二三四五六七八九十]")
_RIVAL_VERB = re.compile("公开|发布|公布|推送|上传|编发|刊发|刊登|发表|播发|播出")
_BREAKDOWN = re.compile("其中|含|包括")
# Channels besides the main one: in a breakdown of the portal's figure they are not its parts.
_MINOR_CHANNEL_WORDS = "微信|微博|公众号|抖音|快手|头条|视频号|客户端|APP|App|app"
_MINOR_CHANNEL = re.compile(_MINOR_CHANNEL_WORDS)
# A figure that counts something other than this organ's disclosed information is no rival to
# the main channel's: requests and messages (依申请公开信息37条, 受理留言咨询169件), news
# reports in the media (媒体发布信息报道120条, counted apart by LABELLING.md), and figures of
# the units it guides (指导全市公开信息14万余条).
_COUNTS_OTHER_THINGS = re.compile(r"申请|咨询|留言|来信|投诉|举报|指导|督促|带动|"
                                  r"(?:报道|稿件|新闻稿|通稿)(?:共|计|合计)?[\d零〇一二两三四五六七八九十]")
# Where the 依申请 part starts, when headings do not show it.
_REQUEST_PART = re.compile("依申请|申请公开")
# A sentence that opens an enumerated item: "(一)", "1.", "1、".
_ENUMERATED_ITEM = re.compile(r"\([一二三四五六七八九十\d]{1,2}\)(?!主动公开)|\d{1,2}[.、](?!\d)")
_CHANNEL_JOINS = re.compile("、|和|及|与|以及|,")
_YEAR_MENTION = re.compile(r"((?:19|20)\d\d)年(?!以来|起|\d)")
_BRACKETED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|\([^)]*\)")
_PUBLISH_VERB = re.compile("公开|发布|公布")
_REVIEW_WORD = re.compile("复议|诉讼")
_REQUEST_SECTION = re.compile("申请|复议|诉讼|收费")
_NOT_APPLICATION_SECTION = re.compile("复议|诉讼|收费|费用")
_LIST_PIECE = re.compile(r"[^,;、]+")
_APPLICATION_TOPIC = re.compile(r"(?:在|关于)?依申请公开(?:工作)?(?:方面|中|上)?,")
# "均与政府信息公开无关": the sentence names disclosure only to say the cases are not about it.
_UNRELATED = re.compile("无关|不涉及|并非因|不是因|非因")
_DISCLOSURE_WORDS = re.compile(r"信息公开|政务公开|政府信息|公开申请|依申请|申请公开|公开工作|"
                               r"公开事务|公开方面|公开类|公开的|公开引起")


@dataclass(frozen=True, slots=True)
class Phrasing:
    id: str
    item: str
    kind: str
    family: str
    forbid: str  # which list of forbidden words applies (defaults to the family's)
    needs: tuple[str, ...]
    trigger: re.Pattern[str]
    regex: re.Pattern[str]
    # ``needs`` as functions, split for _judge: those that do not look at the period first.
    checks_before_period: tuple[Callable[..., bool], ...]
    checks_after_period: tuple[Callable[..., bool], ...]
    # the group holding the value of a count (num), else "" (see _judge); a zero's phrasing
    # may name the group it is judged by (``anchor``: the list its negation covers)
    value_group: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    phrasings: tuple[Phrasing, ...]
    at_least_before: tuple[str, ...]
    at_least_after: tuple[str, ...]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    partial_year: re.Pattern[str]
    cumulative_always: re.Pattern[str]
    cumulative_unless_bound: re.Pattern[str]
    year_end: re.Pattern[str]
    strong_binding: re.Pattern[str]
    whole_year: re.Pattern[str]
    weak_binding: re.Pattern[str]
    channel_words: re.Pattern[str]
    all_channels: re.Pattern[str]
    main_channel: re.Pattern[str]
    forbid: dict[str, re.Pattern[str]]
    dimension_strip: re.Pattern[str]
    category_dimension_cut: re.Pattern[str]
    bare_none_line: re.Pattern[str]
    bare_none_skip: re.Pattern[str]
    list_marker: str
    list_piece: re.Pattern[str]
    list_skip: re.Pattern[str]
    zero_rules: frozenset[str]  # the ids of the phrasings that state a zero by negation


# A NamedTuple rather than a frozen dataclass: as immutable, and about three times cheaper to
# create (a frozen dataclass sets every field through object.__setattr__); one is made per
# match.
class _Candidate(NamedTuple):
    item: str
    value: float
    qualifier: str
    period: str  # year | cumulative | partial
    score: int
    start: int  # view offsets of the number (or zero word)
    end: int
    sentence: tuple[int, int]  # view offsets of the sentence
    rule: str
    dimension: str | None = None


def _get_family(item: str) -> str:
    if item.startswith("proactive"):
        return "proactive"
    return "applications" if item == "applications_received" else "review"


def load_vocabulary(path: Path = PHRASINGS_PATH) -> Vocabulary:
    """Read and compile ``phrasings.yaml``; raises ValueError on a malformed entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    macros = dict(data["macros"])
    # A look-ahead on the words' first characters spares the regex engine from trying every
    # alternative at every position.
    firsts = "".join(sorted({w[0] for w in data["channel_words"].split("|")}))
    macros["CHANNEL"] = f"(?=[{re.escape(firsts)}])(?:{data['channel_words']})"

    def expand(pattern: str) -> str:
        return re.sub(r"\{([A-Z0-9]+)\}", lambda m: macros[m.group(1)], pattern)

    phrasings = []
    for entry in data["phrasings"]:
        if entry["item"] not in _ITEMS or entry["kind"] not in _KINDS:
            raise ValueError(f"phrasing {entry['id']}: unknown item or kind")
        unknown = set(entry.get("needs") or ()) - set(_CHECKS)
        if entry.get("forbid") and entry["forbid"] not in data["forbid"]:
            unknown.add(entry["forbid"])
        if unknown:
            raise ValueError(f"phrasing {entry['id']}: unknown needs {sorted(unknown)}")
        needs = tuple(entry.get("needs") or ())
        phrasings.append(Phrasing(
            id=entry["id"], item=entry["item"], kind=entry["kind"],
            family=_get_family(entry["item"]),
            forbid=entry.get("forbid") or _get_family(entry["item"]),
            needs=needs, trigger=re.compile(expand(entry["trigger"])),
            regex=re.compile(expand(entry["pattern"])),
            checks_before_period=tuple(_CHECKS[n] for n in needs if n not in _BINDING_CHECKS),
            checks_after_period=tuple(_CHECKS[n] for n in needs if n in _BINDING_CHECKS),
            value_group=entry.get("anchor") or ("" if entry["kind"] == "zero" else "num")))
    q = data["qualifiers"]
    cum = data["cumulative"]
    return Vocabulary(
        phrasings=tuple(phrasings),
        at_least_before=tuple(q["at_least"]["before"]),
        at_least_after=tuple(q["at_least"]["after"]),
        approx_before=tuple(q["approx"]["before"]), approx_after=tuple(q["approx"]["after"]),
        partial_year=re.compile(data["partial_year"]),
        cumulative_always=re.compile(cum["always"]),
        cumulative_unless_bound=re.compile(cum["unless_bound"]),
        year_end=re.compile(cum["year_end"]),
        strong_binding=re.compile(data["year_binding"]["strong"]),
        whole_year=re.compile(data["year_binding"]["whole"]),
        weak_binding=re.compile(data["year_binding"]["weak"]),
        channel_words=re.compile(data["channel_words"]),
        all_channels=re.compile(data["all_channels"]),
        main_channel=re.compile(data["main_channel"]),
        forbid={k: re.compile(v) for k, v in data["forbid"].items()},
        dimension_strip=re.compile(data["dimension_strip"]),
        category_dimension_cut=re.compile(data["category_dimension_cut"]),
        bare_none_line=re.compile(data["bare_none"]["line"]),
        bare_none_skip=re.compile(data["bare_none"]["skip"]),
        list_marker=data["category_list"]["marker"],
        list_piece=re.compile(expand(data["category_list"]["piece"])),
        list_skip=re.compile(data["category_list"]["skip"]),
        zero_rules=frozenset(p.id for p in phrasings if p.kind == "zero"),
    )


# A NamedTuple, like _Candidate: one is made per match.
class _Context(NamedTuple):
    """What the checks may look at for one match."""

    clause: str
    prefix: str  # the clause up to the number
    sentence_prefix: str  # the sentence up to the number
    clause_start: int  # where the clause starts in the sentence
    sentence: str
    heading: str  # the section headings above the sentence, outermost first
    innermost_heading: str
    dimension: str | None


_HOLDS_CARRIED_OVER = re.compile(r"^[,:]?(?:其中|含|包括)[^,;。]{0,6}?(?:上年|上一年|去年)度?结转")


_CHECKS = {
    # No channel named before the number: "通过门户网站公开615条" is one channel, not the total
    # ("通过各类渠道公开" names them all: see all_channels).
    "no_channel": lambda ctx, v, bound: not _names_one_channel(ctx.prefix, v),
    # For a generic 发布/公开 count the whole sentence before it counts: "某门户新增网站,共发布
    # 各类信息N条" is that channel's figure.
    "no_channel_in_sentence": lambda ctx, v, bound: not any(
        _names_one_channel(clause, v)
        for clause in _CLAUSE_END.split(ctx.sentence_prefix.rsplit(";", 1)[-1])),
    # "公开规范性文件等信息16条,财政预决算信息11条,…", "上报信息61条;…;公开政府信息5篇": a
    # generic count beside other information counts of the same sentence is one of a list
    # (the parts after 其中 break a total down and do not count; nor do counts of requests).
    "no_sibling_counts": lambda ctx, v, bound: not _has_sibling_counts(ctx),
    # "通过网站等渠道主动公开信息N条,通过公开栏公开信息M条": a figure given through channels
    # and followed in its sentence by another channel's figure is some channels', not the
    # year's total ("主动公开信息145条,通过网站公开134条" gives the total first, then a part).
    "no_channel_figure_after": lambda ctx, v, bound: not _channel_figures_follow(ctx, v),
    # "一是及时发布各类文件等信息237件": the first of several points counts a part.
    "not_an_enumerated_point": lambda ctx, v, bound: not _ENUMERATED_POINT.match(ctx.sentence),
    # A generic 发布/公开 count is the year's total only when bound to the year or in the
    # 主动公开 section; otherwise it may count anything that was published.
    "bound_or_section": lambda ctx, v, bound: bound or "主动" in ctx.heading,
    "channel_dimension": lambda ctx, v, bound: bool(
        ctx.dimension and _names_one_channel(ctx.dimension, v)),
    "proactive_context": lambda ctx, v, bound: "主动" in ctx.heading or bool(
        _PUBLISH_VERB.search(ctx.sentence)),
    # "发布信息23条(同一信息多渠道发布计1条)": a generic count inside a bracketed remark is a note
    # on how things were counted, not a second figure.
    "outside_remark": lambda ctx, v, bound: ctx.prefix.rfind("(") <= ctx.prefix.rfind(")"),
    # "其中乡镇动态3条、文件类信息公开31条": a count in the list after 其中 is a part.
    "not_a_listed_part": lambda ctx, v, bound: v.list_marker not in ctx.sentence_prefix.rsplit(
        ";", 1)[-1],
    # "…公开政府信息709条。其中,机构设置类主动公开5条、…": a sentence that opens with 其中
    # breaks down the figure before it.
    "not_in_a_breakdown": lambda ctx, v, bound: not ctx.sentence.lstrip(",:;").startswith(
        v.list_marker),
    # A generic 公开N件 in the 依申请 or 复议 section counts answers to requests, not disclosures.
    "outside_request_sections": lambda ctx, v, bound: not _REQUEST_SECTION.search(
        ctx.innermost_heading),
    # 申请 alone is ambiguous (建议, 复议申请…): the clause, the section, the topic the sentence
    # opens with ("依申请公开方面,全年共收到申请1件") or an earlier clause of it ("制作依申请
    # 公开信息…,收到申请3例") must be about disclosure.
    "application_tie": lambda ctx, v, bound: "公开" in ctx.clause or "申请" in ctx.heading or (
        bool(_APPLICATION_TOPIC.match(ctx.sentence_prefix))) or (
        "依申请" in ctx.sentence_prefix[:ctx.clause_start]),
    # "共收到申请4件,其中上年度结转2件": a count that holds last year's carried-over requests
    # is not the year's new ones (and subtracting is not reading).
    "new_requests_only": lambda ctx, v, bound: not _HOLDS_CARRIED_OVER.search(
        _after_figure_clause(ctx)),
    "addressed_to_organ": lambda ctx, v, bound: "向" in ctx.prefix,
    "application_heading": lambda ctx, v, bound: "申请" in ctx.heading and not (
        _NOT_APPLICATION_SECTION.search(ctx.innermost_heading)),
    # Reports also mention the organ's general administrative cases (依法行政): only those tied
    # to information disclosure by the sentence or the section heading count.
    # A sentence inside the 依申请公开 part is about disclosure too ("今年发生行政复议5件").
    "review_tie": lambda ctx, v, bound: not _UNRELATED.search(ctx.sentence) and (
        bool(_DISCLOSURE_WORDS.search(ctx.sentence)) or bool(_REVIEW_WORD.search(ctx.heading))
        or "依申请" in ctx.innermost_heading),
}


# The checks that use their third argument, whether the statement is bound to the year.
_BINDING_CHECKS = frozenset({"bound_or_section"})


_CUMULATIVE_WORD = re.compile("历年|以来|截至目前|截止目前|至今|累计")
_SENTENCE_CLOSERS = frozenset("。!?;”\"")
_CLAUSE_CLOSERS = frozenset(",;:。!?")
_NEW_THIS_YEAR = re.compile(r"(?:本年度?|当年|今年|年内)新增[^,;]*$")
_LISTED_CHANNEL_FIGURE = re.compile(
    rf"、[^、,;]{{0,12}}?(?:{_MINOR_CHANNEL_WORDS})[^、,;\d]{{0,8}}?(\d+)[条篇件]")


def _after_figure_clause(ctx: _Context) -> str:
    """The sentence after the figure's own clause (from the clause's end)."""
    after = ctx.sentence[len(ctx.sentence_prefix):]
    end = next((m.start() for m in _CLAUSE_END.finditer(after)), len(after))
    return after[end:]
# Another count of information items: "财政预决算信息11条".
_INFO_COUNT = re.compile(r"信息(?:共|为)?\d+(?:余|多)?[条篇件]")


_THROUGH = re.compile("通过|依托|利用")
_LEADING_FIGURE = re.compile(r"\d+")
_CLAUSE_FIGURE = re.compile(r"(\d+)(?:余|多)?[条篇件项]")


def _channel_figures_follow(ctx: _Context, vocab: Vocabulary) -> bool:
    """Whether a figure given through channels (通过…渠道主动公开N条) is followed in its
    sentence by figures of channels that do not add up to it: then it is some channels' figure,
    not the year's total. Channel figures that add up to it (通过官方渠道共公开1642条,门户网站
    1034条,公众号608条) break it down."""
    if not _THROUGH.search(ctx.clause):
        return False
    after = _after_the_figure(ctx)
    lead = _LEADING_FIGURE.match(after)
    figures = []
    clauses = _CLAUSE_END.split(after)
    # "…公开信息228条、微信公众号162条": a minor channel's count in the figure's own clause
    own_tail = clauses[0][lead.end():] if lead else ""
    for m in _LISTED_CHANNEL_FIGURE.finditer(own_tail):
        figures.append(int(m.group(1)))
    # Clauses that count one channel each ("门户网站338条", "公众号发布138条"); they are
    # channels beside the figure when one of them has a verb or names a minor channel, and
    # all their counts are summed, so that parts adding up to the figure still break it down.
    channel_clauses = [c for c in clauses[1:] if _CLAUSE_FIGURE.search(c) and (
        vocab.channel_words.search(c) or _MINOR_CHANNEL.search(c))]
    if any(_PUBLISH_VERB.search(c) or _MINOR_CHANNEL.search(c) for c in channel_clauses):
        figures.extend(int(f.group(1)) for c in channel_clauses
                       for f in _CLAUSE_FIGURE.finditer(c))
    if not figures:
        return False
    return not (lead and sum(figures) == int(lead.group()))


def _after_the_figure(ctx: _Context) -> str:
    """The rest of the sentence after the figure's clause, up to a breakdown (其中…)."""
    after = ctx.sentence[len(ctx.sentence_prefix):]
    breakdown = _BREAKDOWN.search(after)
    return after[:breakdown.start()] if breakdown else after


def _has_sibling_counts(ctx: _Context) -> bool:
    if _CUMULATIVE_WORD.search(ctx.clause):
        return False  # a running total beside the year's figure is not a list of parts
    # Only the clauses of the same stretch between semicolons: a list runs on commas.
    before = ctx.sentence_prefix[:ctx.clause_start].rsplit(";", 1)[-1]
    after = _after_the_figure(ctx).split(";", 1)[0]
    after = after[next((m.end() for m in _CLAUSE_END.finditer(after)), len(after)):]
    clauses = _CLAUSE_END.split(before) + _CLAUSE_END.split(after)
    # A sibling continues the list: it has no verb of its own ("发布各类解读信息123条" after a
    # total is a statement of its own).
    return any(_INFO_COUNT.search(c) and "申请" not in c and not _PUBLISH_VERB.search(c)
               for c in clauses)


def _names_one_channel(s: str, vocab: Vocabulary) -> bool:
    """Whether ``s`` names a channel, not counting words that name all of them (各类渠道)."""
    if not vocab.channel_words.search(s):
        return False
    return bool(vocab.channel_words.search(vocab.all_channels.sub("", s)))


@lru_cache(maxsize=1)
def get_vocabulary() -> Vocabulary:
    return load_vocabulary()


def extract_text_facts(text: str, report_year: int | None = None) -> list[Fact]:
    """All counts the prose of ``text`` (cleaned) states, at most one per headline item.

    ``report_year`` binds statements to the year ("2018年局累计发布…" in a 2018 report); when
    not given it is detected from the text (metadata.detect_report_year).
    """
    if not text or not text.strip():
        return []
    vocab = get_vocabulary()
    tv = get_view(text)
    if report_year is None:
        report_year = detect_report_year(text)
    headings = _find_headings(tv.view)
    hot = [span for span in _find_hot_sentences(tv.view) if _GATE_WORDS.search(tv.view, *span)]
    sentences = [_Sentence(tv.view[s:e], s, *_get_heading_at(headings, s)) for s, e in hot]
    found = _match_sentences(sentences, report_year, vocab)
    candidates: list[_Candidate] = []
    previous_had_total = False
    for i, sentence in enumerate(sentences):
        own = _drop_parts_after_total(found.get(i, []), sentence, vocab)
        has_total = any(c.item == "proactive_total" for c in own)
        if has_total or previous_had_total or "主动" in sentence.heading:
            own = own + _match_category_list(sentence.text, sentence.start, own, vocab)
        previous_had_total = has_total
        candidates.extend(own)
    candidates.extend(_match_bare_none(tv.view, headings, vocab))
    candidates.extend(_promote_main_channel(candidates, sentences, tv.view, vocab))
    return _resolve(_drop_cut_off_zeros(candidates, tv.view, vocab), tv)


def _drop_cut_off_zeros(candidates: list[_Candidate], view: str,
                        vocab: Vocabulary) -> list[_Candidate]:
    """A zero read from a clause the text's end cuts off ("本年度未发生依申请公" at the end of a
    page excerpt): what the negation covers is not all there, so it says nothing."""
    if not view or view.rstrip()[-1:] in _SENTENCE_CLOSERS:
        return candidates
    zero_rules = vocab.zero_rules
    end = len(view.rstrip())
    # (A 复议 or 诉讼 zero names its item in full, or is not read for it at all.)
    return [c for c in candidates if not (
        c.rule in zero_rules and c.item == "applications_received" and c.sentence[1] >= end
        and not _CLAUSE_CLOSERS.intersection(view[c.end:end]))]


def _drop_parts_after_total(own: list[_Candidate], sentence: _Sentence,
                            vocab: Vocabulary) -> list[_Candidate]:
    """"共公开信息352条,其中:政策文件类公开207条…": counts after 其中 are parts of the total
    the sentence stated first, not rival totals."""
    totals = [c for c in own if c.item == "proactive_total"]
    if len(totals) < 2:
        return own
    first = min(totals, key=lambda c: c.start)
    at = sentence.text.find(vocab.list_marker, first.end - sentence.start)
    if at < 0:
        return own
    parts_from = sentence.start + at
    # The breakdown runs to the next ";": "…合计932条,其中网站98条…;全年公开文件991件" names
    # a rival figure after it.
    semicolon = sentence.text.find(";", at)
    parts_to = sentence.start + semicolon if semicolon >= 0 else sentence.start + len(
        sentence.text)
    parts = [c for c in own if c.item == "proactive_total" and parts_from < c.start < parts_to]
    # "累计主动公开政府信息275条,其中本年度新增的主动公开政府信息32条": the figure is a running
    # stock and the part new this year is the year's total.
    new_this_year = [c for c in parts if _NEW_THIS_YEAR.search(
        sentence.text, max(c.start - sentence.start - 24, 0), c.start - sentence.start)]
    if len(new_this_year) == 1:
        return [c for c in own if c.item != "proactive_total" or c is new_this_year[0]]
    # A stronger statement after 其中 ("共公开信息520条(其中主动公开497条…)") is the
    # proactive part of a wider figure, and stays a candidate.
    return [c for c in own if not (c in parts and c.score <= first.score)]


def _promote_main_channel(candidates: list[_Candidate], sentences: list[_Sentence],
                          view: str, vocab: Vocabulary) -> list[_Candidate]:
    """A year's total from channel figures, in the two ways LABELLING.md allows.

    - A figure stated for several channels together ("通过门户网站、政务微博共发布信息1300
      条") is a sum the text itself states: a total candidate, weaker than an explicit one.
    - The one figure given, for the main channel, in the 主动公开 part, when no total is
      stated ("本年度通过区政府网站主动公开信息210条"). Channels side by side (网站 N条,
      微信 M条, in the same section) give none, and neither does a minor channel alone.
    """
    out = [c._replace(item="proactive_total", rule="proactive.channels_together",
                      dimension=None, score=c.score - 2)
           for c in candidates if c.item == "proactive_channel" and c.period != "cumulative"
           and _names_several_channels(c.dimension, vocab)
           and not _is_part_of_channel(c, candidates, view, of=_FIGURE_ITEMS)]
    if out:
        return out
    totals = [c for c in candidates if c.item == "proactive_total"]
    documents_part = _main_channel_over_documents(candidates, totals, view, vocab)
    if documents_part:
        return documents_part
    if totals:
        if all(t.rule in _GENERIC_RULES for t in totals):
            return _broken_down_main_channel(candidates, sentences, view, vocab,
                                             above=max(t.score for t in totals))
        return []
    return _lone_main_channel(candidates, sentences, view, vocab)


def _lone_main_channel(candidates: list[_Candidate], sentences: list[_Sentence], view: str,
                       vocab: Vocabulary) -> list[_Candidate]:
    """The one figure given, for the main channel, in the 主动公开 part, as the year's total
    (no total stated); [] when there are others beside it (see _promote_main_channel)."""
    channels = {(c.value, c.dimension): c for c in candidates
                if c.item == "proactive_channel" and c.period != "cumulative"
                and not _is_part_of_channel(c, candidates, view)}
    if len(channels) != 1:
        return []
    (only,) = channels.values()
    if not only.dimension or not vocab.main_channel.search(only.dimension):
        return []
    at = next((i for i, s in enumerate(sentences) if s.start == only.sentence[0]), None)
    if at is None:
        return []
    in_part = "主动" in sentences[at].heading or "主动" in sentences[at].text
    if not in_part and not _is_broken_down(only, view, vocab):
        return []
    if sentences[at].text.lstrip(",:;").startswith(vocab.list_marker):
        return []  # a channel within a breakdown of a figure stated before
    if _ENUMERATED_ITEM.match(sentences[at].text.lstrip(",:;")):
        return []  # "(一)网站主动公开…N条": the first of a list of channels
    # Without a 主动 heading to bound it, the part the figure belongs to is not known: rivals
    # are looked for up to the request part.
    if _has_rival_figures(only, sentences, at, vocab, whole_part=not in_part):
        return []
    return [only._replace(item="proactive_total", rule="proactive.main_channel",
                          dimension=None)]


_FIGURE_ITEMS = ("proactive_channel", "proactive_total")


_DOCUMENTS_COUNTED = re.compile(r"文件(?:共|计|共计|达|为|有)*$")


def _main_channel_over_documents(candidates: list[_Candidate], totals: list[_Candidate],
                                 view: str, vocab: Vocabulary) -> list[_Candidate]:
    """"通过门户网站发布各类信息160余条,主动公开文件24条,…": a count of documents after a
    larger all-items figure of the main channel, in the same sentence, is a part of it
    (LABELLING.md: 主动公开文件数 is not the total when a larger all-items figure is)."""
    if not totals or not all(_DOCUMENTS_COUNTED.search(view, max(t.start - 12, 0), t.start)
                             for t in totals):
        return []
    larger = [c for c in candidates
              if c.item == "proactive_channel" and c.period != "cumulative" and c.dimension
              and vocab.main_channel.search(c.dimension)
              and all(c.sentence == t.sentence and c.end <= t.start and c.value > t.value
                      for t in totals)]
    if len({c.value for c in larger}) != 1:
        return []
    return [larger[0]._replace(item="proactive_total", rule="proactive.main_channel",
                               dimension=None, score=max(t.score for t in totals) + 1)]


def _is_part_of_channel(c: _Candidate, candidates: list[_Candidate], view: str,
                        of: tuple[str, ...] = ("proactive_channel",)) -> bool:
    """"门户网站发布信息12205条,其中政务要闻栏目5974条": a channel figure after 其中, in the
    stretch of another channel's figure (up to a ";"), is a part of that figure, not a channel
    beside it (with ``of`` the total's items too: "公开各类信息共计13921条,其中通过网站及官网
    公开信息12766条")."""
    return any(o is not c and o.item in of and o.sentence == c.sentence
               and o.end <= c.start and _BREAKDOWN.search(view, o.end, c.start)
               and ";" not in view[o.end:c.start] for o in candidates)


def _broken_down_main_channel(candidates: list[_Candidate], sentences: list[_Sentence],
                              view: str, vocab: Vocabulary, above: int) -> list[_Candidate]:
    """"经本局网站主动发布政务信息420条,其中…": the main channel's 主动公开 figure, broken
    down by category right after it, outweighs generic 发布/公开 counts elsewhere (a category
    further on, "财政公开信息8条"), which alone would have been taken as the total."""
    found = {c.value: c for c in candidates
             if c.item == "proactive_channel" and c.period != "cumulative" and c.dimension
             and vocab.main_channel.search(c.dimension) and "主动" in view[c.sentence[0]:c.start]
             and _is_broken_down(c, view, vocab)}
    if len(found) != 1:
        return []
    (only,) = found.values()
    at = next((i for i, s in enumerate(sentences) if s.start == only.sentence[0]), None)
    if at is None or sentences[at].text.lstrip(",:;").startswith(vocab.list_marker):
        return []
    return [only._replace(item="proactive_total", rule="proactive.main_channel",
                          dimension=None, score=max(only.score, above + 1))]


# What may stand between a figure and the 其中 that breaks it down: its unit, its qualifier and
# the end of the clause or sentence.
_FIGURE_TAIL = re.compile(r"[余多来]?[条件项篇份则个]?(?:以上|之多|左右)?[,.:;。\n]*")


def _is_broken_down(only: _Candidate, view: str, vocab: Vocabulary) -> bool:
    """The figure is broken down by category right after it ("…发布各类政府信息642条。其中,
    政策文件29条…"): it counts everything published, not one kind of item, so it stands for
    the 主动公开 part even where no heading says 主动."""
    tail = _FIGURE_TAIL.match(view, only.end)
    return view.startswith(vocab.list_marker, tail.end() if tail else only.end)


def _names_several_channels(dimension: str | None, vocab: Vocabulary) -> bool:
    """门户网站、政务微博 / 市政府网站及本部门网站: two or more channels named together, the
    main one among them."""
    if not dimension:
        return False
    parts = [p for p in _CHANNEL_JOINS.split(dimension) if p]
    # A list of minor channels only ("微博、微信等") is given beside the website's figure,
    # not as the total: the main channel must be among them.
    return (sum(1 for p in parts if vocab.channel_words.search(p)) >= 2
            and any(vocab.main_channel.search(p) for p in parts))


def _has_rival_figures(only: _Candidate, sentences: list[_Sentence], at: int,
                       vocab: Vocabulary, whole_part: bool = False) -> bool:
    """Another figure beside the candidate: any count in its own sentence ("网站1338条,双公示
    142条"), or another channel's published figure later in the section ("…微信公众号推送231
    条", "编发市政府公报12期"; "发布政策24条" there counts a category, no rival). Figures after
    a breakdown marker (其中, 含, 包括) that follows the candidate break it down: no rival.
    """
    section = sentences[at].heading
    for i in range(at, len(sentences)):
        sentence = sentences[i]
        if i > at and (sentence.heading != section if not whole_part
                       else _REQUEST_PART.search(sentence.text[:24] + sentence.heading)):
            break
        own_at = only.start - sentence.start if i == at else -1
        parts_at, parts_end = _breakdown_span(sentence.text, own_at) if i == at else (-1, -1)
        if i > at and sentence.text.lstrip(",:;").startswith(vocab.list_marker):
            continue
        pos = 0
        for end in [m.start() for m in _CLAUSE_END.finditer(sentence.text)] + [len(sentence.text)]:
            clause, c_start = sentence.text[pos:end], pos
            pos = end + 1
            if c_start <= own_at < c_start + len(clause):
                continue
            if (0 <= parts_at < c_start + len(clause) and own_at < c_start < parts_end
                    and not _MINOR_CHANNEL.search(clause)):
                continue  # a part of the figure's breakdown (a WeChat account's count is not)
            if _COUNTS_OTHER_THINGS.search(clause):
                continue
            # In the candidate's own sentence any other figure stands beside it (网站 N条,
            # 双公示 M条); in the sentences after it, only another channel's figure does.
            if _COUNT_WITH_UNIT.search(clause) and (
                    i == at or (_RIVAL_VERB.search(clause) and _names_one_channel(clause, vocab))):
                return True
    return False


def _breakdown_span(text: str, own_at: int) -> tuple[int, int]:
    """Where the breakdown (其中, 含, 包括) after the figure at ``own_at`` starts and ends: at
    its closing bracket when it opens one ("927条(其中…),微信…131条"), else at the next ";"
    or the sentence's end. (-1, -1) without one."""
    breakdown = _BREAKDOWN.search(text, max(own_at, 0))
    if breakdown is None:
        return -1, -1
    start = breakdown.start()
    if text[:start].rstrip(",:").endswith("("):
        close = text.find(")", start)
        return start, close if close >= 0 else len(text)
    semicolon = text.find(";", start)
    return start, semicolon if semicolon >= 0 else len(text)


def _match_bare_none(view: str, headings: list[tuple[int, int, str]],
                     vocab: Vocabulary) -> list[_Candidate]:
    """Zeros stated by a section that says only "无" under its heading (see bare_none)."""
    out = []
    for pos, _level, _title in headings:
        line_end = view.find("\n", pos)
        line_end = len(view) if line_end < 0 else line_end
        colon = view.rfind(":", pos, line_end)
        if colon >= 0 and vocab.bare_none_line.match(view, colon + 1, line_end):
            m, head = vocab.bare_none_line.match(view, colon + 1, line_end), view[pos:colon]
            span_end = line_end
        else:
            # Web pages put a blank line between a heading and its text.
            next_start = line_end + 1
            while view.startswith("\n", next_start):
                next_start += 1
            next_end = view.find("\n", next_start)
            next_end = len(view) if next_end < 0 else next_end
            m = vocab.bare_none_line.match(view, next_start, next_end)
            head, span_end = view[pos:line_end], next_end
        if not m or vocab.bare_none_skip.search(head):
            continue
        items = [item for word, item in (("复议", "reconsideration_total"),
                                         ("诉讼", "litigation_total")) if word in head]
        if not items and "申请" in head:
            items = ["applications_received"]
        out += [_Candidate(item, 0.0, EXACT, "year", 5, m.start("neg"), m.end("neg"),
                           (pos, span_end), "zero.bare_none_under_heading") for item in items]
    return out


def _find_hot_sentences(view: str) -> list[tuple[int, int]]:
    """Sentences with a count (a number before a count unit) or a zero statement on our subjects.

    Speed matters here (it runs over the whole text): unit characters after a numeral and
    subject words are located by C-level scans, and only their sentences are delimited.
    """
    # With every sentence end written as a line break, delimiting a sentence is one find each
    # way instead of one per kind of end.
    ends = view
    for c in _SENTENCE_ENDS[:-1]:
        ends = ends.replace(c, "\n")
    spans = _count_sentence_spans(view, ends)
    spans |= _zero_statement_spans(view, ends, spans)
    # Sentences cut at _MAX_SENTENCE may overlap; trim them so no text is matched twice.
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start = max(start, out[-1][1] if out else 0)
        if start < end:
            out.append((start, end))
    return out


def _count_sentence_spans(view: str, ends: str) -> set[tuple[int, int]]:
    """Sentences with a number before a count unit (``ends`` as in _find_sentence_around)."""
    spans: set[tuple[int, int]] = set()
    end = -1
    for m in _UNIT_AFTER_NUMERAL.finditer(view):
        at = m.start()
        if at < end:
            continue  # already inside a hot sentence
        i = at - 1
        while i >= 0 and view[i] in "余多来万亿":
            i -= 1
        if i >= 0 and (view[i].isdigit() or view[i] in _NUMERAL_CHARS):
            span = _find_sentence_around(ends, at)
            spans.add(span)
            end = span[1]
    return spans


def _zero_statement_spans(view: str, ends: str, known: set[tuple[int, int]]
                          ) -> set[tuple[int, int]]:
    """Sentences on requests, reconsiderations or lawsuits that state a zero, besides the
    ``known`` ones."""
    spans: set[tuple[int, int]] = set()
    for word in ("申请", "复议", "诉讼"):
        at = view.find(word)
        while at >= 0:
            span = _find_sentence_around(ends, at)
            if span not in known and span not in spans and _ZERO_WORD.search(view, *span):
                spans.add(span)
            at = view.find(word, span[1])
    return spans


def _find_sentence_around(ends: str, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``; ``ends`` is the view with every sentence end as "\\n"."""
    # Searches are bounded: a "sentence" longer than _MAX_SENTENCE is cut, which keeps the cost
    # per hit constant instead of scanning back to the start for a delimiter that never occurs.
    lo, hi = max(pos - _MAX_SENTENCE, 0), min(pos + _MAX_SENTENCE, len(ends))
    start = ends.rfind("\n", lo, pos) + 1 or lo
    end = ends.find("\n", pos, hi)
    return start, end if end >= 0 else hi


def _find_headings(view: str) -> list[tuple[int, int, str]]:
    """Section headings as (line start, level, title); 一、 is level 1, (一) 2, 1. 3, (1) 4."""
    out = []
    for m in _HEADING.finditer("\n" + view):  # a literal first character makes the scan fast
        level = 1 if (m.group("l1") or m.group("l1b")) else 2 if m.group("l2") else (
            3 if m.group("l3") else 4)
        # With the "\n" added in front, m.start() is the heading's line start in the view.
        out.append((m.start(), level, m.group("title")))
    return out


def _get_heading_at(headings: list[tuple[int, int, str]], pos: int) -> tuple[str, str]:
    """The heading context at ``pos`` ("二、主动公开…|(一)公开数量"), and the innermost title."""
    i = bisect.bisect_right(headings, (pos, 9, "")) - 1
    if i < 0:
        return "", ""
    titles = []
    level = 99
    while i >= 0 and level > 1:
        if headings[i][1] < level:
            level = headings[i][1]
            titles.append(headings[i][2])
        i -= 1
    return "|".join(reversed(titles)), titles[0]


def _locate_value_group(ph: Phrasing, m: re.Match[str]) -> str:
    """The group holding the value: the number, the written zero, or the negation."""
    if ph.value_group:
        return ph.value_group
    return "zero" if m.groupdict().get("zero") else "neg"


# A NamedTuple, like _Candidate: one is made per hot sentence.
class _Sentence(NamedTuple):
    text: str  # in the view
    start: int  # view offset
    heading: str
    innermost_heading: str


class _JoinedSentences:
    """Hot sentences joined by line breaks (which no pattern crosses), where each starts in
    the join, and each one's clause ends, found when first asked for."""

    def __init__(self, sentences: list[_Sentence]) -> None:
        self.sentences = sentences
        self.text = "\n" + "\n".join(s.text for s in sentences)  # a clause follows a separator
        self.offsets: list[int] = []
        pos = 1
        for s in sentences:
            self.offsets.append(pos)
            pos += len(s.text) + 1
        self._clause_ends: dict[int, list[int]] = {}

    def clause_ends(self, si: int) -> list[int]:
        if si not in self._clause_ends:
            text = self.sentences[si].text
            self._clause_ends[si] = [cm.start() for cm in _CLAUSE_END.finditer(text)]
        return self._clause_ends[si]


class _Claims:
    """What earlier phrasings took: numbers (by span) and zero statements (by item and
    clause). An earlier phrasing claims a number first."""

    def __init__(self) -> None:
        self.spans: set[tuple[int, int]] = set()
        self.zeros: set[tuple[str, int]] = set()

    def take(self, ph: Phrasing, cand: _Candidate, clause_at: int) -> bool:
        """Record ``cand`` (of a clause starting at ``clause_at``) unless it is taken."""
        if ph.kind == "zero":
            zkey = (cand.item, clause_at)
            if zkey in self.zeros:
                return False
            self.zeros.add(zkey)
        elif (cand.start, cand.end) in self.spans and ph.kind not in ("each", "respective"):
            return False
        self.spans.add((cand.start, cand.end))
        return True


def _match_sentences(sentences: list[_Sentence], report_year: int | None,
                     vocab: Vocabulary) -> dict[int, list[_Candidate]]:
    """Candidates per sentence index.

    All hot sentences are joined by line breaks (which no pattern crosses) and each phrasing
    runs once over the join, in the data file's order: an earlier phrasing claims a number
    first. One regex pass per phrasing keeps the Python work per document small.
    """
    joined = _JoinedSentences(sentences)
    found: dict[int, list[tuple[int, int, _Candidate]]] = {}
    claims = _Claims()
    budget = _MAX_MATCHES
    triggered: dict[re.Pattern[str], bool] = {}  # phrasings share triggers (未|没|无)
    for order, ph in enumerate(vocab.phrasings):
        if ph.trigger not in triggered:
            triggered[ph.trigger] = ph.trigger.search(joined.text) is not None
        if not triggered[ph.trigger]:
            continue
        for m in ph.regex.finditer(joined.text):
            budget -= 1
            if budget < 0:
                break
            judged = _judge_match(ph, m, joined, claims, report_year, vocab)
            if judged is None:
                continue
            si, c_start, candidates = judged
            for cand in candidates:
                if claims.take(ph, cand, sentences[si].start + c_start):
                    found.setdefault(si, []).append((c_start, order, cand))
    return {si: [c for _, _, c in sorted(cands, key=lambda t: t[:2])]
            for si, cands in found.items()}


def _judge_match(ph: Phrasing, m: re.Match[str], joined: _JoinedSentences, claims: _Claims,
                 report_year: int | None, vocab: Vocabulary
                 ) -> tuple[int, int, list[_Candidate]] | None:
    """The sentence a match of the join falls in, where its clause starts there, and the
    candidates the match yields; None when it is outside every sentence or its number is
    taken already."""
    # Locate by the number (or negation): a match may begin on the separator before its
    # clause.
    anchor = m.start(_locate_value_group(ph, m))
    si = bisect.bisect_right(joined.offsets, anchor) - 1
    if si < 0:
        return None
    sentence, offset = joined.sentences[si], joined.offsets[si]
    rel = anchor - offset
    c_start, c_end = _locate_clause(joined.clause_ends(si), rel, len(sentence.text))
    if ph.kind == "count" and (sentence.start + rel,
                               sentence.start + m.end("num") - offset) in claims.spans:
        return None  # an earlier phrasing took this number: judging it again is wasted
    clause = sentence.text[c_start:c_end]
    return si, c_start, _judge(ph, m, offset + c_start, clause, c_start, sentence, report_year,
                               vocab)


def _locate_clause(clause_ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """The clause holding ``pos`` in a sentence of ``length`` with these clause ends.

    A clause is a non-empty stretch between clause ends; on an end (or outside the sentence)
    there is none, and the empty span at ``pos`` is returned.
    """
    i = bisect.bisect_left(clause_ends, pos)
    if not 0 <= pos < length or (i < len(clause_ends) and clause_ends[i] == pos):
        return pos, pos
    return (clause_ends[i - 1] + 1 if i else 0), (clause_ends[i] if i < len(clause_ends)
                                                   else length)


def _judge(ph: Phrasing, m: re.Match[str], shift: int, clause: str, c_off: int,
           sent: _Sentence, report_year: int | None, vocab: Vocabulary) -> list[_Candidate]:
    """The candidates one regex match yields, after the context checks.

    ``m`` indexes the joined sentences; ``shift`` is where ``clause`` starts there, ``c_off``
    where it starts in the sentence.
    """
    groups = m.groupdict()
    start, end = m.span(_locate_value_group(ph, m))
    if start < 0:
        return []
    start, end = start - shift, end - shift
    prefix = _judged_prefix(ph, clause, start, m.end() - shift)
    if vocab.forbid[ph.forbid].search(prefix):
        return []
    if ph.kind == "zero" and _NONZERO_COUNT.search(prefix):
        return []  # "未发生行政复议但有行政诉讼1起": a zero beside a count is not trusted
    sentence = sent.text
    ctx = _Context(clause=clause, prefix=prefix, sentence_prefix=sentence[:c_off + start],
                   clause_start=c_off, sentence=sentence, heading=sent.heading,
                   innermost_heading=sent.innermost_heading,
                   dimension=_read_dimension(ph, groups.get("dim"), vocab))
    judged = _judge_context(ph, ctx, report_year, vocab)
    if judged is None:
        return []
    period, strong = judged
    base = sent.start + c_off  # where the clause starts in the document
    sentence_span = (sent.start, sent.start + len(sentence))
    if ph.kind == "zero":
        score = _score_candidate(ph, ctx, strong)
        # Which of 复议/诉讼 the zero covers: the words after the negation, or before the 0.
        said = (m.group(ph.value_group) if ph.value_group
                else clause[m.start() - shift:] if groups.get("zero") is None
                else clause[:m.end() - shift])
        qualifier = PARTIAL_YEAR if period == "partial" else EXACT
        return [_Candidate(item, 0.0, qualifier, period, score, base + start, base + end,
                           sentence_span, ph.id) for item in _pick_review_items(ph.item, said)]
    return _count_candidates(ph, m, shift, ctx, period, strong, (base, start, end),
                             sentence_span, vocab)


def _judged_prefix(ph: Phrasing, clause: str, start: int, match_end: int) -> str:
    """The words of ``clause`` a match's context checks read: those before the value; for a
    zero statement, the clause up to the 、 that starts the next item of a list of zeros
    ("无政府信息公开申请、无行政复议和行政诉讼": each says its own none)."""
    if ph.kind != "zero":
        return clause[:start]
    listed = clause.find("、", match_end)
    return clause[:listed] if listed >= 0 else clause


def _read_dimension(ph: Phrasing, dim: str | None, vocab: Vocabulary) -> str | None:
    """The dimension a match names (a channel, a category), stripped of its framing words."""
    if dim is None:
        return None
    if ph.item == "proactive_category":
        dim = vocab.category_dimension_cut.sub("", dim)
    return vocab.dimension_strip.sub("", dim) or None


def _judge_context(ph: Phrasing, ctx: _Context, report_year: int | None,
                   vocab: Vocabulary) -> tuple[str, bool] | None:
    """The period a match speaks of and whether its context binds it strongly, or None when
    a check of the phrasing rejects it."""
    # The checks that do not look at the period go first: a match they reject is not worth
    # dating (judging the period is the costliest step).
    for check in ph.checks_before_period:
        if not check(ctx, vocab, False):
            return None
    period, strong, weak = _judge_period(ctx, report_year, vocab)
    if period == "other_year":
        return None
    # An all-time figure is recorded whatever binds it; only the year's needs the context.
    if period != "cumulative":
        for check in ph.checks_after_period:
            if not check(ctx, vocab, strong or weak):
                return None
    return period, strong


def _count_candidates(ph: Phrasing, m: re.Match[str], shift: int, ctx: _Context, period: str,
                      strong: bool, at: tuple[int, int, int], sentence_span: tuple[int, int],
                      vocab: Vocabulary) -> list[_Candidate]:
    """The candidates of a match that states a number; ``at`` is where its clause starts in
    the document and where the number starts and ends in the clause."""
    base, start, end = at
    abs_start, abs_end = base + start, base + end
    value = parse_number(m.group("num"))
    if value is None or value < 0:
        return []
    groups = m.groupdict()
    qualifier = _judge_qualifier(groups.get("pre") or "", groups.get("post") or "",
                                 groups.get("tail") or "", period, vocab)
    item = ph.item
    if item == "proactive_total" and period == "cumulative":
        item = "proactive_cumulative"
    elif period == "cumulative" and item in ("applications_received", "reconsideration_total",
                                             "litigation_total"):
        return []  # 历年累计收到申请… is not the year's
    score = _score_candidate(ph, ctx, strong)
    if ph.kind == "each":
        return [_Candidate(i, value, qualifier, period, score, abs_start, abs_end, sentence_span,
                           ph.id) for i in ("reconsideration_total", "litigation_total")]
    if ph.kind == "respective":
        second = parse_number(m.group("num2"))
        if second is None:
            return []
        s2, e2 = m.start("num2") - shift, m.end("num2") - shift
        first_is_rec = m.group("first") == "复议"
        pairs = [(value, abs_start, abs_end), (second, base + s2, base + e2)]
        rec, lit = pairs if first_is_rec else pairs[::-1]
        return [_Candidate("reconsideration_total", rec[0], EXACT, period, score, rec[1], rec[2],
                           sentence_span, ph.id),
                _Candidate("litigation_total", lit[0], EXACT, period, score, lit[1], lit[2],
                           sentence_span, ph.id)]
    return [_Candidate(item, value, qualifier, period, score, abs_start, abs_end, sentence_span,
                       ph.id, ctx.dimension if item in ("proactive_channel", "proactive_category")
                       else None)]


def _pick_review_items(item: str, span_text: str) -> list[str]:
    if item != "review_both":
        return [item]
    items = []
    if "复议" in span_text:
        items.append("reconsideration_total")
    if "诉讼" in span_text:
        items.append("litigation_total")
    return items


def _is_governed_by_partial_year(ctx: _Context, vocab: Vocabulary) -> bool:
    """Whether a period shorter than the year (今年1至9月, not one ending in 12月) governs
    the number: the last period named before it does."""
    partials = list(vocab.partial_year.finditer(ctx.sentence_prefix))
    if not partials:
        return False
    partial = partials[-1]
    # "今年1至9月开展培训3次,全年主动公开信息500条": a clause bound to the whole year is not
    # governed by a shorter period named in an earlier clause.
    if partial.end() <= ctx.clause_start and \
            vocab.whole_year.search(ctx.sentence_prefix, ctx.clause_start):
        return False
    month = partial.group("month") or partial.group("month2") or partial.group("month3")
    return not month or (parse_number(month) or 0) < 12


def _judge_period(ctx: _Context, report_year: int | None,
                  vocab: Vocabulary) -> tuple[str, bool, bool]:
    """(year | partial | cumulative | other_year, strongly bound, weakly bound)."""
    def since_is_report_year(m: re.Match[str]) -> bool:
        since = m.group("since")
        return bool(since and report_year and int(since) == report_year)

    always = [m for m in vocab.cumulative_always.finditer(ctx.prefix)
              if not since_is_report_year(m)]
    if always:
        return "cumulative", False, False
    sentence_prefix = ctx.sentence_prefix
    plain = _BRACKETED.sub("", sentence_prefix)
    # "截至2017年底" dates a running total; its year does not make the figure the year's.
    year_end = vocab.year_end.search(plain)
    if year_end:
        plain = plain[:year_end.start()] + plain[year_end.end():]
    weak = bool(vocab.weak_binding.search(ctx.prefix))
    if _is_governed_by_partial_year(ctx, vocab):
        return "partial", True, weak
    # "截至12月31日,新增主动公开311条,累计主动公开政府信息达3174条": 累计 in its own clause,
    # after a year-end date, is the running total, whatever binds the other clauses.
    if year_end and "累计" in ctx.prefix and not vocab.strong_binding.search(ctx.prefix) and \
            not _YEAR_MENTION.search(ctx.prefix):
        return "cumulative", False, False
    years = [int(y) for y in _YEAR_MENTION.findall(plain)]
    if years and report_year and years[-1] != report_year:
        if not vocab.cumulative_always.search(sentence_prefix):
            return "other_year", False, False
    strong = bool(vocab.strong_binding.search(plain)) or (
        bool(years) and (report_year is None or report_year in years))
    if strong:
        return "year", True, weak
    if any(not since_is_report_year(m) for m in vocab.cumulative_always.finditer(plain)) or \
            vocab.cumulative_unless_bound.search(plain) or (
            "累计" in ctx.prefix and year_end):
        return "cumulative", False, False
    return "year", False, weak or bool(vocab.weak_binding.search(plain))


def _judge_qualifier(pre: str, post: str, tail: str, period: str, vocab: Vocabulary) -> str:
    if period == "partial":
        return PARTIAL_YEAR
    if post in vocab.at_least_after or tail in vocab.at_least_after or any(
            w in pre for w in vocab.at_least_before):
        return AT_LEAST
    if post in vocab.approx_after or tail in vocab.approx_after or any(
            w in pre for w in vocab.approx_before):
        return APPROX
    return EXACT


# A statement with the verb 主动公开 is about proactive disclosure by definition; a generic
# 发布/公开 one only by context.
_RULE_WEIGHT = {"proactive.generic_verb": 1}


def _score_candidate(ph: Phrasing, ctx: _Context, strong: bool) -> int:
    score = _RULE_WEIGHT.get(ph.id, 3)
    if ph.family == "proactive" and "主动" in ctx.heading:
        score += 2
    if ph.family == "applications" and "申请" in ctx.heading:
        score += 2
    if ph.family == "review" and _REVIEW_WORD.search(ctx.heading):
        score += 2
    if strong:
        score += 1
    return score


def _match_category_list(sentence: str, s_start: int, found: list[_Candidate],
                         vocab: Vocabulary) -> list[_Candidate]:
    """Categories listed after 其中 in a sentence about the proactive total."""
    at = sentence.find(vocab.list_marker)
    if at < 0:
        return []
    taken = {(c.start, c.end) for c in found}
    out = []
    pos = at + len(vocab.list_marker)
    for piece_m in _LIST_PIECE.finditer(sentence[pos:]):
        piece = piece_m.group()
        m = vocab.list_piece.match(piece)
        if not m or vocab.list_skip.search(piece) or vocab.channel_words.search(piece):
            continue
        value = parse_number(m.group("num"))
        dim = vocab.dimension_strip.sub("", m.group("dim"))
        if value is None or not dim:
            continue
        start = s_start + pos + piece_m.start() + m.start("num")
        end = s_start + pos + piece_m.start() + m.end("num")
        if (start, end) in taken:
            continue
        qualifier = _judge_qualifier(m.group("pre") or "", m.group("post") or "",
                                     m.group("tail") or "", "year", vocab)
        out.append(_Candidate("proactive_category", value, qualifier, "year", 0, start, end,
                              (s_start, s_start + len(sentence)), "proactive.category_list", dim))
    return out


def _resolve(candidates: list[_Candidate], tv: TextView) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[tuple[str, int, int]] = set()
    for c in candidates:
        if c.item in HEADLINE_ITEMS:
            continue
        key = (c.item, c.start, c.end)
        if key not in seen:
            seen.add(key)
            facts.append(_make_fact(c, tv))
    for item in HEADLINE_ITEMS:
        chosen = _choose([c for c in candidates if c.item == item])
        if chosen is not None:
            facts.append(_make_fact(chosen, tv))
    facts.sort(key=lambda f: (f.span_start, f.item))
    return facts


def _choose(cands: list[_Candidate]) -> _Candidate | None:
    """The one candidate to report, or None when equally strong candidates disagree."""
    if not cands:
        return None
    full_year = [c for c in cands if c.period != "partial"]
    pool = full_year or cands
    best = max(c.score for c in pool)
    top = [c for c in pool if c.score == best]
    if len({c.value for c in top}) > 1:
        return None
    # Only generic statements (发布…N条) and they disagree: nothing says which is the total.
    if top[0].rule in _GENERIC_RULES and len({c.value for c in pool
                                               if c.rule in _GENERIC_RULES}) > 1:
        return None
    return top[0]


_GENERIC_RULES = frozenset({"proactive.generic_verb", "proactive.generic_listed"})


def _make_fact(c: _Candidate, tv: TextView) -> Fact:
    start, end = tv.span_to_text(c.start, c.end)
    s_start, s_end = tv.span_to_text(*c.sentence)
    return Fact(section="text", item=c.item, dimension=c.dimension, value=float(c.value),
                unit=_UNITS[c.item], qualifier=c.qualifier,
                evidence=tv.text[s_start:s_end].strip(), span_start=start, span_end=end,
                rule=c.rule)
