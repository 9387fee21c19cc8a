"""SQL over the current release with DuckDB: one view per curated table, and
``review_verdicts`` (the reviewers' current verdicts) once a verdict was recorded.

A local lake gets views over the ``curated/latest`` Parquet files (DuckDB reads them lazily);
an S3 lake is read through the lake's own client and registered as Arrow tables, because
DuckDB's httpfs extension cannot be downloaded offline.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from xxgk.expected_errors import MissingInput
from xxgk.review.verdicts import CURRENT_VERDICTS_KEY
from xxgk.schema import CURATED_TABLES, REVIEW_VERDICTS
from xxgk.stages.publish import latest_key
from xxgk.storage import Lake

EXAMPLES = {
    "requests per year by organ type": """
        SELECT report_year,
               CASE WHEN agency LIKE '%人民政府' THEN 'government'
                    WHEN agency LIKE '%办公室' OR agency LIKE '%办公厅' THEN 'office'
                    WHEN agency LIKE '%局' THEN 'bureau'
                    WHEN agency LIKE '%委员会' THEN 'commission'
                    ELSE 'other' END AS organ_type,
               count(*) AS reports, sum(applications_received)::BIGINT AS requests
        FROM reports WHERE quality_status <> 'fail'
        GROUP BY ALL ORDER BY report_year, organ_type""",
    "share of requests granted": """
        SELECT report_year, sum(applications_granted)::BIGINT AS granted,
               sum(applications_completed)::BIGINT AS decided,
               round(sum(applications_granted) / nullif(sum(applications_completed), 0), 3)
                   AS share_granted
        FROM reports WHERE quality_status <> 'fail' AND applications_completed IS NOT NULL
        GROUP BY report_year ORDER BY report_year""",
    # The province is the first two digits of region_code (10: national organs, 100000).
    "reports and requests per year by province": """
        SELECT left(region_code, 2) AS province,
               min(nullif(regexp_extract(region_name, '^(.+?(省|自治区|市))', 1), ''))
                   AS province_name,
               report_year, count(*) AS reports,
               sum(applications_received)::BIGINT AS requests
        FROM reports WHERE quality_status <> 'fail' AND region_code IS NOT NULL
        GROUP BY province, report_year ORDER BY province, report_year""",
    "organs, reports and requests by level and sector": """
        SELECT a.admin_level, a.sector, count(DISTINCT a.agency_id) AS organs,
               count(*) AS reports, sum(r.applications_received)::BIGINT AS requests
        FROM agencies a JOIN reports r USING (agency_id)
        WHERE r.quality_status <> 'fail'
        GROUP BY a.admin_level, a.sector
        ORDER BY list_position(['national', 'province', 'prefecture', 'county', 'township'],
                               a.admin_level) NULLS LAST, a.sector NULLS LAST""",
    "organs whose 勾稽 identity fails": """
        SELECT r.agency, r.report_year, q.observed, q.message
        FROM quality_results q JOIN reports r USING (report_id)
        WHERE q.check_id = 'table3.balance_identity' AND q.status = 'fail'
        ORDER BY r.agency, r.report_year""",
}


def connect(lake: Lake, database: str | Path = ":memory:") -> duckdb.DuckDBPyConnection:
    """A connection with one view per curated table of the current release. A table that
    release does not have (it was made before the table existed) has no view."""
    if not lake.exists(latest_key("reports")):
        raise MissingInput(f"no published release in {lake.uri}: run the pipeline first")
    con = duckdb.connect(str(database))
    local_root = None if lake.uri.startswith("s3://") else Path(lake.uri)
    # the reviewers' current verdicts sit outside the releases; a view once there is one
    views = [(table.name, latest_key(table.name)) for table in CURATED_TABLES]
    views.append((REVIEW_VERDICTS.name, CURRENT_VERDICTS_KEY))
    for name, key in views:
        if not lake.exists(key):
            continue
        if local_root is not None:
            path = str((local_root / key).resolve()).replace("'", "''")
            con.execute(f"CREATE OR REPLACE VIEW {name} AS "
                        f"SELECT * FROM read_parquet('{path}')")
        else:
            arrow = lake.read_frame(key).to_arrow()
            con.register(f"{name}_arrow", arrow)
            con.execute(f"CREATE OR REPLACE VIEW {name} AS "
                        f"SELECT * FROM {name}_arrow")
    return con


def run_query(lake: Lake, sql: str):
    """The result of ``sql`` as a polars frame."""
    con = connect(lake)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()
