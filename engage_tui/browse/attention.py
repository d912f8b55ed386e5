"""`!`: only the engagements that need someone — ongoing and not acknowledged — oldest first.

To know, every page of the query is read and every ongoing engagement's acknowledgement is
learned through the Ack column's plan (rate-limited); the status line says how far the check has
got, and Esc cancels it, keeping what it found. The count of unacknowledged engagements among
the loaded rows is on the status line in every view.
"""

from __future__ import annotations

from textual.binding import Binding

from engage_tui.aws.models import Engagement
from engage_tui.browse.ack_column import AckColumn
from engage_tui.browse.scan import ScanProgress, scan_progress
from engage_tui.browse.sorting import SortChoice


class Attention(AckColumn):
    """The needs-attention view and the unacknowledged count."""

    BINDINGS = [
        Binding("exclamation_mark", "attention", "Needs attention", show=False, key_display="!")
    ]

    attention_on = False
    scan_cancelled = False

    def needs_attention(self, row: Engagement) -> bool:
        """Ongoing and not known to be acknowledged (an unknown one may need someone)."""
        if row.stop is not None:
            return False
        ack = self.ack_of(row)
        return ack is None or not ack.acknowledged

    def unacknowledged(self) -> int:
        """Ongoing loaded engagements known to have no acknowledgement. Only a row with a
        cached timeline can be known, so this walks the (bounded) cache, not the rows."""
        count = 0
        for arn in self.app.timelines.arns():
            row = self.feed.get(arn)
            if row is not None and row.stop is None and (ack := self.ack_of(row)) is not None:
                count += ack.known and not ack.acknowledged
        return count

    @property
    def reading_all(self) -> bool:
        """The needs-attention check is under way: every page is read, every ongoing row asked."""
        return self.attention_on and not self.scan_cancelled

    def scan(self) -> ScanProgress | None:
        """How far the needs-attention check has got (None outside that view)."""
        if not self.attention_on:
            return None
        return scan_progress(self.feed, self.ack_of, cancelled=self.scan_cancelled)

    def action_attention(self) -> None:
        if self.attention_on:
            self.leave_attention()
            return
        self.attention_on = True
        self.scan_cancelled = False
        oldest_first = SortChoice("Start", descending=False)
        self.apply_sort(oldest_first)
        self.table.rearrange(lambda view: view.keep_only(self.needs_attention))
        self.notify(
            "Needs attention: ongoing and unacknowledged, oldest first. "
            "Esc cancels the check while it runs, then leaves."
        )
        self.read_on()

    def escape_attention(self) -> None:
        """Esc: cancel the check while it runs (what it found stays), else leave the view."""
        scan = self.scan()
        if scan is not None and not scan.done and not scan.cancelled:
            self.scan_cancelled = True
            self.live_changed()
            return
        self.leave_attention()

    def leave_attention(self) -> None:
        """Back to every row, in the order the user chose (Esc, or ! again)."""
        self.attention_on = False
        self.table.rearrange(lambda view: view.keep_only(None))
        self.apply_sort(SortChoice.from_remembered(self.app.state.sort))

    def read_on(self) -> None:
        """In this view, keep reading pages until the query is read to its end."""
        raise NotImplementedError

    def attention_rows(self) -> list[Engagement]:
        """The ongoing rows whose acknowledgement the Ack column should learn next."""
        return [row for arn in self.feed.ongoing if (row := self.feed.get(arn)) is not None]

    def rows_changed(self) -> None:
        if self.attention_on:  # a row that stopped no longer needs anyone
            self.table.rearrange(lambda view: view.refilter())

    def acks_changed(self) -> None:
        self.rows_changed()
        self.live_changed()
