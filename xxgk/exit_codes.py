"""Exit codes of the ``xxgk`` command, for schedulers and scripts (documented in the README
and docs/reliability.md). 75 is sysexits' EX_TEMPFAIL: try again later."""

OK = 0  # done (a release published, or nothing new to publish)
FAILED = 1  # an error; the message (or traceback) says which
USAGE = 2  # a bad command line (argparse's own code)
LAKE_BUSY = 75  # another live run holds the lake: nothing was changed (also: unlock refused)
LEASE_LOST = 76  # this run's lease was taken over while it ran: it stopped before publishing
