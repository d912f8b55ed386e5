"""The lazy-pagination state of the engagements table: one place decides what to fetch next.

Pure and synchronous: workers fetch, the screen reports results here, and this object says
whether a result still belongs to the current query (its epoch) and what may be fetched next.
It guarantees at most one request in flight per query and never the same NextToken twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage_tui.aws.models import Query

# Pages after the first grow with what is loaded (twice as much, up to this size): the second
# page must land before a user holding PageDown gets through the first, and later pages
# should be big enough that one round trip covers a screenful of key repeats.
MAX_PAGE_SIZE = 500


def page_size(loaded: int, first_page_size: int) -> int:
    """How many rows to ask for next, given how many are loaded."""
    if loaded == 0:
        return first_page_size
    return max(first_page_size, min(MAX_PAGE_SIZE, 2 * loaded))


@dataclass(frozen=True, slots=True)
class FetchTicket:
    """Permission to fetch one page: which query generation it is for and which token to send."""

    epoch: int
    query: Query
    token: str | None
    size: int


class RepeatedTokenError(Exception):
    """The server handed out a NextToken it had already given for this query."""


@dataclass
class Pager:
    """Loaded-row count, next token and in-flight request of the current query."""

    query: Query = field(default_factory=Query)
    epoch: int = 0
    loaded: int = 0
    next_token: str | None = None
    exhausted: bool = False
    failed: bool = False
    in_flight: FetchTicket | None = None
    _used_tokens: set[str] = field(default_factory=set)

    def reset(self, query: Query) -> None:
        """Start over for a new (or the same, refreshed) query; older results become stale."""
        self.query = query
        self.epoch += 1
        self.loaded = 0
        self.next_token = None
        self.exhausted = False
        self.failed = False
        self.in_flight = None
        self._used_tokens = set()

    @property
    def has_more(self) -> bool:
        return not self.exhausted

    @property
    def retryable(self) -> bool:
        """The last fetch failed and may be sent again as it was (`retry()`)."""
        return self.failed and not self.exhausted

    def next_ticket(self, first_page_size: int = 50) -> FetchTicket | None:
        """A ticket for the next page, or None when one is in flight, the end was reached, or the
        last fetch failed (a retry clears the failure first)."""
        if self.in_flight is not None or self.exhausted or self.failed:
            return None
        if self.loaded > 0 and self.next_token is None:
            return None
        size = page_size(self.loaded, first_page_size)
        self.in_flight = FetchTicket(self.epoch, self.query, self.next_token, size)
        return self.in_flight

    def is_current(self, ticket: FetchTicket) -> bool:
        return ticket == self.in_flight and ticket.epoch == self.epoch

    def page_loaded(self, ticket: FetchTicket, count: int, next_token: str | None) -> None:
        """Record a page for the current ticket. Raises RepeatedTokenError on a looping server."""
        self.in_flight = None
        self.loaded += count
        if ticket.token is not None:
            self._used_tokens.add(ticket.token)
        if next_token is not None and (
            next_token in self._used_tokens or next_token == ticket.token
        ):
            self.exhausted = True
            raise RepeatedTokenError(next_token)
        self.next_token = next_token
        self.exhausted = next_token is None

    def load_failed(self, *, resumable: bool = True) -> None:
        """The fetch in flight failed; nothing more is fetched until `retry()`, or ever again
        for this query when the failure can't be resumed (a rejected token)."""
        self.in_flight = None
        self.failed = True
        if not resumable:
            self.exhausted = True

    def retry(self) -> None:
        """Allow the failed page to be fetched again (same token: no row lost, none twice)."""
        self.failed = False
