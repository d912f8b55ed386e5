"""Every engagement of a query for export (`share.stream.QueryPages`): each once, a page at a
time as consumed, and an end (with a readable error) when the server's pages would never end."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import MAX_BARREN_PAGES, Query, TimeRange
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.share.stream import QueryPages
from tests.canned import canned, url


@pytest.fixture(scope="module")
def big() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=1200, incidents=20, seed=11)) as emu:
        yield emu


@pytest.fixture
def fresh(big: Emulator) -> Emulator:
    big.faults.clear()
    big.clear_requests()
    return big


def quick(endpoint: str) -> Source:
    return Source.for_endpoint(endpoint, max_attempts=1, read_timeout=5, connect_timeout=2)


def stream(endpoint: str, query: Query, page_size: int = 200) -> QueryPages:
    return QueryPages(quick(endpoint), query, page_size)


def rows(pages: QueryPages) -> Iterator[str]:
    return (row.arn for page in pages for row in page)


def listings(emu: Emulator) -> list[dict[str, Any]]:
    return [params for op, params in emu.requests if op == "ListEngagements"]


def test_export_yields_exactly_the_emulators_set_in_order(fresh: Emulator) -> None:
    pages = stream(fresh.url, Query(), page_size=500)
    arns = list(rows(pages))
    assert arns == [e["EngagementArn"] for e in fresh.data.expected_engagements()]
    assert len(arns) == 1200
    assert (pages.pages, pages.duplicates) == (3, 0)
    assert [p["MaxResults"] for p in listings(fresh)] == [500, 500, 500]


def test_a_filtered_query_exports_just_its_rows(fresh: Emulator) -> None:
    incident = fresh.data.incidents()[2]["arn"]
    everything = fresh.data.expected_engagements()
    window = TimeRange(everything[900]["StartTime"], everything[100]["StartTime"])
    pages = stream(fresh.url, Query(incident, window), page_size=7)
    expected = fresh.data.expected_engagements(incident, window.start, window.end)
    assert expected and list(rows(pages)) == [e["EngagementArn"] for e in expected]


def test_pages_are_fetched_only_as_rows_are_consumed(fresh: Emulator) -> None:
    arns = rows(stream(fresh.url, Query(), page_size=100))
    assert listings(fresh) == [], "nothing is asked before the first row is wanted"
    first = list(itertools.islice(arns, 150))
    assert len(first) == 150 and len(listings(fresh)) == 2


def test_rows_repeated_across_pages_are_exported_once(fresh: Emulator) -> None:
    fresh.faults.duplicate_pages_next = 2
    pages = stream(fresh.url, Query(), page_size=300)
    arns = list(rows(pages))
    assert arns == [e["EngagementArn"] for e in fresh.data.expected_engagements()]
    assert pages.duplicates == 600 and pages.pages == 4 + 2


def test_empty_pages_in_between_are_passed_over(fresh: Emulator) -> None:
    fresh.faults.empty_pages_next = 3
    pages = stream(fresh.url, Query(), page_size=500)
    arns = list(rows(pages))
    assert arns == [e["EngagementArn"] for e in fresh.data.expected_engagements()]
    assert pages.pages == 3 + 3


def test_a_token_loop_stops_with_an_error_after_the_rows_already_yielded(fresh: Emulator) -> None:
    fresh.faults.repeat_token = True
    got: list[str] = []
    with pytest.raises(SourceError) as caught:
        got.extend(rows(stream(fresh.url, Query(), page_size=400)))
    assert caught.value.kind is ErrorKind.BAD_RESPONSE
    assert "NextToken it had already sent" in caught.value.message
    # The second page came with the token that asked for it: its rows are new, the third is not.
    assert got == [e["EngagementArn"] for e in fresh.data.expected_engagements()[:800]]
    assert len(listings(fresh)) == 2


def test_a_failing_page_ends_the_export_with_its_error_and_keeps_what_came(
    fresh: Emulator,
) -> None:
    arns = rows(stream(fresh.url, Query(), page_size=500))
    got = list(itertools.islice(arns, 500))
    fresh.faults.access_denied = {"ListEngagements"}
    with pytest.raises(SourceError) as caught:
        next(arns)
    assert caught.value.kind is ErrorKind.ACCESS_DENIED
    assert len(got) == 500


def test_endless_empty_pages_with_fresh_tokens_end_as_stuck() -> None:
    counter = itertools.count()

    def answer(operation: str, params: dict[str, Any]) -> object:
        return {"Engagements": [], "NextToken": f"t{next(counter)}"}

    with canned(answer) as srv:
        with pytest.raises(SourceError) as caught:
            list(rows(stream(url(srv), Query())))
        assert len(srv.seen) == MAX_BARREN_PAGES
    assert "in a row with no new engagement" in caught.value.message


def test_page_size_is_kept_within_what_the_api_takes() -> None:
    with canned(lambda operation, params: {"Engagements": []}) as srv:
        for size in (0, 5000):
            assert list(rows(stream(url(srv), Query(), page_size=size))) == []
        assert [params["MaxResults"] for _, params in srv.seen] == [1, 1024]
