"""Every curated table and column, declared once.

The Parquet writers cast to these dtypes, the Great Expectations suites take their column lists
and nullability from here, and the data dictionary is generated from here. Names of the
contract (DESIGN.md) are fixed: add columns freely, rename none without a migration note.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

SCHEMA_VERSION = "1"

TEMPLATES = ("free_text", "table_2019", "table_2021")
QUALIFIERS = ("exact", "at_least", "approx", "partial_year")
FACT_QUALIFIERS = (*QUALIFIERS, "not_a_number")
SECTIONS = ("text", "table2", "table3", "table4")
QUALITY_STATUSES = ("pass", "warn", "fail")
ADMIN_LEVELS = ("national", "province", "prefecture", "county", "township")
REGION_SOURCES = ("written", "host", "context")
TEXT_SOURCES = ("text", "ocr", "mixed")
SECTORS = ("science_technology", "development_reform", "industry_it", "finance", "education",
           "civil_affairs", "health", "medical_security", "natural_resources",
           "ecology_environment", "public_security", "human_resources_social_security",
           "housing_construction", "transport", "agriculture_rural", "water_resources",
           "market_regulation", "justice", "statistics", "audit", "commerce", "culture_tourism",
           "emergency_management", "veterans_affairs", "forestry_grassland", "taxation",
           "customs", "housing_provident_fund", "urban_management", "state_assets",
           "ethnic_religious_affairs", "foreign_affairs", "overseas_chinese_affairs",
           "cyberspace_informatization", "civil_air_defense", "meteorology", "earthquake",
           "sports", "archives", "petitions", "grain_reserves", "radio_television",
           "big_data", "government_services", "offices_administration", "counsellors",
           "business_environment", "government")
SEVERITIES = ("error", "warning", "info")
CHECK_STATUSES = ("pass", "fail", "not_assessable")
UNITS = {
    "item": "pieces of information, documents or matters (条/件/项)",
    "case": "cases: applications, reconsiderations, lawsuits (件)",
    "yuan": "Chinese yuan (元)",
    "wan_yuan": "ten thousand yuan (万元)",
}
AGENCY_ID_PATTERN = r"^a[0-9a-f]{12}$"  # 'a' + 12 hex digits (xxgk/identity/resolve.py)
REGION_CODE_PATTERN = r"^[0-9]{6}$"  # GB/T 2260


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    dtype: pl.DataType | type[pl.DataType]  # a class (pl.Int64) or an instance (pl.List(…))
    description: str
    nullable: bool = True
    unit: str | None = None
    allowed: tuple[str, ...] | None = None  # closed vocabulary, checked by the suites
    minimum: float | None = None  # checked by the suites
    pattern: str | None = None  # regular expression every present value matches (suites)
    unique: bool = False  # no value appears twice (suites)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # (lower, upper) column pairs: lower <= upper on every row where both are present (suites)
    ordered: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def polars_schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema)

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Cast ``frame`` to this table's columns, order and dtypes; missing columns are null."""
        exprs = []
        for c in self.columns:
            if c.name in frame.columns:
                exprs.append(pl.col(c.name).cast(c.dtype, strict=True))
            else:
                exprs.append(pl.lit(None, dtype=c.dtype).alias(c.name))
        return frame.select(exprs)


def _count(name: str, description: str, unit: str = "case") -> Column:
    return Column(name, pl.Int64, description, nullable=True, unit=unit, minimum=0)


REPORTS = Table(
    name="reports",
    description="One row per report: provenance, metadata and the headline counts.",
    key=("report_id",),
    columns=(
        Column("report_id", pl.String, "Stable id of the report: 'r' + the first 16 hex digits "
               "of the raw document's sha256.", nullable=False),
        Column("source_url", pl.String, "Where the document was fetched from (URL or file path "
               "relative to the source).", nullable=False),
        Column("raw_sha256", pl.String, "sha256 of the raw bytes; the key of the document in the "
               "raw zone.", nullable=False),
        Column("agency", pl.String, "The reporting organ (发布机构), fullest name found."),
        Column("report_year", pl.Int32, "The year the report covers (not the publication year)."),
        Column("publish_date", pl.Date, "Publication date (发布时间/成文日期, else the signature "
               "date); null when only partial."),
        Column("template", pl.String, "Report era: free_text (2008-2018 prose), table_2019 "
               "(国办公开办函〔2019〕60号 tables), table_2021 (〔2021〕30号 tables).",
               allowed=TEMPLATES),
        Column("index_number", pl.String, "索引号 of the page, when printed."),
        Column("agency_id", pl.String, "Stable id of the organ: 'a' + 12 hex digits of its region "
               "code and its name spelled one way (科技局 = 科学技术局), so that name forms and "
               "years share it; null when no region is written in the name.",
               pattern=AGENCY_ID_PATTERN),
        Column("agency_name", pl.String, "The organ's fullest name written in the document (as "
               "agency)."),
        Column("region_code", pl.String, "GB/T 2260 code (6 digits) of the organ's division; "
               "100000 for national organs; a township's county. Null when not resolvable.",
               pattern=REGION_CODE_PATTERN),
        Column("region_name", pl.String, "Full name of the division (浙江省杭州市上城区), with the "
               "town or street for township organs."),
        Column("admin_level", pl.String, "Level of the organ: national, province, prefecture, "
               "county or township.", allowed=ADMIN_LEVELS),
        Column("sector", pl.String, "The organ's field (science_technology, finance, …, "
               "government for governments, their offices, towns and streets).",
               allowed=SECTORS),
        Column("region_source", pl.String, "Where the region came from: written (in the organ's "
               "name), host (the government site's domain, when no place is written), context (the one "
               "fitting division the report's text writes in full).", allowed=REGION_SOURCES),
        Column("region_confidence", pl.Float64, "How often a region from this region_source "
               "was right on real reports, (correct + 1) / (scored + 2) as measured "
               "(xxgk/identity/region_confidence.yaml); null without a region.", minimum=0),
        _count("proactive_total", "Information proactively disclosed during the year (主动公开).",
               unit="item"),
        Column("proactive_total_qualifier", pl.String, "How proactive_total is qualified: exact, "
               "at_least (余/多/以上), approx (约/近), partial_year (截至N月).", allowed=QUALIFIERS),
        _count("applications_received", "Applications for disclosure received this year "
               "(本年新收 total, or the narrative count); 0 when the report says none."),
        _count("applications_carried_over", "Applications carried over from last year (上年结转)."),
        _count("applications_completed", "Applications decided (办理结果总计)."),
        _count("applications_granted", "Applications granted in full (予以公开)."),
        _count("applications_carried_forward", "Applications carried forward to next year "
               "(结转下年度继续办理)."),
        _count("reconsideration_total", "Administrative reconsiderations over disclosure "
               "(行政复议 总计)."),
        _count("litigation_total", "Lawsuits over disclosure: direct plus after reconsideration."),
        Column("text_source", pl.String, "Where the text came from: text (the document's own: "
               "HTML, Word, a PDF's text layer), ocr (every page of a scanned PDF read by OCR) "
               "or mixed (a PDF of text pages and scanned pages); null for reports parsed "
               "before it was recorded.", allowed=TEXT_SOURCES),
        Column("quality_status", pl.String, "pass, warn (warnings only) or fail (a blocking "
               "check failed); see quality_results.", nullable=False, allowed=QUALITY_STATUSES),
        Column("parser_version", pl.String, "Version of the parser that produced the row.",
               nullable=False),
        Column("run_id", pl.String, "The pipeline run that produced the row.", nullable=False),
    ),
)

AGENCIES = Table(
    name="agencies",
    description="One row per organ (agency_id) with a report in the release: its name forms, "
                "region, level, sector and the years it reported. Derived from the release's "
                "reports (xxgk/identity/agencies.py); reports without agency_id are not in it. "
                "Region, level and sector are those most of its reports give (ties: the "
                "latest report year).",
    key=("agency_id",),
    ordered=(("first_report_year", "last_report_year"),),
    columns=(
        Column("agency_id", pl.String, "Stable id of the organ (reports.agency_id).",
               nullable=False, pattern=AGENCY_ID_PATTERN, unique=True),
        Column("agency_name", pl.String, "The organ's fullest name among names_seen (the "
               "longest; ties to the form most reports write).", nullable=False),
        Column("names_seen", pl.List(pl.String), "Every distinct name its reports write "
               "(reports.agency and reports.agency_name), sorted.", nullable=False),
        Column("region_code", pl.String, "GB/T 2260 code of the organ's division (as in "
               "reports); 100000 for national organs.", pattern=REGION_CODE_PATTERN),
        Column("region_name", pl.String, "Full name of the division (as in reports)."),
        Column("admin_level", pl.String, "Level of the organ (as in reports).",
               allowed=ADMIN_LEVELS),
        Column("sector", pl.String, "The organ's field (as in reports).", allowed=SECTORS),
        Column("region_source", pl.String, "Where the region came from (as in reports).",
               allowed=REGION_SOURCES),
        Column("region_confidence", pl.Float64, "Confidence of the region's source (as in "
               "reports).", minimum=0),
        Column("first_report_year", pl.Int32, "Earliest report_year of its reports; null when "
               "none states a year."),
        Column("last_report_year", pl.Int32, "Latest report_year of its reports; null when "
               "none states a year."),
        Column("report_count", pl.Int64, "Reports of the organ in the release, whatever "
               "their quality_status; at least 1.", nullable=False, minimum=1),
    ),
)

FACTS = Table(
    name="facts",
    description="Long form: one row per number a report states, with its evidence.",
    key=("report_id", "section", "item", "dimension", "span_start"),
    columns=(
        Column("report_id", pl.String, "The report (reports.report_id).", nullable=False),
        Column("section", pl.String, "text (narrative), table2 (主动公开), table3 (依申请), "
               "table4 (复议诉讼).", nullable=False, allowed=SECTIONS),
        Column("item", pl.String, "What is counted, from the item vocabulary (see below).",
               nullable=False),
        Column("dimension", pl.String, "Applicant column or result category; null where none."),
        Column("value", pl.Float64, "The number; null only when qualifier is not_a_number."),
        Column("unit", pl.String, "Unit of value.", nullable=False, allowed=tuple(UNITS)),
        Column("qualifier", pl.String, "exact, at_least, approx, partial_year, or not_a_number "
               "for a cell printed as '/', '-', '—' or '无'.", nullable=False,
               allowed=FACT_QUALIFIERS),
        Column("evidence", pl.String, "The source snippet the value was read from.",
               nullable=False),
        Column("span_start", pl.Int64, "Start offset of the value in the cleaned text.",
               nullable=False, minimum=0),
        Column("span_end", pl.Int64, "End offset of the value in the cleaned text.",
               nullable=False, minimum=0),
        Column("rule", pl.String, "The extractor rule that produced the value; 'ocr:' before "
               "it when the value was read by OCR.", nullable=False),
        Column("confidence", pl.Float64, "OCR's confidence in the value (0-1, the lowest of its "
               "characters'); null when the value was not read by OCR. Figures read below the "
               "threshold (OCR_MIN_CONFIDENCE, xxgk/decode/limits.py) are never published: "
               "the value is null, with a warning.", minimum=0),
    ),
)

QUALITY_RESULTS = Table(
    name="quality_results",
    description="One row per report and check.",
    key=("report_id", "check_id"),
    columns=(
        Column("report_id", pl.String, "The report (reports.report_id).", nullable=False),
        Column("check_id", pl.String, "Which check (listed in the data dictionary).",
               nullable=False),
        Column("severity", pl.String, "error (blocking), warning or info.", nullable=False,
               allowed=SEVERITIES),
        Column("status", pl.String, "pass, fail, or not_assessable (a needed value is missing).",
               nullable=False, allowed=CHECK_STATUSES),
        Column("observed", pl.String, "What the report says."),
        Column("expected", pl.String, "What the check expected."),
        Column("message", pl.String, "A sentence for reviewers.", nullable=False),
    ),
)

PARSE_ERRORS = Table(
    name="parse_errors",
    description="One row per document that could not be decoded or parsed; its raw bytes stay "
                "in the raw zone.",
    key=("raw_sha256",),
    columns=(
        Column("report_id", pl.String, "The id the report would have had.", nullable=False),
        Column("source_url", pl.String, "Where the document came from.", nullable=False),
        Column("raw_sha256", pl.String, "Key of the raw bytes.", nullable=False),
        Column("error_kind", pl.String, "undecodable, empty, needs_ocr, unsupported_format, "
               "too_large, parse_failed.", nullable=False),
        Column("message", pl.String, "Why, in a sentence.", nullable=False),
        Column("parser_version", pl.String, "Parser version that tried.", nullable=False),
        Column("run_id", pl.String, "The run that tried.", nullable=False),
    ),
)

# The contract tables every release publishes, in order; parse_errors travels beside them.
CURATED_TABLES: tuple[Table, ...] = (REPORTS, AGENCIES, FACTS, QUALITY_RESULTS, PARSE_ERRORS)
TABLES: dict[str, Table] = {t.name: t for t in CURATED_TABLES}

VERDICTS = ("source_error", "parser_error", "accepted")

REVIEW_VERDICTS = Table(
    name="review_verdicts",
    description="Reviewers' decisions on flagged checks, outside the releases: append-only "
                "under `review/verdicts/` (one file per decision, never rewritten), and "
                "`review/current_verdicts.parquet` holding the latest decision per raw_sha256 "
                "and check_id (a later decided_at supersedes an earlier one). Keyed on the raw "
                "bytes, so a decision holds across reruns and releases; it never changes "
                "quality_status: join it to quality_results on (report_id, check_id).",
    key=("raw_sha256", "check_id", "decided_at"),
    columns=(
        Column("raw_sha256", pl.String, "sha256 of the report's raw bytes (reports.raw_sha256).",
               nullable=False),
        Column("report_id", pl.String, "The report (reports.report_id), derived from "
               "raw_sha256.", nullable=False),
        Column("check_id", pl.String, "The check decided on (quality_results.check_id).",
               nullable=False),
        Column("verdict", pl.String, "source_error (the document itself is wrong), "
               "parser_error (we misread it) or accepted (the figures are right as read).",
               nullable=False, allowed=VERDICTS),
        Column("note", pl.String, "The reviewer's reason, in a sentence.", nullable=False),
        Column("reviewer", pl.String, "Who decided.", nullable=False),
        Column("decided_at", pl.Datetime("us", "UTC"), "When the decision was recorded (UTC).",
               nullable=False),
        Column("parser_version", pl.String, "Parser version of the report the reviewer saw; a "
               "parser_error leaves the queue only while the report is read by this version."),
        Column("release_id", pl.String, "The release the reviewer saw the report in."),
    ),
)

# Tables of the lake outside the releases (the data dictionary lists them too).
LAKE_TABLES: tuple[Table, ...] = (REVIEW_VERDICTS,)


def report_id_for(sha256: str) -> str:
    """The stable report id: the same raw bytes always give the same id."""
    return "r" + sha256[:16]
