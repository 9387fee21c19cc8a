"""Parse: decode, clean and extract a batch of raw documents into staging Parquet.

One call handles one batch (a few hundred documents), so orchestration costs stay small. A
document that cannot be decoded or parsed becomes a ``parse_errors`` row; the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass

import polars as pl

from xxgk import PARSER_VERSION
from xxgk.decode import decode_document
from xxgk.extract.report import derive_headline, extract_report
from xxgk.identity import resolve_identity
from xxgk.model import DocumentError, Extraction
from xxgk.schema import FACTS, PARSE_ERRORS, REPORTS, report_id_for
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.storage import Lake, open_lake

DOCUMENTS_SCHEMA = {
    "report_id": pl.String, "raw_sha256": pl.String, "format": pl.String,
    "encoding": pl.String, "title": pl.String, "text": pl.String,
}
FIELDS_SCHEMA = {
    "report_id": pl.String, "name": pl.String, "value": pl.String, "evidence": pl.String,
    "span_start": pl.Int64, "span_end": pl.Int64, "rule": pl.String,
}
WARNINGS_SCHEMA = {"report_id": pl.String, "warning": pl.String}


@dataclass(frozen=True)
class BatchResult:
    batch: int
    reports: int
    facts: int
    errors: int
    cached: int = 0  # documents carried forward from the release instead of parsed


@dataclass
class _Rows:
    reports: list[dict]
    facts: list[dict]
    documents: list[dict]
    fields: list[dict]
    warnings: list[dict]
    errors: list[dict]


def _date_or_none(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _field_value(extraction: Extraction, name: str) -> object:
    field = extraction.fields.get(name)
    return field.value if field else None


def parse_one(data: bytes, meta: dict, run_id: str, rows: _Rows) -> None:
    """Parse one document and append its rows; errors become an error row."""
    report_id = report_id_for(meta["raw_sha256"])
    try:
        doc = decode_document(data, filename=meta.get("filename"),
                              content_type=meta.get("content_type"),
                              declared_charset=meta.get("declared_charset"))
        extraction = extract_report(doc)
    except DocumentError as exc:
        rows.errors.append(_error_row(report_id, meta, run_id, exc.kind, str(exc)))
        return
    except Exception as exc:  # a bug in our code: record it, keep the batch going
        where = traceback.extract_tb(exc.__traceback__)[-1]
        rows.errors.append(_error_row(
            report_id, meta, run_id, "internal_error",
            f"{type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"))
        return
    headline, headline_warnings = derive_headline(extraction.facts)
    year = _field_value(extraction, "report_year")
    agency = _field_value(extraction, "agency")
    identity = resolve_identity(agency if isinstance(agency, str) else None,
                                meta.get("source_url"), doc.text)
    rows.reports.append({
        "report_id": report_id, "source_url": meta["source_url"],
        "raw_sha256": meta["raw_sha256"], "agency": _field_value(extraction, "agency"),
        "report_year": year if isinstance(year, int) else None,
        "publish_date": _date_or_none(_field_value(extraction, "publish_date")),
        "template": _field_value(extraction, "template"),
        "index_number": _field_value(extraction, "index_number"),
        "agency_id": identity.agency_id, "agency_name": identity.agency_name,
        "region_code": identity.region_code, "region_name": identity.region_name,
        "admin_level": identity.admin_level, "sector": identity.sector,
        "region_source": identity.region_source,
        "region_confidence": identity.region_confidence,
        **headline, "text_source": doc.text_source, "quality_status": "pass",
        "parser_version": PARSER_VERSION, "run_id": run_id,
    })
    for f in extraction.facts:
        rows.facts.append({
            "report_id": report_id, "section": f.section, "item": f.item,
            "dimension": f.dimension, "value": f.value, "unit": f.unit,
            "qualifier": f.qualifier, "evidence": f.evidence, "span_start": f.span_start,
            "span_end": f.span_end, "rule": f.rule, "confidence": f.confidence,
        })
    for fld in extraction.fields.values():
        rows.fields.append({
            "report_id": report_id, "name": fld.name,
            "value": None if fld.value is None else str(fld.value), "evidence": fld.evidence,
            "span_start": fld.span_start, "span_end": fld.span_end, "rule": fld.rule,
        })
    for w in (*extraction.warnings, *headline_warnings, *identity.warnings):
        rows.warnings.append({"report_id": report_id, "warning": w})
    rows.documents.append({
        "report_id": report_id, "raw_sha256": meta["raw_sha256"], "format": doc.format,
        "encoding": doc.encoding, "title": doc.title, "text": doc.text,
    })


def _error_row(report_id: str, meta: dict, run_id: str, kind: str, message: str) -> dict:
    return {
        "report_id": report_id, "source_url": meta["source_url"],
        "raw_sha256": meta["raw_sha256"], "error_kind": kind, "message": message[:2000],
        "parser_version": PARSER_VERSION, "run_id": run_id,
    }


def warm_up() -> int:
    """Nothing: submitted once per worker of a process pool so that it starts (and imports
    this module) before the first batch arrives."""
    return os.getpid()


def parse_batch_with(settings: Settings, batch: int, documents: list[dict]) -> BatchResult:
    """``parse_batch`` on the lake of ``settings``: the job a pool worker runs."""
    return parse_batch(open_lake(settings), settings.run_id, batch, documents)


def parse_batch(lake: Lake, run_id: str, batch: int, documents: list[dict]) -> BatchResult:
    """Parse ``documents`` (rows of the ingest manifest) and write the batch's staging files."""
    rows = _Rows([], [], [], [], [], [])
    for meta in documents:
        try:
            data = lake.get_raw(meta["raw_sha256"])
        except FileNotFoundError:
            rows.errors.append(_error_row(report_id_for(meta["raw_sha256"]), meta, run_id,
                                          "missing_raw", "raw object not found in the lake"))
            continue
        parse_one(data, meta, run_id, rows)
    write = lake.write_frame
    write(paths.parse_batch(run_id, batch, "reports"),
          REPORTS.conform(pl.DataFrame(rows.reports, schema_overrides=REPORTS.polars_schema,
                                       infer_schema_length=None))
          if rows.reports else REPORTS.empty())
    write(paths.parse_batch(run_id, batch, "facts"),
          pl.DataFrame(rows.facts, schema=FACTS.polars_schema))
    write(paths.parse_batch(run_id, batch, "errors"),
          pl.DataFrame(rows.errors, schema=PARSE_ERRORS.polars_schema))
    write(paths.parse_batch(run_id, batch, "documents"),
          pl.DataFrame(rows.documents, schema=DOCUMENTS_SCHEMA))
    write(paths.parse_batch(run_id, batch, "fields"),
          pl.DataFrame(rows.fields, schema=FIELDS_SCHEMA))
    write(paths.parse_batch(run_id, batch, "warnings"),
          pl.DataFrame(rows.warnings, schema=WARNINGS_SCHEMA))
    return BatchResult(batch, len(rows.reports), len(rows.facts), len(rows.errors))

