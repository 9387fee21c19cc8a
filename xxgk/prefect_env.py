"""Prefect defaults for running offline on a laptop or in CI (set before Prefect is imported).

Only defaults: anything the operator exported (PREFECT_API_URL for a real server, …) wins.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

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


@contextmanager
def prefect_api(while_starting: Callable[[], object] | None = None) -> Iterator[None]:
    """Use the configured Prefect server, or start one temporary server for this command.

    Prefect's ephemeral mode starts a server inside each process that needs one, so every worker
    of a process pool would start its own (about 8 s each). Starting it here and exporting its
    URL lets the workers inherit it. ``while_starting`` runs meanwhile (importing the flows):
    the server's start is mostly waiting for its process, seconds this one can use.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():  # a real server, or a test harness's
        if while_starting is not None:
            while_starting()
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    timeout = int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])
    failed: list[BaseException] = []

    def start() -> None:
        try:
            server.start(timeout=timeout)
        except BaseException as exc:  # re-raised below, in this thread
            failed.append(exc)

    starter = threading.Thread(target=start, name="prefect-server-start", daemon=True)
    starter.start()
    try:
        if while_starting is not None:
            while_starting()
    finally:
        starter.join()
    if failed:
        raise failed[0]
    # This process reads settings once at import; child processes read the environment.
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        # Send the last log lines and events while the server still listens.
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
        EventsWorker.drain_all(timeout=10)
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()
