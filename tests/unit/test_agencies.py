"""The agencies table: one row per agency_id, derived from a release's reports."""

import polars as pl

from xxgk.identity.agencies import agencies
from xxgk.schema import AGENCIES, REPORTS

ZICHUAN_SCIENCE = "a1f2e3d4c5b6a"
ZICHUAN_FINANCE = "a0b1c2d3e4f5a"
ZICHUAN = {"region_code": "370302", "region_name": "山东省淄博市淄川区", "admin_level": "county",
           "region_source": "written"}


def _reports(rows: list[dict]) -> pl.DataFrame:
    """Reports with the identity columns as parse writes them (agency_name = agency)."""
    return REPORTS.conform(pl.DataFrame(
        [{"agency_name": r.get("agency"), "quality_status": "pass", **r} for r in rows]))


def _science(report_id: str, year: int | None, agency: str, **extra) -> dict:
    return {"report_id": report_id, "report_year": year, "agency": agency,
            "agency_id": ZICHUAN_SCIENCE, "sector": "science_technology", **ZICHUAN, **extra}


def test_name_forms_of_one_organ_collapse_to_one_row_with_every_name_seen():
    table = agencies(_reports([
        _science("r1", 2019, "淄川区科技局"),
        _science("r2", 2020, "淄川区科技局"),
        _science("r3", 2021, "淄博市淄川区科学技术局"),
        _science("r4", 2022, "淄川区 科技局"),
    ]))
    assert table.height == 1
    row = table.row(0, named=True)
    assert row["agency_id"] == ZICHUAN_SCIENCE
    assert row["names_seen"] == sorted(["淄川区科技局", "淄博市淄川区科学技术局", "淄川区 科技局"])
    assert row["agency_name"] == "淄博市淄川区科学技术局"  # the fullest, though written once
    assert (row["first_report_year"], row["last_report_year"], row["report_count"]) == (
        2019, 2022, 4)
    assert (row["region_code"], row["region_name"], row["admin_level"], row["sector"],
            row["region_source"]) == ("370302", "山东省淄博市淄川区", "county",
                                      "science_technology", "written")


def test_reports_without_agency_id_are_left_out():
    table = agencies(_reports([
        _science("r1", 2020, "淄川区科技局"),
        {"report_id": "r2", "report_year": 2020, "agency": "市财政局"},  # no place: no id
        {"report_id": "r3", "report_year": 2021, "agency": None},
    ]))
    assert table["agency_id"].to_list() == [ZICHUAN_SCIENCE]
    assert table["report_count"].to_list() == [1]


def test_counts_and_year_spans_per_organ():
    table = agencies(_reports([
        _science("r1", 2021, "淄川区科技局"),
        _science("r2", 2018, "淄川区科技局"),
        _science("r3", None, "淄川区科技局"),  # counted, but says no year
        {"report_id": "r4", "report_year": 2020, "agency": "淄川区财政局",
         "agency_id": ZICHUAN_FINANCE, "sector": "finance", **ZICHUAN},
        {"report_id": "r5", "report_year": None, "agency": "淄川区财政局",
         "agency_id": ZICHUAN_FINANCE, "sector": "finance", **ZICHUAN},
    ]))
    rows = {r["agency_id"]: r for r in table.iter_rows(named=True)}
    assert table["agency_id"].to_list() == sorted(rows)  # sorted by the key
    science, finance = rows[ZICHUAN_SCIENCE], rows[ZICHUAN_FINANCE]
    assert (science["first_report_year"], science["last_report_year"],
            science["report_count"]) == (2018, 2021, 3)
    assert (finance["first_report_year"], finance["last_report_year"],
            finance["report_count"]) == (2020, 2020, 2)
    assert finance["names_seen"] == ["淄川区财政局"] and finance["sector"] == "finance"


def test_agency_and_agency_name_both_count_as_names_seen():
    table = agencies(_reports([
        _science("r1", 2020, "淄川区科技局", agency_name="淄博市淄川区科学技术局"),
    ]))
    assert table["names_seen"].to_list() == [sorted(["淄川区科技局", "淄博市淄川区科学技术局"])]
    assert table["agency_name"].to_list() == ["淄博市淄川区科学技术局"]


def test_equally_full_names_go_to_the_form_most_reports_write():
    table = agencies(_reports([
        _science("r1", 2019, "淄川区科学技术局"),
        _science("r2", 2020, "淄川区科学技术局"),
        _science("r3", 2021, "淄川县科学技术局"),  # same length, written once
    ]))
    assert table["agency_name"].to_list() == ["淄川区科学技术局"]


def test_classification_is_the_one_most_reports_give():
    table = agencies(_reports([
        _science("r1", 2019, "淄川区科技局", sector="industry_it"),
        _science("r2", 2020, "淄川区科技局"),
        _science("r3", 2021, "淄川区科技局"),
    ]))
    assert table["sector"].to_list() == ["science_technology"]


def test_the_table_has_the_declared_columns_and_dtypes_even_when_empty():
    assert agencies(REPORTS.empty()).schema == AGENCIES.polars_schema
    table = agencies(_reports([_science("r1", 2020, "淄川区科技局")]))
    assert table.schema == AGENCIES.polars_schema
