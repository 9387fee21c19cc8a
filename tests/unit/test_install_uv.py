"""scripts/install_uv.py, which puts a pinned uv into .tools/ with python3's standard library:
the wheel it picks for each machine, the index page it reads, and that it installs a wheel
whose sha256 is the pinned one and refuses any other, leaving nothing behind. The downloads
go to a local HTTP server on 127.0.0.1 serving wheels made here: no network."""

from __future__ import annotations

import hashlib
import importlib.util
import socketserver
import subprocess
import sys
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install_uv.py"
_spec = importlib.util.spec_from_file_location("install_uv", SCRIPT)
assert _spec is not None and _spec.loader is not None
install_uv = importlib.util.module_from_spec(_spec)
sys.modules["install_uv"] = install_uv  # dataclasses look their module up by name
_spec.loader.exec_module(install_uv)

Machine, Wheel, InstallError = install_uv.Machine, install_uv.Wheel, install_uv.InstallError
VERSION = install_uv.VERSION


@pytest.mark.parametrize(("machine", "tag"), [
    (Machine("Linux", "x86_64", "glibc", (2, 36)), "manylinux_2_17_x86_64"),  # Debian 12
    (Machine("Linux", "x86_64", "glibc", (2, 39)), "manylinux_2_17_x86_64"),  # Ubuntu 24.04
    (Machine("Linux", "x86_64", "musl", ()), "musllinux_1_1_x86_64"),  # Alpine
    (Machine("Linux", "aarch64", "glibc", (2, 36)), "manylinux_2_17_aarch64"),
    (Machine("Linux", "aarch64", "musl", ()), "musllinux_1_1_aarch64"),
    (Machine("Darwin", "arm64", "", (14, 5)), "macosx_11_0_arm64"),
    (Machine("Darwin", "x86_64", "", (12, 7)), "macosx_10_12_x86_64"),
])
def test_each_machine_gets_the_wheel_built_for_it(machine, tag):
    wheel = install_uv.choose_wheel(machine)
    assert tag in install_uv.platform_tags(wheel.filename)
    assert wheel.filename.startswith(f"uv-{VERSION}-py3-none-")


@pytest.mark.parametrize("machine", [
    Machine("Linux", "x86_64", "glibc", (2, 12)),  # older than manylinux2014
    Machine("Linux", "riscv64", "glibc", (2, 36)),  # no wheel pinned
    Machine("Darwin", "x86_64", "", (10, 9)),  # older than macOS 10.12
    Machine("Windows", "AMD64", "", ()),
])
def test_a_machine_without_a_pinned_wheel_is_told_so(machine):
    with pytest.raises(InstallError, match="install uv yourself"):
        install_uv.choose_wheel(machine)


def test_this_machine_has_a_wheel():
    wheel = install_uv.choose_wheel(install_uv.this_machine())
    assert wheel in install_uv.WHEELS


def test_every_pinned_hash_is_a_sha256():
    for wheel in install_uv.WHEELS:
        assert len(wheel.sha256) == 64 and int(wheel.sha256, 16) >= 0


def test_index_page_links_resolve_against_the_page():
    page = ('<html><body><a href="../../packages/ab/uv-0.1.whl#sha256=00">uv-0.1.whl</a>'
            '<a href="https://files.example/x/uv-0.2.whl#sha256=11">uv-0.2.whl</a></body></html>')
    base = "https://mirror.example/pypi/simple/uv/"
    assert install_uv.wheel_url(page, base, "uv-0.1.whl") == \
        "https://mirror.example/pypi/packages/ab/uv-0.1.whl"
    assert install_uv.wheel_url(page, base, "uv-0.2.whl") == "https://files.example/x/uv-0.2.whl"
    with pytest.raises(InstallError, match="not listed"):
        install_uv.wheel_url(page, base, "uv-0.3.whl")


def test_the_index_is_the_one_uv_will_use():
    assert install_uv.index_url({}) == "https://pypi.org/simple"
    assert install_uv.index_url({"PIP_INDEX_URL": "https://pip.example/simple/"}) == \
        "https://pip.example/simple"
    assert install_uv.index_url({"PIP_INDEX_URL": "https://pip.example/simple",
                                 "UV_DEFAULT_INDEX": "https://uv.example/simple"}) == \
        "https://uv.example/simple"


def _fake_wheel(folder: Path, filename: str) -> Wheel:
    """A wheel laid out like uv's whose `uv` is a shell script printing its version."""
    path = folder / filename
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"uv-{VERSION}.data/scripts/uv", f"#!/bin/sh\necho uv {VERSION}\n")
        archive.writestr(f"uv-{VERSION}.dist-info/METADATA", f"Name: uv\nVersion: {VERSION}\n")
    return Wheel(filename, hashlib.sha256(path.read_bytes()).hexdigest())


def test_a_local_wheel_with_the_pinned_hash_is_unpacked(tmp_path):
    wheel = _fake_wheel(tmp_path, f"uv-{VERSION}-py3-none-manylinux_2_17_x86_64.whl")
    binary = install_uv.unpack_uv(tmp_path / wheel.filename, wheel, tmp_path / "tools")
    assert binary == tmp_path / "tools" / "uv"
    assert subprocess.run([binary], capture_output=True, text=True,
                          check=True).stdout == f"uv {VERSION}\n"


def test_a_local_wheel_with_another_hash_is_refused(tmp_path):
    wheel = _fake_wheel(tmp_path, f"uv-{VERSION}-py3-none-manylinux_2_17_x86_64.whl")
    pinned = Wheel(wheel.filename, "0" * 64)
    with pytest.raises(InstallError, match="refusing"):
        install_uv.unpack_uv(tmp_path / wheel.filename, pinned, tmp_path / "tools")
    assert not (tmp_path / "tools" / "uv").exists()


class _LoopbackServer(ThreadingHTTPServer):
    def server_bind(self) -> None:
        # HTTPServer.server_bind looks its own name up in DNS (socket.getfqdn): seconds on a
        # machine without a resolver. The name is not needed.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


@pytest.fixture
def local_index(tmp_path, monkeypatch):
    """A simple index on 127.0.0.1 serving the folder `served` (index page at /simple/uv/)."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1")
    served = tmp_path / "served"
    (served / "simple" / "uv").mkdir(parents=True)
    (served / "files").mkdir()
    handler = partial(SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = _LoopbackServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/simple"
    server.shutdown()
    server.server_close()
    thread.join()


def _publish(served: Path, wheel_file: Path) -> None:
    link = f'<a href="../../files/{wheel_file.name}#sha256=x">{wheel_file.name}</a>'
    (served / "simple" / "uv" / "index.html").write_text(f"<html><body>{link}</body></html>")


def test_install_from_an_index_downloads_checks_and_unpacks(tmp_path, local_index):
    served, index = local_index
    wheel = _fake_wheel(served / "files", f"uv-{VERSION}-py3-none-manylinux_2_17_x86_64.whl")
    _publish(served, served / "files" / wheel.filename)
    tools = tmp_path / ".tools"
    binary = install_uv.install_from_index(index, wheel, tools)
    assert binary == tools / f"uv-{VERSION}" / "uv"
    assert install_uv.installed_uv(tools) == binary
    assert sorted(p.name for p in tools.iterdir()) == [f"uv-{VERSION}"]  # no download left


def test_install_from_an_index_refuses_a_wheel_that_is_not_the_pinned_one(tmp_path, local_index):
    served, index = local_index
    wheel = _fake_wheel(served / "files", f"uv-{VERSION}-py3-none-manylinux_2_17_x86_64.whl")
    _publish(served, served / "files" / wheel.filename)
    with zipfile.ZipFile(served / "files" / wheel.filename, "a") as archive:
        archive.writestr("extra.txt", "changed after pinning")  # same name, other bytes
    tools = tmp_path / ".tools"
    with pytest.raises(InstallError, match="refusing"):
        install_uv.install_from_index(index, wheel, tools)
    assert install_uv.installed_uv(tools) is None
    assert list(tools.iterdir()) == []


def test_an_installed_uv_is_reused_without_the_network(tmp_path, monkeypatch):
    binary = tmp_path / ".tools" / f"uv-{VERSION}" / "uv"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    monkeypatch.setenv("UV_DEFAULT_INDEX", "http://127.0.0.1:9/unreachable")
    assert install_uv.ensure_uv(tmp_path / ".tools") == binary

