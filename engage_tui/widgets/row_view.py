"""Which loaded rows the table shows, in which order: a filter and a sort over the feed's rows."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from engage_tui.aws.models import Engagement

SortKey = Callable[[Engagement], Any]


class RowView:
    """Maps a shown position to a loaded row; the rows themselves belong to the caller.

    Without a sort, rows show in load order (newest first, as ListEngagements sends them);
    with one, later pages and new rows are merged into the order, not appended.
    """

    def __init__(self, haystack: Callable[[Engagement], str]) -> None:
        self._haystack = haystack
        self.rows: Sequence[Engagement] = []
        self.needle = ""
        self._matches: list[int] = []
        self._key: SortKey | None = None
        self._order: list[int] | None = None
        self._keep: Callable[[Engagement], bool] | None = None

    @property
    def filtered(self) -> bool:
        """Some rows may be hidden: a text filter or a row test is set."""
        return bool(self.needle) or self._keep is not None

    def __len__(self) -> int:
        return len(self._matches) if self.filtered else len(self.rows)

    @property
    def sorted(self) -> bool:
        return self._key is not None

    def show(self, rows: Sequence[Engagement]) -> None:
        """A new set of loaded rows; the filter and the sort are kept."""
        self.rows = rows
        self._resort()

    def sort_by(self, key: SortKey | None) -> None:
        """Order the rows by `key` (ascending; make it descending in the key), None: load order."""
        self._key = key
        self._resort()

    def keep_only(self, keep: Callable[[Engagement], bool] | None) -> None:
        """Show only rows `keep` accepts (on top of the text filter); None shows them all."""
        self._keep = keep
        self.refilter()

    def refilter(self) -> None:
        """Test every row again (what `keep` depends on changed)."""
        self._matches = self._matching(self._base(), self.needle) if self.filtered else []

    def _resort(self) -> None:
        key = self._key
        self._order = None if key is None else sorted(range(len(self.rows)), key=self._row_key)
        self.refilter()

    def _row_key(self, index: int) -> Any:
        assert self._key is not None
        return self._key(self.rows[index])

    def _base(self) -> Sequence[int]:
        return self._order if self._order is not None else range(len(self.rows))

    def grew(self, start: int) -> None:
        """The loaded rows grew at their end from `start`."""
        new = range(start, len(self.rows))
        if self._order is None:
            if self.filtered:
                self._matches.extend(self._matching(new, self.needle))
            return
        fresh = sorted(new, key=self._row_key)
        self._order = list(heapq.merge(self._order, fresh, key=self._row_key))
        if self.filtered:
            hits = set(self._matches) | set(self._matching(new, self.needle))
            self._matches = [i for i in self._order if i in hits]

    def inserted(self, count: int) -> None:
        """`count` rows were put before the first loaded row (newer engagements)."""
        if self._order is None:
            new = self._matching(range(count), self.needle) if self.filtered else []
            self._matches = new + [i + count for i in self._matches]
            return
        shifted = [i + count for i in self._order]
        fresh = sorted(range(count), key=self._row_key)
        self._order = list(heapq.merge(shifted, fresh, key=self._row_key))
        self.refilter()

    def row_index(self, shown: int) -> int | None:
        """Where the row shown at `shown` sits among the loaded rows (None if none is shown)."""
        if not 0 <= shown < len(self):
            return None
        if self.filtered:
            return self._matches[shown]
        return self._order[shown] if self._order is not None else shown

    def shown_index(self, row_index: int) -> int | None:
        """Where loaded row `row_index` is shown (None when the filter hides it)."""
        if not self.filtered and self._order is None:
            return row_index
        shown = self._matches if self.filtered else self._order
        assert shown is not None
        try:
            return shown.index(row_index)
        except ValueError:
            return None

    def shown_at_or_after(self, row_index: int) -> int:
        """The shown position of loaded row `row_index`, or of the next shown row after it."""
        base = list(self._base())
        position = base.index(row_index) if row_index < len(base) else len(base)
        if not self.filtered:
            return position
        later = set(base[position:])
        return next((n for n, i in enumerate(self._matches) if i in later), len(self._matches))

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
            candidates = self._base()
        self.needle = needle
        self._matches = self._matching(candidates, needle) if self.filtered else []
        return True

    def _matching(self, candidates: Iterable[int], needle: str) -> list[int]:
        rows, haystack, keep = self.rows, self._haystack, self._keep
        return [
            i
            for i in candidates
            if (not needle or needle in haystack(rows[i])) and (keep is None or keep(rows[i]))
        ]
