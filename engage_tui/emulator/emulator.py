"""The embeddable emulator: demo data + faults behind a local HTTP endpoint."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any

from engage_tui.emulator.clock import Clock, ManualClock, wall_clock
from engage_tui.emulator.contacts_api import ContactsApi
from engage_tui.emulator.faults import Faults
from engage_tui.emulator.generated import Generated
from engage_tui.emulator.incidents_api import IncidentsApi
from engage_tui.emulator.oracle import Oracle
from engage_tui.emulator.server import Backend, RecordHook, RequestHook, _Server, serve
from engage_tui.emulator.tokens import TokenSigner
from engage_tui.emulator.world import Plan, World


@dataclass(frozen=True)
class EmulatorConfig:
    """Dataset size and shape, and how time passes.

    `anchor` is the demo's "now" at build (default: the clock's time, else the wall clock).
    `arrive_every` > 0 adds a new engagement at the head every that many seconds after the
    anchor. `story` serves the scripted on-call story instead of generated rows (then
    `engagements`/`incidents` size its background history). `clock` decides what "now" is
    while serving: by default the wall clock for live data (arrivals or the story), and a
    clock frozen at the anchor otherwise, so a plain dataset never changes under a test.
    """

    engagements: int = 500
    incidents: int = 40
    seed: int = 7
    latency_ms: int = 0
    hostile: bool = False
    port: int = 0
    anchor: datetime | None = None
    faults: Faults = field(default_factory=Faults)
    arrive_every: float = 0.0
    story: bool = False
    clock: Clock | None = None

    @property
    def live(self) -> bool:
        return self.arrive_every > 0 or self.story


def build_plan(config: EmulatorConfig, anchor: int) -> Plan:
    """The generated rows, or the story (imported only when asked for)."""
    if config.story:
        from engage_tui.emulator.story import Story

        return Story(config.seed, anchor, config.engagements, config.incidents)
    return Generated(
        config.seed,
        anchor,
        config.engagements,
        config.incidents,
        arrive_every=config.arrive_every,
    )


class Emulator:
    """A local SSM Contacts + SSM Incidents endpoint on 127.0.0.1. Also a context manager."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        on_request: RequestHook | None = None,
        on_record: RecordHook | None = None,
    ) -> None:
        self.config = config = config or EmulatorConfig()
        if config.anchor is not None:
            anchor = int(config.anchor.timestamp())
        else:
            anchor = int(config.clock() if config.clock is not None else time.time())
        if config.clock is not None:
            self.clock: Clock = config.clock
        else:
            self.clock = wall_clock if config.live else ManualClock(anchor)
        self.world = World(build_plan(config, anchor))
        self.faults = config.faults
        if config.latency_ms:
            self.faults.latency_ms = config.latency_ms
        if config.hostile:
            self.faults.hostile = True
        self.data = Oracle(self.world, self.clock, self.faults)
        signer = TokenSigner()
        self._backend = Backend(
            self.world,
            self.clock,
            ContactsApi(self.world, signer),
            IncidentsApi(signer),
            self.faults,
            on_request,
            on_record,
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

    @property
    def request_regions(self) -> list[tuple[str, str]]:
        """(operation, region) of every authenticated request: the region its SigV4 signature
        names, as a real endpoint would check it ("" if unreadable)."""
        with self._backend.lock:
            return list(self._backend.regions)

    def forget_tokens(self) -> None:
        """As if the service restarted: every NextToken handed out so far is rejected."""
        signer = TokenSigner()
        self._backend.contacts.signer = signer
        self._backend.incidents.signer = signer

    def clear_requests(self) -> None:
        with self._backend.lock:
            self._backend.requests.clear()
            self._backend.regions.clear()

    def start(self) -> str:
        """Begin serving; returns the endpoint URL, e.g. "http://127.0.0.1:50123"."""
        if self._server is None:
            self._backend.stopping.clear()
            self._server, self._thread = serve(self.config.port, self._backend)
        return self.url

    def stop(self) -> None:
        """Stop serving and close kept-alive connections; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        self._backend.stopping.set()
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
