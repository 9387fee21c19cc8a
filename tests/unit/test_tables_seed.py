"""The real 2019-format report in the seed corpus: its flattened 表二 against the gold answers.

The seed text is read at run time from the shared corpus (never copied here). Only a minimal
normalisation is applied, standing in for the cleaner: leading whitespace stripped per line and
lines holding nothing but injected HTML tags dropped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from xxgk.extract.tables import extract_table_facts
from xxgk.extract.tables.cells import parse_value
from xxgk.extract.tables.vocabulary import RowEntry, load_vocabulary

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SEED_ID = "003_235341d9b6240b1a"
_TAG_ONLY = re.compile(r"^(?:[•\d.]*\s*)(?:<[^>]*>\s*)+$")


def _seed_text() -> str:
    path = CORPUS / "seeds" / f"{SEED_ID}.txt"
    if not path.exists():
        pytest.skip("shared corpus not present")
    lines = [line.lstrip() for line in path.read_text(encoding="utf-8").split("\n")]
    return "\n".join(line for line in lines if not _TAG_ONLY.match(line))


def _gold() -> dict:
    for line in (CORPUS / "seeds.gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == SEED_ID:
            return record
    raise AssertionError(f"{SEED_ID} missing from the gold file")


def _local_items() -> set[str]:
    vocab = load_vocabulary()
    return {e.key for entries in vocab.by_key.values() for e in entries
            if isinstance(e, RowEntry) and e.local}


def test_seed_table2_cells_match_gold():
    text = _seed_text()
    result = extract_table_facts(text)
    gold = _gold()
    extracted = {(f.section, f.item, f.dimension): f for f in result.facts}
    gold_cells = {(c["section"], c["item"], c["dimension"]): c["value"]
                  for c in gold["table_cells"]}
    assert gold_cells, "the gold record lists table cells"
    for key, value in gold_cells.items():
        assert key in extracted, key
        assert extracted[key].value == pytest.approx(value), key
        cell_text = text[extracted[key].span_start:extracted[key].span_end]
        assert float(parse_value(cell_text).value) == pytest.approx(value), key
    # Nothing from the standard vocabulary beyond gold; local rows stay under their own key.
    local = _local_items()
    invented = [k for k in extracted if k not in gold_cells and k[1].split(".")[0] not in local]
    assert invented == []
    assert extracted[("table2", "other_documents.new_made", None)].value == 13
    assert result.template == gold["template"]
    assert result.warnings == ()


def test_seed_without_normalisation_gives_the_same_cells():
    path = CORPUS / "seeds" / f"{SEED_ID}.txt"
    if not path.exists():
        pytest.skip("shared corpus not present")
    raw = extract_table_facts(path.read_text(encoding="utf-8"))
    normalised = extract_table_facts(_seed_text())
    assert {(f.item, f.value) for f in raw.facts} == {(f.item, f.value) for f in normalised.facts}


def test_free_text_seeds_yield_no_table_facts():
    paths = sorted((CORPUS / "seeds").glob("*.txt"))
    if not paths:
        pytest.skip("shared corpus not present")
    gold = {json.loads(line)["id"]: json.loads(line)
            for line in (CORPUS / "seeds.gold.jsonl").read_text(encoding="utf-8").splitlines()}
    free_text = [p for p in paths if gold[p.stem]["template"] == "free_text"]
    assert free_text
    for path in free_text:
        result = extract_table_facts(path.read_text(encoding="utf-8"))
        assert result.facts == () and result.template is None, path.name
