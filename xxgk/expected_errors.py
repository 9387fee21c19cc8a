"""Conditions a command meets without any bug behind them, as one line and an exit code.

An operator or a scheduler meets these in ordinary work: the lake is busy, a source, run or
release does not exist, the object store is down or refuses the credentials, a bucket or a
sources file is wrong. Each is shown as one line on stderr that says what to do, with a
documented exit code (``exit_codes``); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from xxgk import exit_codes

# botocore error codes of a request the store refused for its credentials.
_REFUSED_CREDENTIALS = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
                        "403", "Forbidden", "ExpiredToken", "InvalidToken"}
_MISSING_BUCKET = {"NoSuchBucket"}


class MissingInput(FileNotFoundError):
    """A source, run or release the command needs does not exist."""


def explain(error: BaseException) -> tuple[int, str] | None:
    """(exit code, one line) for an expected condition; None for anything else (a bug)."""
    from xxgk.agency_lookup import NoRelease
    from xxgk.ingest.sources_file import SourcesFileError
    from xxgk.stages.lease import LakeBusy, LeaseLost
    from xxgk.stages.publish import PublishConflict

    if isinstance(error, LakeBusy):
        return exit_codes.LAKE_BUSY, str(error)
    if isinstance(error, LeaseLost):
        return exit_codes.LEASE_LOST, str(error)
    if isinstance(error, PublishConflict):
        return exit_codes.LAKE_BUSY, str(error)
    if isinstance(error, (MissingInput, NoRelease)):
        return exit_codes.NO_INPUT, str(error)
    if isinstance(error, SourcesFileError):
        return exit_codes.CONFIG, (f"sources file {error.path} cannot be used: "
                                   + "; ".join(error.problems))
    if type(error).__module__.startswith("botocore"):
        return _explain_store_error(error)
    return None


def _explain_store_error(error: BaseException) -> tuple[int, str] | None:
    from botocore.exceptions import (
        ClientError,
        ConnectionError,
        HTTPClientError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return exit_codes.NO_PERMISSION, (
            f"no S3 credentials ({error}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(or AWS_PROFILE) in the environment")
    if isinstance(error, (ConnectionError, HTTPClientError)):
        return exit_codes.UNAVAILABLE, (
            f"the object store cannot be reached ({error}): check that it is up and the "
            "endpoint (--s3-endpoint-url, XXGK_S3_ENDPOINT_URL), then run again")
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        bucket = error.response.get("Error", {}).get("BucketName")
        if code in _MISSING_BUCKET:
            named = f"bucket {bucket}" if bucket else "the bucket"
            return exit_codes.CONFIG, (f"{named} does not exist on this object store: create "
                                       "it, or fix --lake or the source")
        if code in _REFUSED_CREDENTIALS:
            return exit_codes.NO_PERMISSION, (
                f"the object store refused the request ({code}): check the credentials "
                "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE) and the bucket's "
                "policy")
    return None
