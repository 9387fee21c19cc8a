"""Quality: the checks on the counts, their Great Expectations suites, and per-report results."""
