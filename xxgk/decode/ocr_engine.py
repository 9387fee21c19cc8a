"""The local OCR engine: RapidOCR on onnxruntime, the PP-OCR models inside its wheel.

Why this engine (measured against Debian's tesseract with chi_sim): ``docs/ocr.md`` and
``bench/results/ocr_engines.md``. Nothing is fetched at run time: the detection, direction
and recognition models are files of the ``rapidocr-onnxruntime`` package.

The engine is loaded once per process (a parse pool worker loads it with its first image
page, about a second) and runs on one thread: the pool already gives every core a worker.
A machine where the package cannot be imported gets ``OcrUnavailable``, whose message says
what to install; image pages then become the document's error, and the run goes on.

``recognise`` returns text lines with their boxes in pixels and, per character, its box and
confidence, so that a line crossing a table's rule can be cut at the rule.

``read_figures`` reads boxes again as figures: the recognition model's output at each step
is a probability for every character it knows; here only the digits, the decimal point and
CTC's blank are allowed, and each step's probabilities are renormalised over them. This is
what tells a lone 0 in a table cell from the letter o, which the model alone cannot (a
crop of one round glyph, nothing around it): given that the cell holds a figure, which
figure. It is used only where the plain reading already looks like a figure (digits, and
the letters a digit is mistaken for), and its confidence is that of its least certain
character, as in ``recognise``.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np

ENGINE_NAME = "rapidocr-onnxruntime"
INSTALL_HINT = ("install the OCR engine: `uv sync` (or `pip install rapidocr-onnxruntime`) "
                "in the pipeline's environment")

_LOCK = threading.Lock()
_engine: object | None = None


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be loaded on this machine; the message says what to install."""


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One text line the engine found: its text, box (pixels), confidence and glyphs."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    glyphs: tuple[Glyph, ...]


# An operator's switch: XXGK_OCR=off leaves image pages unread, as on a machine without the
# engine (a fast first pass of a backfill; the documents stay in parse_errors as needs_ocr and
# are read by a later run with OCR on).
OCR_SWITCH = "XXGK_OCR"


def _load():
    global _engine
    if os.environ.get(OCR_SWITCH, "").lower() in ("off", "0", "no", "false"):
        raise OcrUnavailable(f"OCR is turned off ({OCR_SWITCH}={os.environ[OCR_SWITCH]}); "
                             f"unset {OCR_SWITCH} to read image pages")
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # the package, or onnxruntime / OpenCV under it
            raise OcrUnavailable(f"{ENGINE_NAME} is not installed ({exc}); "
                                 f"{INSTALL_HINT}") from None
        try:
            # every reading is kept (text_score 0): which ones to trust is decided here,
            # with the characters' own confidences; scans are upright once straightened,
            # so the direction classifier is not run
            # a line is padded to the widest of its batch, at least rec_img_shape's width:
            # 320 pixels by default, which made a page of one-digit table cells cost twice
            # as much (12.7 s of CPU against 5.8 s for a page of 表三)
            # Detection sees the pixels as they are (limit_type max): by default it scales
            # an image up until its short side is 736 pixels, which made a band of text
            # cut from a page cost more than the page.
            _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                               text_score=0.0, use_cls=False, rec_img_shape=[3, 48, 48],
                               det_limit_type="max", det_limit_side_len=4000)
        except Exception as exc:  # models missing or unreadable: a broken installation
            raise OcrUnavailable(f"{ENGINE_NAME} could not load its models "
                                 f"({type(exc).__name__}: {exc}); {INSTALL_HINT}") from None
    return _engine


def ensure_engine() -> None:
    """Load the engine now; ``OcrUnavailable`` (saying what to install) where it cannot be."""
    with _LOCK:
        _load()


def _box(points) -> tuple[float, float, float, float]:
    xs = [float(point[0]) for point in points]
    ys = [float(point[1]) for point in points]
    return min(xs), min(ys), max(xs), max(ys)


def _glyphs(entry) -> tuple[Glyph, ...]:
    if len(entry) < 6 or not entry[3]:
        return ()
    out = []
    for points, text, confidence in zip(entry[3], entry[4], entry[5], strict=False):
        x0, top, x1, bottom = _box(points)
        out.append(Glyph(str(text), x0, top, x1, bottom, float(confidence)))
    return tuple(out)


_FIGURE_CHARACTERS = "0123456789."
_FIGURE_BATCH = 16


def read_figures(image: np.ndarray, boxes: list[tuple[int, int, int, int]]
                 ) -> list[tuple[str, float]]:
    """(figure, confidence) for each (x0, top, x1, bottom) pixel box of an RGB image."""
    if not boxes:
        return []
    crops = [image[max(top, 0):max(bottom, top + 1), max(x0, 0):max(x1, x0 + 1)]
             for x0, top, x1, bottom in boxes]
    ratios = [max(c.shape[1], 1) / max(c.shape[0], 1) for c in crops]
    order = sorted(range(len(crops)), key=ratios.__getitem__)
    probabilities: list = [None] * len(crops)
    with _LOCK:
        engine = _load()
        recogniser = engine.text_rec
        characters = list(recogniser.postprocess_op.character)
        # crops of like widths together: a batch is padded to its widest
        for start in range(0, len(order), _FIGURE_BATCH):
            chosen = order[start:start + _FIGURE_BATCH]
            ratio = max(ratios[i] for i in chosen)
            batch = np.stack([recogniser.resize_norm_img(crops[i], ratio) for i in chosen])
            for i, steps in zip(chosen, recogniser.session(batch.astype(np.float32))[0],
                                strict=True):
                probabilities[i] = steps
    allowed = [0] + [i for i, char in enumerate(characters) if char in _FIGURE_CHARACTERS]
    out = []
    for steps in probabilities:
        kept = steps[:, allowed]
        kept = kept / np.maximum(kept.sum(axis=1, keepdims=True), 1e-9)
        best = kept.argmax(axis=1)
        text, confidences, previous = [], [], 0
        for step, choice in enumerate(best):
            if choice and choice != previous:
                text.append(characters[allowed[choice]])
                confidences.append(float(kept[step, choice]))
            previous = choice
        out.append(("".join(text), min(confidences) if confidences else 0.0))
    return out


def recognise(image: np.ndarray) -> list[OcrLine]:
    """Text lines of an RGB image (height × width × 3, uint8), top to bottom."""
    with _LOCK:  # one page at a time in a process: the engine keeps state between calls
        engine = _load()
        result, _ = engine(image, return_word_box=True)
    lines = []
    for entry in result or []:
        x0, top, x1, bottom = _box(entry[0])
        lines.append(OcrLine(str(entry[1]), x0, top, x1, bottom, float(entry[2]),
                             _glyphs(entry)))
    return sorted(lines, key=lambda line: (line.top, line.x0))
