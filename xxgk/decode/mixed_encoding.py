"""Pages in two encodings at once: a UTF-8 page with a GBK part, or a GBK page with a UTF-8 part.

Sites assemble pages from systems that disagree: a UTF-8 article inside a template whose footer
was saved as GBK, or the reverse. Read whole in either encoding, such a page has a stretch of
broken bytes, too many for a lenient decode to pass. Here it is read in its dominant encoding,
and each word (a run of non-ASCII characters) that the dominant encoding cannot read while
GB18030 (or UTF-8) reads it cleanly is read in that other encoding, with a warning naming its
byte range. A word the other encoding cannot read either keeps replacement characters and
counts as broken. The reading is refused (None) when it is not sound: the odd words are not a
minority, broken bytes pass the lenient decode's share, or the page has too many odd words.

Words are split at ASCII characters, which both encodings write the same way, so a boundary
never cuts a character; the exception, a GBK second byte in the ASCII range (``81 40`` is 丂,
GB18030's four-byte forms have digits at their second and fourth byte), is kept with its
first byte. A word mixing both encodings without any ASCII between them is read wholly in one.

Cost: one decode of the whole page and one regex scan over it (no backtracking across words),
then Python work per odd word only, at most ``MAX_ODD_WORDS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.decode import limits

# A word holding at least one byte the dominant decoding could not read (surrogateescape makes
# each such byte one character U+DC80..U+DCFF). The look-behind lets a match start only at the
# start of a word, so each word is scanned once: no scan restarts inside a word.
_ODD_WORD = re.compile(
    "(?<![^\x00-\x7f])"
    "[^\x00-\x7f\udc80-\udcff]*"
    "[\udc80-\udcff](?:[^\x00-\x7f]|(?<=[\udc81-\udcfe])[\x30-\x39\x40-\x7e])*"
)
# A whole word of UTF-8 three-byte sequences from U+3000..U+9FFF (CJK punctuation, kana,
# ideographs), three or more of them.
_UTF8_CJK_WORD = re.compile(
    rb"(?<![\x80-\xff])(?:[\xe3-\xe9][\x80-\xbf][\x80-\xbf]){3,}(?![\x80-\xff])")
_HIGH_BYTES = bytes(range(0x80, 0x100))
MAX_ODD_WORDS = 1000  # a real page has a footer, a box, a few pasted lines
MAX_ODD_SHARE = 0.5  # of the non-ASCII bytes: beyond this the "odd" encoding dominates
# A word the dominant encoding misreads in this share of its bytes or more is not a few broken
# bytes but text in another encoding (GBK bytes read as UTF-8 fail on nearly every byte).
MIN_MISREAD_SHARE = 0.3
PAIRS = (("utf-8", "gb18030"), ("gb18030", "utf-8"))


@dataclass(frozen=True, slots=True)
class MixedReading:
    text: str
    dominant: str
    other: str
    odd_ranges: tuple[tuple[int, int], ...]  # byte ranges [start, end) read as ``other``
    broken: int  # replacement characters left

    def warnings(self) -> tuple[str, ...]:
        shown = ", ".join(f"{start}-{end}" for start, end in self.odd_ranges[:5])
        more = len(self.odd_ranges) - 5
        if more > 0:
            shown += f" and {more} more"
        odd_bytes = sum(end - start for start, end in self.odd_ranges)
        found = [f"decoded as {self.dominant} with {odd_bytes} byte(s) read as {self.other}:"
                 f" bytes {shown}"]
        if self.broken:
            found.append(f"{self.broken} undecodable byte sequence(s) replaced")
        return tuple(found)


def _read_word(word_text: str, dominant: str, other: str) -> tuple[str, bool, int]:
    """(text, read as other, replacement characters) for one word with unreadable bytes."""
    word = word_text.encode(dominant, "surrogateescape")
    misread = sum(1 for char in word_text if "\udc80" <= char <= "\udcff")
    try:
        as_other = word.decode(other)
    except UnicodeDecodeError:
        as_other = None
    if as_other is not None and (other == "utf-8" or misread >= MIN_MISREAD_SHARE * len(word)):
        return as_other, True, 0
    replaced = word.decode(dominant, "replace")
    return replaced, False, replaced.count("\ufffd")


class _Reader:
    """Accumulates one reading of a page, segment after segment, with its odd byte ranges."""

    def __init__(self, dominant: str, other: str) -> None:
        self.dominant, self.other = dominant, other
        self.pieces: list[str] = []
        self.ranges: list[tuple[int, int]] = []
        self.words = self.broken = self.odd_bytes = 0

    def add_odd(self, text: str, start: int, end: int) -> None:
        self.pieces.append(text)
        self.odd_bytes += end - start
        if self.ranges and self.ranges[-1][1] >= start - 8:  # one stretch split by markup
            self.ranges[-1] = (self.ranges[-1][0], end)
        else:
            self.ranges.append((start, end))

    def add_segment(self, segment: bytes, offset: int) -> bool:
        """Read ``segment`` (which starts at byte ``offset``); False when it has too many odd
        words to be a sound reading."""
        escaped = segment.decode(self.dominant, "surrogateescape")
        done_chars, done_bytes = 0, offset
        for match in _ODD_WORD.finditer(escaped):
            self.words += 1
            if self.words > MAX_ODD_WORDS:
                return False
            start, end = match.span()
            before = escaped[done_chars:start]
            self.pieces.append(before)
            word_start = done_bytes + len(before.encode(self.dominant, "surrogateescape"))
            word_end = word_start + len(match.group().encode(self.dominant, "surrogateescape"))
            text, is_other, replaced = _read_word(match.group(), self.dominant, self.other)
            if is_other:
                self.add_odd(text, word_start, word_end)
            else:
                self.pieces.append(text)
                self.broken += replaced
            done_chars, done_bytes = end, word_end
        self.pieces.append(escaped[done_chars:])
        return True


def read_mixed(data: bytes, dominant: str, other: str) -> MixedReading | None:
    """``data`` read in ``dominant`` with its odd words in ``other``; None when not sound."""
    reader = _Reader(dominant, other)
    done = 0
    if dominant == "gb18030":
        # UTF-8 Chinese is often valid GBK too (read as the wrong characters): such words are
        # found as whole words of valid three-byte UTF-8, at least three characters long.
        for match in _UTF8_CJK_WORD.finditer(data):
            start, end = match.span()
            if not reader.add_segment(data[done:start], done):
                return None
            reader.words += 1
            if reader.words > MAX_ODD_WORDS:
                return None
            reader.add_odd(match.group().decode("utf-8"), start, end)
            done = end
    if not reader.add_segment(data[done:], done) or not reader.ranges:
        return None
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    text = "".join(reader.pieces)
    if (reader.odd_bytes > MAX_ODD_SHARE * non_ascii
            or reader.broken > limits.MAX_REPLACEMENT_CHAR_SHARE * len(text)):
        return None
    return MixedReading(text, dominant, other, tuple(reader.ranges), reader.broken)


def decode_mixed(data: bytes) -> MixedReading | None:
    """The first sound reading, UTF-8 dominant first (valid UTF-8 is the stronger evidence)."""
    for dominant, other in PAIRS:
        reading = read_mixed(data, dominant, other)
        if reading is not None:
            return reading
    return None
