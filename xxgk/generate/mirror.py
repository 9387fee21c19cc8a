"""A report as a mirror site serves it: every character traditional, some glossed in pinyin.

Mirror and wiki sites copy government pages through a simplified → traditional converter, and
some of them print a toned pinyin reading in brackets after chosen characters: "報(bào)告",
"鎮(zhèn)". We convert character by character, as the simplest of those converters do, with
OpenCC's character table (its first reading of each character: 发 → 發, 后 → 後, 为 → 爲),
and on half the pages its Taiwan variants on top (爲 → 為, 衆 → 眾): ``CONVERTERS``. One
character for one, so a name converts the same wherever it stands. A document keeps one
converter and one set of glossed characters throughout; the gold lists its organ's names as
the page writes them (and, with glosses, as printed), then the simplified names.

Glosses go only after characters of ``READINGS``, none of which is a digit, a numeral, a date
word (年, 月, 日) or a unit (条, 件): the numbers a report is graded on stay as printed. Glosses
stop where the document would outgrow the corpus' size limit.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Characters (traditional forms, and a few that are the same in both scripts) a mirror may
# gloss, with the reading it prints. Example: 報 → "報(bào)".
READINGS = {
    "報": "bào", "區": "qū", "鎮": "zhèn", "據": "jù", "網": "wǎng", "構": "gòu", "發": "fā",
    "機": "jī", "開": "kāi", "關": "guān", "務": "wù", "統": "tǒng", "應": "yīng", "請": "qǐng",
    "辦": "bàn", "縣": "xiàn", "廳": "tīng", "門": "mén", "規": "guī", "範": "fàn", "劃": "huà",
    "監": "jiān", "環": "huán", "導": "dǎo", "權": "quán", "檔": "dàng", "織": "zhī", "組": "zǔ",
    "議": "yì", "復": "fù", "訴": "sù", "訟": "sòng", "政": "zhèng", "府": "fǔ", "信": "xìn",
    "息": "xī", "公": "gōng", "民": "mín", "局": "jú", "委": "wěi", "主": "zhǔ", "動": "dòng",
}
GLOSS_BRACKETS = (("(", ")"), ("（", "）"))
# Converter name -> OpenCC character tables applied in turn (files of the opencc package).
CONVERTERS = {"s2t": ("STCharacters.txt",), "s2tw": ("STCharacters.txt", "TWVariants.txt")}
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=len(CONVERTERS))
def _table(config: str) -> dict[int, str]:
    """A str.translate table: each character to the first reading of each table in turn."""
    mapping: dict[str, str] = {}
    for name in CONVERTERS[config]:
        text = resources.files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8")
        step = {}
        for line in text.splitlines():
            source, targets = line.split("\t")
            step[source] = targets.split()[0]
        # A later table converts what the earlier ones wrote.
        mapping = {k: step.get(v, v) for k, v in mapping.items()} | {
            k: v for k, v in step.items() if k not in mapping}
    return str.maketrans({k: v for k, v in mapping.items() if len(k) == len(v) == 1})


def to_traditional(text: str, config: str = "s2t") -> str:
    """``text`` in traditional characters (``CONVERTERS``), one character for one."""
    return text.translate(_table(config))


@dataclass(frozen=True, slots=True)
class Glossing:
    """Which characters get a pinyin gloss, and in which brackets."""

    chars: str
    opening: str
    closing: str

    def apply(self, text: str) -> str:
        if not self.chars:
            return text
        return re.sub(f"[{self.chars}]",
                      lambda m: f"{m.group()}{self.opening}{READINGS[m.group()]}{self.closing}",
                      text)


NO_GLOSSING = Glossing("", "(", ")")


def draw_glossing(rng: random.Random, text: str, room_bytes: int, codec: str) -> Glossing:
    """6–12 characters of ``READINGS`` to gloss wherever they occur in ``text``, fewer when
    the glosses would take more than ``room_bytes`` (of ``codec``) in all."""
    opening, closing = rng.choice(GLOSS_BRACKETS)
    chars = rng.sample(sorted(READINGS), rng.randint(6, 12))
    while chars:
        added = sum(text.count(c) * len(f"{opening}{READINGS[c]}{closing}".encode(codec))
                    for c in chars)
        if added <= room_bytes:
            return Glossing("".join(chars), opening, closing)
        chars.pop()
    return NO_GLOSSING


def visible_bytes(text: str, codec: str, *, is_html: bool) -> int:
    """Bytes of the text a reader sees (markup stripped from an HTML page)."""
    return len((_TAG.sub("", text) if is_html else text).encode(codec))


@dataclass(frozen=True, slots=True)
class Mirror:
    """How a page was mirrored: its converter and its glosses."""

    config: str
    glossing: Glossing

    def names(self, names: tuple[str, ...]) -> list[str]:
        """Gold agency names: traditional, then as glossed (when glossed), then simplified."""
        traditional = [to_traditional(n, self.config) for n in names]
        glossed = [self.glossing.apply(n) for n in traditional]
        return list(dict.fromkeys([*traditional, *glossed, *names]))


def mirror_page(rng: random.Random, data: bytes, codec: str, *, is_html: bool, pinyin: bool,
                size_limit: int, page_limit: int) -> tuple[bytes, Mirror]:
    """The page ``data`` (in ``codec``) converted to traditional characters and, with
    ``pinyin``, glossed as far as the limits allow (visible text ``size_limit`` bytes, a whole
    HTML page ``page_limit``). Returns the bytes and how they were mirrored."""
    config = rng.choice(sorted(CONVERTERS))
    original = data.decode(codec)
    text = to_traditional(original, config)
    if codec != "utf-8":  # a character the page's codec lacks stays as it was
        text = "".join(t if _encodes(t, codec) else o for t, o in zip(text, original, strict=False))
    glossing = NO_GLOSSING
    if pinyin:
        room = size_limit - visible_bytes(text, codec, is_html=is_html)
        if is_html:
            room = min(room, page_limit - len(text.encode(codec)))
        glossing = draw_glossing(rng, text, room, codec)
    return glossing.apply(text).encode(codec), Mirror(config, glossing)


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True
