"""Extraction of the standard tables of the 2019 and 2021 report formats (表二, 表三, 表四).

Rows and columns are identified by their labels (``labels.yaml``), never by the position of a
number in a stream. Modules: ``layout`` cuts text into pipe/tab rows and flattened cells,
``label_text`` normalises printed labels, ``vocabulary`` loads the label data, ``cells``
classifies one cell, ``headers`` resolves header labels into columns, ``alignment`` pairs a
row's cells with columns, ``reader`` walks the document, ``facts`` builds ``Fact`` rows and
``extract`` is the entry point.
"""

from xxgk.extract.tables.extract import TableExtraction, extract_table_facts

__all__ = ["TableExtraction", "extract_table_facts"]
