"""Sorting the loaded rows by a column: the choices, their keys, and how they are remembered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement
from engage_tui.widgets.row_view import SortKey

COLUMNS = ("Start", "Stop", "Duration", "Ack", "Contact", "Sender", "Incident")
_LAST = float("inf")


@dataclass(frozen=True, slots=True)
class SortChoice:
    """A column and a direction; Start descending (newest first) is the listing's own order."""

    column: str = "Start"
    descending: bool = True

    @property
    def is_default(self) -> bool:
        return self == SortChoice()

    def label(self) -> str:
        """`Contact ↑`, for the status line and the menu."""
        return f"{self.column} {'↓' if self.descending else '↑'}"

    def remembered(self) -> str:
        """How the state file keeps it: `Contact:asc`."""
        return f"{self.column}:{'desc' if self.descending else 'asc'}"

    @classmethod
    def from_remembered(cls, text: str | None) -> SortChoice:
        """The choice a state file kept, or the default for anything unreadable."""
        column, _, direction = (text or "").partition(":")
        if column not in COLUMNS or direction not in ("asc", "desc"):
            return cls()
        return cls(column, direction == "desc")


def sort_key(
    choice: SortChoice,
    *,
    titles: Mapping[str, str],
    ack_of: Callable[[Engagement], Acknowledgement | None],
    now: datetime,
) -> SortKey | None:
    """A key putting rows in `choice`'s order, rows without a value last; None for the default."""
    if choice.is_default:
        return None
    sign = -1 if choice.descending else 1

    def number(value: float | None) -> tuple[int, float]:
        return (1, 0.0) if value is None else (0, sign * value)

    def text(value: str) -> tuple[int, Any]:
        folded = value.casefold()
        # Descending text: compare the code points negated, so one ascending sort serves both.
        return (0, (*(-ord(c) for c in folded), 1) if choice.descending else folded)

    def seconds(moment: datetime | None) -> float | None:
        return None if moment is None else moment.timestamp()

    def duration(row: Engagement) -> float | None:
        if row.start is None:
            return None
        return (row.stop or now).timestamp() - row.start.timestamp()

    def acked(row: Engagement) -> float | None:
        ack = ack_of(row)
        return None if ack is None or ack.after is None else ack.after.total_seconds()

    keys: dict[str, Callable[[Engagement], Any]] = {
        "Start": lambda row: number(seconds(row.start)),
        "Stop": lambda row: number(seconds(row.stop)),
        "Duration": lambda row: number(duration(row)),
        "Ack": lambda row: number(acked(row)),
        "Contact": lambda row: text(row.contact_alias),
        "Sender": lambda row: text(row.sender),
        "Incident": lambda row: (
            text(titles.get(row.incident_arn or "", row.incident_arn or ""))
            if row.incident_arn
            else (1, "")
        ),
    }
    return keys[choice.column]
