"""Bytes to str: BOMs, declarations, GBK without declarations, junk."""

from __future__ import annotations

import pytest

from xxgk.decode import decode_document
from xxgk.decode.encoding import decode_text_bytes, find_meta_charset, normalize_charset_name
from xxgk.model import DocumentError

REPORT = "某某县科学技术局2019年政府信息公开工作年度报告。全年主动公开政府信息752条,收到申请3件,均已按期办结。"
HTML_BODY = f"<html><head>{{meta}}<title>某某县科技局年报</title></head><body><p>{REPORT}</p></body></html>"


def test_utf8():
    decoded = decode_text_bytes(REPORT.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (REPORT, "utf-8")


def test_ascii_is_reported_as_utf8():
    assert decode_text_bytes(b"plain ascii").encoding == "utf-8"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(encoding):
    assert decode_text_bytes(REPORT.encode(encoding)).text == REPORT


def test_gbk_without_any_declaration_decodes_as_gb18030():
    decoded = decode_text_bytes(REPORT.encode("gbk"))
    assert (decoded.text, decoded.encoding) == (REPORT, "gb18030")


def test_declared_gb2312_decodes_gbk_only_characters_as_gb18030():
    text = REPORT + "镕"  # in GBK, not in GB2312
    decoded = decode_text_bytes(text.encode("gbk"), declared_charset="GB2312")
    assert (decoded.text, decoded.encoding) == (text, "gb18030")


def test_stale_declaration_loses_to_valid_utf8():
    decoded = decode_text_bytes(REPORT.encode("utf-8"), declared_charset="gbk")
    assert decoded.encoding == "utf-8"


def test_latin1_declaration_is_ignored_for_gbk_bytes():
    decoded = decode_text_bytes(REPORT.encode("gbk"), declared_charset="ISO-8859-1")
    assert (decoded.text, decoded.encoding) == (REPORT, "gb18030")


def test_big5_declared_is_used():
    text = "某縣科學技術局年度報告,全年主動公開政府資訊七百條。"
    decoded = decode_text_bytes(text.encode("big5"), declared_charset="big5")
    assert (decoded.text, decoded.encoding) == (text, "big5")


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta charset="gbk">', "gbk"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "gb2312"),
        ("<META HTTP-EQUIV=Content-Type CONTENT='text/html;charset=GB18030'>", "GB18030"),
    ],
)
def test_meta_charset_is_found(meta, expected):
    assert find_meta_charset(HTML_BODY.format(meta=meta).encode("gbk")) == expected


def test_xml_declaration_is_found():
    assert find_meta_charset(b'<?xml version="1.0" encoding="GBK"?><html/>') == "GBK"


@pytest.mark.parametrize("meta", ['<meta charset="gb2312">', ""])
def test_gbk_html_with_and_without_meta_charset(meta):
    document = decode_document(HTML_BODY.format(meta=meta).encode("gbk"))
    assert document.format == "html"
    assert document.encoding == "gb18030"
    assert document.title == "某某县科技局年报"
    assert "全年主动公开政府信息752条" in document.text


def test_http_header_charset_is_passed_through():
    document = decode_document(HTML_BODY.format(meta="").encode("gbk"), declared_charset="gbk")
    assert document.encoding == "gb18030"


def test_lenient_decode_of_a_few_broken_bytes_warns():
    data = (REPORT * 20).encode("gbk") + b"\xff" + (REPORT * 20).encode("gbk")
    decoded = decode_text_bytes(data)
    assert decoded.encoding == "gb18030"
    assert REPORT in decoded.text
    assert decoded.warnings and "replaced" in decoded.warnings[0]


def test_charset_names():
    assert normalize_charset_name("GB2312") == "gb18030"
    assert normalize_charset_name("x-gbk") == "gb18030"
    assert normalize_charset_name("UTF8") == "utf-8"
    assert normalize_charset_name("no-such-charset") is None
    assert normalize_charset_name(None) is None


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,  # every byte value, NULs included
        b"\x00\x01\x02\x03" * 1000,
        bytes((i * 37 + 11) % 32 for i in range(4000)),  # control characters only
    ],
)
def test_binary_junk_is_undecodable(data):
    with pytest.raises(DocumentError) as error:
        decode_text_bytes(data)
    assert error.value.kind == "undecodable"
