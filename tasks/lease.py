"""Tasks that take and give back the lake's run lease (one pipeline run per lake), and the
Prefect lookup that tells the lease whether a holder's flow run is over."""

from __future__ import annotations

from uuid import UUID

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk.settings import Settings
from xxgk.stages.lease import acquire, release
from xxgk.storage import open_lake

API_TIMEOUT_SECONDS = 5


def flow_run_state(flow_run_id: str) -> str | None:
    """The state type of a flow run ("RUNNING", "CRASHED", …) on the configured Prefect API;
    None when there is no API, no such run, or no answer within a few seconds."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        return None
    try:
        with get_client(sync_client=True,
                        httpx_settings={"timeout": API_TIMEOUT_SECONDS}) as client:
            run = client.read_flow_run(UUID(flow_run_id))
    except Exception:  # unreachable, unknown id (another server), malformed id: no evidence
        return None
    return run.state.type.value if run.state is not None else None


@task(name="acquire-lake-lease", cache_policy=NO_CACHE)
def acquire_lease_task(settings: Settings) -> None:
    from prefect.runtime import flow_run

    lease = acquire(open_lake(settings), settings.run_id,
                    ttl_seconds=settings.lease_ttl_seconds,
                    clock_skew_seconds=settings.lease_clock_skew_seconds,
                    flow_run_state=flow_run_state, flow_run_id=flow_run.id,
                    root_flow_run_id=flow_run.root_flow_run_id)
    lease.keep_alive()
    line = lease.report_takeover()
    if line is not None:
        get_run_logger().warning("%s", line)


@task(name="release-lake-lease", cache_policy=NO_CACHE)
def release_lease_task(settings: Settings) -> None:
    release(open_lake(settings), settings.run_id)
