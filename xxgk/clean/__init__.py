"""Text cleaning: turns decoded text of any format into the one cleaned text extraction reads.

Each rule is a small named function in a module named for the real-world quirk it handles;
``pipeline`` declares their order. Offsets of facts index the text this package returns, so a
change here changes spans: bump ``xxgk.PARSER_VERSION`` with it.
"""

from xxgk.clean.pipeline import CLEANING_STEPS, clean_text, clean_title
from xxgk.clean.titles import pick_title_from_text, strip_title_spam

__all__ = [
    "CLEANING_STEPS",
    "clean_text",
    "clean_title",
    "pick_title_from_text",
    "strip_title_spam",
]
