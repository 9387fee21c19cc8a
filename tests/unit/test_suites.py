"""The committed suites are exactly what the schema and the declared checks generate."""

import json

from xxgk.quality.checks import facts_checks, reports_checks
from xxgk.quality.suites import SUITE_TABLES, default_suites_dir, render_suite
from xxgk.schema import CURATED_TABLES


def test_committed_suites_match_schema_and_checks():
    for name in SUITE_TABLES:
        committed = (default_suites_dir() / f"{name}.json").read_text(encoding="utf-8")
        assert committed == render_suite(name), f"expectations/{name}.json drifted: run xxgk suites"


def test_every_contract_column_has_an_existence_expectation():
    for table in CURATED_TABLES:
        if table.name not in SUITE_TABLES:
            continue
        suite = json.loads(render_suite(table.name))
        existing = {e["kwargs"]["column"] for e in suite["expectations"]
                    if e["type"] == "expect_column_to_exist"}
        assert existing == set(table.names)


def test_every_check_is_in_a_suite_with_its_severity():
    suite = json.loads(render_suite("reports")) ["expectations"] + json.loads(
        render_suite("facts"))["expectations"]
    for check in (*reports_checks(), *facts_checks()):
        mine = [e for e in suite if e["meta"].get("check_id") == check.check_id]
        assert len(mine) == len(check.columns)
        expected = {"error": "critical", "warning": "warning", "info": "info"}[check.severity]
        assert {e["severity"] for e in mine} == {expected}


def test_committed_data_dictionary_matches_schema():
    from xxgk.dictionary import default_path, render_dictionary

    assert default_path().read_text(encoding="utf-8") == render_dictionary(), \
        "docs/data_dictionary.md drifted: run xxgk dictionary"
    text = render_dictionary()
    for table in CURATED_TABLES:
        for name in table.names:
            assert f"`{name}`" in text


def test_declared_patterns_uniqueness_and_order_are_in_the_suites():
    for name, (table, _) in SUITE_TABLES.items():
        expectations = json.loads(render_suite(name))["expectations"]
        regexes = {e["kwargs"]["column"]: e["kwargs"]["regex"] for e in expectations
                   if e["type"] == "expect_column_values_to_match_regex"}
        assert regexes == {c.name: c.pattern for c in table.columns if c.pattern}, name
        unique = {e["kwargs"]["column"] for e in expectations
                  if e["type"] == "expect_column_values_to_be_unique"}
        assert unique == {c.name for c in table.columns if c.unique}, name
        pairs = {(e["kwargs"]["column_B"], e["kwargs"]["column_A"]) for e in expectations
                 if e["type"] == "expect_column_pair_values_a_to_be_greater_than_b"}
        assert pairs == set(table.ordered), name
    reports = {e["kwargs"]["column"] for e in json.loads(render_suite("reports"))["expectations"]
               if e["type"] == "expect_column_values_to_match_regex"}
    assert reports == {"agency_id", "region_code"}
