"""The deployment entry point: plain, type-validated parameters instead of a Settings object.

Prefect validates the parameters against these annotations before a run starts; everything not
given comes from the worker's environment (XXGK_* variables), like on the command line.
"""

from __future__ import annotations

from typing import Literal

from prefect import flow
from pydantic import Field
from typing_extensions import Annotated

from flows.pipeline import pipeline_flow
from xxgk.run_summary import RunSummary
from xxgk.settings import Settings


@flow(name="xxgk-scheduled-pipeline", retries=2, retry_delay_seconds=600,
      validate_parameters=True)
def scheduled_pipeline_flow(
    source: str,
    lake: str | None = None,
    batch_size: Annotated[int, Field(ge=1, le=100_000)] | None = None,
    runner: Literal["threads", "processes", "dask"] | None = None,
    dask_address: str | None = None,
    reparse: bool = False,
) -> RunSummary:
    settings = Settings.from_env(lake=lake, batch_size=batch_size, runner=runner,
                                 dask_address=dask_address)
    return pipeline_flow(settings, source, reparse=reparse)
