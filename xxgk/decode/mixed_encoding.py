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
first byte. In a UTF-8 page only the odd part of a word is read as GB18030: from its first
to its last unreadable byte, widened as far as GB18030 needs (a UTF-8 sentence can run
straight into a GBK footer). In a GB18030 page, UTF-8 words are those GB18030 cannot read,
and whole words of three or more UTF-8 CJK characters (UTF-8 Chinese is often valid GBK).

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
# ideographs) and U+F000..U+FFFF (full-width forms), three or more of them.
_UTF8_CJK_WORD = re.compile(
    rb"(?<![\x80-\xff])(?:[\xe3-\xe9\xef][\x80-\xbf][\x80-\xbf]){3,}(?![\x80-\xff])")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")
_MAX_WIDENING = 64  # characters an odd part is widened by, at each end
_MAX_RETRIES = 4  # characters added at each end of a long word's odd span, one at a time
_WHOLE_WORD_CHARS = 4096  # a word up to this long is read whole when its odd span is not
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


def _read_odd_part(text: str, misread: int, dominant: str, other: str
                   ) -> tuple[str, bool, int]:
    """(text, read as other, replacement characters) for the odd part of a word, ``misread``
    of whose bytes the dominant decoding could not read."""
    part = text.encode(dominant, "surrogateescape")
    try:
        as_other = part.decode(other)
    except UnicodeDecodeError:
        as_other = None
    if as_other is not None and (other == "utf-8" or misread >= MIN_MISREAD_SHARE * len(part)):
        return as_other, True, 0
    replaced = part.decode(dominant, "replace")
    return replaced, False, replaced.count("\ufffd")


def _reads_as(text: str, dominant: str, other: str) -> bool:
    try:
        text.encode(dominant, "surrogateescape").decode(other)
    except UnicodeDecodeError:
        return False
    return True


def _widen_until_read(escaped: str, first: int, last: int, word: tuple[int, int],
                      dominant: str, other: str) -> tuple[int, int]:
    """The span widened by a few characters, at its end first, until ``other`` reads it (the
    hanzi a GBK pair formed in UTF-8, left out of the span); unchanged when it never does."""
    for widen_start in range(_MAX_RETRIES + 1):
        start = max(word[0], first - widen_start)
        for widen_end in range(_MAX_RETRIES + 1):
            end = min(word[1], last + widen_end)
            if _reads_as(escaped[start:end], dominant, other):
                return start, end
    return first, last


def _odd_span(escaped: str, start: int, end: int, runs: list[tuple[int, int]]
              ) -> tuple[int, int]:
    """The odd part of the word ``escaped[start:end]`` of a UTF-8 reading: from its first to
    its last unreadable byte, widened over the characters GBK pairs happen to form in UTF-8
    (U+0080..U+07FF: Latin, Greek, Cyrillic, …, never Chinese) and over a GBK second byte in
    the ASCII range. The rest of the word is valid UTF-8 and stays so (a UTF-8 sentence that
    runs straight into a GBK footer)."""
    first, last = runs[0][0], runs[-1][1]
    while first > start and runs[0][0] - first < _MAX_WIDENING and \
            "\u0080" <= escaped[first - 1] <= "\u07ff":
        first -= 1
    if last < end and escaped[last] < "\x80":
        last += 1  # the ASCII second byte of the last GBK pair (the word holds it only then)
    widened = last
    while last < end and last - widened < _MAX_WIDENING and \
            "\u0080" <= escaped[last] <= "\u07ff":
        last += 1
    return first, last


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
            runs = [run.span() for run in _ESCAPED_RUN.finditer(escaped, *match.span())]
            misread = sum(end - start for start, end in runs)
            first, last = match.span()
            if self.dominant == "utf-8":
                first, last = _odd_span(escaped, first, last, runs)
                # A GBK pair can also form a three-byte UTF-8 character (a hanzi) that the
                # span leaves out, and then the span is no GBK text: it is widened a little,
                # and a short word that still does not read is tried whole.
                if not _reads_as(escaped[first:last], self.dominant, self.other):
                    first, last = _widen_until_read(escaped, first, last, match.span(),
                                                    self.dominant, self.other)
                    if not _reads_as(escaped[first:last], self.dominant, self.other) and \
                            match.end() - match.start() <= _WHOLE_WORD_CHARS:
                        first, last = match.span()
            before = escaped[done_chars:first]
            self.pieces.append(before)
            odd_start = done_bytes + len(before.encode(self.dominant, "surrogateescape"))
            odd_end = odd_start + len(escaped[first:last].encode(self.dominant,
                                                                  "surrogateescape"))
            text, is_other, replaced = _read_odd_part(escaped[first:last], misread,
                                                      self.dominant, self.other)
            if is_other:
                self.add_odd(text, odd_start, odd_end)
            else:
                self.pieces.append(text)
                self.broken += replaced
            done_chars, done_bytes = last, odd_end
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
