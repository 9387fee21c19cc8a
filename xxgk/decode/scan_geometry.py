"""What a scanned page's pixels say about its layout: how far it is turned, and its ruling lines.

- Skew: a scanner or a photocopier turns a page by a degree or two. Dark pixels are
  projected onto the vertical axis along candidate angles; text lines and table rules line
  up (a histogram with sharp peaks) only along the page's own horizontal, so the angle with
  the peakiest histogram (largest sum of squares) is the skew. Coarse steps over
  ``±_MAX_SKEW_DEGREES``, then fine steps around the best.
- Ruling lines: runs of dark pixels at least ``_MIN_RULE_PIXELS`` long, along rows
  (horizontal rules) and columns (vertical ones), after the page is turned straight. They
  are returned in points with the y axis pointing down, as ``pdfium_rules`` gives a text
  PDF's rules, so that ``pdf_tables.find_tables`` builds a scan's tables by the very same
  rules (its snapping joins the one-pixel rows of a thick line and bridges gaps that
  noise or JPEG left in it). The strokes of characters are shorter than the minimum: a CJK
  character of 11 points is 23 pixels tall at 150 dpi.
"""

from __future__ import annotations

import numpy as np

_DARK = 160  # a grey level below this is ink
_MAX_SKEW_DEGREES = 3.0
_COARSE_STEP = 0.25
_FINE_STEP = 0.02
_MIN_RULE_PIXELS = 28  # at 150 dpi: 13.4 points, shorter than any table cell's side
_MAX_SAMPLED_INK = 200_000  # ink pixels used to estimate the skew (a random sample beyond)

Rule = tuple[float, float, float]  # (y, x0, x1) horizontal, (x, top, bottom) vertical


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Where the page has ink (a boolean array the shape of the greyscale image)."""
    return grey < _DARK


def _peakiness(ys: np.ndarray, xs: np.ndarray, degrees: float, height: int) -> float:
    slope = np.tan(np.radians(degrees))
    rows = np.round(ys - xs * slope).astype(np.int64)
    rows = rows[(rows >= 0) & (rows < height)]
    counts = np.bincount(rows, minlength=height).astype(np.float64)
    return float(np.dot(counts, counts))


def estimate_skew_degrees(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive, as PIL's ``rotate`` takes it) by which
    the page's lines are turned: ``image.rotate(-angle)`` straightens it; 0.0 for a blank
    page."""
    ys, xs = np.nonzero(ink_mask(grey))
    if len(ys) < 100:
        return 0.0
    if len(ys) > _MAX_SAMPLED_INK:
        keep = np.random.default_rng(0).choice(len(ys), _MAX_SAMPLED_INK, replace=False)
        ys, xs = ys[keep], xs[keep]
    height = grey.shape[0]
    ys_f, xs_f = ys.astype(np.float64), xs.astype(np.float64)

    def best(candidates: np.ndarray) -> float:
        scores = [_peakiness(ys_f, xs_f, float(angle), height) for angle in candidates]
        return float(candidates[int(np.argmax(scores))])

    coarse = best(np.arange(-_MAX_SKEW_DEGREES, _MAX_SKEW_DEGREES + 1e-9, _COARSE_STEP))
    fine = best(np.arange(coarse - _COARSE_STEP, coarse + _COARSE_STEP + 1e-9, _FINE_STEP))
    # Lines y = y0 + x·tan(a) in image coordinates (y pointing down) are lines turned
    # clockwise on screen by a, which is counter-clockwise by -a.
    return -fine


def _runs(mask_rows: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of True at least ``min_length`` long, row by row."""
    padded = np.zeros((mask_rows.shape[0], mask_rows.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask_rows
    edges = np.diff(padded, axis=1)
    starts_r, starts_c = np.nonzero(edges == 1)
    _, ends_c = np.nonzero(edges == -1)
    # nonzero walks rows in order, so the k-th start and the k-th end belong together
    lengths = ends_c - starts_c
    long = lengths >= min_length
    return list(zip(starts_r[long].tolist(), starts_c[long].tolist(), ends_c[long].tolist(),
                    strict=True))


def find_rules(grey: np.ndarray, dpi: float) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines of a straightened page, in points."""
    mask = ink_mask(grey)
    scale = 72.0 / dpi
    horizontal = [((row + 0.5) * scale, start * scale, end * scale)
                  for row, start, end in _runs(mask, _MIN_RULE_PIXELS)]
    vertical = [((column + 0.5) * scale, start * scale, end * scale)
                for column, start, end in _runs(mask.T, _MIN_RULE_PIXELS)]
    return horizontal, vertical
