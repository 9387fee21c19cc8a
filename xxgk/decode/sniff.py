"""Which format a document is: magic bytes first, file name and content type only as hints.

Sites serve HTML under ".doc" names, PDFs as "application/octet-stream", and Word files as
"text/html"; the bytes decide. Names and content types only break ties the bytes leave open
(an HTML fragment without <html>, a ".md" file with few markdown cues).
"""

from __future__ import annotations

import io
import re
import zipfile

from xxgk.model import DocumentError

PDF = "pdf"
DOCX = "docx"
DOC = "doc"
HTML = "html"
IMAGE = "image"
MARKDOWN = "markdown"
TEXT = "text"

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# Binary formats we recognise but cannot read: (magic at offset 0, what it is).
_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"%!PS", "PostScript file"),
    (b"\x00\x00\x01\x00", "icon file"),
)
# Pictures: read by OCR (``image_text``).
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_MHT = re.compile(rb"(?i)^\s*(?:MIME-Version:|From:.{0,200}\n.{0,400}multipart/related)", re.DOTALL)

# Markers that make text HTML whatever it is called.
_HTML_DOCUMENT = re.compile(
    r"(?i)<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>"
)
_BLOCK_TAG = re.compile(r"(?i)<(?:p|div|br|table|tr|td|li|h[1-6])[\s/>]")
# Line starts, matched as a newline in the sample with a newline put before it: a pattern
# that starts with a literal is found fast, one that starts with a multiline "^" is tried
# at every position. No cue spans a newline, so the counts are those of "^" patterns.
_MARKDOWN_HEADING = re.compile(r"\n#{1,6}[ \t]+\S")
_MARKDOWN_CUE = re.compile(
    r"(?m)\n(?:#{1,6}[ \t]+\S|\|?[ \t]*:?-{3,}:?[ \t]*\||-{3,}[ \t]*$|>[ \t]|\*\*\S)"
)
_SNIFF_CHARS = 65536


def _has_word_document_stream(data: bytes) -> bool:
    # The directory of an OLE2 container names its streams in UTF-16: Word files have
    # "WordDocument"; Excel has "Workbook", PowerPoint "PowerPoint Document".
    return _WORD_STREAM in data


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError("parse_failed", f"broken zip container: {exc}") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        raise DocumentError("unsupported_format", "Excel workbook (xlsx), not a report document")
    if "ppt/presentation.xml" in names:
        raise DocumentError("unsupported_format", "PowerPoint presentation (pptx)")
    if "OFD.xml" in names:
        raise DocumentError("unsupported_format", "OFD document (Chinese fixed-layout format)")
    raise DocumentError("unsupported_format", "zip archive that is not a Word document")


def sniff_binary_format(data: bytes) -> str | None:
    """``pdf``, ``docx``, ``doc`` or ``image`` from magic bytes; None when the bytes look like
    text.

    Raises DocumentError for formats recognised but not readable (archives, RTF, MHT,
    spreadsheets).
    """
    head = data[:1024]
    if b"%PDF-" in head:  # readers accept junk before the header; so do we
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(_OLE2_MAGIC):
        if _has_word_document_stream(data):
            return DOC
        raise DocumentError(
            "unsupported_format", "OLE2 container that is not a Word document (xls/ppt?)"
        )
    for magic, _ in _IMAGE_MAGIC:
        if data.startswith(magic):
            return IMAGE
    for magic, what in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise DocumentError("unsupported_format", what)
    if _MHT.match(head):
        raise DocumentError("unsupported_format", "MHT (MIME HTML) web archive")
    return None


_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php")


def _hints_html(filename: str | None, content_type: str | None) -> bool:
    name = (filename or "").lower()
    kind = (content_type or "").lower()
    return "html" in kind or name.endswith(_HTML_SUFFIXES)


def _hints_markdown(filename: str | None, content_type: str | None) -> bool:
    name = (filename or "").lower()
    return "markdown" in (content_type or "").lower() or name.endswith((".md", ".markdown"))


def sniff_text_format(
    text: str, *, filename: str | None = None, content_type: str | None = None
) -> str:
    """``html``, ``markdown`` or ``text`` for decoded text.

    HTML needs document markers (doctype, <html>, <head>, <body>, <meta>, <title>), or block
    tags carrying the structure (at least as many block tags as lines; a text file wrapped in
    a few injected spam tags is still text), or an HTML hint plus any block tag.
    """
    sample = text[:_SNIFF_CHARS]
    if "<" in sample:
        if _HTML_DOCUMENT.search(sample):
            return HTML
        block_tags = len(_BLOCK_TAG.findall(sample))
        if block_tags and _hints_html(filename, content_type):
            return HTML
        if block_tags >= 5 and block_tags >= sample.count("\n"):
            return HTML
    lines = "\n" + sample
    cues = _MARKDOWN_CUE.findall(lines)
    if not cues:
        return TEXT
    if _hints_markdown(filename, content_type):
        return MARKDOWN
    if len(cues) >= 2 and _MARKDOWN_HEADING.search(lines):
        return MARKDOWN
    return TEXT
