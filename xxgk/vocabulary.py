"""The standard item vocabulary of the curated ``facts`` table (DESIGN.md), as data.

Evaluation scores table cells against this vocabulary (extra local rows such as
其他主动公开文件 are kept as facts under their own keys but are not scored), and the data
dictionary lists it.
"""

from __future__ import annotations

from xxgk.quality.checks import TABLE3_DIMENSIONS, TABLE3_ROWS, TABLE4_BLOCKS, TABLE4_PARTS

TABLE2_2021_ITEMS = (
    "regulations.made", "regulations.repealed", "regulations.in_force",
    "normative_documents.made", "normative_documents.repealed", "normative_documents.in_force",
    "licensing.decisions", "penalties.decisions", "coercion.decisions",
    "admin_fees.amount_wan_yuan",
)
TABLE2_2019_ITEMS = (
    "regulations.new_made", "regulations.new_published", "regulations.total_published",
    "normative_documents.new_made", "normative_documents.new_published",
    "normative_documents.total_published",
    *(f"{k}.{c}" for k in ("licensing", "other_services", "penalties", "coercion")
      for c in ("prev_year_items", "change", "decisions")),
    "admin_fees.prev_year_items", "admin_fees.change", "procurement.items",
    "procurement.amount_yuan",
)

# section -> {item: allowed dimensions (None for no dimension)}
STANDARD_CELLS: dict[str, dict[str, tuple[str | None, ...]]] = {
    "table2": {item: (None,) for item in (*TABLE2_2021_ITEMS, *TABLE2_2019_ITEMS)},
    "table3": {item: TABLE3_DIMENSIONS for item in TABLE3_ROWS},
    "table4": {item: TABLE4_PARTS + ("total",) for item in TABLE4_BLOCKS},
}

TEXT_ITEMS = {
    "proactive_total": "information proactively disclosed in the year (主动公开), as stated",
    "applications_received": "applications received, from the narrative",
    "reconsideration_total": "administrative reconsiderations, from the narrative",
    "litigation_total": "lawsuits, from the narrative",
    "proactive_channel": "proactive disclosure through one channel (dimension: the channel)",
    "proactive_category": "proactive disclosure of one category (dimension: the category)",
    "proactive_cumulative": "all-time cumulative total; not the year's",
}


def is_standard_cell(section: str, item: str, dimension: str | None) -> bool:
    dims = STANDARD_CELLS.get(section, {}).get(item)
    return dims is not None and dimension in dims
