"""A plain-text first frame: the first page's rows, painted the moment they arrive.

Textual's import and first layout take about as long again as fetching the first page in a
child process (see first_page.py), so on a terminal the rows are written straight away, while
Textual is still starting; its own first frame replaces them a moment later. Nothing is painted
once the app has started (`close()`), when there are no rows, or when the output is no terminal.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime, tzinfo
from typing import TextIO

from engage_tui import timefmt
from engage_tui.aws.models import Engagement, ResultPage, arn_resource_name, arn_short_id
from engage_tui.widgets.sanitize import safe_text

_ENTER = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J"  # alternate screen, cursor hidden, cleared
_LEAVE = "\x1b[2J\x1b[?25h\x1b[?1049l"


def _cell(text: str, width: int) -> str:
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.ljust(width)


def row_text(row: Engagement, *, now: datetime, utc: bool, tz: tzinfo) -> str:
    """Start · age, stop, contact and incident, in fixed-width ASCII-safe columns."""
    start = "?"
    if row.start is not None:
        clock = timefmt.clock(row.start, utc=utc, tz=tz, now=now)
        start = f"{clock} · {timefmt.ago(row.start, now=now)}"
    stop = "ongoing" if row.stop is None else timefmt.clock(row.stop, utc=utc, tz=tz, now=now)
    incident = arn_short_id(row.incident_arn) if row.incident_arn else "—"
    contact = safe_text(arn_resource_name(row.contact_arn), max_len=40)
    return f" {_cell(start, 22)}  {_cell(stop, 12)}  {_cell(contact, 24)}  {incident}"


class Preframe:
    """Paints once, from any thread, unless closed first."""

    def __init__(self, stream: TextIO, *, utc: bool, tz: tzinfo) -> None:
        self._stream = stream
        self._utc = utc
        self._tz = tz
        self._lock = threading.Lock()
        self._closed = False
        self.painted = False

    def paint(self, page: ResultPage[Engagement], now: datetime) -> None:
        with self._lock:
            if self._closed or self.painted or not page.items:
                return
            try:
                columns, lines = os.get_terminal_size(self._stream.fileno())
            except (OSError, ValueError):
                return
            header = f" {_cell('Start', 22)}  {_cell('Stop', 12)}  {_cell('Contact', 24)}  Incident"
            text = [" engage-tui · starting…", "", header]
            text += [
                row_text(row, now=now, utc=self._utc, tz=self._tz)
                for row in page.items[: max(0, lines - 3)]
            ]
            self._stream.write(_ENTER + "\r\n".join(line[:columns] for line in text))
            self._stream.flush()
            self.painted = True

    def close(self) -> None:
        """The app is about to draw: paint nothing from now on."""
        with self._lock:
            self._closed = True

    def undo(self) -> None:
        """Leave the alternate screen again if the app never took over (it failed to start)."""
        if self.painted:
            self._stream.write(_LEAVE)
            self._stream.flush()
