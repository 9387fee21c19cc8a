"""Address safety: only public addresses (unless a source allows more), checked at connect."""

import asyncio

import httpcore
import pytest

from xxgk.ingest.address_safety import (
    AddressPolicy,
    AddressRefused,
    check_url_allowed,
    check_url_shape,
    is_address_allowed,
    resolve_allowed,
)
from xxgk.ingest.http_client import GuardedBackend

DEFAULT = AddressPolicy()


@pytest.mark.parametrize("address, allowed", [
    ("8.8.8.8", True), ("2001:4860:4860::8888", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("224.0.0.1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:8.8.8.8", True),
])
def test_default_policy_allows_only_public_addresses(address, allowed):
    assert is_address_allowed(address, DEFAULT) is allowed


def test_allow_networks_opens_only_the_listed_range():
    policy = AddressPolicy(allow_networks=("127.0.0.1/32",))
    assert is_address_allowed("127.0.0.1", policy)
    assert not is_address_allowed("127.0.0.2", policy)
    assert not is_address_allowed("10.0.0.1", policy)
    assert not is_address_allowed("169.254.169.254", policy)


def test_allow_private_opens_private_loopback_and_link_local_but_not_multicast():
    policy = AddressPolicy(allow_private=True)
    for address in ("10.0.0.1", "127.0.0.1", "169.254.169.254", "::1"):
        assert is_address_allowed(address, policy)
    assert not is_address_allowed("224.0.0.1", policy)


@pytest.mark.parametrize("url, kind", [
    ("file:///etc/passwd", "refused_scheme"), ("ftp://x.gov.cn/a", "refused_scheme"),
    ("gopher://x/", "refused_scheme"), ("http:///nohost", "refused_url"),
    ("http://x.gov.cn:99999/", "refused_url"),
])
def test_only_http_urls_with_a_host_pass(url, kind):
    with pytest.raises(AddressRefused) as info:
        check_url_shape(url)
    assert info.value.kind == kind


def test_url_shape_gives_default_ports():
    assert check_url_shape("https://WWW.Example.gov.cn/x") == ("https", "www.example.gov.cn", 443)
    assert check_url_shape("http://a.gov.cn:8080/") == ("http", "a.gov.cn", 8080)


def _resolver(answers):
    async def resolve(host, port):
        if host not in answers:
            raise OSError("no such host")
        return answers[host]
    return resolve


def test_a_name_with_any_private_answer_is_refused():
    resolve = _resolver({"ok.gov.cn": ["8.8.4.4"], "mixed.gov.cn": ["8.8.4.4", "10.1.2.3"],
                         "rebind.example": ["192.168.0.10"]})
    assert asyncio.run(check_url_allowed("http://OK.gov.cn/a", DEFAULT, resolve)) == "ok.gov.cn"
    for url in ("http://mixed.gov.cn/", "https://rebind.example/x"):
        with pytest.raises(AddressRefused) as info:
            asyncio.run(check_url_allowed(url, DEFAULT, resolve))
        assert info.value.kind == "refused_address"
    with pytest.raises(AddressRefused) as info:
        asyncio.run(check_url_allowed("http://nowhere.gov.cn/", DEFAULT, resolve))
    assert info.value.kind == "dns_error"


def test_ip_literals_are_judged_without_dns():
    async def never(host, port):
        raise AssertionError("DNS must not be asked about an IP literal")
    with pytest.raises(AddressRefused):
        asyncio.run(resolve_allowed("169.254.169.254", 80, DEFAULT, never))
    assert asyncio.run(resolve_allowed("[2001:4860::1]", 80, DEFAULT, never)) == ["2001:4860::1"]


class _RecordingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self):
        self.dialled = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None,
                          socket_options=None):
        self.dialled.append((host, port))
        raise httpcore.ConnectError("test backend never connects")


def test_connection_layer_dials_the_checked_ip_and_refuses_private_answers():
    inner = _RecordingBackend()
    answers = {"public.gov.cn": ["8.8.4.4"], "sneaky.gov.cn": ["10.9.9.9"]}
    backend = GuardedBackend(DEFAULT, inner=inner, resolve=_resolver(answers))
    with pytest.raises(httpcore.ConnectError):
        asyncio.run(backend.connect_tcp("public.gov.cn", 443))
    assert inner.dialled == [("8.8.4.4", 443)]  # the literal that was checked, not the name
    with pytest.raises(AddressRefused):
        asyncio.run(backend.connect_tcp("sneaky.gov.cn", 80))
    assert inner.dialled == [("8.8.4.4", 443)]  # refused before any connection


@pytest.mark.parametrize("host", ["0177.0.0.1", "0x7f.1", "2130706433", "127.1", "0x7f000001",
                                  "0251.0376.0251.0376", "[::ffff:127.0.0.1]", "012.0.0.1"])
def test_every_ip_notation_is_read_and_refused_before_any_lookup(host):
    async def never(host, port):
        raise AssertionError("DNS must not be asked about an IP literal")
    with pytest.raises(AddressRefused) as refused:
        asyncio.run(check_url_allowed(f"http://{host}/nb.html", DEFAULT, never))
    assert refused.value.kind == "refused_address"


def test_a_public_address_in_another_notation_is_the_same_address():
    async def never(host, port):
        raise AssertionError("DNS must not be asked about an IP literal")
    assert asyncio.run(resolve_allowed("0x08080808", 80, DEFAULT, never)) == ["8.8.8.8"]


def test_a_numeric_host_no_notation_reads_is_refused_as_a_url():
    with pytest.raises(AddressRefused) as refused:
        asyncio.run(check_url_allowed("http://0x/nb.html", DEFAULT))
    assert refused.value.kind == "refused_url"
