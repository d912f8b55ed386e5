"""An overall deadline for one botocore call, however slowly the server answers.

botocore's read timeout bounds each socket read, so a server that sends headers and then one
byte a second never trips it. Here each call runs under a `Deadline`: a timer that, when it
fires, shuts down the socket the call is reading from (the blocked read returns at once) and
refuses any retry. The timer is cancelled when the call ends, so no thread outlives its call.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Any

from botocore.awsrequest import (
    AWSHTTPConnection,
    AWSHTTPConnectionPool,
    AWSHTTPSConnection,
    AWSHTTPSConnectionPool,
)

# The deadline of the call running on this thread: botocore sends on the caller's thread.
_running = threading.local()


class DeadlineExceeded(Exception):
    """Raised instead of sending a retry once the call's deadline has passed."""


class Deadline:
    """Context manager: the calls made on this thread inside it end within `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        _running.deadline = self
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._timer.cancel()
        _running.deadline = None
        with self._lock:
            self._connections.clear()

    def watch(self, connection: Any) -> None:
        """`connection` is about to carry this call's request."""
        connection.engage_deadline = self
        with self._lock:
            if not self.expired:
                self._connections.append(connection)
                return
        _shut(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            connections, self._connections = self._connections, []
        for connection in connections:
            # A connection handed back to the pool may carry another call's request by now.
            if getattr(connection, "engage_deadline", None) is self:
                _shut(connection)


def _shut(connection: Any) -> None:
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            # The plain socket's shutdown, also under TLS: it only wakes the blocked reader.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watch(connection: Any) -> None:
    deadline = getattr(_running, "deadline", None)
    if deadline is not None:
        deadline.watch(connection)


class _WatchedHTTPConnection(AWSHTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> Any:
        _watch(self)
        return super().request(*args, **kwargs)


class _WatchedHTTPSConnection(AWSHTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> Any:
        _watch(self)
        return super().request(*args, **kwargs)


class _WatchedHTTPPool(AWSHTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(AWSHTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _refuse_after_deadline(**_: Any) -> None:
    deadline = getattr(_running, "deadline", None)
    if deadline is not None and deadline.expired:
        raise DeadlineExceeded


def install(client: Any) -> None:
    """Make `client`'s connections answer to the running call's deadline.

    botocore has no hook for this: its HTTP session keeps the pool classes it builds connections
    with in a dict of its own (per client, so this touches no other client). Should a botocore
    release move that dict, calls still end (read timeouts, no retry past the deadline) and the
    dripping-response tests say so.
    """
    client.meta.events.register("before-send", _refuse_after_deadline)
    pools = getattr(
        getattr(client._endpoint, "http_session", None), "_pool_classes_by_scheme", None
    )
    if isinstance(pools, dict):
        pools.update(http=_WatchedHTTPPool, https=_WatchedHTTPSPool)
