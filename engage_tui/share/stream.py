"""Every engagement of a query, page by page, each once: what an export writes as it arrives.

Follows NextToken itself, drops rows an earlier page already gave (by ARN), and stops with a
SourceError on a token the service already sent (a loop) or on a run of pages with nothing
new. Memory grows only by a 16-byte digest per row and per token, never by rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from engage_tui.acknowledgement import Acknowledgement, of_pages
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import MAX_BARREN_PAGES, Engagement, Query
from engage_tui.aws.source import Source
from engage_tui.fingerprint import fingerprint
from engage_tui.share.export import RowWriter
from engage_tui.share.record import record

PAGE_SIZE = 200
"""Rows asked for per ListEngagements call (the API allows up to 1024)."""
ACK_RATE = 5.0
"""ListPagesByEngagement lookups per second for `--with-acks`: well under the account's
throttling limit, so an export does not starve the console or the TUI of the same quota."""


def _stuck(message: str) -> SourceError:
    return SourceError(ErrorKind.BAD_RESPONSE, message, retryable=False)


class QueryPages:
    """The new rows of each page of `query`, newest first; counts what it left out."""

    def __init__(self, source: Source, query: Query, page_size: int = PAGE_SIZE) -> None:
        self.source = source
        self.query = query
        self.page_size = max(1, min(page_size, 1024))
        self.pages = 0
        self.duplicates = 0
        self.skipped = 0
        """Rows the service sent that could not be read (left out, as the table does)."""

    def __iter__(self) -> Iterator[tuple[Engagement, ...]]:
        seen_rows: set[bytes] = set()
        seen_tokens: set[bytes] = set()
        token: str | None = None
        barren = 0
        while True:
            page = self.source.list_engagements(self.query, token, self.page_size)
            self.pages += 1
            self.skipped += page.skipped
            fresh = []
            for row in page.items:
                digest = fingerprint(row.arn)
                if digest in seen_rows:
                    self.duplicates += 1
                    continue
                seen_rows.add(digest)
                fresh.append(row)
            yield tuple(fresh)
            token = page.next_token
            if token is None:
                return
            barren = 0 if fresh else barren + 1
            self._check(token, seen_tokens, barren)

    def _check(self, token: str, seen: set[bytes], barren: int) -> None:
        digest = fingerprint(token)
        if digest in seen:
            raise _stuck(
                "The service sent a NextToken it had already sent, so the export stopped "
                "there to avoid a loop; the rows written are complete up to that point."
            )
        seen.add(digest)
        if barren >= MAX_BARREN_PAGES:
            raise _stuck(
                f"The service sent {barren} pages in a row with no new engagement, so the "
                "export stopped there; the rows written are complete up to that point."
            )


class Pacer:
    """Spaces calls at most `rate` per second: `wait()` before each one."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._next is not None and now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


class AckLookup:
    """Each row's acknowledgement from its pages (one `timeline_parts(full=False)` per row,
    paced). A row AWS no longer knows is written as unknown; any other failure stops."""

    def __init__(self, source: Source, pacer: Pacer) -> None:
        self.source = source
        self.pacer = pacer

    def __call__(self, row: Engagement) -> Acknowledgement:
        self.pacer.wait()
        try:
            timeline = self.source.timeline_parts(row.arn, full=False)
        except SourceError as error:
            if error.kind != ErrorKind.NOT_FOUND:
                raise
            return of_pages(row.start, row.stop, None)
        return timeline.acknowledgement(row)


def write_rows(
    pages: Iterable[Iterable[Engagement]],
    writer: RowWriter,
    *,
    acks: Callable[[Engagement], Acknowledgement | None] | None = None,
    on_page: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bool:
    """Write every row of every page as it comes, flushing after each page; False if
    `cancelled()` said stop first. `acks` adds each row's acknowledgement (None: unknown);
    `on_page` hears the rows written so far. The caller closes the writer (in a `finally`),
    so a failure leaves a valid, partial file."""
    for page in pages:
        for row in page:
            if cancelled is not None and cancelled():
                writer.flush()
                return False
            writer.write(record(row, acks(row) if acks is not None else None))
        writer.flush()
        if on_page is not None:
            on_page(writer.rows)
    return True
