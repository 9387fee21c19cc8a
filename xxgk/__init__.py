"""xxgk-pipeline domain package: pure Python, no Prefect imports.

Everything that decides something (decoding, cleaning, extraction, quality rules, publishing)
lives here and is testable without an orchestrator; ``flows/`` and ``tasks/`` only wire it.
"""

__version__ = "0.1.0"

# Bumped whenever decoding, cleaning or extraction changes what a document yields: curated rows
# carry it, and a newer parser version replaces the rows an older one produced.
PARSER_VERSION = "0.3.0"  # scanned PDF pages read by OCR

from xxgk.allocator import configure_allocator  # noqa: E402  (before anything imports polars)

configure_allocator()
