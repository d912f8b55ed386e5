"""The drill-in's context sections against the demo story: how each page resolved, what happens
next (counting down with the clock), who is on call, and the incident; each loading on its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock
from tests.harness import screen_text, settle, wait_until

ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)
CONTACTS = "arn:aws:ssm-contacts:us-east-1:123456789012:contact"
PATH = (
    "1. Payments escalation (plan) → stage 1 → Payments primary on-call (on-call schedule)"
    " → Lena Fischer (person)"
)


@pytest.fixture
def story() -> Iterator[Emulator]:
    config = EmulatorConfig(story=True, anchor=ANCHOR, clock=ManualClock(ANCHOR))
    with Emulator(config) as emu:
        yield emu


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = ANCHOR

    def __call__(self) -> datetime:
        return self.now


def drill_app(emu: Emulator, clock: Clock | None = None) -> Any:
    launch = resolve(parser().parse_args(["--no-watch"]))
    source = Source.for_endpoint(emu.url, max_attempts=1, read_timeout=2.0)
    return build_app(source, launch, demo=True, clock=clock or Clock())


def ongoing(emu: Emulator, contact: str) -> str:
    return next(
        row["EngagementArn"]
        for row in emu.data.expected_engagements()
        if f"/{contact}/" in row["EngagementArn"] and "StopTime" not in row
    )


async def open_drill(pilot: Any, arn: str) -> str:
    await settle(pilot)
    pilot.app.open_engagement(arn)
    await settle(pilot)
    return screen_text(pilot.app)


async def test_drill_in_shows_the_path_the_next_stage_and_the_incident(story: Emulator) -> None:
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "payments-escalation"))
    assert PATH in shown
    assert "▶ stage 1 (7m): payments-primary" in shown
    assert "stage 2 → kwame_n in 3m 00s" in shown
    assert "[SEV2] Checkout errors" in shown and "not resolved" in shown
    times = [line.split("·")[0].strip() for line in shown.splitlines() if "SSM Contacts" in line]
    assert len(times) >= 3 and times == sorted(times, reverse=True), "newest event first"
    assert "https://console.aws.amazon.com/cloudwatch/home" in shown
    assert "On call now" not in shown, "a plan's engagement has no on-call section"


async def test_the_countdown_follows_the_clock_to_the_end(story: Emulator) -> None:
    clock = Clock()
    app = drill_app(story, clock)
    async with app.run_test(size=(130, 120)) as pilot:
        await open_drill(pilot, ongoing(story, "payments-escalation"))
        clock.now = ANCHOR + timedelta(seconds=70)
        await wait_until(pilot, lambda: "stage 2 → kwame_n in 1m 50s" in screen_text(app))
        clock.now = ANCHOR + timedelta(minutes=3, seconds=1)
        await wait_until(pilot, lambda: "stage 3 → asa_e in 9m 59s" in screen_text(app))
        assert "▶ stage 2 (10m): kwame_n" in screen_text(app)
        clock.now = ANCHOR + timedelta(minutes=14)
        await wait_until(pilot, lambda: "escalation finished" in screen_text(app))


async def test_an_acknowledged_engagement_has_no_countdown(story: Emulator) -> None:
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "checkout-escalation"))
    assert "Escalation path" in shown
    assert "What happens next" not in shown


async def test_a_schedule_engagement_shows_who_is_on_call_now(story: Emulator) -> None:
    priya = story.data.contact(f"{CONTACTS}/priya_r")["DisplayName"]
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "checkout-primary"))
    assert "On call now" in shown
    now_line = next(line for line in shown.splitlines() if "│  Now " in line)
    assert priya in now_line
    assert "Until" in shown and "Next" in shown


async def test_denied_shifts_hide_only_who_is_on_call(story: Emulator) -> None:
    story.faults.access_denied = {"ListRotationShifts"}
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "checkout-primary"))
    section = shown.split("On call now")[1]
    assert "unavailable:" in section.splitlines()[1] and "ListRotationShifts" in section
    assert "Escalation path" in shown and "[SEV2] Checkout errors" in shown


async def test_a_denied_incident_record_hides_only_that_part(story: Emulator) -> None:
    story.faults.access_denied = {"GetIncidentRecord"}
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "payments-escalation"))
    assert "record unavailable:" in shown and "GetIncidentRecord" in shown
    assert "[SEV2] Checkout errors" not in shown.split("The incident")[1]
    assert "Timeline (newest first)" in shown and "Related items" in shown
    assert PATH in shown and "stage 2 → kwame_n in 3m 00s" in shown
    assert "Pages sent (1)" in shown, "the drill-in itself still shows"


async def test_a_denied_resolution_hides_only_the_path(story: Emulator) -> None:
    story.faults.access_denied = {"ListPageResolutions"}
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "payments-escalation"))
    assert "1. unavailable:" in shown and PATH not in shown
    assert "stage 2 → kwame_n in 3m 00s" in shown
    assert "[SEV2] Checkout errors" in shown


async def test_a_denied_plan_says_why_and_keeps_the_rest(story: Emulator) -> None:
    story.faults.access_denied = {"GetContact"}
    app = drill_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        shown = await open_drill(pilot, ongoing(story, "payments-escalation"))
    assert "What happens next / On call now" in shown and "unavailable:" in shown
    assert "kwame_n in" not in shown
    assert "payments-escalation (plan) → stage 1" in shown, "aliases stand in for names"
    assert "[SEV2] Checkout errors" in shown


def test_drill_in_with_context_snapshot(snap_compare: Any, story: Emulator) -> None:
    async def open_payments(pilot: Any) -> None:
        await open_drill(pilot, ongoing(story, "payments-escalation"))
        await pilot.press("G")
        await pilot.pause()

    app = drill_app(story)
    assert snap_compare(app, terminal_size=(120, 60), run_before=open_payments)
