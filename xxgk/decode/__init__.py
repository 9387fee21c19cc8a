"""Decoding: raw bytes of HTML, text, markdown, PDF, DOCX or legacy DOC to one cleaned Document.

The one entry point is ``decode_document``; each format has its own reader module
(``html_text``, ``pdf_text``, ``docx_text``, ``doc_text``), ``sniff`` decides the format,
``encoding`` turns text bytes into str, and ``limits`` holds every size and safety cap.
"""

from xxgk.decode.document import decode_document

__all__ = ["decode_document"]
