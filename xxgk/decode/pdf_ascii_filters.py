"""ASCII85 and ASCIIHex stream data decoded as leniently as any reader of ours would.

The bomb guard (``pdf_guard``) decodes these stages for real to count what the next stage
(usually Flate) makes of them, so it must never get less out of them than a reader does.
pdfium, the text engine, reads on past what pdfminer refuses: it skips characters that are
not hex digits, and ends ASCII85 data quietly at the first character outside its alphabet
(after keeping the groups before it), where pdfminer raises and decodes nothing. pdfminer,
which opens the file for the guard, strips a leading "<~" that pdfium reads as data. These
decoders take the most of both: what either reader decodes is a prefix of their output.

ASCII85 is decoded with numpy, five characters to four bytes at a time: the pure-Python
decoder took 1.5 ms per report set in reportlab's ASCII85-wrapped streams.
"""

from __future__ import annotations

import re

import numpy as np

_ASCII85_SKIPPED = b" \t\n\r\v"
_ASCII85_END = re.compile(rb"[^!-uz \t\n\r\v]")
_ASCII85_START = re.compile(rb"^\s*<?~")
_NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")
_POWERS_OF_85 = np.array([85**4, 85**3, 85**2, 85, 1], dtype=np.uint64)


def _full_groups(digits: bytes) -> bytes:
    """Four bytes per five ASCII85 digits (a trailing partial group is left out); a group
    past 2**32 wraps, as pdfium's 32-bit arithmetic does."""
    whole = len(digits) // 5 * 5
    if not whole:
        return b""
    values = np.frombuffer(digits[:whole], dtype=np.uint8).reshape(-1, 5).astype(np.uint64)
    numbers = ((values - 33) @ _POWERS_OF_85) & 0xFFFFFFFF
    return numbers.astype(">u4").tobytes()


def _partial_group(digits: bytes) -> bytes:
    """The bytes of a final group of two to four digits (one digit gives nothing)."""
    if len(digits) < 2:
        return b""
    padded = digits + b"u" * (5 - len(digits))
    return _full_groups(padded)[: len(digits) - 1]


def decode_ascii85(data: bytes) -> bytes:
    """ASCII85 data up to its end ("~", or any character outside the alphabet)."""
    data = _ASCII85_START.sub(b"", data, count=1)
    end = _ASCII85_END.search(data)
    digits = (data[: end.start()] if end else data).translate(None, _ASCII85_SKIPPED)
    *runs, last = digits.split(b"z")
    # "z" is four zero bytes; it ends the group it interrupts, whose digits are dropped.
    out = [_full_groups(run) + bytes(4) for run in runs]
    out.append(_full_groups(last) + _partial_group(last[len(last) // 5 * 5 :]))
    return b"".join(out)


def decode_ascii_hex(data: bytes) -> bytes:
    """ASCIIHex data up to ">", every character that is not a hex digit skipped; an odd
    last digit stands for its high nibble."""
    digits = _NOT_HEX.sub(b"", data.split(b">", 1)[0])
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))
