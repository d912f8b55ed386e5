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
    ahead: Callable[[str, int], Future[ResultPage[Engagement]] | None] | None = None
    """The pages after the first fetched during start-up, by (token, size)."""
    after_first_frame: Callable[[], None] | None = None
    _taken: bool = field(default=False, repr=False)
    _served: bool = field(default=False, repr=False)

    def take(
        self, query: Query, token: str | None = None, size: int = 0
    ) -> Future[ResultPage[Engagement]] | None:
        """The prefetched page for the first fetch (no `token`), if that fetch is for the query
        it was made for, and after it the pages that follow it, each once; a fetch of another
        query, or once the first fetch went elsewhere, never gets one (it would be stale)."""
        if token is None:
            if self._taken:
                self._served = False  # a reload or a new query: what follows is stale too
                return None
            self._taken = True
            self._served = query == self.query and self.first_page is not None
            return self.first_page if self._served else None
        if not self._served or query != self.query or self.ahead is None:
            return None
        return self.ahead(token, size)
