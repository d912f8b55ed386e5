"""The first page of engagements, fetched while Textual starts.

Importing botocore and building a client costs about as much CPU as importing Textual, and
threads share one interpreter lock, so on POSIX the first request runs in a forked child
process: the two start-ups overlap on two cores, and the parent receives the page through a
pipe. The fork happens before any thread exists (checked); elsewhere, or when threads already
run (the demo's embedded emulator), a daemon thread does the same work.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from typing import TYPE_CHECKING

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Engagement, Query, ResultPage
from engage_tui.aws.source import Source

if TYPE_CHECKING:
    from concurrent.futures import Future

    FirstPage = Future[ResultPage[Engagement]]


def _fetch(source: Source, query: Query, size: int) -> tuple[object, ...]:
    """The page, or the error as plain values (exceptions with keyword args don't pickle)."""
    try:
        return ("page", source.list_engagements(query, None, size))
    except SourceError as error:
        return ("error", error.kind.value, error.message, error.retryable)
    except Exception as error:  # a bug must not leave the table waiting forever
        message = f"Unexpected error loading engagements ({type(error).__name__}). Press r."
        return ("error", ErrorKind.SERVER.value, message, True)


def _warm(source: Source) -> None:
    """Import botocore and build this process's client while Textual starts, so that page 2
    (asked for as soon as the table shows page 1) doesn't wait ~280 ms for them (bench P3)."""
    # Calls' client cache is the one the app's requests use; nothing is sent from here.
    with contextlib.suppress(SourceError):  # the first real request reports any failure
        source.prepare("ssm-contacts")


def _deliver(future: FirstPage, outcome: tuple[object, ...]) -> None:
    if outcome[0] == "page":
        page = outcome[1]
        assert isinstance(page, ResultPage)
        future.set_result(page)
    else:
        _, kind, message, retryable = outcome
        future.set_exception(
            SourceError(ErrorKind(str(kind)), str(message), retryable=bool(retryable))
        )


class FirstPageFetch:
    """The fetch under way: its `future`, and `abandon()` to stop a child nobody waits for."""

    def __init__(self) -> None:
        # Imported here: concurrent.futures pulls in logging, and every millisecond before the
        # fork delays the first page.
        from concurrent.futures import Future

        self.future: FirstPage = Future()
        self._child: int | None = None
        self._lock = threading.Lock()

    @property
    def child_pid(self) -> int | None:
        """The forked child still fetching, if any (None once it has reported)."""
        return self._child

    def in_thread(self, source: Source, query: Query, size: int) -> FirstPageFetch:
        threading.Thread(
            target=lambda: _deliver(self.future, _fetch(source, query, size)),
            name="engage-tui-first-page",
            daemon=True,
        ).start()
        return self

    def in_child_process(self, source: Source, query: Query, size: int) -> FirstPageFetch:
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
        self._child = pid
        threading.Thread(
            target=self._receive, args=(read_end, source, query, size), daemon=True
        ).start()
        # The parent's own client, for page 2 on: started now, because page 2 is asked for as
        # soon as page 1 is shown. It costs the first frame some CPU (the interpreter lock is
        # shared with Textual's start-up), but waiting for page 1 to start it cost P3 29 landings.
        threading.Thread(target=_warm, args=(source,), name="engage-tui-warm", daemon=True).start()
        return self

    def _receive(self, read_end: int, source: Source, query: Query, size: int) -> None:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        with self._lock:
            if self._child is not None:
                os.waitpid(self._child, 0)
                self._child = None
        try:
            outcome = pickle.loads(data)
        except (EOFError, pickle.UnpicklingError):  # the child died: fetch here instead
            outcome = _fetch(source, query, size)
        _deliver(self.future, outcome)

    def abandon(self) -> None:
        """Kill the child if it is still fetching (the app quit before page one arrived)."""
        with self._lock:
            if self._child is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._child, signal.SIGKILL)


def start(source: Source, query: Query, size: int) -> FirstPageFetch:
    """Begin fetching the first page; call before importing Textual for the full benefit."""
    fetch = FirstPageFetch()
    if hasattr(os, "fork") and threading.active_count() == 1:
        return fetch.in_child_process(source, query, size)
    return fetch.in_thread(source, query, size)
