"""The engagement feed: what the browse screen shows, decided without any UI.

One query at a time (with an epoch, so a page of an older query is recognised and dropped), its
pages fetched one at a time in order, rows kept once each and keyed by ARN, and the failure that
stopped paging together with the one thing that recovers it. The tail of the table (loading,
more, end, failed) is derived from this state, never set by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Literal

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import MAX_BARREN_PAGES, Engagement, Query, ResultPage
from engage_tui.browse.starts import StartIndex
from engage_tui.fingerprint import fingerprint
from engage_tui.timerange import Selection

# Pages after the first grow with what is loaded (twice as much, up to this size): the second
# page must land before a user holding PageDown gets through the first, and later pages
# should be big enough that one round trip covers a screenful of key repeats.
MAX_PAGE_SIZE = 500

Tail = Literal["loading", "more", "end", "failed"]


def page_size(loaded: int, first_page_size: int) -> int:
    """How many rows to ask for next, given how many are loaded (the first page's size at 0)."""
    return max(first_page_size, min(MAX_PAGE_SIZE, 2 * loaded))


class Recovery(Enum):
    """What `r` does about a failure, and the words the UI shows for it."""

    RETRY_PAGE = "r: retry"
    RELOAD = "r: reload from the first page"
    CONTINUE = "r: keep reading"

    @property
    def hint(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Failure:
    """Why paging stopped, and how to get going again."""

    error: SourceError
    recovery: Recovery


@dataclass(frozen=True, slots=True)
class FetchTicket:
    """Permission to fetch one page: which query generation it is for and which token to send."""

    epoch: int
    query: Query
    token: str | None
    size: int


@dataclass(frozen=True, slots=True)
class Appended:
    """What a page changed: rows new to the feed (in order) and duplicates left out."""

    rows: tuple[Engagement, ...]
    duplicates: int
    skipped: int


@dataclass(frozen=True, slots=True)
class HeadTicket:
    """Permission to look at page one for new engagements (the live view); only the ticket the
    feed handed out last is answered, so a look of an older query is told apart by identity."""

    query: Query
    size: int


@dataclass(frozen=True, slots=True)
class Arrived:
    """What a look at page one found: rows new at the top, rows already held that changed, and
    whether page one was all new (more may have arrived than one page holds)."""

    new: tuple[Engagement, ...]
    changed: tuple[Engagement, ...]
    gap: bool


class EngagementFeed:
    """The rows of the current query and the state of its paging."""

    def __init__(self, first_page_size: int = 100) -> None:
        self.first_page_size = first_page_size
        self.epoch = 0
        self.reset(Query())

    # --- reading ---------------------------------------------------------------------------

    @property
    def loaded(self) -> int:
        return len(self.rows)

    def get(self, arn: str) -> Engagement | None:
        return self._by_arn.get(arn)

    @property
    def tail(self) -> Tail:
        """What follows the last row: a request under way, more to fetch, the end, a failure."""
        if self.in_flight is not None:
            return "loading"
        if self.failure is not None:
            return "failed"
        return "end" if self.exhausted else "more"

    @property
    def settled_empty(self) -> bool:
        """The query has been read to its end and holds no engagement."""
        return self.exhausted and not self.rows and self.failure is None

    @property
    def wants_more_now(self) -> bool:
        """The last page brought nothing new but a token: read on without waiting for a scroll."""
        return self._barren_pages > 0 and self.tail == "more"

    # --- changing --------------------------------------------------------------------------

    def reset(self, query: Query, selection: Selection | None = None) -> None:
        """Start over for a new (or the same, refreshed) query; older results become stale.

        `selection` is the time range as the user asked for it; `query` holds it resolved.
        """
        self.query = query
        self.selection = selection if selection is not None else Selection()
        self.epoch += 1
        self.rows: list[Engagement] = []
        self._by_arn: dict[str, Engagement] = {}
        self.ongoing: dict[str, None] = {}
        """ARNs of the held rows with no stop time, in the order they came (a set that keeps
        the needs-attention view and the unacknowledged count from walking every row)."""
        self.starts = StartIndex()
        """The rows' start times in order, for the storm chart."""
        self.next_token: str | None = None
        self.exhausted = False
        self.failure: Failure | None = None
        self.in_flight: FetchTicket | None = None
        self.head_in_flight: HeadTicket | None = None
        self.pages_loaded = 0
        self.loaded_at: datetime | None = None
        self.skipped = 0
        self._barren_pages = 0
        self._sent: set[bytes] = set()

    def next_ticket(self) -> FetchTicket | None:
        """A ticket for the next page, or None while one is in flight, at the end, or failed."""
        if self.tail != "more":
            return None
        size = page_size(self.loaded, self.first_page_size)
        self.in_flight = FetchTicket(self.epoch, self.query, self.next_token, size)
        return self.in_flight

    def is_current(self, ticket: FetchTicket) -> bool:
        """The ticket in flight, of this epoch (an equal ticket of an older query differs in it)."""
        return ticket == self.in_flight

    def page_loaded(
        self, ticket: FetchTicket, page: ResultPage[Engagement], *, now: datetime | None = None
    ) -> Appended | None:
        """Take a page for `ticket` (arrived at `now`); None if it belongs to a query the user
        has moved away from."""
        if not self.is_current(ticket):
            return None
        self.in_flight = None
        if ticket.token is None:
            self.loaded_at = now
        self.pages_loaded += 1
        fresh = [row for row in page.items if row.arn not in self._by_arn]
        fresh = list({row.arn: row for row in fresh}.values())  # a page repeating itself
        for row in fresh:
            self._by_arn[row.arn] = row
        self._track_ongoing(fresh)
        self.rows.extend(fresh)
        self.starts.add(row.start for row in fresh)
        self.skipped += page.skipped
        self._barren_pages = 0 if fresh else self._barren_pages + 1
        if ticket.token is not None:
            self._sent.add(fingerprint(ticket.token))
        self._follow(page.next_token)
        return Appended(tuple(fresh), len(page.items) - len(fresh), page.skipped)

    def _follow(self, token: str | None) -> None:
        self.next_token = token
        self.exhausted = token is None
        if token is None:
            return
        if fingerprint(token) in self._sent:
            self.failure = Failure(
                SourceError(
                    ErrorKind.BAD_RESPONSE,
                    "The service sent a NextToken it had already sent, so paging stopped here "
                    "to avoid a loop. The rows shown are complete up to this point.",
                    retryable=False,
                ),
                Recovery.RELOAD,
            )
        elif self._barren_pages >= MAX_BARREN_PAGES:
            self.failure = Failure(
                SourceError(
                    ErrorKind.BAD_RESPONSE,
                    f"The service sent {self._barren_pages} pages in a row without a new "
                    "engagement; reading stopped to spare your rate limit.",
                    retryable=True,
                ),
                Recovery.CONTINUE,
            )

    def page_failed(self, ticket: FetchTicket, error: SourceError) -> bool:
        """Record that the page for `ticket` failed; False if the ticket is stale."""
        if not self.is_current(ticket):
            return False
        self.in_flight = None
        # A rejected token can't be sent again: the only honest recovery is from the first page.
        recovery = Recovery.RELOAD if error.kind is ErrorKind.BAD_TOKEN else Recovery.RETRY_PAGE
        self.failure = Failure(error, recovery)
        return True

    def head_ticket(self, query: Query, size: int) -> HeadTicket | None:
        """A look at page one of `query` (the same query with its window worked out again), or
        None while one is under way or page one has not arrived yet."""
        if self.head_in_flight is not None or self.pages_loaded == 0:
            return None
        self.head_in_flight = HeadTicket(query, size)
        return self.head_in_flight

    def head_loaded(self, ticket: HeadTicket, page: ResultPage[Engagement]) -> Arrived | None:
        """Put engagements new since the last look at the top and update held ones in place;
        None if the look was for a query the user has moved away from."""
        if ticket is not self.head_in_flight:  # reset() drops the look in flight
            return None
        self.head_in_flight = None
        new: dict[str, Engagement] = {}
        changed: list[Engagement] = []
        held_any = False
        for row in page.items:
            held = self._by_arn.get(row.arn)
            if held is None:
                if not held_any:  # only what is newer than every row held goes on top
                    new.setdefault(row.arn, row)
                continue
            held_any = True
            if held != row:
                changed.append(row)
                self.replace_row(row)
        self._by_arn.update(new)
        self._track_ongoing(new.values())
        self.rows[0:0] = new.values()
        self.starts.add(row.start for row in new.values())
        return Arrived(tuple(new.values()), tuple(changed), gap=bool(new) and not held_any)

    def head_failed(self, ticket: HeadTicket) -> bool:
        """A look failed; False if it was for an older query."""
        if ticket is not self.head_in_flight:
            return False
        self.head_in_flight = None
        return True

    def replace_row(self, row: Engagement) -> bool:
        """Put `row` in place of the held row with its ARN; False if none is held."""
        held = self._by_arn.get(row.arn)
        if held is None:
            return False
        if held.start != row.start:
            self.starts.remove(held.start)
            self.starts.add([row.start])
        # Changed rows are recent ones, so they sit near the top: a short search.
        for index, candidate in enumerate(self.rows):
            if candidate.arn == row.arn:
                self.rows[index] = row
                break
        self._by_arn[row.arn] = row
        self._track_ongoing((row,))
        return True

    def _track_ongoing(self, rows: Iterable[Engagement]) -> None:
        for row in rows:
            if row.stop is None:
                self.ongoing[row.arn] = None
            else:
                self.ongoing.pop(row.arn, None)

    def recover(self) -> Recovery | None:
        """`r` after a failure: clear it so the failed page (or the next) can be fetched again.

        Returns what was done, or None when a reload from the first page is needed (the caller
        resets the feed, with the range worked out again) or there was nothing to recover.
        """
        failure = self.failure
        if failure is None or failure.recovery is Recovery.RELOAD:
            return None
        self.failure = None
        self._barren_pages = 0
        return failure.recovery
