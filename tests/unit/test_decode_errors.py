"""Unusable input becomes DocumentError with a kind, and never any other exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.decode import decode_document, limits
from xxgk.model import Document, DocumentError

KINDS = {"undecodable", "empty", "needs_ocr", "unsupported_format", "too_large", "parse_failed"}


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\xef\xbb\xbf"])
def test_empty_input(data):
    with pytest.raises(DocumentError) as error:
        decode_document(data)
    assert error.value.kind == "empty"


def test_text_that_cleans_to_nothing_is_empty():
    with pytest.raises(DocumentError) as error:
        decode_document("当前位置:首页 > 信息公开\n\n【打印】【关闭】\n".encode())
    assert error.value.kind == "empty"


def test_junk_bytes_are_undecodable():
    junk = bytes((i * 131 + 7) % 256 for i in range(20_000))
    with pytest.raises(DocumentError) as error:
        decode_document(junk, filename="report.html", content_type="text/html")
    assert error.value.kind == "undecodable"


def test_oversized_input_is_too_large(monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(DocumentError) as error:
        decode_document("正文".encode() * 1000)
    assert error.value.kind == "too_large"


def test_oversized_text_is_too_large(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100)
    with pytest.raises(DocumentError) as error:
        decode_document(("<p>" + "正文" * 100 + "</p>").encode(), content_type="text/html")
    assert error.value.kind == "too_large"


def test_plain_text_document():
    document = decode_document("某某局2019年年报\n\n全年公开信息 20 条。".encode("gbk"), filename="a.txt")
    assert document == Document(
        text="某某局2019年年报\n\n全年公开信息20条。", format="text", title="某某局2019年年报", encoding="gb18030"
    )


MAGIC_HEADS = [b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html>"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
        st.sampled_from(MAGIC_HEADS).flatmap(
            lambda head: st.binary(max_size=2000).map(lambda tail: head + tail)
        ),
    )
)
def test_any_bytes_give_a_document_or_a_document_error(data):
    try:
        document = decode_document(data)
    except DocumentError as error:
        assert error.kind in KINDS
        assert str(error)
    else:
        assert document.text.strip()
        assert document.format in {"html", "text", "markdown", "pdf", "docx", "doc"}
