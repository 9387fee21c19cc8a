"""Property tests (hypothesis, bounded) over decoding, cleaning and extraction end to end.

The unit tests fuzz each module on its own; these feed the parse stage's own path
(``decode_document`` -> ``extract_report``, and ``parse_one`` around them) with mutated real
documents of every format (including DOCX whose XML parts are mutated inside the zip), with
arbitrary text and with "vocabulary soup" built from the words reports use. Properties: only
``DocumentError`` ever escapes, with a known kind and a message; results are well typed; every
fact's span lies inside the cleaned text, points at non-empty text found in its evidence, and
its evidence is non-empty; the stage never records an ``internal_error`` (a bug).
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from datetime import timedelta
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from xxgk.clean import clean_text
from xxgk.decode import decode_document
from xxgk.extract.report import HEADLINE_COLUMNS, derive_headline, extract_report
from xxgk.generate import generate_reports
from xxgk.model import NOT_A_NUMBER, Document, DocumentError, Extraction, Fact, Field
from xxgk.schema import FACT_QUALIFIERS, SECTIONS, UNITS
from xxgk.stages.parse import _Rows, parse_one

KINDS = {"undecodable", "empty", "needs_ocr", "unsupported_format", "too_large", "parse_failed"}
FORMATS = {"html", "text", "markdown", "pdf", "docx", "doc"}


@pytest.fixture(autouse=True, scope="module")
def _ocr_off():
    """A fuzzed PDF whose text layer breaks is an image page, and reading it by OCR costs
    seconds a page: that is the OCR tests' business. Here such pages take the path of a
    machine without OCR (XXGK_OCR=off), which must end without an internal error too."""
    before = os.environ.get("XXGK_OCR")
    os.environ["XXGK_OCR"] = "off"
    yield
    if before is None:
        del os.environ["XXGK_OCR"]
    else:
        os.environ["XXGK_OCR"] = before


# Bounded for CI: a few hundred examples in all, each allowed far more time than it needs.
FUZZ = settings(max_examples=120, deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Words and marks the reports are made of (vocabulary, not sentences): soup made of them
# reaches the extractors' rules far more often than random text does.
VOCABULARY = (
    "主动公开", "政府信息", "条", "件", "项", "收到", "申请", "余", "多", "约", "近", "截至", "11月",
    "年", "年度", "2008", "2019", "2021", "2023", "12", "3,456", "0", "一百二十", "十五", "。", "，",
    "、", "：", "|", " | ", "\n", "\n\n", " ", "\t", "行政复议", "行政诉讼", "没有", "未", "无",
    "表三", "本年新收", "上年结转", "自然人", "商业企业", "总计", "予以公开", "结转下年度继续办理",
    "结果维持", "结果纠正", "尚未审结", "本年制发件数", "现行有效件数", "规章", "万元", "—", "/",
    "（", "）", "第二十条", "发布日期：", "2024-01-15", "人民政府", "科学技术局", "政府信息公开工作年度报告",
    "\f", "第1页", "&nbsp;", "<br>", "一、", "（一）",
)
SOUP = st.lists(st.sampled_from(VOCABULARY), max_size=300).map("".join)
ANY_TEXT = st.text(max_size=2000)


@lru_cache(maxsize=1)
def real_documents() -> tuple[tuple[str, bytes], ...]:
    """Two generated reports per format: (filename, bytes)."""
    docs = []
    for file_format in ("html", "text", "markdown", "pdf", "docx"):
        for report in generate_reports(2, seed=71, formats=(file_format,)):
            docs.append((report.filename, report.data))
    return tuple(docs)


@lru_cache(maxsize=1)
def cleaned_texts() -> tuple[str, ...]:
    return tuple(decode_document(data, filename=name).text for name, data in real_documents()
                 if not name.endswith((".pdf", ".docx")))


def _mutate_bytes(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (kind, position, payload) edits: 0 overwrite, 1 insert, 2 delete, 3 truncate,
    4 duplicate a slice."""
    out = bytearray(data)
    for kind, position, payload in edits:
        if not out:
            break
        at = position % len(out)
        if kind == 0:
            out[at:at + len(payload)] = payload
        elif kind == 1:
            out[at:at] = payload
        elif kind == 2:
            del out[at:at + max(1, len(payload)) * 16]
        elif kind == 3:
            del out[at:]
        else:
            out[at:at] = out[at:at + 1 + len(payload) * 64]
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2 ** 32),
                           st.binary(min_size=1, max_size=8)), min_size=1, max_size=6)


def _mutate_inside_zip(docx: bytes, member_index: int, edits) -> bytes:
    """Mutate one member of a DOCX and zip it again, so the damage reaches the XML parser
    instead of stopping at the zip's CRC check."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    members = source.infolist()
    target = members[member_index % len(members)].filename
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in members:
            data = source.read(info.filename)
            out.writestr(info.filename, _mutate_bytes(data, edits) if info.filename == target
                         else data)
    return buf.getvalue()


@st.composite
def mutated_documents(draw) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(real_documents()))
    edits = draw(EDITS)
    if name.endswith(".docx") and draw(st.booleans()):
        return name, _mutate_inside_zip(data, draw(st.integers(0, 50)), edits)
    return name, _mutate_bytes(data, edits)


def check_document(doc: Document) -> None:
    assert isinstance(doc, Document)
    assert isinstance(doc.text, str) and doc.text.strip()
    assert doc.format in FORMATS
    assert doc.title is None or isinstance(doc.title, str)
    assert doc.encoding is None or isinstance(doc.encoding, str)
    assert isinstance(doc.warnings, tuple) and all(isinstance(w, str) for w in doc.warnings)


def check_fact(fact: Fact, text: str) -> None:
    assert isinstance(fact, Fact)
    assert fact.section in SECTIONS and fact.unit in UNITS and fact.qualifier in FACT_QUALIFIERS
    assert isinstance(fact.item, str) and fact.item
    assert fact.dimension is None or isinstance(fact.dimension, str)
    if fact.value is None:
        assert fact.qualifier == NOT_A_NUMBER
    else:
        assert isinstance(fact.value, float) and math.isfinite(fact.value)
    assert 0 <= fact.span_start < fact.span_end <= len(text), fact
    assert isinstance(fact.evidence, str) and fact.evidence.strip(), fact
    pointed = text[fact.span_start:fact.span_end].strip()
    assert pointed and pointed in fact.evidence, (pointed, fact)
    assert isinstance(fact.rule, str) and fact.rule


def check_field(name: str, field: Field, doc: Document) -> None:
    assert isinstance(field, Field) and field.name == name
    assert field.value is None or isinstance(field.value, (str, int))
    assert isinstance(field.evidence, str)
    # (-1, -1): read from the title, which is not part of the text
    if (field.span_start, field.span_end) != (-1, -1):
        assert 0 <= field.span_start <= field.span_end <= len(doc.text), field
    else:
        assert doc.title is not None and field.evidence in doc.title, field


def check_extraction(extraction: Extraction, doc: Document) -> None:
    assert isinstance(extraction, Extraction)
    assert isinstance(extraction.facts, tuple)
    for fact in extraction.facts:
        check_fact(fact, doc.text)
    for name, field in extraction.fields.items():
        check_field(name, field, doc)
    assert all(isinstance(w, str) for w in extraction.warnings)
    headline, warnings = derive_headline(extraction.facts)
    assert set(HEADLINE_COLUMNS) <= set(headline)
    for column in HEADLINE_COLUMNS:
        assert headline[column] is None or (isinstance(headline[column], int)
                                            and headline[column] >= 0)
    assert all(isinstance(w, str) for w in warnings)


def decode_and_extract(name: str | None, data: bytes) -> None:
    suffix = (name or ".none").rsplit(".", 1)[-1]
    try:
        doc = decode_document(data, filename=name)
    except DocumentError as error:
        assert error.kind in KINDS and str(error)
        event(f"{suffix}: {error.kind}")  # --hypothesis-show-statistics shows the mix
        return
    check_document(doc)
    extraction = extract_report(doc)
    check_extraction(extraction, doc)
    event(f"{suffix}: parsed, {'with' if extraction.facts else 'no'} facts")


def test_the_real_documents_pass_the_checks_unmutated():
    # The properties below are only meaningful if the unmutated documents satisfy them.
    for name, data in real_documents():
        doc = decode_document(data, filename=name)
        extraction = extract_report(doc)
        check_extraction(extraction, doc)
        assert len(extraction.facts) >= 3, name


@FUZZ
@given(mutated_documents())
def test_mutated_real_documents_decode_or_fail_with_a_document_error(document):
    decode_and_extract(*document)


@FUZZ
@given(st.one_of(st.binary(max_size=4000),
                 st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>",
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf"])
                 .flatmap(lambda head: st.binary(max_size=3000).map(lambda t: head + t))),
       st.sampled_from([None, "a.html", "a.txt", "a.pdf", "a.docx", "a.doc", "a.md"]))
def test_arbitrary_bytes_decode_or_fail_with_a_document_error(data, filename):
    decode_and_extract(filename, data)


@FUZZ
@given(mutated_documents())
def test_parse_stage_records_no_internal_error(document):
    name, data = document
    rows = _Rows([], [], [], [], [], [])
    meta = {"raw_sha256": "0" * 64, "source_url": f"file:fuzz/{name}", "filename": name,
            "content_type": None, "declared_charset": None}
    parse_one(data, meta, "fuzz", rows)
    assert len(rows.reports) + len(rows.errors) == 1
    for error in rows.errors:
        assert error["error_kind"] in KINDS, error  # "internal_error" would be a bug
        assert error["message"]


@FUZZ
@given(st.one_of(ANY_TEXT, SOUP), st.sampled_from(sorted(FORMATS)))
def test_clean_text_takes_any_text_in_any_format(text, source_format):
    cleaned = clean_text(text, source_format=source_format)
    assert isinstance(cleaned, str)
    assert "\r" not in cleaned


@st.composite
def mutated_cleaned_text(draw) -> str:
    text = draw(st.sampled_from(cleaned_texts()))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(SOUP, st.text(max_size=20))) + text[
            at + draw(st.integers(0, 40)):]
    return text


@FUZZ
@given(st.one_of(ANY_TEXT, SOUP, mutated_cleaned_text()),
       st.one_of(st.none(), SOUP, ANY_TEXT))
def test_extract_report_on_any_text_keeps_its_invariants(raw_text, title):
    text = clean_text(raw_text, source_format="text")
    doc = Document(text=text, format="text", title=title or None)
    check_extraction(extract_report(doc), doc)
