"""The first page of engagements, fetched while Textual starts.

Importing botocore and building a client costs about as much CPU as importing Textual, and
threads share one interpreter lock, so on POSIX the first request runs in a forked child
process: the two start-ups overlap on two cores, and the parent receives the page through a
pipe. When the request is plain, the child sends it without botocore at all (aws/direct.py).
The child goes on to fetch the next `AHEAD` pages, and pages after those go out the same way
from the parent until its own client is built once the first frame is drawn (building it
earlier slowed that frame by ~250 ms of CPU), so that a user holding PageDown from the first
frame never waits for botocore. The fork happens before any thread exists (checked);
elsewhere, or when threads already run (the demo's embedded emulator), a daemon thread does
the same work.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Engagement, Query, ResultPage
from engage_tui.aws.source import Source

if TYPE_CHECKING:
    from concurrent.futures import Future

    FirstPage = Future[ResultPage[Engagement]]

# Pages after the first that the child fetches while the UI starts (bench P3).
AHEAD = 2


def _fetch(source: Source, query: Query, token: str | None, size: int) -> tuple[object, ...]:
    """The page, or the error as plain values (exceptions with keyword args don't pickle).
    Sent without botocore when that can be done (aws/direct.py), through it otherwise."""
    try:
        page = source.list_engagements_direct(query, token, size)
        return ("page", page or source.list_engagements(query, token, size))
    except SourceError as error:
        return ("error", error.kind.value, error.message, error.retryable)
    except Exception as error:  # a bug must not leave the table waiting forever
        message = f"Unexpected error loading engagements ({type(error).__name__}). Press r."
        return ("error", ErrorKind.SERVER.value, message, True)


class Ahead(NamedTuple):
    """A page the child fetches after the first: its token and size, and the rows before it."""

    token: str
    size: int
    loaded: int


def _follows(outcome: tuple[object, ...], loaded: int, size: Callable[[int], int]) -> Ahead | None:
    """The page to fetch after `outcome` (`loaded` rows before it), if it carried a token."""
    page = outcome[1] if outcome[0] == "page" else None
    if not isinstance(page, ResultPage) or page.next_token is None:
        return None
    loaded += len(page.items)
    return Ahead(page.next_token, size(loaded), loaded)


def _warm(source: Source, built: threading.Event) -> None:
    """Import botocore and build this process's client once the first frame is drawn, so
    that the pages after the child's don't wait ~280 ms for them."""
    # Calls' client cache is the one the app's requests use; nothing is sent from here.
    try:
        with contextlib.suppress(SourceError):  # the first real request reports any failure
            source.prepare("ssm-contacts")
    finally:
        built.set()


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

        self._future = Future  # the class, for the pages after the first
        self.future: FirstPage = Future()
        self._source: Source | None = None
        self._query: Query | None = None
        self.client_built = threading.Event()
        """Set once this process's own client is built (or failed to build): see `warm`."""
        self._abandoned = False
        self._ahead: dict[tuple[str, int], FirstPage] = {}
        self._child: int | None = None
        self._lock = threading.Lock()

    @property
    def child_pid(self) -> int | None:
        """The forked child still fetching, if any (None once it has reported)."""
        return self._child

    def ahead(self, token: str, size: int) -> FirstPage | None:
        """The child's page for (`token`, `size`), arrived or on its way; each is taken once.
        Past the child's pages, until this process's own client is built, the page is sent
        the start-up's way (without botocore when it can be), in a thread of its own."""
        with self._lock:
            page = self._ahead.pop((token, size), None)
        source, query = self._source, self._query
        if page is not None or source is None or query is None or self.client_built.is_set():
            return page
        following: FirstPage = self._future()
        threading.Thread(
            target=lambda: _deliver(following, _fetch(source, query, token, size)),
            name="engage-tui-next-page",
            daemon=True,
        ).start()
        return following

    def warm(self) -> None:
        """Build this process's own client in the background (call once the UI is drawn)."""
        if self._source is None:
            return
        threading.Thread(
            target=_warm,
            args=(self._source, self.client_built),
            name="engage-tui-warm",
            daemon=True,
        ).start()

    def in_thread(self, source: Source, query: Query, size: int) -> FirstPageFetch:
        self._source, self._query = source, query
        threading.Thread(
            target=lambda: _deliver(self.future, _fetch(source, query, None, size)),
            name="engage-tui-first-page",
            daemon=True,
        ).start()
        return self

    def in_child_process(
        self, source: Source, query: Query, size: int, next_size: Callable[[int], int]
    ) -> FirstPageFetch:
        """Fork; the child fetches the first page and `AHEAD` more, pickling each outcome into
        a pipe as it arrives; the parent reads them."""
        self._source, self._query = source, query
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: fetch, report, and leave without running the parent's cleanup
            os.close(read_end)
            try:
                with os.fdopen(write_end, "wb") as pipe:
                    _fetch_ahead(pipe, source, query, size, next_size)
            finally:
                os._exit(0)
        os.close(write_end)
        self._child = pid
        receive = partial(self._receive, read_end, source, query, size, next_size)
        threading.Thread(target=receive, daemon=True).start()
        return self

    def _receive(
        self,
        read_end: int,
        source: Source,
        query: Query,
        size: int,
        next_size: Callable[[int], int],
    ) -> None:
        """Hand over each page as the child sends it; fetch here whatever it did not send."""
        future, token, loaded = self.future, None, 0
        with os.fdopen(read_end, "rb") as pipe:
            for n in range(1 + AHEAD):
                try:
                    outcome = pickle.load(pipe)
                except (EOFError, pickle.UnpicklingError):  # the child died: fetch here instead
                    if self._abandoned:
                        break
                    outcome = _fetch(source, query, token, size)
                follows = _follows(outcome, loaded, next_size) if n < AHEAD else None
                if follows is not None:  # announced before this page is shown and asks for it
                    following: FirstPage = self._future()
                    with self._lock:
                        self._ahead[(follows.token, follows.size)] = following
                _deliver(future, outcome)
                if follows is None:
                    break
                future, token, size, loaded = following, follows.token, follows.size, follows.loaded
        with self._lock:
            if self._child is not None:
                os.waitpid(self._child, 0)
                self._child = None

    def abandon(self) -> None:
        """Kill the child if it is still fetching (the app quit before page one arrived)."""
        with self._lock:
            self._abandoned = True
            if self._child is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._child, signal.SIGKILL)


def start(
    source: Source, query: Query, size: int, next_size: Callable[[int], int] | None = None
) -> FirstPageFetch:
    """Begin fetching the first page; call before importing Textual for the full benefit.
    `next_size(loaded)` is how many rows the app asks for next with `loaded` rows held."""
    fetch = FirstPageFetch()
    if hasattr(os, "fork") and threading.active_count() == 1:
        return fetch.in_child_process(source, query, size, next_size or (lambda loaded: size))
    return fetch.in_thread(source, query, size)


def _fetch_ahead(
    pipe: BinaryIO, source: Source, query: Query, size: int, next_size: Callable[[int], int]
) -> None:
    """In the child: the first page, then up to AHEAD more while they carry a token."""
    token, loaded = None, 0
    for _ in range(1 + AHEAD):
        outcome = _fetch(source, query, token, size)
        pickle.dump(outcome, pipe)
        pipe.flush()
        follows = _follows(outcome, loaded, next_size)
        if follows is None:
            return
        token, size, loaded = follows
