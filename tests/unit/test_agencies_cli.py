"""xxgk agencies: one organ by id, region code or name, with its reports by year."""

import polars as pl
import pytest

from tests.unit.test_publish import _organ_tables, _stage
from xxgk.cli import main
from xxgk.identity import resolve_identity
from xxgk.settings import Settings
from xxgk.stages.publish import publish_run
from xxgk.storage import open_lake

SCIENCE = resolve_identity("淄博市淄川区科学技术局").agency_id
FINANCE = resolve_identity("淄川区财政局").agency_id


@pytest.fixture(scope="module")
def lake_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lake")
    lake = open_lake(Settings(lake=str(folder)))
    tables = _organ_tables([("r1", "淄川区科技局", 2019), ("r2", "淄博市淄川区科学技术局", 2021),
                            ("r3", "淄川区财政局", 2020), ("r4", "湖北省交通运输厅", 2020)])
    tables["reports"] = tables["reports"].with_columns(
        pl.Series("applications_received", [12, None, 3, 40]),
        pl.Series("proactive_total", [345, 500, 9, 1200]))
    _stage(lake, "run1", tables)
    publish_run(lake, "run1")
    return str(folder)


def _lines(out: str) -> list[list[str]]:
    return [line.split() for line in out.splitlines()]


def test_by_agency_id_shows_identity_and_reports_by_year(lake_dir, capsys):
    assert main(["agencies", SCIENCE, "--lake", lake_dir]) == 0
    out = capsys.readouterr().out
    assert f"1 agency matches {SCIENCE!r} (agency_id)" in out
    assert f"淄博市淄川区科学技术局  {SCIENCE}" in out
    assert "370302 山东省淄博市淄川区 (written)" in out
    assert "science_technology" in out and "county" in out
    assert "names    淄博市淄川区科学技术局; 淄川区科技局" in out
    assert "reports  2 (2019-2021)" in out
    rows = [line for line in _lines(out) if line and line[0] in ("2019", "2021")]
    assert rows == [["2019", "r1", "淄川区科技局", "12", "345"],
                    ["2021", "r2", "淄博市淄川区科学技术局", "null", "500"]]
    assert "淄川区财政局" not in out


def test_by_region_code_lists_every_organ_of_the_division(lake_dir, capsys):
    assert main(["agencies", "370302", "--lake", lake_dir]) == 0
    out = capsys.readouterr().out
    assert "2 agencies match '370302' (region_code)" in out
    assert SCIENCE in out and FINANCE in out
    assert "湖北省交通运输厅" not in out
    assert ["2020", "r3", "淄川区财政局", "3", "9"] in _lines(out)


def test_by_name_matches_any_name_form_seen(lake_dir, capsys):
    # Only the 2019 report writes this short form; the organ is found by it all the same.
    assert main(["agencies", "区科技", "--lake", lake_dir]) == 0
    out = capsys.readouterr().out
    assert "1 agency matches '区科技' (name)" in out and SCIENCE in out
    assert main(["agencies", "交通运输", "--lake", lake_dir]) == 0
    out = capsys.readouterr().out
    assert "湖北省交通运输厅" in out and "level    province" in out


def test_no_match_is_a_clear_message_and_a_non_zero_exit(lake_dir, capsys):
    assert main(["agencies", "海淀区教育委员会", "--lake", lake_dir]) == 1
    captured = capsys.readouterr()
    assert "no agency matches '海淀区教育委员会' (name) in release run1" in captured.err
    assert captured.out == ""
    assert main(["agencies", "a000000000000", "--lake", lake_dir]) == 1
    assert "(agency_id)" in capsys.readouterr().err


def test_without_a_release_it_says_so(tmp_path):
    with pytest.raises(SystemExit, match="no published release"):
        main(["agencies", "370302", "--lake", str(tmp_path)])


def test_many_matches_are_cut_with_a_note(lake_dir, capsys):
    assert main(["agencies", "淄川区", "--lake", lake_dir, "--max-agencies", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 agencies match" in out and "1 more not shown" in out
    assert (SCIENCE in out) != (FINANCE in out)
