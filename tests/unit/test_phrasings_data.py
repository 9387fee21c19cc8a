"""Every phrasing in phrasings.yaml has examples, and every example reads as it says.

The examples and traps are data; this file runs each one through extract_text_facts.
"""

import re

import pytest
import yaml

from xxgk.extract.freetext import HEADLINE_ITEMS, PHRASINGS_PATH, extract_text_facts, get_vocabulary

DATA = yaml.safe_load(PHRASINGS_PATH.read_text(encoding="utf-8"))
REVIEW_ITEMS = ("reconsideration_total", "litigation_total")


def _examples():
    for entry in DATA["phrasings"]:
        for i, example in enumerate(entry["examples"]):
            yield pytest.param(entry, example, id=f"{entry['id']}#{i}")


def _expected(entry, example):
    """{item: value} an example promises, and items it promises are absent."""
    if "reconsideration_total" in example:
        return {k: example[k] for k in REVIEW_ITEMS}, ()
    if entry["item"] == "review_both":
        if "item" in example:
            other = tuple(i for i in REVIEW_ITEMS if i != example["item"])
            return {example["item"]: example["value"]}, other
        return {i: example["value"] for i in REVIEW_ITEMS}, ()
    return {example.get("item", entry["item"]): example["value"]}, ()


def test_vocabulary_loads_every_entry():
    assert len(get_vocabulary().phrasings) == len(DATA["phrasings"])


def test_ids_are_unique_and_every_entry_has_examples():
    ids = [e["id"] for e in DATA["phrasings"]]
    assert len(ids) == len(set(ids))
    for entry in DATA["phrasings"]:
        assert entry["examples"], entry["id"]
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", entry["id"]), entry["id"]


def test_each_family_has_many_examples():
    counts = {}
    for entry in DATA["phrasings"]:
        family = entry["id"].split(".")[0]
        counts[family] = counts.get(family, 0) + len(entry["examples"])
    assert counts["proactive"] >= 20
    assert counts["applications"] >= 15
    assert counts["review"] >= 10


@pytest.mark.parametrize(("entry", "example"), list(_examples()))
def test_example_reads_as_promised(entry, example):
    facts = extract_text_facts(example["text"])
    expected, absent = _expected(entry, example)
    for item, value in expected.items():
        matching = [f for f in facts if f.item == item]
        assert matching, f"{item} not found in {facts}"
        if item in HEADLINE_ITEMS:
            assert len(matching) == 1
        fact = next((f for f in matching if f.rule == entry["id"]), None)
        assert fact is not None, f"{item} came from {[f.rule for f in matching]}"
        assert fact.value == value
        assert fact.qualifier == example.get("qualifier", "exact")
        if "dimension" in example:
            assert fact.dimension == example["dimension"]
        assert fact.evidence and fact.evidence in example["text"]
    for item in absent:
        assert not [f for f in facts if f.item == item]


@pytest.mark.parametrize("trap", DATA["traps"] + DATA["bare_none"]["examples"],
                         ids=lambda t: t["text"][:24])
def test_trap_does_not_yield_the_wrong_number(trap):
    facts = extract_text_facts(trap["text"])
    for item, value in trap["expect"].items():
        values = [f.value for f in facts if f.item == item]
        if value is None:
            assert values == [], f"{item} should be absent, got {values}"
        else:
            assert value in values
            if item in HEADLINE_ITEMS:
                assert values == [value]
