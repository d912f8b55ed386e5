"""Every engagement of a query, page after page, for `engage-tui export`: constant memory (one
page and a set of 16-byte digests), each engagement once, and an end even when the server
hands out tokens forever."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Engagement, ResultPage
from engage_tui.fingerprint import fingerprint

MAX_IDLE_PAGES = 50
"""Pages in a row that bring no new engagement before the listing is given up as stuck."""

Fetch = Callable[[str | None], ResultPage[Engagement]]
"""One page of the query, from a pagination token (None: the first page)."""


class EngagementStream(Iterator[Engagement]):
    """Iterates the engagements of a query, fetching the next page only when the last one is
    used up. The counters say how far it got, for a progress line or a summary."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._rows = self._generate()
        self.pages = 0
        """Pages fetched so far."""
        self.rows = 0
        """Engagements yielded so far."""
        self.duplicates = 0
        """Engagements left out because an earlier page had them already."""
        self.skipped = 0
        """Rows the service sent that could not be read (left out)."""
        self.finished = False
        """True once the last page has been read (no NextToken)."""

    def __iter__(self) -> EngagementStream:
        return self

    def __next__(self) -> Engagement:
        return next(self._rows)

    def _generate(self) -> Iterator[Engagement]:
        seen_rows: set[bytes] = set()
        seen_tokens: set[bytes] = set()
        idle = 0
        token: str | None = None
        while True:
            page = self._fetch(token)
            self.pages += 1
            self.skipped += page.skipped
            fresh = 0
            for row in page.items:
                digest = fingerprint(row.arn)
                if digest in seen_rows:
                    self.duplicates += 1
                    continue
                seen_rows.add(digest)
                fresh += 1
                self.rows += 1
                yield row
            token = page.next_token
            if token is None:
                self.finished = True
                return
            idle = 0 if fresh else idle + 1
            self._check_progress(fingerprint(token), seen_tokens, idle)

    def _check_progress(self, token: bytes, seen_tokens: set[bytes], idle: int) -> None:
        """Raise when the listing would never end: a token handed out before, or page after
        page with nothing new."""
        if token in seen_tokens:
            raise self._stuck("handed back a pagination token it had sent before")
        if idle >= MAX_IDLE_PAGES:
            raise self._stuck(f"sent {idle} pages in a row with no new engagement")
        seen_tokens.add(token)

    def _stuck(self, what: str) -> SourceError:
        return SourceError(
            ErrorKind.BAD_RESPONSE,
            f"The service {what}, so the listing would never end: stopped after "
            f"{self.rows} engagements on {self.pages} pages. Try again; if it happens again, "
            "the endpoint is misbehaving.",
            retryable=False,
        )
