"""Page titles: gambling/SEO spam glued onto them, and picking a title from plain text.

Hijacked government sites serve the real page under a title with a casino brand glued on
after a separator: "某某市某某局-<brand>客户端", "…_<brand>官网". The glued part is dropped when
it is short, contains a spam cue word and no word of a genuine site name (vocabulary:
``TITLE_SPAM_CUES``, ``GOVERNMENT_WORDS``). Pages copied as text carry the same title as their
first line, so the rule is applied there too.
"""

from __future__ import annotations

import re

from xxgk.clean.vocabulary import (
    GOVERNMENT_WORDS,
    TITLE_SEPARATORS,
    TITLE_SPAM_CUES,
    TITLE_SPAM_MAX_SUFFIX_CHARS,
)

_SEPARATOR = re.compile(TITLE_SEPARATORS)
_SPAM_CUE = re.compile("|".join(f"(?:{entry.pattern})" for entry in TITLE_SPAM_CUES))
# Lines that are page metadata ("索引号:…", "发布机构:…", "来源:… 时间:…"), not a title.
_METADATA_LINE = re.compile(r"[\u4e00-\u9fff]{1,8}\s*:")
_HAS_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
MAX_TITLE_CHARS = 80


def _is_spam_suffix(suffix: str) -> bool:
    if not suffix or len(suffix) > TITLE_SPAM_MAX_SUFFIX_CHARS:
        return False
    if any(word in suffix for word in GOVERNMENT_WORDS):
        return False
    return _SPAM_CUE.search(suffix) is not None


def strip_title_spam(title: str) -> str:
    """Drop casino/SEO suffixes glued onto a title after "-", "_", "|", "——" …

    "某某市科技局-某某娱乐客户端" -> "某某市科技局"; "…年度报告_某某市人民政府" stays as it is.
    Several glued suffixes are dropped one by one, from the end.
    """
    while True:
        separators = list(_SEPARATOR.finditer(title))
        if not separators:
            return title
        last = separators[-1]
        head, suffix = title[: last.start()], title[last.end() :]
        if not head.strip() or not _is_spam_suffix(suffix.strip()):
            return title
        title = head.rstrip()


def strip_title_spam_from_first_line(text: str) -> str:
    """Apply ``strip_title_spam`` to the first non-empty line when it is title-sized."""
    start = len(text) - len(text.lstrip("\n"))
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    first = text[start:end]
    if not first or len(first) > MAX_TITLE_CHARS:
        return text
    cleaned = strip_title_spam(first)
    return text if cleaned == first else text[:start] + cleaned + text[end:]


def pick_title_from_text(text: str) -> str | None:
    """The first short line of cleaned text that is not page metadata, or None.

    Used for text, markdown, PDF and Word documents, which have no <title>.
    """
    for line in text.split("\n", 60)[:60]:
        line = line.strip()
        if not line or len(line) > MAX_TITLE_CHARS or line.startswith("|"):
            continue
        if _METADATA_LINE.match(line) or not _HAS_IDEOGRAPH.search(line):
            continue
        return line
    return None
