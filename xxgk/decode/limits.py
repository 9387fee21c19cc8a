"""Size and safety limits for decoding: what a document may cost before it becomes an error.

One place for every cap, so that the run's error rows can quote them and tests can lower
them. Annual reports are small (tens of KB of text, a few dozen pages); these caps sit far
above any real report and far below what would hurt a worker.
"""

from __future__ import annotations

MAX_INPUT_BYTES = 64 * 1024 * 1024  # raw bytes of any document
MAX_TEXT_CHARS = 20_000_000  # decoded text, before and after cleaning

# HTML: lexbor's tree builder slows down sharply on very deep element nesting (≈0.35 s at
# 20 000 nested <div>s, ≈20 s at 100 000), so deeper markup is read as text instead.
MAX_HTML_NESTING = 4000
# ... and it re-creates formatting elements a block closed (<p><b a=1></p><p><b a=2></p>…
# clones every earlier <b> each time): ≈0.2 s per million, ≈13 s for 5,000 such repeats.
MAX_HTML_RECONSTRUCTED_ELEMENTS = 200_000
MAX_TABLE_GRID_CELLS = 200_000  # rows × columns after expanding rowspan/colspan
MAX_COLSPAN = 100
MAX_ROWSPAN = 1000

# PDF
MAX_PDF_PAGES = 500
# All of a PDF's streams decoded: a decompression bomb is refused past this. pdfminer holds
# about twice the decoded bytes of a content stream while reading it (a 200 MiB stream costs
# 400 MiB), so this stays well under half the 256 MiB a document may cost. Text reports
# decode to a few MB; embedded CJK fonts and Flate-compressed images to tens of MB.
MAX_PDF_INFLATED_BYTES = 100 * 1024 * 1024
# Objects in a PDF's cross-reference tables: the bomb check parses each one (~30 µs). A
# 500-page report has a few tens of thousands.
MAX_PDF_OBJECTS = 100_000
# Fewer non-space characters than this on a page: a scan (perhaps with a printed page number
# or a stamp on top), which needs OCR.
MIN_TEXT_CHARS_PER_PAGE = 5
# More unreadable glyphs than this share of a page's (no Unicode map, "(cid:NN)", private-use,
# replacement characters): its text layer is garbage, the page is an image page.
MAX_GARBAGE_GLYPH_SHARE = 0.3

# OCR of image pages (``ocr_page``). Scans are read at 150 dpi: the table figures of a
# report (7-point type) are 14 pixels tall there, enough for the engine, and a page costs
# a few seconds of one core.
OCR_DPI = 150
# A rendered page larger than this (an A4 page at 150 dpi is 2.2 million pixels; A3 4.4
# million) is rendered at a lower resolution instead.
MAX_OCR_PAGE_PIXELS = 12_000_000
# pdfium decodes each image a page draws whole before scaling it: a page whose images
# hold more pixels than this is not rendered (a 600 dpi A4 scan holds 35 million).
MAX_OCR_SOURCE_PIXELS = 80_000_000
# Image pages read per document; the rest are left out with a warning.
MAX_OCR_PAGES = 60
# A document's image pages are read until this much time has passed; pages not started by
# then are left out with a warning (one page's own time is bounded by the page pixel cap).
OCR_SECONDS_PER_DOCUMENT = 300.0
# A box of text holding a digit read with a lower confidence than this is not used: its
# table cell is left blank (null), its line dropped, with a warning.
OCR_MIN_CONFIDENCE = 0.8

# DOCX (a zip of XML parts): zip bombs and entity expansion
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBER_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_ZIP_COMPRESSION_RATIO = 200  # XML compresses ~10–30×; a bomb compresses ~1000×
ZIP_RATIO_CHECK_MIN_BYTES = 1024 * 1024  # small members may compress extremely well

# Legacy .doc through an external converter
LEGACY_DOC_TIMEOUT_SECONDS = 60

# Text quality: junk bytes decoded "successfully" are still junk.
MAX_NUL_BYTE_SHARE = 0.001
MAX_CONTROL_CHAR_SHARE = 0.005
MAX_REPLACEMENT_CHAR_SHARE = 0.005  # lenient decoding is accepted below this share
