from __future__ import annotations

from prefect import flow

from tasks.validate import validate_run_task
from xxgk.settings import Settings
from xxgk.stages.validate import ValidateResult


@flow(name="xxgk-validate")
def validate_flow(settings: Settings) -> ValidateResult:
    return validate_run_task(settings)
