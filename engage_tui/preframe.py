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
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from concurrent.futures import Future

from engage_tui import timefmt
from engage_tui.aws.models import Engagement, ResultPage, arn_resource_name, arn_short_id
from engage_tui.sanitize import safe_text

# How long Textual's start may wait for a first page that has not quite arrived: about one
# round trip to a nearby region; beyond it the full UI is worth more than early rows.
_GRACE_S = 0.06
_ENTER = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J"  # alternate screen, cursor hidden, cleared
_LEAVE = "\x1b[2J\x1b[?25h\x1b[?1049l"


def _cell(text: str, width: int) -> str:
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.ljust(width)


def row_text(row: Engagement, *, now: datetime, utc: bool, tz: tzinfo) -> str:
    """Start · age, stop, contact and incident, in fixed-width columns.

    Every text that came from AWS passes `safe_text`: this is written straight to the terminal,
    before Textual (and its own escaping) exists.
    """
    start = "?"
    if row.start is not None:
        clock = timefmt.clock(row.start, utc=utc, tz=tz, now=now)
        start = f"{clock} · {timefmt.ago(row.start, now=now)}"
    stop = "ongoing" if row.stop is None else timefmt.clock(row.stop, utc=utc, tz=tz, now=now)
    incident = safe_text(arn_short_id(row.incident_arn), max_len=80) if row.incident_arn else "—"
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

    async def last_call(self, page: Future[ResultPage[Engagement]]) -> None:
        """Just before Textual takes the terminal: give a page that is nearly there a moment
        (it is painted as it lands), then close."""
        import asyncio  # already loaded by then (Textual runs on it); kept off start-up's path

        waiting = asyncio.wrap_future(page)
        # Its outcome belongs to the main screen; here it is only waited for, and "retrieved"
        # so that a failure is not also reported as an exception nobody looked at.
        waiting.add_done_callback(lambda done: done.cancelled() or done.exception())
        await asyncio.wait({waiting}, timeout=_GRACE_S)
        self.close()

    def close(self) -> None:
        """The app is about to draw: paint nothing from now on."""
        with self._lock:
            self._closed = True

    def undo(self) -> None:
        """Leave the alternate screen again if the app never took over (it failed to start)."""
        if self.painted:
            self._stream.write(_LEAVE)
            self._stream.flush()
