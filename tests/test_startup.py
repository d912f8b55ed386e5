"""The page fetched during start-up is used for the start query's first fetch, and only then."""

from __future__ import annotations

import gc
from concurrent.futures import Future
from typing import Any

from engage_tui import cli, first_page
from engage_tui.aws.models import Engagement, Query, ResultPage
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator
from engage_tui.startup import Startup

INCIDENT = "arn:aws:ssm-incidents::111122223333:incident-record/plan/abc"


def page() -> Future[ResultPage[Engagement]]:
    future: Future[ResultPage[Engagement]] = Future()
    future.set_result(ResultPage(items=(), next_token=None))
    return future


def test_the_prefetched_page_serves_the_same_query_once() -> None:
    prefetched = page()
    startup = Startup(Query(), prefetched)
    assert startup.take(Query()) is prefetched
    assert startup.take(Query()) is None, "a later fetch (r, a new query) asks the service"


def test_a_different_first_query_never_gets_it_even_later() -> None:
    startup = Startup(Query(), page())
    assert startup.take(Query(incident_arn=INCIDENT)) is None
    assert startup.take(Query()) is None, "by then the page would be stale"


def ahead_pages(served: dict[tuple[str, int], Future[ResultPage[Engagement]]]) -> Any:
    return lambda token, size: served.pop((token, size), None)


def test_pages_fetched_ahead_follow_only_the_prefetched_first_page() -> None:
    second = page()
    startup = Startup(Query(), page(), ahead=ahead_pages({("t2", 50): second}))
    assert startup.take(Query(), "t2", 50) is None, "not before the first page was taken"
    assert startup.take(Query()) is not None
    assert startup.take(Query(incident_arn=INCIDENT), "t2", 50) is None, "another query's"
    assert startup.take(Query(), "t2", 100) is None, "a size the child did not fetch"
    assert startup.take(Query(), "t2", 50) is second
    assert startup.take(Query(), "t2", 50) is None, "each page once"


def test_after_a_reload_the_pages_fetched_ahead_are_stale() -> None:
    startup = Startup(Query(), page(), ahead=ahead_pages({("t2", 50): page()}))
    assert startup.take(Query()) is not None
    assert startup.take(Query()) is None  # r: page one again, from the service
    assert startup.take(Query(), "t2", 50) is None


def test_the_collector_runs_again_once_the_first_frame_is_drawn(emulator: Emulator) -> None:
    """Start-up holds the cyclic collector off (cli.run_browser); left off, every cycle made
    during a long session would be kept."""
    fetch = first_page.start(Source.for_endpoint(emulator.url), Query(), 10)
    gc.disable()
    try:
        cli.first_frame_drawn(fetch)
        assert gc.isenabled()
    finally:
        gc.enable()
        fetch.abandon()
