"""Which URLs and IP addresses the crawler may contact.

A sources file is written by people, and the pages we crawl are written by strangers: a link or a
redirect can point at ``http://169.254.169.254/`` (cloud metadata), ``http://10.0.0.1/`` (the
office router) or a name whose DNS answer is private. Only http/https are allowed, and every
address a host name resolves to must be public unless the source says ``allow_private: true``
or lists the private networks it may reach in ``allow_networks``.

The check runs twice: on the URL before a request is queued (a clear error row), and again in
the connection layer on the very address we connect to (``xxgk.ingest.http_client``), so a DNS
answer that changes between the two (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressRefused(Exception):
    """A URL or address we must not contact; ``kind`` goes to the fetch log's error column."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False  # private, loopback and link-local all allowed
    allow_networks: tuple[str, ...] = ()  # e.g. ("127.0.0.1/32",): only these non-public ones

    def networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(n, strict=False) for n in self.allow_networks)


def is_address_allowed(address: str | IPAddress, policy: AddressPolicy) -> bool:
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    # "::ffff:10.0.0.1" is 10.0.0.1 in IPv6 clothing; judge the IPv4 address inside.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_multicast or ip.is_unspecified:
        return False
    if any(ip in net for net in policy.networks()):
        return True
    if ip.is_global:
        return True
    return policy.allow_private and (ip.is_private or ip.is_loopback or ip.is_link_local)


def check_url_shape(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or AddressRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused("refused_url", f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise AddressRefused("refused_scheme", f"scheme {scheme or '(none)'!r} is not http/https")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise AddressRefused("refused_url", f"no host in URL {url!r}")
    return scheme, host, port or (443 if scheme == "https" else 80)


# A host made only of digits, dots and hex letters after 0x: an IPv4 address in one of the
# notations the C library accepts (0177.0.0.1, 0x7f.1, 2130706433, 127.1), never a name.
_NUMERIC_HOST = re.compile(r"(?:0[xX][0-9a-fA-F]*|\d+)(?:\.(?:0[xX][0-9a-fA-F]*|\d+)){0,3}\.?")


def ip_literal(host: str) -> IPAddress | None:
    """The address a host written as an IP literal stands for, in any notation (dotted,
    octal, hex, one 32-bit number, fewer than four parts, IPv6 in brackets, IPv4-mapped IPv6);
    None for a host name. A numeric host no notation reads is refused outright."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if not _NUMERIC_HOST.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except OSError:
        raise AddressRefused("refused_url", f"host {host!r} is no address in any notation "
                             "and no name") from None


async def resolve_with_system(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def resolve_allowed(host: str, port: int, policy: AddressPolicy,
                          resolve: Resolver = resolve_with_system) -> list[str]:
    """The host's addresses, all of them allowed; AddressRefused if any is not.

    Refusing when any answer is private (not only the first) matters because the connection
    layer may try the answers in any order.
    """
    literal = ip_literal(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = await resolve(host, port)
        except OSError as exc:
            raise AddressRefused("dns_error", f"cannot resolve {host!r}: {exc}") from None
        if not addresses:
            raise AddressRefused("dns_error", f"no address for {host!r}")
    refused = [a for a in addresses if not is_address_allowed(a, policy)]
    if refused:
        raise AddressRefused("refused_address", f"{host!r} resolves to non-public address "
                             f"{', '.join(refused)} (set allow_private or allow_networks on "
                             f"the source to permit it)")
    return addresses


async def check_url_allowed(url: str, policy: AddressPolicy,
                            resolve: Resolver = resolve_with_system) -> str:
    """The URL's host name once its scheme and every address it resolves to are allowed."""
    _scheme, host, port = check_url_shape(url)
    await resolve_allowed(host, port, policy, resolve)
    return host.lower()
