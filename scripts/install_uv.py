"""Put a pinned uv into the project's .tools/ folder without touching the system Python.

Stock Debian 12 and Ubuntu 24.04 mark their python3 "externally managed" (PEP 668): pip refuses
to install into it, and python3-venv (ensurepip) is often not installed either. uv is one
static binary shipped inside a wheel on PyPI, so this script, using the standard library only:

1. picks the wheel of the pinned version for this machine (operating system, processor, C
   library) from ``WHEELS``;
2. finds it on the package index's simple page (``UV_DEFAULT_INDEX``, ``UV_INDEX_URL`` or
   ``PIP_INDEX_URL`` when set, as `uv sync` will use the same index; else PyPI), downloads it
   and refuses it unless its sha256 is the pinned one;
3. unpacks only the ``uv`` binary to ``<tools>/uv-<version>/uv``.

When the download fails (a Python without usable CA certificates, a pip-only proxy setup) and
``python3 -m venv`` works, it falls back to a throwaway virtual environment in
``<tools>/uv-venv-<version>`` and lets that environment's pip install the same pinned wheel, hashes
required. Prints the path of the uv binary on stdout; messages go to stderr. A second call
with the binary in place does nothing but print its path.

Measured on the 2-core build machine (Debian 12, python3 3.11.2, from PyPI): the wheel path
takes 0.3-1 s (17 MB), the venv path 9 s (6.5 s of it ensurepip).
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

VERSION = "0.13.9"
DEFAULT_INDEX = "https://pypi.org/simple"
INDEX_VARIABLES = ("UV_DEFAULT_INDEX", "UV_INDEX_URL", "PIP_INDEX_URL")
TIMEOUT_SECONDS = 60
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Wheel:
    filename: str
    sha256: str


# The wheels of uv 0.13.9 for the machines this project runs on, with their sha256 as PyPI
# lists them. Order matters: the first wheel whose tags fit the machine is taken.
WHEELS = (
    Wheel("uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
          "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19"),
    Wheel("uv-0.13.9-py3-none-musllinux_1_1_x86_64.whl",
          "2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25"),
    Wheel("uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64"
          ".whl", "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe"),
    Wheel("uv-0.13.9-py3-none-macosx_11_0_arm64.whl",
          "66c512266d633bef48384a1f53003f41f2a8e7b36fe6e7fbfd3e0fd52d96fa63"),
    Wheel("uv-0.13.9-py3-none-macosx_10_12_x86_64.whl",
          "c16ed11e013557536b3e60065f1b912f6407bd6518e041b961e23ef9e6b4fbf5"),
)


class InstallError(Exception):
    """uv could not be put in place; the message says why and what to do."""


@dataclass(frozen=True)
class Machine:
    system: str  # "Linux", "Darwin"
    processor: str  # "x86_64", "aarch64", "arm64"
    libc: str  # "glibc", "musl" on Linux; "" elsewhere
    os_version: tuple[int, ...]  # the glibc version on Linux, the macOS version on macOS


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def this_machine() -> Machine:
    system, processor = platform.system(), platform.machine()
    if system == "Darwin":
        return Machine(system, processor, "", _version_tuple(platform.mac_ver()[0]))
    if system == "Linux":
        try:  # "glibc 2.36"; absent on musl (Alpine)
            glibc = os.confstr("CS_GNU_LIBC_VERSION") or ""
        except (ValueError, OSError):
            glibc = ""
        if glibc.startswith("glibc"):
            return Machine(system, processor, "glibc", _version_tuple(glibc))
        return Machine(system, processor, "musl", ())
    return Machine(system, processor, "", ())


_PROCESSOR_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}


def _same_processor(tag_arch: str, processor: str) -> bool:
    def canonical(name: str) -> str:
        return _PROCESSOR_ALIASES.get(name.lower(), name.lower())

    return canonical(tag_arch) == canonical(processor)


def tag_fits(tag: str, machine: Machine) -> bool:
    """Whether a wheel's platform tag (``manylinux_2_17_x86_64``, ``manylinux2014_aarch64``,
    ``musllinux_1_1_x86_64``, ``macosx_11_0_arm64``) runs on ``machine``."""
    legacy = re.fullmatch(r"manylinux2014_(\w+)", tag)
    if legacy:  # manylinux2014 is manylinux_2_17
        tag = f"manylinux_2_17_{legacy.group(1)}"
    match = re.fullmatch(r"(manylinux|musllinux|macosx)_(\d+)_(\d+)_(\w+)", tag)
    if not match:
        return False
    family, major, minor, arch = match.groups()
    needed = (int(major), int(minor))
    if not _same_processor(arch, machine.processor):
        return False
    if family == "manylinux":
        return (machine.system == "Linux" and machine.libc == "glibc"
                and machine.os_version[:2] >= needed)
    if family == "musllinux":  # every musl since 1.1 (2014)
        return machine.system == "Linux" and machine.libc == "musl"
    return machine.system == "Darwin" and machine.os_version[:2] >= needed


def platform_tags(filename: str) -> list[str]:
    """The platform tags of a wheel file name (the last of its dash-separated fields)."""
    return filename[:-len(".whl")].split("-")[-1].split(".")


def choose_wheel(machine: Machine, wheels: tuple[Wheel, ...] = WHEELS) -> Wheel:
    for wheel in wheels:
        if any(tag_fits(tag, machine) for tag in platform_tags(wheel.filename)):
            return wheel
    raise InstallError(
        f"no uv {VERSION} wheel is pinned for {machine.system} {machine.processor} "
        f"({machine.libc or 'no libc'} {'.'.join(map(str, machine.os_version)) or '?'}); "
        "install uv yourself (https://docs.astral.sh/uv/) and run this again")


class _Links(HTMLParser):
    """The anchors of a simple-index page (PEP 503): file name and href."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._text).strip(), self._href))
            self._href = None


def wheel_url(index_page: str, page_url: str, filename: str) -> str:
    """The download address of ``filename`` on a simple-index page (relative links resolved
    against the page's own address, the ``#sha256=`` fragment dropped)."""
    parser = _Links()
    parser.feed(index_page)
    for text, href in parser.links:
        target = urljoin(page_url, href).split("#", 1)[0]
        if text == filename or urlsplit(target).path.rsplit("/", 1)[-1] == filename:
            return target
    raise InstallError(f"{filename} is not listed on {page_url}")


def index_url(environment: dict[str, str] | os._Environ[str] = os.environ) -> str:
    for name in INDEX_VARIABLES:
        if environment.get(name):
            return environment[name].rstrip("/")
    return DEFAULT_INDEX


def _open(url: str):
    request = urllib.request.Request(url, headers={"Accept": "text/html",
                                                   "User-Agent": "xxgk-bootstrap"})
    return urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS)  # noqa: S310 (https or a local index)


def download(url: str, destination: Path) -> None:
    with _open(url) as response, open(destination, "wb") as handle:
        shutil.copyfileobj(response, handle, CHUNK_BYTES)


def unpack_uv(wheel_path: Path, wheel: Wheel, target_dir: Path) -> Path:
    """Check the wheel file against its pinned sha256 and unpack its ``uv`` binary into
    ``target_dir`` (written under a temporary name, then renamed: never half a binary)."""
    digest = hashlib.sha256(wheel_path.read_bytes()).hexdigest()
    if digest != wheel.sha256:
        raise InstallError(f"refusing {wheel_path.name}: its sha256 is {digest}, the pinned "
                           f"one is {wheel.sha256}")
    version = wheel.filename.split("-")[1]
    member = f"uv-{version}.data/scripts/uv"
    target_dir.mkdir(parents=True, exist_ok=True)
    binary = target_dir / "uv"
    with zipfile.ZipFile(wheel_path) as archive:
        if member not in archive.namelist():
            raise InstallError(f"{wheel_path.name} holds no {member}")
        with tempfile.NamedTemporaryFile(dir=target_dir, prefix=".uv-", delete=False) as out:
            with archive.open(member) as source:
                shutil.copyfileobj(source, out, CHUNK_BYTES)
    temporary = Path(out.name)
    temporary.chmod(temporary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
                    | stat.S_IRGRP | stat.S_IROTH)
    os.replace(temporary, binary)
    return binary


def install_from_index(index: str, wheel: Wheel, tools: Path) -> Path:
    page_url = f"{index}/uv/"
    with _open(page_url) as response:
        page = response.read().decode("utf-8", errors="replace")
    url = wheel_url(page, page_url, wheel.filename)
    tools.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tools, prefix=".download-") as folder:
        wheel_path = Path(folder) / wheel.filename
        download(url, wheel_path)
        return unpack_uv(wheel_path, wheel, tools / f"uv-{VERSION}")


def install_in_venv(tools: Path, python: str = sys.executable,
                    pip_options: tuple[str, ...] = ()) -> Path:
    """The fallback: a virtual environment of its own whose pip installs the pinned uv, every
    hash of ``WHEELS`` accepted and no other."""
    venv = tools / f"uv-venv-{VERSION}"
    shutil.rmtree(venv, ignore_errors=True)
    made = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    if made.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        raise InstallError("python3 -m venv does not work here (Debian/Ubuntu: the python3-venv "
                           "package is missing): " + made.stderr.strip()[-300:])
    requirements = venv / "uv-requirements.txt"
    requirements.write_text(f"uv=={VERSION} " + " ".join(f"--hash=sha256:{w.sha256}"
                                                         for w in WHEELS) + "\n")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check", "--only-binary", ":all:", "--require-hashes",
           *pip_options, "-r", str(requirements)]
    installed = subprocess.run(pip, capture_output=True, text=True)
    if installed.returncode != 0:
        errors = [line for line in installed.stderr.splitlines() if line.startswith("ERROR")]
        raise InstallError("pip could not install uv: "
                           + ("; ".join(errors) or installed.stderr.strip())[-500:])
    return venv / "bin" / "uv"


def installed_uv(tools: Path) -> Path | None:
    for candidate in (tools / f"uv-{VERSION}" / "uv", tools / f"uv-venv-{VERSION}" / "bin" / "uv"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def ensure_uv(tools: Path) -> Path:
    """The path of a pinned uv under ``tools``, installing it when it is not there yet."""
    found = installed_uv(tools)
    if found is not None:
        return found
    wheel = choose_wheel(this_machine())
    index = index_url()
    print(f"install_uv: downloading {wheel.filename} from {index}", file=sys.stderr)
    try:
        return install_from_index(index, wheel, tools)
    except (OSError, InstallError) as exc:  # URLError is an OSError
        print(f"install_uv: the download failed ({exc}); trying a virtual environment "
              "with pip instead", file=sys.stderr)
        first_failure = exc
    try:
        return install_in_venv(tools)
    except InstallError as exc:
        raise InstallError(f"{first_failure}; and {exc}") from None


def main(argv: list[str]) -> int:
    tools = Path(argv[1] if len(argv) > 1 else ".tools").resolve()
    try:
        print(ensure_uv(tools))
    except InstallError as exc:
        print(f"install_uv: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
