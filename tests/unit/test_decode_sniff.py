"""Format sniffing: magic bytes decide, names and content types only break ties."""

from __future__ import annotations

import pytest

from xxgk.decode.sniff import sniff_binary_format, sniff_text_format
from xxgk.model import DocumentError


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xef\xbb\xbfjunk before the header %PDF-1.4\n", "pdf"),
        (b"<html><body>x</body></html>", None),
        (b"\x89PNG\r\n\x1a\n....", "image"),  # pictures are read by OCR (image_text)
        (b"\xff\xd8\xff\xe0....", "image"),
        ("纯文本".encode("gbk"), None),
    ],
)
def test_binary_magic(data, expected):
    assert sniff_binary_format(data) == expected


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"{\\rtf1\\ansi ...", "unsupported_format"),
        (b"\x1f\x8b\x08\x00....", "unsupported_format"),
        (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n", "unsupported_format"),
        (b"PK\x03\x04 truncated zip", "parse_failed"),
    ],
)
def test_recognised_but_unreadable_formats(data, kind):
    with pytest.raises(DocumentError) as error:
        sniff_binary_format(data)
    assert error.value.kind == kind


SPAM_WRAPPED_TEXT = '<legend id="a"></legend><p id="a"><td id="a"></td></p>\n标题\n\n正文\n\n' * 3
SPAM_WRAPPED_TEXT += "结尾\n" * 50


@pytest.mark.parametrize(
    ("text", "filename", "content_type", "expected"),
    [
        ("<!DOCTYPE html><p>年报</p>", "report.txt", "text/plain", "html"),
        ("<meta charset='gbk'><p>年报</p>", None, None, "html"),
        ("<p>第一段</p><p>第二段</p>", "a.html", None, "html"),  # fragment + HTML hint
        ("<p>一</p><div>二</div><p>三</p><br><p>四</p>\n", None, None, "html"),  # tags carry the lines
        ("正文第一行\n正文第二行", "a.html", "text/html", "text"),  # no markup at all: text
        # A text page with a few injected spam tags is text, not HTML.
        (SPAM_WRAPPED_TEXT, None, None, "text"),
        ("# 某某局\n\n---\n\n## 年度报告\n\n正文", None, None, "markdown"),
        ("**一、概述**\n正文", "a.md", None, "markdown"),
        ("一、概述\n正文 # 不是标题", None, None, "text"),
        ("> 只有一处引用\n正文", None, None, "text"),
    ],
)
def test_text_formats(text, filename, content_type, expected):
    assert sniff_text_format(text, filename=filename, content_type=content_type) == expected
