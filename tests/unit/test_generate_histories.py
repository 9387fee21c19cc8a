"""The history generator: organs of real divisions, their name forms and hosts, carried-over
numbers chained across years, planted faults, determinism."""

from __future__ import annotations

import json
import random
from collections import defaultdict

import polars as pl
import pytest

from xxgk.generate import generate_histories, generate_reports, parse_years, write_histories
from xxgk.generate.gov_sites import list_clear_divisions, list_hosts, list_provinces
from xxgk.generate.histories import CARRIED_OVER_CHECK, DUPLICATE_CHECK, HIERARCHY_CHECK
from xxgk.generate.real_organs import ABBREVIATIONS, NAME_FORMS, draw_organs, draw_region_organs
from xxgk.identity import resolve_identity
from xxgk.identity.hosts import divisions_of_host
from xxgk.quality.hierarchy import hierarchy_frame

YEARS = (2019, 2020, 2021, 2022, 2023)
TOPICS = (None, "science", "education", "land", "health", "labour", "market", "environment",
          "development")


@pytest.fixture(scope="module")
def corpus():
    return list(generate_histories(40, YEARS, seed=5))


def _cells(gold: dict, item: str) -> dict:
    return {c["dimension"]: c["value"] for c in gold["table_cells"]
            if c["section"] == "table3" and c["item"] == item}


def _decode(report) -> str:
    return report.data.decode("gb18030" if report.encoding == "gbk" else "utf-8")


def test_same_arguments_give_the_same_corpus_and_fewer_organs_a_prefix():
    first = [(r.filename, r.data, r.gold) for r in generate_histories(6, YEARS[:3], seed=9)]
    again = [(r.filename, r.data, r.gold) for r in generate_histories(6, YEARS[:3], seed=9)]
    assert first == again
    fewer = [(r.filename, r.data, r.gold) for r in generate_histories(3, YEARS[:3], seed=9)]
    assert first[:len(fewer)] == fewer
    other = {r.data for r in generate_histories(6, YEARS[:3], seed=10)}
    assert not other & {data for _, data, _ in first}


def test_default_generator_output_does_not_depend_on_histories():
    # The invented corpus draws nothing from the real divisions: its first report is the same
    # before and after a history corpus is generated in the same process.
    before = next(generate_reports(1, seed=2019)).data
    list(generate_histories(2, YEARS[:2], seed=1))
    assert next(generate_reports(1, seed=2019)).data == before


def test_years_are_consecutive_table_years():
    assert parse_years("2019-2023") == YEARS and parse_years("2021") == (2021,)
    with pytest.raises(ValueError, match="table years"):
        list(generate_histories(1, (2017, 2018, 2019)))
    with pytest.raises(ValueError, match="consecutive"):
        list(generate_histories(1, (2019, 2021)))


def test_every_host_names_its_division_alone():
    divisions = list_clear_divisions()
    assert len(divisions) > 500
    names = [d.name for d in divisions]
    assert "鼓楼区" not in names and "市中区" not in names  # shared across China
    for division in (*divisions, *list_provinces()):
        for topic in TOPICS:
            for host in list_hosts(division, topic):
                assert host.endswith(".gov.cn")
                assert divisions_of_host(f"http://{host}/art/1.html") == (division.code,), host


def test_every_name_form_resolves_to_the_organ_and_its_division():
    organs = draw_organs(random.Random(3), 150)
    assert len({o.key for o in organs}) == 150
    assert {o.admin_level for o in organs} == {"province", "prefecture", "county", "township"}
    for organ in organs:
        ids = set()
        for form in organ.name_forms():
            for short in (False, True):
                for host in organ.hosts:
                    identity = resolve_identity(organ.name(form, short), f"http://{host}/a.html")
                    assert identity.region_code == organ.division.code, (organ.key, form)
                    assert identity.admin_level == organ.admin_level
                    assert identity.region_source == ("host" if form == "relative"
                                                      else "written")
                    ids.add(identity.agency_id)
        assert len(ids) == 1 and None not in ids, (organ.key, ids)


def test_name_forms_look_like_real_ones():
    organs = draw_organs(random.Random(8), 80)
    for organ in organs:
        division, town = organ.division, organ.town or ""
        assert organ.name("own_place").startswith(division.name + town) or \
            division.level == "province"
        if division.parent_name and division.level != "province":
            assert organ.name("full") == division.parent_name + organ.name("own_place")
        relative = organ.name("relative", True)
        assert division.name not in relative
        assert relative.startswith(town or division.level_word)
        if "abbreviated" in organ.name_forms():
            assert organ.name("abbreviated").endswith(ABBREVIATIONS[organ.kind.suffix])
        if organ.town:
            assert "abbreviated" not in organ.name_forms()  # 镇政府: see ABBREVIATIONS
    county = next(o for o in organs if o.kind.suffix == "科学技术局"
                  and o.division.level == "county")
    assert [county.name(f) for f in NAME_FORMS] == [
        county.division.parent_name + county.division.name + "科学技术局",
        county.division.name + "科学技术局", county.division.name + "科技局",
        county.division.level_word + "科学技术局"]


def test_each_report_prints_one_form_of_its_organ(corpus):
    forms = defaultdict(set)
    for report in corpus:
        gold = report.gold
        forms[gold["organ_key"]].add(gold["name_form"])
        text = _decode(report)
        assert gold["agency"][0] in text
        assert gold["region_source"] == ("host" if gold["name_form"] == "relative" else "written")
        if gold["name_form"] == "relative":
            place = gold["region_code"]
            division = next(d for d in (*list_clear_divisions(), *list_provinces())
                            if d.code == place)
            assert division.name not in text, gold["id"]  # only the host can tell
    assert all(len(f) >= 2 for f in forms.values())
    assert set().union(*forms.values()) == set(NAME_FORMS)


def test_carried_over_equals_last_years_carried_forward_unless_planted(corpus):
    by_organ = defaultdict(dict)
    for report in corpus:
        if report.gold["copy_of"] is None:
            by_organ[report.gold["organ_key"]][report.gold["report_year"]] = report.gold
    planted = 0
    for years in by_organ.values():
        assert sorted(years) == list(YEARS)
        for year in YEARS[1:]:
            gold, last = years[year], years[year - 1]
            same = _cells(gold, "carried_over") == _cells(last, "carried_forward")
            assert same == (CARRIED_OVER_CHECK not in gold["planted_history"]), gold["id"]
            planted += not same
            # counts drift, they do not jump: no year-over-year warning is planted
            new, old = gold["applications_received"], last["applications_received"]
            assert (new == 0) == (old == 0) and (not old or 0.2 <= new / old <= 5)
        for gold in years.values():  # every table adds up
            t = {item: _cells(gold, item)["total"] for item in
                 ("new_received", "carried_over", "results_total", "carried_forward")}
            assert t["new_received"] + t["carried_over"] == t["results_total"] + \
                t["carried_forward"]
    assert planted >= 5


def test_copies_are_recorded_with_their_original(corpus):
    by_id = {r.gold["id"]: r for r in corpus}
    copies = [r for r in corpus if r.gold["copy_of"]]
    assert {r.gold["copy_kind"] for r in copies} == {"republished", "mirrored"}
    for copy in copies:
        original = by_id[copy.gold["copy_of"]]
        assert copy.gold["source_url"] != original.gold["source_url"]
        assert copy.gold["organ_key"] == original.gold["organ_key"]
        assert copy.gold["table_cells"] == original.gold["table_cells"]
        if copy.gold["copy_kind"] == "mirrored":
            assert copy.data == original.data
            assert DUPLICATE_CHECK not in copy.gold["planted_history"]
        else:  # the same report on another site's page: other markup, the same answers
            assert copy.data != original.data
            page_keys = {"id", "source_url", "copy_of", "copy_kind", "layout", "encoding",
                         "notes"}
            assert {k: v for k, v in copy.gold.items() if k not in page_keys} == \
                {k: v for k, v in original.gold.items() if k not in page_keys}
            assert DUPLICATE_CHECK in copy.gold["planted_history"]
            assert DUPLICATE_CHECK in original.gold["planted_history"]
    originals = [r for r in corpus if not r.gold["copy_of"]]
    assert len({(r.gold["organ_key"], r.gold["report_year"]) for r in originals}) == \
        len(originals) == 40 * len(YEARS)
    assert sum(DUPLICATE_CHECK in r.gold["planted_history"] for r in originals) == \
        sum(r.gold["copy_kind"] == "republished" for r in copies)


def test_written_corpus_mirrors_the_sites(tmp_path):
    gold_path = write_histories(tmp_path, 2, YEARS[:2], seed=4)
    lines = gold_path.read_text(encoding="utf-8").splitlines()
    reports = list(generate_histories(2, YEARS[:2], seed=4))
    assert len(lines) == len(reports)
    for report in reports:
        host_and_path = report.gold["source_url"].removeprefix("http://")
        assert report.filename == host_and_path
        assert (tmp_path / host_and_path).read_bytes() == report.data


def test_command_line_writes_a_history_corpus(tmp_path, capsys):
    from xxgk.cli import main

    assert main(["generate", "--out", str(tmp_path), "--histories", "2", "--years", "2020-2021",
                 "--seed", "4"]) == 0
    gold = [json.loads(line) for line in
            (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {g["report_year"] for g in gold} == {2020, 2021}
    assert len({g["organ_key"] for g in gold}) == 2
    assert all((tmp_path / g["source_url"].removeprefix("http://")).is_file() for g in gold)
    assert "2 organs over 2020-2021" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="--eras"):
        main(["generate", "--out", str(tmp_path), "--histories", "2", "--eras", "free_text"])


def test_region_wide_totals_bound_their_organs_except_where_planted():
    years = (2019, 2020, 2021, 2022)
    golds = [r.gold for r in generate_histories(12, years, seed=12)]
    governments = [g for g in golds if "Family region_wide" in g["notes"]]
    assert {g["organ_key"] for g in governments} == {governments[0]["organ_key"]}
    planted = {g["id"] for g in governments if HIERARCHY_CHECK in g["planted_history"]}
    assert 0 < len(planted) < len(governments)
    for gov in governments:
        organs = [g for g in golds if g["region_code"] == gov["region_code"]
                  and g["organ_key"] != gov["organ_key"] and not g["copy_of"]
                  and g["report_year"] == gov["report_year"]]
        printed = sum(g["proactive_total"]["value"] for g in organs if g["proactive_total"])
        assert organs and (gov["proactive_total"]["value"] < printed) == (gov["id"] in planted)
    # The quality check, on the answers, fails on the planted years and on none other.
    reports = pl.DataFrame([{
        "report_id": g["id"], "agency": g["agency"][0], "agency_name": g["agency"][0],
        "agency_id": g["organ_key"], "region_code": g["region_code"],
        "admin_level": g["admin_level"],
        "sector": resolve_identity(g["agency"][0], g["source_url"], "").sector,
        "report_year": g["report_year"],
        "proactive_total": g["proactive_total"]["value"] if g["proactive_total"] else None,
    } for g in golds])
    wide = pl.DataFrame({"report_id": [g["id"] for g in governments]})
    frame = hierarchy_frame(reports, wide)
    assert set(frame.filter(pl.col("hierarchy_gap") < 0)["report_id"]) == planted
    assert frame.filter(pl.col("hierarchy_gap") >= 0).height >= 1


def test_a_regions_organs_and_its_government_resolve_to_its_division():
    rng = random.Random(6)
    levels = set()
    for _ in range(12):
        *organs, government = draw_region_organs(rng)
        division = government.division
        levels.add(division.level)
        assert government.kind.is_government and 2 <= len(organs) <= 4
        assert all(o.division == division and not o.kind.is_government or o.town
                   for o in organs)
        for organ in (*organs, government):
            for form in organ.name_forms():
                identity = resolve_identity(organ.name(form), f"http://{organ.hosts[0]}/a.html")
                assert (identity.region_code, identity.admin_level) == (
                    division.code, organ.admin_level), (organ.key, form)
    assert levels == {"county", "prefecture"}
