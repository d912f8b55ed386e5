"""Faults from the endpoint, through the real app: what the user is told, and that recovery loses
no row and shows none twice (checked against the emulator's oracle)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from engage_tui.browse.screen import BrowseScreen
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.widgets.engagements_table import EngagementsTable
from engage_tui.widgets.incident_picker import IncidentPicker
from tests.harness import make_app, screen_text, settle, toasts

SIZE = (160, 45)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    # 3000 rows: pages of 100, 200, 400, then 500; the first ~1200 load ahead of the cursor
    # (prefetch), the rest only as the user scrolls, so a fault can hit a later page.
    with Emulator(EmulatorConfig(engagements=3000, incidents=12, seed=5)) as emulator:
        yield emulator


def table(app) -> EngagementsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(EngagementsTable)


def shown_arns(app) -> list[str]:  # type: ignore[no-untyped-def]
    rows = table(app)
    return [rows.engagement_at(i).arn for i in range(rows.shown_count)]


def expected_arns(emu: Emulator) -> list[str]:
    return [e["EngagementArn"] for e in emu.data.expected_engagements()]


async def scroll_to_end(pilot: Pilot, *, until: str = "end") -> None:  # type: ignore[type-arg]
    """Press End until the tail marker reaches `until` ("end" or "failed"); bounded."""
    rows = table(pilot.app)
    for _ in range(20):
        if rows.tail_state == until:
            return
        await pilot.press("end")
        await settle(pilot)
    raise AssertionError(f"tail stayed {rows.tail_state!r}, wanted {until!r}")


RETRY, RELOAD = "r: retry", "r: reload from the first page"


def says_one_recovery(app, hint: str) -> None:  # type: ignore[no-untyped-def]
    """The status bar and the banner name the same recovery, and never the other one."""
    other = RELOAD if hint == RETRY else RETRY
    status = str(app.screen.query_one("#status").render())
    banner = " ".join(str(app.screen.query_one("#error-banner").render()).split())
    assert f"({hint})" in status, "the status bar says what r does"
    assert banner.endswith(hint), "the banner says the same"
    assert other not in status + banner


async def fail_next_page(pilot: Pilot, hint: str = RETRY) -> str:  # type: ignore[type-arg]
    """Scroll for more with a fault switched on; returns the screen text the user sees."""
    await scroll_to_end(pilot, until="failed")
    text = screen_text(pilot.app)
    says_one_recovery(pilot.app, hint)
    assert pilot.app.is_running
    return text


async def recover_and_check(pilot: Pilot, emu: Emulator) -> None:  # type: ignore[type-arg]
    emu.faults.clear()
    await pilot.press("r")
    await settle(pilot)
    await scroll_to_end(pilot)
    assert shown_arns(pilot.app) == expected_arns(emu), "every row once, in the server's order"
    assert "3,000 engagements │" in screen_text(pilot.app), "the status bar shows the total"


def said(app) -> str:  # type: ignore[no-untyped-def]
    """The screen and the toasts' full messages (a toast wraps its text across lines)."""
    return screen_text(app) + toasts(app)


def list_calls(emu: Emulator) -> list[dict]:
    return [params for op, params in emu.requests if op == "ListEngagements"]


async def test_short_throttling_burst_is_retried_without_the_user_noticing(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.ops = {"ListEngagements"}
        emu.faults.throttle_burst = 2
        await scroll_to_end(pilot)
        assert shown_arns(app) == expected_arns(emu)
        assert "Couldn't load" not in screen_text(app)
        assert emu.faults.throttle_burst == 0, "the burst really happened"


async def test_long_throttling_burst_says_wait_and_r_continues(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.ops = {"ListEngagements"}
        emu.faults.throttle_burst = 50
        text = await fail_next_page(pilot)
        assert "throttling ssm-contacts:ListEngagements" in text
        assert "Wait a few seconds, then press r" in text
        await recover_and_check(pilot, emu)


async def test_a_single_server_error_is_retried_without_the_user_noticing(emu: Emulator) -> None:
    emu.faults.ops = {"ListEngagements"}
    emu.faults.server_error_next = 1  # one 500: the second try gets through
    app = make_app(emu.url, max_attempts=2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await scroll_to_end(pilot)
        assert shown_arns(app) == expected_arns(emu)
        assert emu.faults.server_error_next == 0, "the 500 really happened"
        assert "Couldn't load" not in screen_text(app)


async def test_persistent_server_errors_are_reported_and_r_continues(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.ops = {"ListEngagements"}
        emu.faults.server_error_next = 10
        text = await fail_next_page(pilot)
        assert "internal error on ssm-contacts:ListEngagements" in text
        await recover_and_check(pilot, emu)


async def test_stall_longer_than_read_timeout_reports_timeout(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1, read_timeout=0.3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.ops = {"ListEngagements"}
        emu.faults.stall_seconds = 2.0
        text = await fail_next_page(pilot)
        assert "did not answer in time" in text
        assert "timeout" in text
        await recover_and_check(pilot, emu)


async def test_dropped_connection_reports_unreachable(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.ops = {"ListEngagements"}
        emu.faults.drop_next = 5
        text = await fail_next_page(pilot)
        assert "Could not reach the AWS endpoint" in text
        await recover_and_check(pilot, emu)


async def test_malformed_json_is_reported_not_taken_as_the_last_page(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.ops = {"ListEngagements"}
        emu.faults.malformed_next = 5
        text = await fail_next_page(pilot)
        assert "end of results" not in text
        assert "Press r to try again" in text
        await recover_and_check(pilot, emu)


async def test_malformed_first_page_shows_why_in_the_empty_table(emu: Emulator) -> None:
    emu.faults.ops = {"ListEngagements"}
    emu.faults.malformed_next = 1
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "No engagements" not in text, "a garbled reply is not an empty result"
        assert "Press r to try again" in text
        await recover_and_check(pilot, emu)


async def test_expired_credentials_mid_session_name_sso_login_and_r_continues(
    emu: Emulator,
) -> None:
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        loaded = shown_arns(app)
        emu.faults.expired_credentials = True
        text = await fail_next_page(pilot)
        assert "credentials have expired" in text
        assert "aws sso login" in text
        assert shown_arns(app) == loaded, "rows already shown stay"
        await recover_and_check(pilot, emu)


async def test_access_denied_names_the_iam_action(emu: Emulator) -> None:
    emu.faults.access_denied = {"ListEngagements"}
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "ssm-contacts:ListEngagements" in text
        assert "access-denied (r: retry)" in text
        says_one_recovery(app, RETRY)
        assert table(app).row_count == 0
        await recover_and_check(pilot, emu)


async def test_rejected_next_token_says_so_and_r_reloads_from_page_one(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        # The service "restarts": every token it handed out no longer verifies.
        emu.forget_tokens()
        text = await fail_next_page(pilot, RELOAD)
        assert "rejected the pagination token" in text
        emu.clear_requests()
        await recover_and_check(pilot, emu)
        assert "NextToken" not in list_calls(emu)[0], "r started over from the first page"


async def test_repeated_next_token_stops_paging_with_a_warning(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        emu.faults.repeat_token = True
        before = len(list_calls(emu))
        await scroll_to_end(pilot, until="failed")  # not "end of results": the rest is unknown
        for _ in range(5):  # more scrolling asks for nothing more
            await pilot.press("end")
            await settle(pilot)
        calls = list_calls(emu)
        assert len(calls) == before + 1, "no loop: the repeated token is never sent again"
        tokens = [c.get("NextToken") for c in calls]
        assert len(tokens) == len(set(tokens))
        text = screen_text(app)
        assert "NextToken it had already sent" in text
        says_one_recovery(app, RELOAD)
        arns = shown_arns(app)
        assert arns == expected_arns(emu)[: len(arns)], "what is shown is right, and once"
        await recover_and_check(pilot, emu)


async def test_a_failing_incident_list_says_so_and_r_loads_it(emu: Emulator) -> None:
    emu.faults.ops = {"ListIncidentRecords"}
    emu.faults.server_error_next = 10
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "Couldn't load incidents" in screen_text(app), "a toast says what failed"
        text = said(app)
        assert "internal error on ssm-incidents:ListIncidentRecords" in text
        assert "⚠ AWS had" in screen_text(app), "the picker says why it is empty"
        emu.faults.clear()
        await pilot.press("r")
        await settle(pilot)
        picker = app.screen.query_one(IncidentPicker)
        assert list(picker.incidents) == [i["arn"] for i in emu.data.incidents()]
        assert emu.data.incidents()[0]["title"][:20] in screen_text(app)
        await scroll_to_end(pilot)
        assert shown_arns(app) == expected_arns(emu)
