"""The page-storm chart: engagements per bucket across the window, the partial marker, and the
time to acknowledge (median, 90th percentile)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from engage_tui.browse.starts import StartIndex
from engage_tui.widgets.storm_chart import StormChart, ack_text, bucket_counts, percentile

T0 = datetime(2026, 3, 8, 6, 0, tzinfo=UTC)  # New York springs forward at 07:00 UTC


def minutes(*offsets: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_each_start_lands_in_its_bucket_and_outsiders_are_dropped() -> None:
    starts = [*minutes(0, 1, 9.99, 10, 35, 59.9, 60), None, *minutes(-1, 61)]
    assert bucket_counts(starts, T0, T0 + timedelta(hours=1), 6) == [3, 1, 0, 1, 0, 2]


def test_buckets_compare_instants_across_zones_and_dst() -> None:
    new_york = ZoneInfo("America/New_York")
    kathmandu = ZoneInfo("Asia/Kathmandu")
    # 06:30 and 07:30 UTC: either side of New York's jump from 02:00 to 03:00 local.
    starts = [(T0 + timedelta(minutes=30)).astimezone(new_york), T0.replace(hour=7, minute=30)]
    window = (T0.astimezone(kathmandu), (T0 + timedelta(hours=2)).astimezone(new_york))
    assert bucket_counts(starts, *window, 2) == [1, 1]


def test_an_empty_or_reversed_window_counts_nothing() -> None:
    assert bucket_counts(minutes(1), T0, T0, 4) == [0, 0, 0, 0]
    assert bucket_counts(minutes(1), T0 + timedelta(hours=1), T0, 3) == [0, 0, 0]
    assert bucket_counts(minutes(1), T0, T0 + timedelta(hours=1), 0) == []


def test_ack_percentiles_are_nearest_rank() -> None:
    acks = [timedelta(minutes=m) for m in (9, 1, 3, 2, 4, 3, 5, 3, 7, 2)]
    assert percentile(acks, 50) == timedelta(minutes=3)
    assert percentile(acks, 90) == timedelta(minutes=7)
    assert ack_text(acks) == "ack p50 3m · p90 7m (10 acked)"
    assert ack_text([timedelta(seconds=42)]) == "ack p50 42s · p90 42s (1 acked)"
    assert ack_text([]) == ""
    five = [timedelta(minutes=m) for m in (5, 1, 4, 2, 3)]
    assert percentile(five, 90) == timedelta(minutes=5), "rank 4.5 rounds up, not to even"


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StormChart()


def caption(app: App[None]) -> str:
    return str(app.query_one("#storm-caption", Static).render())


async def test_the_chart_draws_one_bar_per_column_and_says_partial() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 5)) as pilot:
        chart = app.query_one(StormChart)
        starts = minutes(*range(0, 60, 2), 59, 59.5)
        chart.show_engagements(starts, (T0, T0 + timedelta(hours=1)), partial=True)
        await pilot.pause()
        data = app.query_one(Sparkline).data
        assert data is not None and len(data) == 60 and sum(data) == 32
        assert data[59] == 2
        assert "32 engagements · 1m per bar · partial" in caption(app)
        chart.show_engagements(starts, (T0, T0 + timedelta(hours=1)), partial=False)
        chart.show_acks([timedelta(minutes=3), timedelta(minutes=9)])
        await pilot.pause()
        assert "partial" not in caption(app)
        assert caption(app).endswith("ack p50 3m · p90 9m (2 acked)")


async def test_the_chart_rebuckets_to_its_width() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 5)) as pilot:
        chart = app.query_one(StormChart)
        chart.show_engagements(minutes(0, 59), (T0, T0 + timedelta(hours=1)), partial=False)
        await pilot.resize_terminal(30, 5)
        await pilot.pause()
        data = app.query_one(Sparkline).data
        assert data is not None and len(data) == 30 and (data[0], data[-1]) == (1, 1)
        assert "2m per bar" in caption(app)


def reference_counts(
    starts: list[datetime | None], start: datetime, end: datetime, buckets: int
) -> list[int]:
    """The chart's rule, one instant at a time: [start, end] in equal slices, end in the last."""
    counts = [0] * max(buckets, 0)
    span = (end - start).total_seconds()
    for moment in starts:
        if moment is None or span <= 0 or not counts:
            continue
        offset = (moment.astimezone(UTC) - start).total_seconds()
        if 0 <= offset <= span:
            counts[min(int(offset / span * buckets), buckets - 1)] += 1
    return counts


def test_the_start_index_counts_pages_in_any_order_like_one_walk() -> None:
    rng = random.Random(7)
    zones = [UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kathmandu")]
    for _ in range(60):
        starts: list[datetime | None] = [
            None
            if rng.random() < 0.05
            else (
                T0 + timedelta(minutes=rng.choice([rng.uniform(-10, 70), rng.randint(-10, 70)]))
            ).astimezone(rng.choice(zones))
            for _ in range(rng.randint(0, 200))
        ]
        pages = [starts[i : i + 23] for i in range(0, len(starts), 23)]
        rng.shuffle(pages)  # newest-first pages, older ones, and out-of-order ones
        index = StartIndex()
        for page in pages:
            index.add(page)
        buckets = rng.randint(0, 70)
        window = (T0, T0 + timedelta(minutes=rng.choice([60, 61.5, 7])))
        assert index.counts(*window, buckets) == reference_counts(starts, *window, buckets)


def test_a_replaced_row_moves_its_bar() -> None:
    index = StartIndex(minutes(5, 5, 50))
    index.remove(minutes(5)[0])
    index.add(minutes(35))
    index.remove(minutes(20)[0])  # not held: nothing changes
    assert index.counts(T0, T0 + timedelta(hours=1), 2) == [1, 2]
    assert len(index) == 3


async def test_a_new_caption_repaints_without_a_screen_wide_layout(monkeypatch: Any) -> None:
    layouts: list[bool] = []
    original = Screen._refresh_layout

    def counting(self: Screen[None], size: Any = None, scroll: bool = False) -> None:
        layouts.append(scroll)
        original(self, size, scroll)

    app = ChartApp()
    window = (T0, T0 + timedelta(hours=1))
    async with app.run_test(size=(60, 5)) as pilot:
        chart = app.query_one(StormChart)
        chart.show_engagements(minutes(0, 59), window, partial=True)
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        for n in range(1, 6):  # every ack and every page changes the caption
            chart.show_acks([timedelta(minutes=n)])
            chart.show_engagements(minutes(0, 59, n), window, partial=n < 5)
            await pilot.pause()
        assert caption(app) == "3 engagements · 1m per bar · ack p50 5m · p90 5m (1 acked)"
        assert layouts == [], "a caption of one line needs no screen-wide layout"


async def test_rows_are_counted_again_only_when_they_or_the_second_change(
    monkeypatch: Any,
) -> None:
    """Pages arrive several a second and every one redraws the chart of an open window that
    ends "now": counting every row each time was a third of a page's work (bench P2)."""
    counted: list[int] = []
    count = StartIndex.counts

    def counting(index: StartIndex, *args: Any) -> list[int]:
        counted.append(len(index))
        return count(index, *args)

    monkeypatch.setattr(StartIndex, "counts", counting)
    app = ChartApp()
    async with app.run_test(size=(60, 5)) as pilot:
        chart = app.query_one(StormChart)
        index = StartIndex(minutes(0, 30))
        now = T0 + timedelta(hours=1, microseconds=200_000)
        for later in (0, 300_000, 500_000):  # the same second, the same rows
            chart.show_engagements(index, (T0, now + timedelta(microseconds=later)), partial=True)
        await pilot.pause()
        assert counted == [2]
        index.add(minutes(59))
        chart.show_engagements(index, (T0, now), partial=True)
        index.remove(minutes(0)[0])  # a row replaced by one with another start
        chart.show_engagements(index, (T0, now), partial=True)
        index.add(minutes(45))
        chart.show_engagements(index, (T0, now), partial=True)
        await pilot.pause()
        assert counted == [2, 3, 2, 3]
        assert caption(app).startswith("3 engagements")
        data = app.query_one(Sparkline).data
        assert data is not None and sum(data) == 3 and data[0] == 0, "minute 0's row is gone"
