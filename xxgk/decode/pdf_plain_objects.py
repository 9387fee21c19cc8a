"""PDF objects that can be seen from their raw bytes not to be streams.

The bomb guard (``pdf_guard``) looks at every object a file's cross-reference lists, and
pdfminer takes about 30 µs a token to parse one: a font's width array alone is hundreds of
tokens, and for a short report parsing took a third of all its reading time. A stream's
dictionary is followed by the keyword ``stream`` before the object's ``endobj``; an object
whose bytes, from its header to its first ``endobj``, hold no ``stream`` is not one, and
need not be parsed.

That reading of raw bytes is only trusted where nothing can hide a keyword or fake one:
literal strings (no nested parentheses) and hex strings are blanked first, and an object
with anything left that could be a string or a comment (``(``, ``)``, ``<`` or ``>`` outside
``<<``/``>>``, ``%``), or whose first ``endobj`` (within 64 KiB) is not a token of its own
outside every string, is left to pdfminer, as is every object whose bytes hold ``stream``
anywhere before that ``endobj``.
"""

from __future__ import annotations

import re

_WINDOW_BYTES = 64 * 1024
_HEADER = re.compile(rb"\s*\d+\s+\d+\s+obj(?![^\s\[\]<>(){}/%])")
_LITERAL_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.DOTALL)
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]*>")
_STRING_OR_COMMENT_LEFT = re.compile(rb"[()<>%]")
# "endobj" as a token: after whitespace, a dictionary's or array's end, or "obj"'s own end.
_END = re.compile(rb"(?<=[\s\x02\]])endobj(?![^\s\[\]<>(){}/%])")


def is_plainly_not_a_stream(data: bytes, position: int) -> bool:
    """True when the object at ``position`` of the file ``data`` is surely not a stream;
    False when it may be one (then it has to be parsed)."""
    first_end = data.find(b"endobj", position, position + _WINDOW_BYTES)
    if first_end < 0:
        return False
    window = data[position:first_end + len(b"endobj")]
    if b"stream" in window:
        return False
    header = _HEADER.match(window)
    if header is None:
        return False
    body = _LITERAL_STRING.sub(b"()", window[header.end():])
    # (same lengths: positions in one are positions in the other)
    end = _END.search(body.replace(b"<<", b"\x01\x01").replace(b">>", b"\x02\x02"))
    if end is None or end.end() != len(body):
        return False  # the first "endobj" was inside a string: the object goes on
    blanked = _HEX_STRING.sub(b"", body[:end.start()].replace(b"()", b"")
                              .replace(b"<<", b"").replace(b">>", b""))
    return _STRING_OR_COMMENT_LEFT.search(blanked) is None
