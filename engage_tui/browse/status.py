"""The words of the status line, the error banner and the empty table, from the feed alone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from engage_tui.aws.models import Query, arn_short_id
from engage_tui.browse.feed import EngagementFeed
from engage_tui.browse.scan import ScanProgress
from engage_tui.browse.sorting import SortChoice


def rows_text(
    feed: EngagementFeed,
    *,
    filtering: bool = False,
    shown: int = 0,
    sort: SortChoice | None = None,
) -> str:
    """`1,200 loaded, more` · `… loading…` · `… ⚠ throttled (r: retry)` · `5,000 engagements`."""
    loaded = feed.loaded
    tail = feed.tail
    if tail == "loading":
        text = f"{loaded:,} loaded, loading…"
    elif (failure := feed.failure) is not None:  # the tail is "failed"
        text = f"{loaded:,} loaded, ⚠ {failure.error.kind.value} ({failure.recovery.hint})"
    elif tail == "more":
        text = f"{loaded:,} loaded, more"
    else:
        text = f"{loaded:,} engagement{'s' if loaded != 1 else ''}"
    if filtering:
        text = f"{shown:,} shown of {text}"
    if sort is not None and not sort.is_default:
        text += f" · sorted by {sort.label()} (loaded rows)"
    if feed.skipped:
        text += f" · {feed.skipped:,} row{'s' if feed.skipped != 1 else ''} could not be read"
    return text


def banner(feed: EngagementFeed) -> tuple[str, str] | None:
    """(what went wrong, what `r` does about it), or None when nothing is wrong."""
    failure = feed.failure
    if failure is None:
        return None
    return failure.error.message, failure.recovery.hint


def empty_text(query: Query) -> str:
    """Why the table is empty, blaming what the user actually chose."""
    if query.incident_arn and query.time_range is not None:
        return (
            "No engagements for this incident in this time range — "
            "press x for all time or i for another incident"
        )
    if query.incident_arn:
        return "No engagements for this incident — press i to pick another or ★ All engagements"
    if query.time_range is not None:
        return "No engagements in this time range — press t to change it or x to clear it"
    return "No engagements in this account and region — check the profile and region above"


def incident_label(query: Query, titles: Mapping[str, str]) -> str:
    """Whose engagements are shown: all, or one incident by title (its id until titles load)."""
    if not query.incident_arn:
        return "All engagements"
    return titles.get(query.incident_arn) or arn_short_id(query.incident_arn)


def as_of(feed: EngagementFeed, zone: tzinfo) -> str:
    """When the first page arrived, `as of 09:41:07`, or nothing before it has."""
    if feed.loaded_at is None:
        return ""
    return f"as of {feed.loaded_at.astimezone(zone):%H:%M:%S}"


def range_label(feed: EngagementFeed, now: datetime, zone: tzinfo, *, utc: bool) -> str:
    """`last 2h (Nov 27 01:10 → now) · local`: the window asked for and the zone shown."""
    return f"{feed.selection.describe(now, zone)} · {'UTC' if utc else 'local'}"


def attention_text(unacknowledged: int, scan: ScanProgress | None = None) -> str:
    """`⚠ 3 unacknowledged (!) · ` first on the status line; in the needs-attention view (`scan`
    given), how far its check has got: `checking 3,400 of … (Esc cancels)`, then its outcome."""
    if scan is not None and (scan.done or scan.cancelled):
        return f"needs attention (Esc) · {scan.words(unacknowledged)} · "
    text = f"needs attention · {scan.words(unacknowledged)} · " if scan is not None else ""
    if unacknowledged:
        text = f"⚠ {unacknowledged:,} unacknowledged (!) · {text}"
    return text
