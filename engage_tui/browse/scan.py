"""How far the needs-attention check has got, and the words for it; UI-free.

To know who needs someone, `!` reads every page of the query and learns the acknowledgement of
every ongoing engagement. A row is *checked* once nothing more needs learning about it: it has
stopped, or its acknowledgement is known. The total is known only once the last page is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement
from engage_tui.browse.feed import EngagementFeed


@dataclass(frozen=True, slots=True)
class ScanProgress:
    """Rows checked so far, of how many (None until the last page is read), and whether the
    user cancelled the check (what is shown is then partial)."""

    checked: int
    total: int | None
    cancelled: bool = False

    @property
    def done(self) -> bool:
        return self.total is not None and self.checked >= self.total

    def words(self, unacknowledged: int) -> str:
        """`checking 3,400 of … (Esc cancels)`, `checked 12,000 — ⚠ 3 unacknowledged`, or
        `partial, cancelled: checked 3,400 of … — ⚠ 2 unacknowledged so far`."""
        of = f"{self.total:,}" if self.total is not None else "…"
        found = f"⚠ {unacknowledged:,} unacknowledged" if unacknowledged else "none unacknowledged"
        if self.cancelled:
            return f"partial, cancelled: checked {self.checked:,} of {of} — {found} so far"
        if self.done:
            return f"checked {self.checked:,} — {found}"
        return f"checking {self.checked:,} of {of} (Esc cancels)"


def scan_progress(
    feed: EngagementFeed,
    ack_of: Callable[[Engagement], Acknowledgement | None],
    *,
    cancelled: bool = False,
) -> ScanProgress:
    """Where the check stands: every row read but the ongoing ones whose acknowledgement is
    still unknown (a walk over the ongoing rows only)."""
    waiting = 0
    for arn in feed.ongoing:
        row = feed.get(arn)
        ack = ack_of(row) if row is not None else None
        waiting += ack is None or not ack.known
    total = feed.loaded if feed.tail == "end" else None
    return ScanProgress(feed.loaded - waiting, total, cancelled)
