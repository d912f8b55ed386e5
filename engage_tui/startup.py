"""What the command line prepared before Textual started: the first page and the pre-frame.

The first page of the start query is fetched while Textual imports (first_page.py) and may be
painted as plain rows meanwhile (preframe.py). The app takes this one object; the browse screen
asks it once for the page of its first query.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engage_tui.aws.models import Engagement, Query, ResultPage

if TYPE_CHECKING:  # concurrent.futures pulls in logging: 17 ms before the first request
    from concurrent.futures import Future


@dataclass
class Startup:
    """The prefetched first page (for `query` only) and what to run before the terminal changes."""

    query: Query | None = None
    first_page: Future[ResultPage[Engagement]] | None = None
    before_terminal: Callable[[], Awaitable[None]] | None = None
    _taken: bool = field(default=False, repr=False)

    def take(self, query: Query) -> Future[ResultPage[Engagement]] | None:
        """The prefetched page for the first fetch, if that fetch is for the query it was made
        for; later fetches never get it (it would be stale by then)."""
        if self._taken:
            return None
        self._taken = True
        return self.first_page if query == self.query else None
