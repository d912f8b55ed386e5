"""The words of the status line, the error banner and the empty table, from the feed alone."""

from __future__ import annotations

from engage_tui.aws.models import Query
from engage_tui.browse.feed import EngagementFeed


def rows_text(feed: EngagementFeed, *, filtering: bool = False, shown: int = 0) -> str:
    """`1,200 loaded, more` · `… loading…` · `… ⚠ throttled (r: retry)` · `5,000 engagements`."""
    loaded = feed.loaded
    tail = feed.tail
    if tail == "loading":
        text = f"{loaded:,} loaded, loading…"
    elif tail == "failed" and feed.failure is not None:
        failure = feed.failure
        text = f"{loaded:,} loaded, ⚠ {failure.error.kind.value} ({failure.recovery.hint})"
    elif tail == "more":
        text = f"{loaded:,} loaded, more"
    else:
        text = f"{loaded:,} engagement{'s' if loaded != 1 else ''}"
    if filtering:
        text = f"{shown:,} shown of {text}"
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
