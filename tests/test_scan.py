"""The needs-attention check's progress: rows checked, of how many, and the words for each state."""

from __future__ import annotations

from dataclasses import replace

from engage_tui.acknowledgement import Acknowledgement, of_pages
from engage_tui.aws.models import Engagement, Query
from engage_tui.browse import status
from engage_tui.browse.feed import EngagementFeed
from engage_tui.browse.scan import ScanProgress, scan_progress
from tests.test_feed import T0, page, row, ticket


def unread(r: Engagement) -> Acknowledgement:
    return of_pages(r.start, r.stop, ())


def test_rows_are_checked_once_stopped_or_their_acknowledgement_is_known() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(5), "more"))
    for i in (0, 1, 2):
        feed.replace_row(replace(row(i), stop=T0))
    known: dict[str, Acknowledgement] = {}
    progress = scan_progress(feed, lambda r: known.get(r.arn))
    assert progress == ScanProgress(checked=3, total=None), "two ongoing rows still unknown"
    known[row(3).arn] = unread(row(3))
    assert scan_progress(feed, lambda r: known.get(r.arn)).checked == 4
    feed.page_loaded(ticket(feed), page(range(5, 7), None))
    progress = scan_progress(feed, lambda r: known.get(r.arn))
    assert progress == ScanProgress(checked=4, total=7), "the last page read: the total is known"
    assert not progress.done
    for i in (4, 5, 6):
        known[row(i).arn] = unread(row(i))
    assert scan_progress(feed, lambda r: known.get(r.arn)).done


def test_a_row_that_stops_leaves_the_ongoing_set_and_a_new_ongoing_one_joins() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(1, 4), None))
    assert list(feed.ongoing) == [row(i).arn for i in (1, 2, 3)]
    feed.replace_row(replace(row(2), stop=T0))
    head = feed.head_ticket(Query(), 50)
    assert head is not None
    feed.head_loaded(head, page([0, 1], None))
    assert set(feed.ongoing) == {row(i).arn for i in (0, 1, 3)}


def test_the_words_say_how_far_then_the_outcome_then_that_it_was_cut_short() -> None:
    assert (
        status.attention_text(2, ScanProgress(3400, None))
        == "⚠ 2 unacknowledged (!) · needs attention · checking 3,400 of … (Esc cancels) · "
    )
    assert "checking 11,990 of 12,000 (Esc cancels)" in status.attention_text(
        0, ScanProgress(11_990, 12_000)
    )
    assert (
        status.attention_text(3, ScanProgress(12_000, 12_000))
        == "needs attention (Esc) · checked 12,000 — ⚠ 3 unacknowledged · "
    )
    assert "checked 40 — none unacknowledged" in status.attention_text(0, ScanProgress(40, 40))
    assert (
        status.attention_text(2, ScanProgress(3400, None, cancelled=True))
        == "needs attention (Esc) · partial, cancelled: checked 3,400 of … — "
        "⚠ 2 unacknowledged so far · "
    )
