"""Legacy Word (.doc, OLE2) to text through an external converter: antiword, else catdoc.

No maintained pure-Python reader exists for the binary Word format, and many older reports
(2008–2015) were published as .doc. The converter runs in a subprocess with a timeout, on a
temporary copy of the bytes; when neither tool is installed the document is reported as
``unsupported_format`` with the package to install, rather than guessed at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from xxgk.decode import limits
from xxgk.model import DocumentError

# (executable, arguments before the file name). antiword: UTF-8 output, no line wrapping.
# catdoc: UTF-8 output, no line wrapping.
CONVERTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("antiword", ("-m", "UTF-8.txt", "-w", "0")),
    ("catdoc", ("-d", "utf-8", "-w")),
)
MISSING_TOOL_MESSAGE = (
    "legacy .doc needs antiword or catdoc on PATH, and neither is installed: install antiword "
    "(Debian/Ubuntu: apt-get install antiword; macOS: brew install antiword), then parse it "
    "again with `xxgk run --reparse` or `xxgk backfill`")


@dataclass(frozen=True, slots=True)
class DocText:
    text: str
    converter: str


def _converter_environment() -> dict[str, str]:
    # Only what the tools need: PATH to find helpers, HOME for antiword's mapping files,
    # a UTF-8 locale so that catdoc writes UTF-8.
    environment = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    for name in ("PATH", "HOME", "ANTIWORDHOME"):
        if name in os.environ:
            environment[name] = os.environ[name]
    return environment


def find_converter() -> tuple[str, tuple[str, ...]] | None:
    """The first converter found on PATH, as (absolute path, arguments), or None."""
    for name, arguments in CONVERTERS:
        path = shutil.which(name)
        if path:
            return path, arguments
    return None


def doc_to_text(
    data: bytes, *, timeout_seconds: float = limits.LEGACY_DOC_TIMEOUT_SECONDS
) -> DocText:
    """Text of a legacy .doc file via antiword/catdoc; DocumentError when that is impossible."""
    converter = find_converter()
    if converter is None:
        raise DocumentError("unsupported_format", MISSING_TOOL_MESSAGE)
    executable, arguments = converter
    name = os.path.basename(executable)
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as folder:
        path = os.path.join(folder, "document.doc")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            result = subprocess.run(
                [executable, *arguments, path],
                capture_output=True,
                timeout=timeout_seconds,
                check=False,
                env=_converter_environment(),
            )
        except subprocess.TimeoutExpired:
            reason = f"{name} took longer than {timeout_seconds:g} s"
            raise DocumentError("parse_failed", reason) from None
        except OSError as exc:
            raise DocumentError("parse_failed", f"{name} could not run: {exc}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", errors="replace").strip()[-300:]
        raise DocumentError("parse_failed", f"{name} failed (exit {result.returncode}): {detail}")
    return DocText(result.stdout.decode("utf-8", errors="replace"), name)
