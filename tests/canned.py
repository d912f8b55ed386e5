"""A tiny HTTP endpoint on 127.0.0.1 that answers with whatever a test hands it: responses no
well-behaved server (the emulator included) would send, reaching botocore over real HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# What an answer may be: a JSON-able value (sent with status 200), raw bytes (sent as they are,
# status 200), a (status, value) pair, or a function that writes the whole response itself.
Answer = Any
Answerer = Callable[[str, dict[str, Any]], Answer]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        params = json.loads(self.rfile.read(length) or b"{}")
        target = self.headers.get("X-Amz-Target")
        operation = target.rsplit(".", 1)[-1] if target else self.path.strip("/").split("/")[0]
        self.server.seen.append((operation, params))
        answer = self.server.answer(operation, params)
        if callable(answer):
            answer(self)
            return
        status, value = answer if isinstance(answer, tuple) else (200, answer)
        body = value if isinstance(value, bytes) else json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, answer: Answerer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = answer
        self.seen: list[tuple[str, dict[str, Any]]] = []


@contextmanager
def canned(answer: Answerer) -> Iterator[_Server]:
    """Serve `answer(operation, params)` until the block ends; `server.seen` logs requests."""
    server = _Server(answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def url(server: _Server) -> str:
    port = server.server_address[1]
    return f"http://127.0.0.1:{port}"
