"""Synthetic government information-disclosure annual reports with their known answers.

Realistic, deterministic and fast: the sample corpus, the unit and end-to-end tests, the
evaluation dev set and the large benchmarks are all generated here. Public API:

- ``generate_reports(n, seed=0, *, formats=None, eras=None, violation_rate=0.0)``
- ``write_corpus(out, n, seed=0, **same options) -> Path | str``: to a folder or an
  ``s3://bucket/prefix``; returns where gold.jsonl went
- ``GeneratedReport`` (doc_id, filename, data, gold, format, layout, encoding)
- ``generate_histories(n_organs, years, seed=0, *, formats=None, layouts=None)`` and
  ``write_histories(out, n_organs, years, seed=0, …)``: organs of real divisions followed
  over years, under changing name forms, with planted carry-over mismatches and duplicates,
  and regions whose government states a region-wide total (below its organs' when planted)

Modules: ``names`` (places, organs), ``answers`` (true numbers, identities, violations),
``phrasebook``/``filler`` (our sentence templates), ``narrative`` (number sentences and
traps), ``labels``/``tables``/``layouts`` (standard tables and their printed forms),
``metadata`` (title, page fields, signature, dates), ``sections`` (era bodies), ``noise``
(page pollution), ``families`` (families of real reports a document may carry: portal
menus, inline spam, letter headings, a town's contact office, region-wide and channel figures,
a tax branch) and ``mirror`` (a page in traditional characters with pinyin glosses),
``writers``/``binary_writers`` (formats), ``corpus`` (the API),
``corpus_output`` (writing a corpus to a folder or S3); for histories ``gov_sites`` (real
divisions that can be told apart, their hosts), ``real_organs`` (organs and their name forms)
and ``histories`` (years, carried-over numbers, planted faults).
"""

from xxgk.generate.corpus import ERAS, FORMATS, GeneratedReport, generate_report, generate_reports
from xxgk.generate.corpus_output import write_corpus, write_histories
from xxgk.generate.histories import generate_histories, parse_years

__all__ = ["ERAS", "FORMATS", "GeneratedReport", "generate_histories", "generate_report",
           "generate_reports", "parse_years", "write_corpus", "write_histories"]
