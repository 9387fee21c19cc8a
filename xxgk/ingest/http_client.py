"""The httpx client the crawler uses: address checks inside the connection layer.

httpx resolves host names itself, after our URL-level check. To close the gap a DNS answer could
slip through (a name that resolves to a public address for the check and to 10.0.0.1 a moment
later), the connection pool gets a network backend that resolves the name once more, refuses
any non-public answer, and connects to the checked IP literal. TLS still verifies the original
host name: httpcore takes the server name for SNI and certificate checks from the request URL,
not from the address it connected to.

Proxies from the environment are ignored (``trust_env=False``): through a proxy the address we
connect to says nothing about the address the proxy fetches.
"""

from __future__ import annotations

import ssl
import typing

import certifi
import httpcore
import httpx

from xxgk.ingest.address_safety import AddressPolicy, Resolver, resolve_allowed, resolve_with_system
from xxgk.ingest.politeness import Politeness


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the policy allows, and only by the IP literal it checked."""

    def __init__(self, policy: AddressPolicy, inner: httpcore.AsyncNetworkBackend | None = None,
                 resolve: Resolver = resolve_with_system):
        self._policy = policy
        self._inner = inner or httpcore.AnyIOBackend()
        self._resolve = resolve

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable | None = None
                          ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve_allowed(host, port, self._policy, self._resolve)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout=timeout,
                                                     local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never used by the crawler")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with the connection pool built on a ``GuardedBackend``."""

    def __init__(self, policy: AddressPolicy, *, max_connections: int = 100,
                 resolve: Resolver = resolve_with_system):
        super().__init__(trust_env=False)
        # httpx has no public parameter for the network backend, so the pool it built is
        # replaced by an equivalent one; fail loudly if a new httpx stops having one.
        if not hasattr(self, "_pool"):
            raise RuntimeError("this httpx version has no _pool on AsyncHTTPTransport")
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy, resolve=resolve),
        )


def build_client(policy: AddressPolicy, politeness: Politeness, *,
                 resolve: Resolver = resolve_with_system) -> httpx.AsyncClient:
    """An async client that never follows redirects itself (the fetcher checks every hop)."""
    timeout = httpx.Timeout(connect=politeness.connect_timeout_seconds,
                            read=politeness.read_timeout_seconds,
                            write=politeness.read_timeout_seconds,
                            pool=politeness.total_timeout_seconds)
    return httpx.AsyncClient(transport=GuardedTransport(policy, resolve=resolve),
                             timeout=timeout, follow_redirects=False, trust_env=False,
                             headers={"User-Agent": politeness.user_agent,
                                      "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
