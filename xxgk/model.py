"""The value types passed between decoding, extraction, quality and publishing.

They are plain frozen dataclasses so that every stage can be tested with inline data.
Offsets (``span_start``/``span_end``) always index ``Document.text``, the cleaned text, which
is stored beside the facts so that every number can be traced back to the words it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How a count is qualified in the report's own words.
EXACT = "exact"
AT_LEAST = "at_least"  # 余, 多, 以上, 逾
APPROX = "approx"  # 约, 近, 左右
PARTIAL_YEAR = "partial_year"  # 截至11月
NOT_A_NUMBER = "not_a_number"  # a table cell printed as "/", "-", "—", "无"


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded, cleaned document: the one shape every decoder returns. (A PDF whose pages
    neither have a text layer nor could be read by OCR is not a Document: it raises
    DocumentError("needs_ocr") and becomes an error row.)"""

    text: str  # cleaned text; every span refers to it
    format: str  # html | text | markdown | pdf | docx | doc | image (a picture, read by OCR)
    title: str | None = None  # page title (HTML <title> or first heading), already cleaned
    encoding: str | None = None  # the encoding the bytes were decoded with
    warnings: tuple[str, ...] = ()
    text_source: str = "text"  # text (the document's own), ocr (every page OCR'd) or mixed
    # (span_start, span_end, confidence) of the figures OCR read, where they are in ``text``
    ocr_spans: tuple[tuple[int, int, float], ...] = ()
    ocr_confidence: float | None = None  # the lowest confidence of a figure OCR read


@dataclass(frozen=True, slots=True)
class Fact:
    """One number a report states, with the words it came from."""

    section: str  # text | table2 | table3 | table4
    item: str  # e.g. proactive_total, new_received, regulations.made
    dimension: str | None  # applicant column, result category, … or None
    value: float | None  # None only with qualifier NOT_A_NUMBER
    unit: str  # item | case | yuan | wan_yuan | … (see schema.UNITS)
    qualifier: str  # exact | at_least | approx | partial_year | not_a_number
    evidence: str  # the source snippet (sentence, or "row | column | cell")
    span_start: int  # offsets of the number (or cell) in Document.text
    span_end: int
    rule: str  # which extractor rule produced it ("ocr:" before it when OCR read the value)
    confidence: float | None = None  # OCR's confidence in the value; None when not OCR'd


@dataclass(frozen=True, slots=True)
class Field:
    """One metadata value (agency, report_year, publish_date, …) with its evidence."""

    name: str
    value: str | int | None
    evidence: str
    span_start: int
    span_end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    fields: dict[str, Field]  # agency, report_year, publish_date, template, index_number
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...] = ()


class DocumentError(Exception):
    """A document that cannot be decoded or parsed; becomes an error row, never a crash.

    ``kind`` is a short machine-readable reason (``undecodable``, ``empty``, ``needs_ocr``,
    ``unsupported_format``, ``too_large``, ``parse_failed``), ``args[0]`` a sentence for people.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as stored in the raw zone: bytes addressed by sha256, plus where it came from."""

    sha256: str
    source_url: str
    filename: str | None = None
    content_type: str | None = None
    declared_charset: str | None = None  # from the HTTP header, when fetched
    size_bytes: int = 0
    fetched_at: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
