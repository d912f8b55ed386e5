"""The embeddable emulator: demo data + faults behind a local HTTP endpoint."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any

from engage_tui.emulator.contacts_api import ContactsApi
from engage_tui.emulator.data import DemoData
from engage_tui.emulator.faults import Faults
from engage_tui.emulator.incidents_api import IncidentsApi
from engage_tui.emulator.oracle import Oracle
from engage_tui.emulator.server import Backend, RequestHook, _Server, serve
from engage_tui.emulator.tokens import TokenSigner


@dataclass(frozen=True)
class EmulatorConfig:
    """Dataset size and shape. `anchor` is "now" for the demo (default: wall clock at build)."""

    engagements: int = 500
    incidents: int = 40
    seed: int = 7
    latency_ms: int = 0
    hostile: bool = False
    port: int = 0
    anchor: datetime | None = None
    faults: Faults = field(default_factory=Faults)


class Emulator:
    """A local SSM Contacts + SSM Incidents endpoint on 127.0.0.1. Also a context manager."""

    def __init__(
        self, config: EmulatorConfig | None = None, on_request: RequestHook | None = None
    ) -> None:
        self.config = config or EmulatorConfig()
        anchor = self.config.anchor
        anchor_s = int(anchor.timestamp()) if anchor is not None else int(time.time())
        rows = DemoData(
            self.config.engagements,
            self.config.incidents,
            self.config.seed,
            anchor_s,
            self.config.hostile,
        )
        self.data = Oracle(rows)
        self.faults = self.config.faults
        if self.config.latency_ms:
            self.faults.latency_ms = self.config.latency_ms
        signer = TokenSigner()
        self._backend = Backend(
            ContactsApi(rows, signer), IncidentsApi(rows, signer), self.faults, on_request
        )
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("emulator not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[tuple[str, dict[str, Any]]]:
        """A snapshot of (operation, params) for every authenticated request received."""
        with self._backend.lock:
            return list(self._backend.requests)

    def clear_requests(self) -> None:
        with self._backend.lock:
            self._backend.requests.clear()

    def start(self) -> str:
        """Begin serving; returns the endpoint URL, e.g. "http://127.0.0.1:50123"."""
        if self._server is None:
            self._server, self._thread = serve(self.config.port, self._backend)
        return self.url

    def stop(self) -> None:
        """Stop serving and close kept-alive connections; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
