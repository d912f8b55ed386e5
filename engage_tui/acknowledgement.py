"""Was an engagement acknowledged, when, by whom: one answer for the Ack column, the detail panel
and the drill-in, computed from facts that may disagree (clock skew, unordered receipts).

Pure: no I/O, no clock. Instants are compared as instants (UTC), never as wall-clock times, so a
DST change between two times does not bend the arithmetic; naive times are taken as UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from engage_tui import timefmt
from engage_tui.aws.models import Page, Receipt, ReceiptType, arn_resource_name
from engage_tui.sanitize import safe_text
from engage_tui.zones import as_utc

_CLOCKS = "clocks disagree"


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """The first READ of any page of one engagement, and what it says about the engagement.

    `known` is False when no read was found but some page's read state could not be learned
    (its receipts failed to load, or the pages did). `after` is never negative: a read before
    the recorded start leaves it None and says so in `warning`.
    """

    known: bool
    read: datetime | None
    page: Page | None
    after: timedelta | None
    pages_sent: int
    start: datetime | None
    stop: datetime | None
    warning: str | None

    @property
    def acknowledged(self) -> bool:
        return self.read is not None

    @property
    def by(self) -> str | None:
        """The alias of the contact whose page was read first (untrusted text, not escaped)."""
        return arn_resource_name(self.page.contact_arn) if self.page is not None else None


def _page_read(page: Page, receipts: Sequence[Receipt] | None) -> datetime | None:
    """The page's own ReadTime if given, else its earliest READ receipt (in any order)."""
    if page.read is not None:
        return as_utc(page.read)
    reads = [as_utc(r.time) for r in receipts or () if r.type == ReceiptType.READ]
    return min(reads, default=None)


def _silent(page: Page) -> bool:
    # A page that says it was delivered but carries no ReadTime is unread; one that says
    # neither may have been read all the same (a service that leaves the times out).
    return page.read is None and page.delivered is None


def pages_needing_receipts(pages: Sequence[Page]) -> tuple[Page, ...]:
    """The pages whose receipts the acknowledgement needs: none once any page has a ReadTime
    (ListPagesByEngagement alone settles it), else those that say neither read nor delivered."""
    if any(page.read is not None for page in pages):
        return ()
    return tuple(page for page in pages if _silent(page))


def of_pages(
    start: datetime | None,
    stop: datetime | None,
    pages: Sequence[Page] | None,
    receipts: Mapping[str, Sequence[Receipt]] | None = None,
) -> Acknowledgement:
    """The acknowledgement from an engagement's start/stop, its pages (None: they did not load)
    and whichever pages' receipts are known (keyed by page ARN)."""
    receipts = receipts or {}
    start = as_utc(start) if start is not None else None
    stop = as_utc(stop) if stop is not None else None
    reads = [
        (moment, index)
        for index, page in enumerate(pages or ())
        if (moment := _page_read(page, receipts.get(page.arn))) is not None
    ]
    first = min(reads, default=None)
    read, page = (first[0], (pages or ())[first[1]]) if first else (None, None)
    known = pages is not None and (
        read is not None or not any(_silent(p) and p.arn not in receipts for p in pages)
    )
    warnings = []
    after = None
    if read is not None and start is not None:
        if read >= start:
            after = read - start
        else:
            warnings.append(f"read {_short(start - read)} before the recorded start — {_CLOCKS}")
    if stop is not None and start is not None and stop < start:
        warnings.append(f"stopped {_short(start - stop)} before the recorded start — {_CLOCKS}")
    return Acknowledgement(
        known=known,
        read=read,
        page=page,
        after=after,
        pages_sent=len(pages or ()),
        start=start,
        stop=stop,
        warning=" · ".join(warnings) or None,
    )


def warning(ack: Acknowledgement, now: datetime) -> str | None:
    """Every way the facts disagree, including a start that is still in the future at `now`."""
    notes = [ack.warning] if ack.warning else []
    if ack.start is not None and ack.start > as_utc(now):
        notes.append(f"starts {_short(ack.start - as_utc(now))} from now — {_CLOCKS}")
    return " · ".join(notes) or None


def panel_text(ack: Acknowledgement, now: datetime) -> str:
    """The detail panel's line: `✓ after 3m 18s by rpatel`, `✗ not yet (2 pages sent)`,
    `paging… no page sent yet`, `never acknowledged · stopped after 3m 59s`, with any
    disagreement appended. Safe to show."""
    if not ack.known:
        text = "unknown (the pages could not be read)"
    elif ack.acknowledged:
        after = ""
        if ack.after is not None and ack.start is not None and ack.read is not None:
            after = f" after {timefmt.duration(ack.start, ack.read)}"
        text = f"✓{after} by {safe_text(ack.by or '?', max_len=60)}"
    elif ack.stop is not None:
        text = "never acknowledged"
        if ack.start is None:
            text += " · stopped"
        elif ack.stop >= ack.start:
            text += f" · stopped after {timefmt.duration(ack.start, ack.stop)}"
    elif not ack.pages_sent:  # ongoing, and the first page is still to go out
        text = "paging… no page sent yet"
    else:
        text = f"✗ not yet ({ack.pages_sent} page{'s' if ack.pages_sent != 1 else ''} sent)"
    flagged = warning(ack, now)
    return f"{text} · {flagged}" if flagged else text


def cell_text(ack: Acknowledgement | None, now: datetime) -> str:
    """The Ack column: `✓ 3m` (time to acknowledge), `✗ 12m` (ongoing, unacknowledged that
    long), `paging` (ongoing, no page sent yet), `—` (stopped, never acknowledged), `…` (not
    known yet); `?` where clocks disagree."""
    if ack is None or not ack.known:
        return "…"
    if ack.acknowledged:
        return f"✓ {_short(ack.after)}" if ack.after is not None else "✓ ?"
    if ack.stop is not None:
        return "—"
    if not ack.pages_sent:
        return "paging"
    if ack.start is None or ack.start > as_utc(now):
        return "✗ ?"
    return f"✗ {_short(as_utc(now) - ack.start)}"


def offset_text(start: datetime | None, moment: datetime | None) -> str:
    """A receipt's time counted from the engagement start for the drill-in: `+3m 18s`, or
    `13m 33s before the start` (clock skew), never a negative duration; `?` when unknown."""
    if start is None or moment is None:
        return "?"
    start, moment = as_utc(start), as_utc(moment)
    if moment >= start:
        return "+" + timefmt.duration(start, moment)
    return f"{timefmt.duration(moment, start)} before the start"


def _short(span: timedelta) -> str:
    """The largest whole unit only (`42s`, `12m`, `3h`, `2d`), for a narrow column."""
    seconds = int(span.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
