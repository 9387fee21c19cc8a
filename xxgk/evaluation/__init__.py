"""Scoring extraction against gold labels: ``xxgk eval``.

- ``gold`` reads gold labels and checks the texts against their recorded sha256;
- ``predict`` runs the extractor on one text and keeps each value's rule and evidence;
- ``score`` compares, per field, per group (era, level, sector, layout) and per rule;
- ``render`` prints the result as text or Markdown; ``split`` assigns the held-back split.
"""

from xxgk.evaluation.render import render
from xxgk.evaluation.score import EvalReport, evaluate

__all__ = ["EvalReport", "evaluate", "render"]
