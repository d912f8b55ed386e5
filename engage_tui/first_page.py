"""The first page of engagements, fetched while Textual starts.

Importing botocore and building a client costs about as much CPU as importing Textual, and
threads share one interpreter lock, so on POSIX the first request runs in a forked child
process: the two start-ups overlap on two cores, and the parent receives the page through a
pipe. The fork happens before any thread exists (the caller guarantees it); elsewhere, or when
threads already run (the demo's embedded emulator), a daemon thread does the same work.
"""

from __future__ import annotations

import os
import pickle
import threading
from concurrent.futures import Future

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Engagement, Query, ResultPage
from engage_tui.aws.source import Source

FirstPage = Future[ResultPage[Engagement]]


def _fetch(source: Source, query: Query, size: int) -> tuple[object, ...]:
    """The page, or the error as plain values (exceptions with keyword args don't pickle)."""
    try:
        return ("page", source.list_engagements(query, None, size))
    except SourceError as error:
        return ("error", error.kind.value, error.message, error.retryable)


def _settle(future: FirstPage, outcome: tuple[object, ...]) -> None:
    if outcome[0] == "page":
        page = outcome[1]
        assert isinstance(page, ResultPage)
        future.set_result(page)
    else:
        _, kind, message, retryable = outcome
        future.set_exception(
            SourceError(ErrorKind(str(kind)), str(message), retryable=bool(retryable))
        )


def in_thread(source: Source, query: Query, size: int) -> FirstPage:
    future: FirstPage = Future()
    threading.Thread(
        target=lambda: _settle(future, _fetch(source, query, size)),
        name="engage-tui-first-page",
        daemon=True,
    ).start()
    return future


def in_child_process(source: Source, query: Query, size: int) -> FirstPage:
    """Fork; the child fetches and pickles the outcome into a pipe, the parent reads it."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: fetch, report, and leave without running the parent's cleanup
        os.close(read_end)
        try:
            payload = pickle.dumps(_fetch(source, query, size))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    future: FirstPage = Future()

    def receive() -> None:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            outcome = pickle.loads(data)
        except (EOFError, pickle.UnpicklingError):  # the child died: fetch here instead
            outcome = _fetch(source, query, size)
        _settle(future, outcome)

    threading.Thread(target=receive, name="engage-tui-first-page", daemon=True).start()
    return future


def start(source: Source, query: Query, size: int) -> FirstPage:
    """Begin fetching the first page; call before importing Textual for the full benefit."""
    if hasattr(os, "fork") and threading.active_count() == 1:
        return in_child_process(source, query, size)
    return in_thread(source, query, size)
