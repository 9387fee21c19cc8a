"""Families of real reports in the generator: each one is drawn, printed, and answered as
LABELLING.md says (the agency, the proactive total, the planted hierarchy faults)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from xxgk.generate import GeneratedReport, generate_reports
from xxgk.generate.corpus import (
    DEFAULT_FORMATS,
    ERAS,
    draw_plan,
    generate_report,
    make_doc_id,
    render_report,
)
from xxgk.generate.mirror import READINGS, Glossing, draw_glossing, to_traditional
from xxgk.generate.names import draw_agency
from xxgk.generate.noise import SPAM_CUE_KIND
from xxgk.identity import resolve_identity

FAMILIES = ("portal_menu", "inline_spam", "traditional", "letter_heading", "township_contact",
            "region_wide", "channel_figures", "tax_branch")
REPORT_WORDS = re.compile("报告|報告|年报|年報|总结|總結|情况|情況")
GLOSS = re.compile(r"[(（][a-zü\u00e0-\u01dc]{1,7}[)）]")


def decode(report: GeneratedReport) -> str:
    return report.data.decode("gb18030" if report.encoding == "gbk" else "utf-8")


def visible_lines(report: GeneratedReport) -> list[str]:
    text = decode(report)
    if report.format == "html":
        text = re.sub(r"<[^>]+>", "\n", text)
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> list[GeneratedReport]:
    return list(generate_reports(900, seed=4321))


def carrying(corpus: list[GeneratedReport], family: str) -> list[GeneratedReport]:
    found = [r for r in corpus if f"Family {family}:" in r.gold["notes"]]
    assert found, family
    return found


def family_note(report: GeneratedReport, family: str) -> str:
    return report.gold["notes"].split(f"Family {family}:", 1)[1]


def is_mirrored(report: GeneratedReport) -> bool:
    return "Family traditional:" in report.gold["notes"]


def as_printed(report: GeneratedReport, words: str) -> set[str]:
    """``words`` as the report may print them: converted on a mirrored page."""
    if not is_mirrored(report):
        return {words}
    return {to_traditional(words, config) for config in ("s2t", "s2tw")}


def plain_text(report: GeneratedReport) -> str:
    """The visible text without glosses, thousands separators and converter spaces."""
    return re.sub(r"(?<=\d),(?=\d{3})|[ \t]", "", GLOSS.sub("", decode(report)))


def test_each_family_comes_at_a_few_percent(corpus):
    counts = Counter(name for r in corpus for name in FAMILIES
                     if f"Family {name}:" in r.gold["notes"])
    assert set(counts) == set(FAMILIES)
    for name, count in counts.items():
        assert 3 <= count <= 0.08 * len(corpus), (name, count)
    assert sum("Family" not in r.gold["notes"] for r in corpus) > 0.65 * len(corpus)


def test_a_report_without_families_is_drawn_as_it_always_was():
    # The families draw from a stream of their own: with none drawn, the report is what the
    # plain composer writes from the report's stream alone.
    plain = 0
    for index in range(40):
        report = generate_report(index, 5)
        if "Family" in report.gold["notes"]:
            continue
        rng = random.Random(f"5/{index}")
        plan = draw_plan(rng, DEFAULT_FORMATS, ERAS)
        again = render_report(rng, make_doc_id(index, 5), plan,
                              draw_agency(rng, plan.report_year))
        assert (again.data, again.gold) == (report.data, report.gold)
        plain += 1
    assert plain > 20


def test_portal_menu_lines_stand_above_the_title_and_are_not_the_agency(corpus):
    for r in carrying(corpus, "portal_menu"):
        count = int(re.match(r" (\d+) menu lines", family_note(r, "portal_menu")).group(1))
        assert 10 <= count <= 30
        text = decode(r)
        names = r.gold["agency"]
        if r.format == "html":
            menu = re.search(r'<ul class="menu">(.*?)</ul>', text, re.S).group(1)
            items = re.findall(r"<li><a>([^<]+)</a></li>", menu)
            assert text.index("</ul>") < text.index('<div class="article">')
        else:  # after the injected spam tags, if any: the menu, then the page
            lines = [line for line in visible_lines(r) if not line.startswith("<")]
            items = lines[:count]
            assert any(n in line for line in lines[count:count + 8] for n in names)
        assert len(items) == count
        items = [GLOSS.sub("", item) for item in items]
        assert all(len(item) <= 16 and "：" not in item and ":" not in item for item in items)
        if not names[-1].endswith("人民政府"):  # a government's portal is its own site
            assert not any(name in item for item in items for name in names)


def test_inline_spam_is_glued_to_the_organ_and_kept_out_of_the_agency(corpus):
    for r in carrying(corpus, "inline_spam"):
        note = family_note(r, "inline_spam")
        spam = re.search(r"Spam '(.+?)' glued", note).group(1)
        text = decode(r).replace("&amp;", "&")
        if "Family traditional" not in r.gold["notes"]:
            assert spam in text
            if "into the title" in note:
                assert any(name + spam in text for name in r.gold["agency"]), spam
        assert not any(cue in name for name in r.gold["agency"] for cue in SPAM_CUE_KIND)


def test_traditional_mirror_keeps_the_answers_and_lists_the_written_names(corpus):
    glossed = 0
    for r in carrying(corpus, "traditional"):
        text = decode(r)
        plain = GLOSS.sub("", text)
        assert "公開" in plain and "公开" not in plain
        agency = r.gold["agency"]
        printed = [n for n in agency if n in text or n in plain]
        assert printed[0] == agency[0]  # the converted name first, as the page writes it
        # …and the simplified names, which the page no longer prints, are listed too
        simplified = [n for n in agency if n not in printed and n not in as_printed(r, n)]
        assert simplified or all(n in as_printed(r, n) for n in agency)
        if ", pinyin after" in r.gold["notes"]:
            glossed += 1
            assert GLOSS.search(text)
    assert glossed


def test_letter_heading_addresses_the_office_above_not_the_agency(corpus):
    for r in carrying(corpus, "letter_heading"):
        addressee = re.search(r" '(.+?)' addresses", family_note(r, "letter_heading")).group(1)
        assert addressee.endswith("：") and addressee[:-1] not in r.gold["agency"]
        lines = [GLOSS.sub("", line) for line in visible_lines(r)]
        at = next(i for i, line in enumerate(lines) if line in as_printed(r, addressee))
        assert REPORT_WORDS.search(lines[at + 1])  # the report's title comes next
        assert any(name in lines[at + 1] for name in r.gold["agency"])


def test_township_contact_names_the_office_and_the_organ_only_in_the_title(corpus):
    for r in carrying(corpus, "township_contact"):
        names = r.gold["agency"]
        assert names[-1].endswith(("人民政府", "办事处"))
        lines = [GLOSS.sub("", line) for line in visible_lines(r)]
        offices = [line for line in lines if any(n + "党政" in line or n + "黨政" in line
                                                 for n in names)]
        assert offices
        for line in lines:
            if any(n in line for n in names):
                assert REPORT_WORDS.search(line) or line in offices, line


def test_region_wide_figure_is_the_governments_total(corpus):
    for r in carrying(corpus, "region_wide"):
        total = r.gold["proactive_total"]
        assert total["qualifier"] == "exact"
        assert r.gold["agency"][0].endswith("人民政府")  # (the same in both scripts)
        found = re.search(r"全[县区市縣區]各[级級]行政[机機][关關][^。]{0,12}?(\d+)[条條]",
                          plain_text(r))
        assert found and int(found.group(1)) == total["value"]


def test_channel_figures_have_a_total_only_when_the_text_states_one(corpus):
    kinds = set()
    for r in carrying(corpus, "channel_figures"):
        note = family_note(r, "channel_figures")
        total = r.gold["proactive_total"]
        if "no total" in note:
            kinds.add("no_total")
            a, b = map(int, re.search(r"channels (\d+) and (\d+)", note).groups())
            assert total is None
        else:
            kinds.add("with_total")
            n, a, b = map(int, re.search(r"a total (\d+) .*?(\d+)\+(\d+)", note).groups())
            assert a + b == n == total["value"] and total["qualifier"] == "exact"
        text = plain_text(r)
        assert f"{a}条" in text or f"{a}條" in text
        assert f"{b}条" in text or f"{b}條" in text
    assert kinds == {"no_total", "with_total"}


def test_tax_branch_is_a_county_taxation_organ(corpus):
    for r in carrying(corpus, "tax_branch"):
        name = next(n for n in r.gold["agency"] if n.startswith("国家税务总局"))
        assert name == r.gold["agency"][0] or is_mirrored(r)
        assert re.fullmatch(r"国家税务总局.{2,4}市.{2,4}[区县]税务局", name), name
        # (its level the resolver reads from its places, which are invented here)
        assert resolve_identity(name, None, "").sector == "taxation"
        assert as_printed(r, name) & set(r.gold["agency"])


def test_mirror_converts_one_for_one_and_glosses_within_its_room():
    text = "青川县人民政府2019年度政务公开工作报告，发布机构：县政府办公室。"
    for config in ("s2t", "s2tw"):
        converted = to_traditional(text, config)
        assert len(converted) == len(text) and "縣" in converted and "報告" in converted
    assert Glossing("報縣", "(", ")").apply("縣報告") == "縣(xiàn)報(bào)告"
    page = to_traditional(text) * 20
    roomy = draw_glossing(random.Random(1), page, 10_000, "utf-8")
    assert roomy.chars and set(roomy.chars) <= set(READINGS)
    tight = draw_glossing(random.Random(1), page, 30, "utf-8")
    added = len(tight.apply(page).encode()) - len(page.encode())
    assert added <= 30 and len(tight.chars) < len(roomy.chars)

