"""Exit codes of the ``xxgk`` command, for schedulers and scripts (documented in the README
and docs/reliability.md). Above 2 they follow BSD sysexits: 66 EX_NOINPUT, 69 EX_UNAVAILABLE,
75 EX_TEMPFAIL (try again later), 77 EX_NOPERM, 78 EX_CONFIG; 76 is ours. The one-line
messages that go with them are made in ``expected_errors``."""

OK = 0  # done (a release published, or nothing new to publish)
FAILED = 1  # an error; the message (or traceback) says which
USAGE = 2  # a bad command line (argparse's own code)
NO_INPUT = 66  # the source, the ingested run or the published release does not exist
UNAVAILABLE = 69  # the object store cannot be reached: nothing was changed, run again later
LAKE_BUSY = 75  # another live run holds the lake: nothing was changed (also: unlock refused,
#                 and a publish another publish overtook: nothing became current, run again)
LEASE_LOST = 76  # this run's lease was taken over while it ran: it stopped before publishing
NO_PERMISSION = 77  # the object store has no credentials or refuses them
CONFIG = 78  # a sources file that cannot be used, a bucket that does not exist
