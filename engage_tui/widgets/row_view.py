"""Which loaded rows the table shows, in which order: all, or those matching a filter."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from engage_tui.aws.models import Engagement


class RowView:
    """Maps a shown position to a loaded row; the rows themselves belong to the caller."""

    def __init__(self, haystack: Callable[[Engagement], str]) -> None:
        self._haystack = haystack
        self.rows: Sequence[Engagement] = []
        self.needle = ""
        self._matches: list[int] = []

    def __len__(self) -> int:
        return len(self._matches) if self.needle else len(self.rows)

    def show(self, rows: Sequence[Engagement]) -> None:
        """A new set of loaded rows; the filter is kept."""
        self.rows = rows
        self._matches = self._matching(range(len(rows)), self.needle) if self.needle else []

    def grew(self, start: int) -> None:
        """The loaded rows grew at their end from `start`."""
        if self.needle:
            self._matches.extend(self._matching(range(start, len(self.rows)), self.needle))

    def inserted(self, count: int) -> int:
        """`count` rows were put before the first loaded row; returns how many of them show."""
        if not self.needle:
            return count
        new = self._matching(range(count), self.needle)
        self._matches = new + [i + count for i in self._matches]
        return len(new)

    def row_index(self, shown: int) -> int | None:
        """Where the row shown at `shown` sits among the loaded rows (None if none is shown)."""
        if not 0 <= shown < len(self):
            return None
        return self._matches[shown] if self.needle else shown

    def shown_at_or_after(self, row_index: int) -> int:
        """The shown position of loaded row `row_index`, or of the next shown row after it."""
        return bisect_left(self._matches, row_index) if self.needle else row_index

    @property
    def matched(self) -> int:
        return len(self._matches)

    def set_filter(self, text: str) -> bool:
        """Show only rows whose haystack contains `text` (case-folded); False if unchanged."""
        needle = text.casefold()
        if needle == self.needle:
            return False
        if needle and self.needle and needle.startswith(self.needle):
            candidates: Iterable[int] = self._matches  # narrowing: only old matches can match
        else:
            candidates = range(len(self.rows))
        self._matches = self._matching(candidates, needle) if needle else []
        self.needle = needle
        return True

    def _matching(self, candidates: Iterable[int], needle: str) -> list[int]:
        rows, haystack = self.rows, self._haystack
        return [i for i in candidates if needle in haystack(rows[i])]
