"""Untrusted text (API fields, error messages that echo input, config keys) is shown literally:
never interpreted as markup, never passed to the terminal as control bytes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from engage_tui import config
from engage_tui.browse.screen import BrowseScreen
from engage_tui.cli import main
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.screens.engagement import EngagementScreen
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, rendered_segments, screen_text, settle, toasts, wait_until

SIZE = (160, 45)
# C0, DEL, C1, and the bidi controls that reorder what follows them.
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def emu() -> Iterator[Emulator]:
    config = EmulatorConfig(engagements=30, incidents=8, seed=9, hostile=True)
    with Emulator(config) as emulator:
        yield emulator


def assert_inert(app) -> None:  # type: ignore[no-untyped-def]
    """Every rendered segment is plain text: no control byte, no hyperlink from API text."""
    for segment in rendered_segments(app):
        assert segment.control is None
        bad = FORBIDDEN.findall(segment.text)
        assert not bad, f"control characters {bad!r} in {segment.text!r}"
        assert segment.style is None or not segment.style.link, segment.text


def said(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app) + toasts(app)


async def open_detail(pilot: Pilot, arn: str) -> None:  # type: ignore[type-arg]
    await wait_until(pilot, lambda: arn in pilot.app.timelines)


async def test_hostile_rows_detail_and_drill_in_render_literally(emu: Emulator) -> None:
    rows = emu.data.all_engagements()
    hostile = [i for i in range(len(rows)) if emu.data.rows.is_hostile(i)]
    assert hostile, "the dataset has hostile rows"
    app = make_app(emu.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert_inert(app)
        table = app.screen.query_one(EngagementsTable)
        for index in range(len(rows)):
            assert table.cursor_row == index
            if index in hostile:
                await open_detail(pilot, rows[index]["EngagementArn"])
                assert_inert(app)
            await pilot.press("down")
            await pilot.pause()
        assert_inert(app)
        # The drill-in of a hostile engagement: subject, content, public text, receipts.
        table.cursor_row = hostile[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EngagementScreen)
        text = screen_text(app)
        assert "[bold red]BOOM[/]" in text, "markup is shown as typed"
        assert "␛" in text, "an escape is made visible, not obeyed"
        assert_inert(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Pages sent" in screen_text(app)
        assert_inert(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_hostile_incident_titles_in_picker_and_status_bar(emu: Emulator) -> None:
    incidents = emu.data.incidents()
    titled = [i for i in incidents if "BOOM" in i["title"]]
    assert titled
    app = make_app(emu.url, "--incident", titled[0]["arn"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.screen.current_query.incident_arn == titled[0]["arn"]
        text = screen_text(app)
        assert "[bold red]BOOM" in text or "[/]" in text or "[link=" in text
        assert_inert(app)
        await pilot.press("i")
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert_inert(app)


def test_a_flag_that_is_not_an_arn_is_refused_before_the_app_starts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--incident", "[/]stray \x1b]52;c;cHduZWQ=\x07"]) == 2
    said = capsys.readouterr().err
    assert "is not an ARN" in said and "\x1b" not in said, "the escape is spelled out"


async def test_error_echoing_hostile_input_is_shown_literally(emu: Emulator) -> None:
    """AWS quotes a rejected value back in its message; that message must not be obeyed."""
    incident = "arn:aws:ssm-incidents::1:incident-record/x/[bold]"
    app = make_app(emu.url, "--incident", incident)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.is_running
        text = said(app)
        assert "AWS rejected the request" in text
        assert "[/]" in text or "[bold]" in text
        assert_inert(app)


async def test_not_found_engagement_from_the_command_line_is_shown_literally(
    emu: Emulator,
) -> None:
    arn = "arn:aws:ssm-contacts:us-east-1:123456789012:engagement/x/[/]\x1b[2J"
    app = make_app(emu.url, "--engagement", arn)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EngagementScreen)
        text = screen_text(app)
        assert "Couldn't load this engagement" in text
        assert "engagement/x/[/]\\x1b[2J" in text, "the escape is spelled out, not obeyed"
        assert_inert(app)


async def test_config_key_with_markup_is_reported_literally(emu: Emulator) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text('"[/]pagesize" = 5\ntheme = "\\u001b]0;pwned\\u0007"\n', encoding="utf-8")
    app = make_app(emu.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.is_running
        text = said(app)
        assert "unknown setting '[/]pagesize'" in text
        assert "is not a Textual theme; using the default" in text
        assert "config.toml" in screen_text(app)
        assert_inert(app)
