"""Every engagement of a query, each once, from the emulator: duplicates, loops, acks, pacing."""

from __future__ import annotations

import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator
from engage_tui.share.stream import MAX_BARREN_PAGES, AckLookup, Pacer, QueryPages
from tests.share_helpers import row


def quick(url: str) -> Source:
    return Source.for_endpoint(url, max_attempts=1)


def arns(emulator: Emulator, incident: str | None = None) -> list[str]:
    return [e["EngagementArn"] for e in emulator.data.expected_engagements(incident)]


def test_every_row_of_the_query_once_though_pages_repeat(emulator: Emulator) -> None:
    emulator.faults.duplicate_pages_next = 3
    pages = QueryPages(quick(emulator.url), Query(), page_size=30)
    got = [r.arn for page in pages for r in page]
    assert got == arns(emulator)
    assert pages.duplicates == 90
    assert pages.pages == 200 // 30 + 1 + 3


def test_only_the_incidents_rows(emulator: Emulator) -> None:
    incident = emulator.data.incidents()[1]["arn"]
    pages = QueryPages(quick(emulator.url), Query(incident), page_size=7)
    assert [r.arn for page in pages for r in page] == arns(emulator, incident)


def test_a_token_loop_stops_with_a_readable_error_after_the_rows_it_had(emulator: Emulator) -> None:
    emulator.faults.repeat_token = True
    got: list[str] = []
    with pytest.raises(SourceError) as caught:
        for page in QueryPages(quick(emulator.url), Query(), page_size=25):
            got += [r.arn for r in page]
    assert caught.value.kind is ErrorKind.BAD_RESPONSE
    assert "NextToken it had already sent" in caught.value.message
    assert got == arns(emulator)[: len(got)] and len(got) >= 25


def test_endless_empty_pages_stop_instead_of_spinning(emulator: Emulator) -> None:
    emulator.faults.empty_pages_next = 1000
    with pytest.raises(SourceError, match="pages in a row with no new engagement"):
        for _ in QueryPages(quick(emulator.url), Query(), page_size=25):
            pass
    assert emulator.faults.empty_pages_next == 1000 - MAX_BARREN_PAGES


def test_pacer_spaces_calls_at_the_rate() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    pacer = Pacer(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        pacer.wait()
    now[0] += 1.0  # a slow call: no need to wait before the next
    pacer.wait()
    assert slept == [0.25, 0.25]


def test_acks_match_the_full_timeline_and_a_vanished_row_is_unknown(emulator: Emulator) -> None:
    source = quick(emulator.url)
    lookup = AckLookup(source, Pacer(1000.0))
    first = next(iter(QueryPages(source, Query(), page_size=20)))
    for item in first:
        assert lookup(item) == source.timeline_parts(item.arn).acknowledgement(item)
    gone = row(arn=first[0].arn[:-4] + "0000")
    assert lookup(gone).known is False


def test_a_denied_ack_lookup_stops_the_export(emulator: Emulator) -> None:
    emulator.faults.access_denied = {"ListPagesByEngagement"}
    source = quick(emulator.url)
    first = next(iter(QueryPages(source, Query(), page_size=5)))
    with pytest.raises(SourceError) as caught:
        AckLookup(source, Pacer(1000.0))(first[0])
    assert caught.value.kind is ErrorKind.ACCESS_DENIED
