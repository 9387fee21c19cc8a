"""Prefect defaults for running offline on a laptop or in CI (set before Prefect is imported).

Only defaults: anything the operator exported (PREFECT_API_URL for a real server, …) wins.
"""

from __future__ import annotations

import os

DEFAULTS = {
    # The ephemeral server takes 5-10 s to start on a small machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    # No network here: telemetry and the UI's assets only produce errors.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def apply_prefect_defaults() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
