"""Families found in real reports, generated on purpose and read end to end (decode → extract
→ eval): tables whose cells run together, and hand-made tables whose group label spans the
wrong number of rows. A wrong or invented table value fails; unread ambiguous rows only lower
recall."""

from __future__ import annotations

import pytest

from xxgk.evaluation import evaluate
from xxgk.generate import write_corpus

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def families(tmp_path_factory):
    out = tmp_path_factory.mktemp("families")
    gold = write_corpus(out, 60, seed=31, eras=("table_2019", "table_2021"),
                        layouts=("run_together", "html_table_misspan"))
    return evaluate(out, gold, groups=("layout",))


def test_both_families_are_generated(families):
    assert set(families.by_group["layout"]) == {"run_together", "html_table_misspan"}


def test_no_table_value_is_wrong_or_invented(families):
    cells = families.cells
    assert cells.wrong == 0 and cells.invented == 0
    assert families.fields["template"].wrong == 0


def test_recall_per_family(families):
    layouts = families.by_group["layout"]
    assert layouts["html_table_misspan"]["table_cells"].recall >= 0.95
    # Rows whose cuts the identities cannot settle stay unread: well below 1, never wrong.
    assert layouts["run_together"]["table_cells"].recall >= 0.5
