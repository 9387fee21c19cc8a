"""Whether a PDF page's text layer can be read, or the page is an image (a scan) in effect.

A page is an image page when its text layer is missing or garbage:

- missing: fewer than ``limits.MIN_TEXT_CHARS_PER_PAGE`` visible characters (a scan, maybe
  with a page number or a stamp printed on top);
- garbage: more than ``limits.MAX_GARBAGE_GLYPH_SHARE`` of its glyphs are unreadable —
  glyphs the PDF gives no Unicode for (pdfium's map errors, or "(cid:NN)" written out by a
  converter that met them), private-use code points (fonts that map their glyphs there, so
  that the text looks right and copies as nonsense), U+FFFD replacement characters and
  control characters.

Such pages need OCR, which is not done here: a PDF of image pages only is an error
(``needs_ocr``), a mixed one keeps its text pages and warns which pages it left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.decode import limits
from xxgk.decode.pdfium_page import PageLayer

CID_GLYPH = re.compile(r"\(cid:\d+\)")
_WHITESPACE = re.compile(r"\s+")
_UNREADABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]"
)


@dataclass(frozen=True, slots=True)
class TextLayerVerdict:
    visible_chars: int
    unreadable_glyphs: int
    reason: str | None  # None: the page's text is usable

    @property
    def is_image_page(self) -> bool:
        return self.reason is not None


def judge_text_layer(layer: PageLayer) -> TextLayerVerdict:
    """Usable text, or why the page counts as an image page."""
    text = _WHITESPACE.sub("", layer.text)
    cid_glyphs = CID_GLYPH.findall(text)
    cid_chars = sum(len(glyph) for glyph in cid_glyphs)
    glyphs = len(text) - cid_chars + len(cid_glyphs) + layer.unmapped_chars
    unreadable = len(cid_glyphs) + layer.unmapped_chars + len(_UNREADABLE.findall(text))
    readable = glyphs - unreadable
    if readable < limits.MIN_TEXT_CHARS_PER_PAGE and not unreadable:
        return TextLayerVerdict(glyphs, unreadable, "no text")
    if unreadable > glyphs * limits.MAX_GARBAGE_GLYPH_SHARE or (
            readable < limits.MIN_TEXT_CHARS_PER_PAGE):
        reason = f"garbage text: {unreadable} of {glyphs} glyphs unreadable"
        return TextLayerVerdict(glyphs, unreadable, reason)
    return TextLayerVerdict(glyphs, unreadable, None)
