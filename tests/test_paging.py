"""The pager decides what may be fetched: one request in flight, never a token twice."""

from __future__ import annotations

import pytest

from engage_tui.aws.models import Query
from engage_tui.paging import Pager, RepeatedTokenError


def test_only_one_fetch_in_flight_per_query() -> None:
    pager = Pager()
    pager.reset(Query())
    first = pager.next_ticket()
    assert first is not None and first.token is None
    assert pager.next_ticket() is None  # a second scroll event while the first page loads


def test_pages_follow_tokens_until_the_end() -> None:
    pager = Pager()
    pager.reset(Query())
    ticket = pager.next_ticket()
    assert ticket is not None
    pager.page_loaded(ticket, 50, "t1")
    ticket = pager.next_ticket()
    assert ticket is not None and ticket.token == "t1"
    pager.page_loaded(ticket, 50, None)
    assert pager.loaded == 100
    assert not pager.has_more
    assert pager.next_ticket() is None


def test_reset_makes_in_flight_ticket_stale() -> None:
    pager = Pager()
    pager.reset(Query())
    old = pager.next_ticket()
    assert old is not None
    pager.reset(Query(incident_arn="arn:aws:ssm-incidents::1:incident-record/p/abc"))
    assert not pager.is_current(old)
    new = pager.next_ticket()
    assert new is not None and pager.is_current(new) and new.epoch != old.epoch


def test_failed_fetch_waits_for_retry_then_resends_same_token() -> None:
    pager = Pager()
    pager.reset(Query())
    ticket = pager.next_ticket()
    assert ticket is not None
    pager.page_loaded(ticket, 10, "t1")
    ticket = pager.next_ticket()
    assert ticket is not None
    pager.load_failed()
    assert pager.retryable
    assert pager.next_ticket() is None  # no automatic hammering of a failing endpoint
    pager.retry()
    again = pager.next_ticket()
    assert again is not None and again.token == "t1"


def test_repeated_token_stops_paging() -> None:
    pager = Pager()
    pager.reset(Query())
    ticket = pager.next_ticket()
    assert ticket is not None
    pager.page_loaded(ticket, 10, "t1")
    ticket = pager.next_ticket()
    assert ticket is not None
    with pytest.raises(RepeatedTokenError):
        pager.page_loaded(ticket, 10, "t1")
    assert not pager.has_more
    assert pager.next_ticket() is None


def test_unresumable_failure_fetches_nothing_more_for_this_query() -> None:
    pager = Pager()
    pager.reset(Query())
    ticket = pager.next_ticket()
    assert ticket is not None
    pager.page_loaded(ticket, 10, "t1")
    assert pager.next_ticket() is not None
    pager.load_failed(resumable=False)
    assert not pager.retryable
    pager.retry()
    assert pager.next_ticket() is None, "a rejected token is never sent again"
    pager.reset(Query())
    assert pager.next_ticket() is not None, "a reload starts over from page one"
