"""Inline images in a PDF's content streams, which pdfium decodes while it reads the page.

An inline image (``BI /F /Fl … ID <data> EI``) has no /Length: to find where its data ends,
pdfium decodes it with its first filter, whole, in memory, every time it parses the page.
One megabyte of Flate data there inflates to a gigabyte. The bomb guard (``pdf_guard``)
counts that output too: it finds the inline images of each decoded stream here and counts
what their data decodes to, from after ``ID`` to the end of the stream (the decoders stop
where the data does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# "BI", its dictionary (short: a few keys), "ID" and the one whitespace byte after it.
_INLINE_IMAGE = re.compile(rb"(?<![A-Za-z0-9])BI(?![A-Za-z0-9])(.{0,4096}?)"
                           rb"(?<![A-Za-z0-9])ID[\x00\t\n\x0c\r ]", re.DOTALL)
_FIRST_FILTER = re.compile(rb"/(?:F|Filter)[\x00\t\n\x0c\r ]*\[?[\x00\t\n\x0c\r ]*/([A-Za-z0-9]+)")
# Abbreviations inline images may use, to the names of the filters' decoders.
_FILTER_NAMES = {
    b"Fl": "Flate", b"FlateDecode": "Flate", b"LZW": "LZW", b"LZWDecode": "LZW",
    b"A85": "ASCII85", b"ASCII85Decode": "ASCII85", b"AHx": "ASCIIHex",
    b"ASCIIHexDecode": "ASCIIHex", b"RL": "RunLength", b"RunLengthDecode": "RunLength",
}


def may_hold_inline_images(content: bytes) -> bool:
    """A cheap test: False when ``content`` has no "ID" that could end an image header."""
    return b"ID" in content and b"BI" in content


def iter_inline_images(content: bytes) -> Iterator[tuple[str, bytes]]:
    """(filter, data) of every inline image of ``content`` whose first filter expands its
    data; the data runs to the end of ``content``. Images with an image filter (DCT, CCITT)
    are decoded a row at a time by pdfium and left out."""
    for found in _INLINE_IMAGE.finditer(content):
        first = _FIRST_FILTER.search(found.group(1))
        if first is None:
            continue
        name = _FILTER_NAMES.get(first.group(1))
        if name is not None:
            yield name, content[found.end():]
