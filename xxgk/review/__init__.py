"""The reviewer's workflow: the review site, the queue and the reviewers' verdicts.

- ``verdicts``: the append-only table of decisions in the lake, and the latest one per check;
- ``queue``: the flagged checks of the current release that still wait for a decision;
- ``workflow``: what ``xxgk review`` does on a lake (list, decide, export);
- ``gold_export``: reports a reviewer found misread, written in the gold format;
- ``cells`` and ``snippets``: which cells a check involves, and each cell's source in context;
- ``site`` builds the static review site from ``site_lists`` (index, lists, search) and
  ``site_report`` (one page per flagged report), escaped by ``html_text``, with ``assets/``
  (the stylesheet and the search script).
"""
