"""The media type an object is served with, from its file name.

An object store serves an object with the Content-Type it was written with, and S3 writes
``binary/octet-stream`` when none is given: a browser then downloads an HTML page instead of
showing it and refuses a stylesheet outright. The table is ours, not the host's
``/etc/mime.types``, so the same file gets the same type on every machine.
"""

from __future__ import annotations

from pathlib import PurePosixPath

DEFAULT_MEDIA_TYPE = "application/octet-stream"

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",  # source maps of minified scripts
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".parquet": "application/vnd.apache.parquet",
}


def media_type_for(name: str) -> str:
    """The Content-Type for a file or key name (``application/octet-stream`` if unknown)."""
    return MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), DEFAULT_MEDIA_TYPE)
