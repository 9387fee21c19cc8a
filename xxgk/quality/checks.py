"""The quality checks, declared as data.

Each check reads one or more columns of a prepared validation frame (``prepare.py`` builds
them: the curated columns plus residual columns for the identities). A residual column holds
``lhs - rhs`` of an identity, so a failure shows the size of the gap; it is null when a needed
value is missing (a blank or "/" cell), which makes the check ``not_assessable`` for that report.
The GX suites are generated from these declarations and the schema (``suites.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE3_DIMENSIONS = ("natural_person", "commercial_enterprise", "research_institution",
                     "social_welfare_org", "legal_service_org", "other_org", "total")
TABLE3_ORG_DIMENSIONS = TABLE3_DIMENSIONS[1:6]
TABLE3_RESULT_ROWS_COMMON = (
    "granted", "partially_granted",
    "denied.state_secret", "denied.prohibited_by_law", "denied.three_safeties_one_stability",
    "denied.third_party_rights", "denied.internal_affairs", "denied.process_information",
    "denied.enforcement_case_file", "denied.administrative_inquiry",
    "unable.not_held", "unable.needs_creation", "unable.unclear_after_correction",
    "not_processed.petition_complaint", "not_processed.duplicate", "not_processed.publication",
    "not_processed.excessive_repeated", "not_processed.confirmation_request",
)
TABLE3_OTHER_2019 = ("other",)
TABLE3_OTHER_2021 = ("other.no_correction", "other.fee_unpaid", "other.other")
TABLE3_ROWS = ("new_received", "carried_over", *TABLE3_RESULT_ROWS_COMMON, *TABLE3_OTHER_2019,
               *TABLE3_OTHER_2021, "results_total", "carried_forward")
TABLE4_BLOCKS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
TABLE4_PARTS = ("upheld", "corrected", "other", "pending")
FIRST_REPORT_YEAR = 2008
YOY_COLUMNS = ("proactive_total", "applications_received")  # the Regulations took effect on 2008-05-01


@dataclass(frozen=True, slots=True)
class Check:
    check_id: str
    severity: str  # error | warning | info
    description: str
    columns: tuple[str, ...]  # columns of the prepared frame the check reads
    kind: str  # not_null | between | zero
    min_value: float | None = None
    max_value: float | None = None
    applies: str | None = None  # boolean column: the check concerns this report at all
    note: str | None = None  # string column: said to reviewers when the check cannot judge


def _residuals(prefix: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}__{k}" for k in keys)


def reports_checks() -> tuple[Check, ...]:
    """Checks on the prepared reports frame (one row per report)."""
    counts = ("proactive_total", "applications_received", "applications_carried_over",
              "applications_completed", "applications_granted", "applications_carried_forward",
              "reconsideration_total", "litigation_total")
    return (
        *(Check(f"required.{c}", "error", f"{c} is present", (c,), "not_null")
          for c in ("agency", "report_year", "template")),
        Check("counts.non_negative", "error", "headline counts are not negative", counts,
              "between", min_value=0),
        Check("report_year.not_before_2008", "error",
              f"report_year is not before {FIRST_REPORT_YEAR}, when the Regulations took effect",
              ("report_year",), "between", min_value=FIRST_REPORT_YEAR),
        # Relative to the year of the run, so the suite file does not change every January.
        Check("report_year.not_in_future", "error", "report_year is not after the current year",
              ("years_after_current",), "between", max_value=0),
        Check("report_year.not_after_publish", "error",
              "the report year is not after the publication year",
              ("publish_year_minus_report_year",), "between", min_value=0),
        Check("table3.balance_identity", "error",
              "本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理, per applicant column",
              _residuals("t3_balance", TABLE3_DIMENSIONS), "zero", applies="has_table3"),
        Check("table3.results_total_identity", "error",
              "办理结果总计 = the sum of its result rows, per applicant column",
              _residuals("t3_results", TABLE3_DIMENSIONS), "zero", applies="has_table3"),
        Check("table3.total_column_identity", "error",
              "总计 = 自然人 + the five organisation columns, for every row",
              _residuals("t3_total_col", TABLE3_ROWS), "zero", applies="has_table3"),
        Check("table4.block_total_identity", "error",
              "维持 + 纠正 + 其他 + 尚未审结 = 总计, for each of the three blocks",
              _residuals("t4_block", TABLE4_BLOCKS), "zero", applies="has_table4"),
        Check("text.proactive_parts_exceed_total", "warning",
              "per-channel or per-category parts do not exceed the stated total",
              ("proactive_parts_excess",), "zero", applies="has_proactive_parts"),
        Check("text.proactive_parts_sum", "warning",
              "exhaustive parts (one is a catch-all 其他/其它) add up to the stated total",
              ("proactive_parts_gap",), "zero", applies="has_exhaustive_parts"),
        Check("history.carried_over_matches_previous", "warning",
              "上年结转 equals the same agency's 结转下年度继续办理 of the previous year",
              ("carried_over_gap",), "zero", applies="has_previous_year"),
        Check("history.year_over_year", "warning",
              "headline counts change by at most x5 (and at least x0.2) from the previous year",
              tuple(f"yoy_ratio__{c}" for c in YOY_COLUMNS), "between",
              min_value=0.2, max_value=5.0, applies="has_previous_year"),
        Check("history.duplicate_agency_year", "warning",
              "the same agency and year are published once",
              ("same_agency_year_others",), "zero", applies="has_agency_year"),
        Check("hierarchy.organs_within_region_total", "warning",
              "a government's region-wide proactive total is not exceeded by the totals of "
              "its division's organs for the same year", ("hierarchy_gap",), "between",
              min_value=0, applies="has_hierarchy", note="hierarchy_note"),
        Check("text_vs_table.applications_received", "warning",
              "the narrative count of applications equals 表三 本年新收 总计",
              ("narrative_vs_table_applications",), "zero", applies="has_narrative_applications"),
    )


def facts_checks() -> tuple[Check, ...]:
    """Checks on the prepared facts frame (one row per fact)."""
    return (
        Check("facts.counts_non_negative", "error",
              "counts are not negative (2019 'change' may be)", ("count_value",), "between",
              min_value=0),
        Check("facts.counts_integer", "error", "counts are whole numbers",
              ("count_fraction",), "zero"),
    )
