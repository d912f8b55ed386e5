"""The HTTP side: AWS JSON 1.1 (SSM Contacts) and REST-JSON (SSM Incidents) on 127.0.0.1.

Requests are logged as (operation, params); headers are never logged or stored.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from engage_tui.emulator import errors
from engage_tui.emulator.clock import Clock
from engage_tui.emulator.contacts_api import ContactsApi, unknown_operation
from engage_tui.emulator.faults import Action, Decision, Faults
from engage_tui.emulator.incidents_api import IncidentsApi
from engage_tui.emulator.paging import Call
from engage_tui.emulator.validation import service_model, summary, validate
from engage_tui.emulator.view import View
from engage_tui.emulator.wire import is_listing, naive_times, printable, signed_region
from engage_tui.emulator.world import World

CONTACTS, INCIDENTS = "ssm-contacts", "ssm-incidents"
_TARGET_PREFIX = "SSMContacts."
_REST_ROUTES = {
    ("POST", "/listIncidentRecords"): "ListIncidentRecords",
    ("GET", "/getIncidentRecord"): "GetIncidentRecord",
    ("POST", "/listTimelineEvents"): "ListTimelineEvents",
    ("POST", "/listRelatedItems"): "ListRelatedItems",
}
RequestHook = Callable[[str, int, float], None]
RecordHook = Callable[[str, dict[str, Any]], None]
# A held request gives up waiting after this long, so a test that forgot its gate still ends.
HOLD_LIMIT_S = 60.0


class Backend:
    """Routes one parsed request through auth, faults, validation and the operation."""

    def __init__(
        self,
        world: World,
        clock: Clock,
        contacts: ContactsApi,
        incidents: IncidentsApi,
        faults: Faults,
        on_request: RequestHook | None = None,
        on_record: RecordHook | None = None,
    ) -> None:
        self.world = world
        self.clock = clock
        self.contacts = contacts
        self.incidents = incidents
        self.faults = faults
        self.on_request = on_request
        self.on_record = on_record
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.regions: list[tuple[str, str]] = []
        """(operation, region signed for) of every authenticated request, in order."""
        self.lock = threading.Lock()
        self.counter = 0
        # Set on stop, so a dripping response gives up at once instead of a byte a second.
        self.stopping = threading.Event()

    def record(self, operation: str, params: dict[str, Any], region: str = "") -> None:
        with self.lock:
            self.requests.append((operation, params))
            self.regions.append((operation, region))
            if self.on_record is not None:
                self.on_record(operation, params)

    def next_request_id(self) -> str:
        with self.lock:
            self.counter += 1
            return f"00000000-0000-4000-8000-{self.counter:012d}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    backend: Backend

    def __init__(self, port: int, backend: Backend) -> None:
        self.backend = backend
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = super().get_request()
        # Without this, Nagle + delayed ACK add ~40 ms to each small kept-alive response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.connections_lock:
            self.connections.add(sock)
        return sock, addr

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-response (timeouts, stalls) is normal here, not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Wake handler threads parked on kept-alive sockets so they exit."""
        with self.connections_lock:
            for sock in self.connections:
                # A socket the client already closed raises here; it needs no waking.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silenced: the request line is reported through the backend hook instead."""

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def do_GET(self) -> None:  # noqa: N802
        self._serve()

    def _serve(self) -> None:
        began = time.perf_counter()
        backend = self.server.backend
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        target = self.headers.get("X-Amz-Target", "")
        url = urlsplit(self.path)
        service = CONTACTS if target.startswith(_TARGET_PREFIX) else INCIDENTS
        if service == CONTACTS:
            operation = target[len(_TARGET_PREFIX) :]
        else:
            operation = _REST_ROUTES.get((self.command, url.path), "")
        status = self._respond(backend, service, operation, body, url.query)
        if backend.on_request is not None:
            # Both come from the client, so neither may reach a terminal raw.
            label = printable(operation if operation else f"{self.command} {url.path}")
            backend.on_request(label, status, (time.perf_counter() - began) * 1000)

    def _respond(
        self, backend: Backend, service: str, operation: str, body: bytes, query: str
    ) -> int:
        """Answer one request; returns the HTTP status sent (0 when the connection was dropped)."""
        api: ContactsApi | IncidentsApi = (
            backend.contacts if service == CONTACTS else backend.incidents
        )
        try:
            if operation not in api.operations:
                raise unknown_operation(operation or self.path)
            auth = self.headers.get("Authorization")
            if not auth:
                raise errors.missing_auth()
            params = self._params(service, body, query)
            backend.record(operation, params, signed_region(auth))
            token = params.get("NextToken") or params.get("nextToken")
            decision = backend.faults.decide(
                operation, is_listing(service, operation), isinstance(token, str) and bool(token)
            )
            if decision.delay > 0:
                time.sleep(decision.delay)
            if decision.hold is not None:
                decision.hold.wait(HOLD_LIMIT_S)
            if decision.action is Action.DROP:
                self.close_connection = True
                return 0
            if decision.action is Action.MALFORMED:
                broken = b'{"Engagements": [{"EngagementArn": "arn:aws:ssm-con'
                return self._send(200, broken, {}, decision.drip_seconds)
            self._raise_for(decision.action, service, operation)
            problems = validate(service, operation, params)
            if problems:
                raise self._validation(service, problems)
            result = self._result(backend, api, service, operation, params, decision)
            return self._send_json(service, 200, result, {}, decision.drip_seconds)
        except errors.ApiError as exc:
            return self._send_error(service, exc)

    @staticmethod
    def _result(
        backend: Backend,
        api: ContactsApi | IncidentsApi,
        service: str,
        operation: str,
        params: dict[str, Any],
        decision: Decision,
    ) -> dict[str, Any]:
        """The operation's answer as of the clock, bent by the request's data faults."""
        view = View(backend.world, backend.clock(), decision.data)
        result = api.handle(operation, params, Call(view, decision.paging))
        token = params.get("NextToken")
        if decision.repeat_token and operation == "ListEngagements" and token:
            result["NextToken"] = token
        if decision.naive_times:
            result = naive_times(service, operation, result)
        return result

    def _params(self, service: str, body: bytes, query: str) -> dict[str, Any]:
        if service == INCIDENTS and self.command == "GET":
            return {k: v[0] for k, v in parse_qs(query).items()}
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = None
        if not isinstance(params, dict):
            if service == CONTACTS:
                raise errors.validation_error(
                    [("body", "Request body is not a JSON object")], reason="CANNOT_PARSE"
                )
            raise errors.ApiError("ValidationException", "Request body is not a JSON object")
        return params

    @staticmethod
    def _validation(service: str, problems: list[tuple[str, str]]) -> errors.ApiError:
        if service == CONTACTS:
            return errors.validation_error(problems)
        return errors.ApiError("ValidationException", summary(problems))

    @staticmethod
    def _raise_for(action: Action, service: str, operation: str) -> None:
        if action is Action.THROTTLE:
            raise errors.throttled(service)
        if action is Action.SERVER_ERROR:
            raise errors.internal()
        if action is Action.EXPIRED:
            raise errors.expired()
        if action is Action.DENIED:
            raise errors.access_denied(operation, service, f"arn:aws:{service}:*")

    def _send_error(self, service: str, exc: errors.ApiError) -> int:
        status = exc.status
        if service == CONTACTS:
            payload = {"__type": exc.code, "Message": exc.message, **exc.fields}
        else:
            shape = (
                service_model(INCIDENTS).shape_for(exc.code)
                if exc.code in service_model(INCIDENTS).shape_names
                else None
            )
            if shape is not None:
                status = shape.metadata.get("error", {}).get("httpStatusCode", status)
            fields = {k[:1].lower() + k[1:]: v for k, v in exc.fields.items()}
            payload = {"message": exc.message, **fields}
        return self._send_json(service, status, payload, {"x-amzn-ErrorType": exc.code})

    def _send_json(
        self,
        service: str,
        status: int,
        payload: dict[str, Any],
        headers: dict[str, str],
        drip: float = 0.0,
    ) -> int:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        ctype = "application/x-amz-json-1.1" if service == CONTACTS else "application/json"
        return self._send(status, body, {"Content-Type": ctype, **headers}, drip)

    def _send(self, status: int, body: bytes, headers: dict[str, str], drip: float = 0.0) -> int:
        """Send a response; with `drip`, the headers at once and then one byte every `drip` s."""
        self.send_response(status)
        self.send_header("x-amzn-RequestId", self.server.backend.next_request_id())
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not drip:
            self.wfile.write(body)
            return status
        self.wfile.flush()
        stopping = self.server.backend.stopping
        for n in range(len(body)):
            if stopping.wait(drip):
                self.close_connection = True
                return 0
            self.wfile.write(body[n : n + 1])
            self.wfile.flush()
        return status


def serve(port: int, backend: Backend) -> tuple[_Server, threading.Thread]:
    """Bind 127.0.0.1:`port` (0 = any free port) and serve on a daemon thread."""
    server = _Server(port, backend)
    # A short poll interval keeps stop() fast: shutdown() waits for the next poll.
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="engage-emulator", daemon=True
    )
    thread.start()
    return server, thread
