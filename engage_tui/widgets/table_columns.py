"""How one engagement becomes one line of the engagements table: columns, cell text, cropping."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from functools import cache
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from engage_tui import timefmt
from engage_tui.aws.models import Engagement, arn_short_id
from engage_tui.sanitize import safe_text

_PAD = " "
_GAP = "  "
# "Nov 26 23:58 · 13h ago", "Nov 26 23:41", "13m 59s": the widest usual values.
_FIXED = (("Start", 22), ("Stop", 12), ("Duration", 8), ("Ack", 6))
# The incident title and the contact get most of the room; the sender least.
_FLEX = (("Contact", 3), ("Sender", 2), ("Incident", 4))
# On a narrow terminal these go first (the detail panel still shows them), so that the
# contact and incident stay readable.
_DROP_ORDER = ("Duration", "Sender")
_READABLE = 12
_MIN_FLEX = 6
_CELL_MAX_LEN = 200

TITLES = tuple(title for title, _ in (*_FIXED, *_FLEX))
"""Column titles, in order."""

Part = tuple[str, Style]
"""A run of cell text and its style; a cell is a list of parts."""


class Palette(NamedTuple):
    """The styles one row is painted with."""

    normal: Style
    muted: Style
    ongoing: Style
    alert: Style

    @classmethod
    def build(cls, style_of: Callable[[str], Style], base: Style, *, cursor: bool) -> Palette:
        """Each part's style (`style_of` a component class) on top of `base`, with the
        cursor's on top of them when the row is under the cursor."""
        over = style_of("engagements-table--cursor") if cursor else Style()
        parts = (
            Style(),
            *(style_of(f"engagements-table--{p}") for p in ("muted", "ongoing", "alert")),
        )
        return cls(*(base + part + over for part in parts))


@cache  # asked once per painted line, for one of a few widths
def column_widths(width: int) -> tuple[int, ...]:
    """Per column (in TITLES order): fixed widths for the times, the rest of `width` shared by
    the text columns; 0 for a column dropped to keep the others readable."""
    shown = set(TITLES)
    for dropped in (None, *_DROP_ORDER):
        shown.discard(dropped or "")
        fixed = sum(w for title, w in _FIXED if title in shown)
        flex_columns = [(title, weight) for title, weight in _FLEX if title in shown]
        spare = width - len(_PAD) - fixed - len(_GAP) * (len(shown) - 1)
        if spare >= _READABLE * len(flex_columns):
            break
    spare = max(spare, _MIN_FLEX * len(flex_columns))
    total = sum(weight for _, weight in flex_columns)
    flex = {title: max(_MIN_FLEX, spare * weight // total) for title, weight in flex_columns}
    last = flex_columns[-1][0]
    flex[last] = max(_MIN_FLEX, spare - sum(w for t, w in flex.items() if t != last))
    widths = {title: w for title, w in _FIXED if title in shown} | flex
    return tuple(widths.get(title, 0) for title in TITLES)


def _fit(parts: Sequence[Part], width: int, pad_style: Style) -> list[Segment]:
    """Segments filling exactly `width` cells: parts cropped (ending in `…`) or padded."""
    segments: list[Segment] = []
    used = 0
    for text, style in parts:
        cells = cell_len(text)
        if used + cells > width:
            room = width - used
            if room:
                segments.append(Segment(set_cell_size(text, room - 1) + "…", style))
            return segments
        segments.append(Segment(text, style))
        used += cells
    if used < width:
        segments.append(Segment(" " * (width - used), pad_style))
    return segments


def line(cells: Sequence[Sequence[Part]], width: int, style: Style) -> Strip:
    """One table line `width` cells wide: each cell cropped or padded to its column."""
    segments = [Segment(_PAD, style)]
    first = True
    for parts, cells_wide in zip(cells, column_widths(width), strict=True):
        if not cells_wide:
            continue
        if not first:
            segments.append(Segment(_GAP, style))
        first = False
        segments.extend(_fit(parts, cells_wide, style))
    return Strip(segments).adjust_cell_length(width, style).simplify()


def centred(text: str, width: int, style: Style) -> Strip:
    """`text` (already safe) centred in a line `width` cells wide, cropped if it must be."""
    shown = set_cell_size(text, min(cell_len(text), width))
    left = max(0, (width - cell_len(shown)) // 2)
    return Strip([Segment(" " * left, style), Segment(shown, style)]).adjust_cell_length(
        width, style
    )


def row_cells(
    row: Engagement,
    palette: Palette,
    *,
    now: datetime,
    utc: bool,
    tz: tzinfo,
    contact_kinds: Mapping[str, str],
    incident_titles: Mapping[str, str],
    titles_pending: bool = False,
    ack: str = "…",
    new: bool = False,
) -> list[list[Part]]:
    """The parts of each column of one row, in column order; untrusted text made safe.

    `ack` is the Ack column's text (acknowledgement.cell_text); `✗` is painted as an alert.
    """
    normal, muted, ongoing, alert = palette
    acked: list[Part] = [(ack, alert if ack.startswith("✗") else normal if "✓" in ack else muted)]
    start: list[Part] = [("—", muted)]
    stop: list[Part] = [("ongoing", ongoing)] if row.stop is None else [("—", muted)]
    length: list[Part] = [("—", muted)]
    if row.start is not None:
        start = [
            (timefmt.clock(row.start, utc=utc, tz=tz, now=now), normal),
            (f" · {timefmt.ago(row.start, now=now)}", muted),
        ]
        length = [(timefmt.duration(row.start, row.stop or now), normal)]
    if new:
        start = [("● ", ongoing), *start]
    if row.stop is not None:
        stop = [(timefmt.clock(row.stop, utc=utc, tz=tz, now=now), normal)]
    contact: list[Part] = [(safe_text(row.contact_alias, _CELL_MAX_LEN), normal)]
    if contact_kinds.get(row.contact_arn) == "plan":
        contact.append((" (plan)", muted))
    incident: list[Part] = [("—", muted)]
    if row.incident_arn is not None:
        title = incident_titles.get(row.incident_arn)
        if title is not None:
            incident = [(safe_text(title, _CELL_MAX_LEN), normal)]
        elif titles_pending:  # a raw id that a title replaces a moment later only flickers
            incident = [("…", muted)]
        else:
            incident = [(safe_text(arn_short_id(row.incident_arn), _CELL_MAX_LEN), muted)]
    sender: list[Part] = [(safe_text(row.sender, _CELL_MAX_LEN), normal)]
    return [start, stop, length, acked, contact, sender, incident]


def haystack(row: Engagement, incident_titles: Mapping[str, str]) -> str:
    """The text a filter searches in one row, case-folded: contact, sender, incident, ARN."""
    title = incident_titles.get(row.incident_arn or "", "")
    incident = row.incident_arn or ""
    return f"{row.contact_alias}\n{row.sender}\n{title}\n{incident}\n{row.arn}".casefold()


def tail_text(state: str, loaded: int, hint: str, needle: str, matched: int) -> str:
    """The line after the last row: loading, the end, a failure and what `r` does; with a
    filter set, how many loaded rows match it."""
    tail = ""
    if state == "loading":
        tail = "⏳ loading more…" if loaded else "⏳ loading…"
    elif state == "end" and loaded:
        tail = f"— end of results ({loaded:,} engagements) —"
    elif state == "failed":
        tail = f"⚠ couldn't load {'more' if loaded else 'engagements'} — {hint}"
    if not needle:
        return tail
    matches = f"{matched:,} of {loaded:,} loaded rows match '{safe_text(needle, 40)}'"
    return f"{matches} · {tail}" if tail else matches
