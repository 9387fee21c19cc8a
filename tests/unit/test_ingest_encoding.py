"""Encoding verdicts: header, then <meta>, then detection; the GB family read as gb18030."""

import pytest

from xxgk.ingest.encoding import (
    EncodingVerdict,
    charset_from_content_type,
    charset_from_meta,
    detect_encoding,
    normalize_encoding,
)

TEXT = "某县人民政府2022年政府信息公开工作年度报告：全年主动公开信息326条。"


@pytest.mark.parametrize("label, codec", [
    ("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-gbk", "gb18030"), ("cp936", "gb18030"),
    ("GB18030", "gb18030"), ("UTF-8", "utf-8"), ("utf8", "utf-8"), ("big5", "big5"),
    ("no-such-charset", None), (None, None), ('"gbk"', "gb18030"),
])
def test_labels_map_to_codecs_with_the_gb_family_widened(label, codec):
    assert normalize_encoding(label) == codec


def test_header_and_meta_charsets_are_read():
    assert charset_from_content_type("text/html; charset=GBK") == "GBK"
    assert charset_from_content_type('text/html;charset="utf-8"') == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_meta(b'<meta charset="gb2312">') == "gb2312"
    assert charset_from_meta(b'<meta http-equiv="Content-Type" '
                             b'content="text/html; charset=GBK" />') == "GBK"


def test_header_wins_when_it_decodes():
    data = f"<html>{TEXT}</html>".encode("gbk")
    assert detect_encoding(data, "text/html; charset=gb2312") == \
        EncodingVerdict("gb18030", "header")


def test_meta_is_used_when_the_header_has_no_charset():
    data = f'<html><meta charset="gbk">{TEXT}</html>'.encode("gbk")
    assert detect_encoding(data, "text/html") == EncodingVerdict("gb18030", "meta")


def test_a_lying_header_is_skipped_for_the_meta_tag():
    # CMS template says utf-8 while the article bytes are GBK
    data = f'<html><meta charset="gbk">{TEXT}</html>'.encode("gbk")
    assert detect_encoding(data, "text/html; charset=utf-8") == EncodingVerdict("gb18030", "meta")


def test_undeclared_gbk_is_detected_as_gb18030_even_when_short():
    assert detect_encoding(TEXT.encode("gbk"), None) == EncodingVerdict("gb18030", "detected")
    assert detect_encoding("2022年年度报告".encode("gbk"), "text/plain") == \
        EncodingVerdict("gb18030", "detected")


def test_gbk_only_characters_survive_a_gb2312_label():
    # 镕 is in GBK but not in GB2312: a strict GB2312 decoder would reject the page
    data = "朱镕基".encode("gbk")
    verdict = detect_encoding(data, "text/html; charset=gb2312")
    assert verdict == EncodingVerdict("gb18030", "header")
    assert data.decode(verdict.encoding) == "朱镕基"


def test_utf8_and_bom_and_ascii():
    assert detect_encoding(TEXT.encode(), None) == EncodingVerdict("utf-8", "detected")
    assert detect_encoding(b"\xef\xbb\xbf" + TEXT.encode(), "text/html; charset=gbk") == \
        EncodingVerdict("utf-8", "bom")
    # ASCII is recorded as utf-8, its superset: the same verdict parsing uses.
    assert detect_encoding(b"<html>plain</html>", None) == EncodingVerdict("utf-8", "detected")


def test_utf8_page_with_a_stale_gbk_header_is_recorded_as_utf8():
    # UTF-8 Chinese bytes often also form valid GB18030; the decoder's rule reads them as UTF-8.
    assert detect_encoding(TEXT.encode(), "text/html; charset=gbk") == \
        EncodingVerdict("utf-8", "detected")


def test_binary_documents_get_no_encoding():
    assert detect_encoding(b"%PDF-1.7 \x00\x01", "application/pdf") == EncodingVerdict(None, None)
    assert detect_encoding(b"PK\x03\x04docx", None) == EncodingVerdict(None, None)
