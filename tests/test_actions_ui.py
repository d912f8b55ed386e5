"""Acknowledge (a) and stop (X) as a responder uses them, against the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.screens.actions import AcknowledgeScreen, StopScreen
from engage_tui.screens.engagement import EngagementScreen
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, toasts, wait_until


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(story=True, engagements=300, incidents=10, seed=7)) as emulator:
        yield emulator


def calls(emu: Emulator, operation: str) -> list[dict]:
    return [params for op, params in emu.requests if op == operation]


def unread_ongoing(emu: Emulator) -> tuple[str, str]:
    """An ongoing engagement and one of its pages nobody has read."""
    for row in emu.data.expected_engagements():
        if row.get("StopTime"):
            continue
        for page in emu.data.pages(row["EngagementArn"]):
            if not page.get("ReadTime"):
                return row["EngagementArn"], page["PageArn"]
    raise AssertionError("the story has an unread page")


async def put_cursor_on(pilot, arn: str) -> None:  # type: ignore[no-untyped-def]
    table = pilot.app.screen.query_one(EngagementsTable)
    assert table.select_arn(arn)
    await settle(pilot)


async def test_read_only_refuses_and_says_how_to_turn_actions_on(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        assert "read-only" in screen_text(app)
        await pilot.press("a")
        await pilot.press("X")
        await settle(pilot)
        said = toasts(app)
        assert "--allow-actions" in said
        assert not calls(emu, "AcceptPage") and not calls(emu, "StopEngagement")


async def test_a_wrong_code_keeps_the_prompt_and_the_right_one_acknowledges(emu: Emulator) -> None:
    arn, page = unread_ongoing(emu)
    app = make_app(emu.url, "--allow-actions")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "actions on" in screen_text(app)
        await put_cursor_on(pilot, arn)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AcknowledgeScreen))
        await pilot.press(*"000000", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeScreen), "the prompt stays for another try"
        assert "doesn't match" in screen_text(app)
        assert calls(emu, "AcceptPage")[-1]["AcceptCodeValidation"] == "ENFORCE"
        app.screen.query_one("#ack-code").value = ""
        await pilot.press(*emu.data.accept_code(page), "enter")
        await settle(pilot)
        assert not isinstance(app.screen, AcknowledgeScreen)
        await wait_until(pilot, lambda: "✓" in str(app.screen.query_one("#detail-body").render()))
        assert any(p.get("ReadTime") for p in emu.data.pages(arn)), "the service recorded it"


async def test_stop_with_a_reason_asks_to_confirm_and_updates_the_row(emu: Emulator) -> None:
    arn, _page = unread_ongoing(emu)
    app = make_app(emu.url, "--allow-actions")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await put_cursor_on(pilot, arn)
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, StopScreen)
        await pilot.press(*"handled on the bridge", "enter")
        await pilot.pause()
        assert "Enter again to stop" in screen_text(app) and not calls(emu, "StopEngagement")
        await pilot.press("enter")
        await settle(pilot)
        assert calls(emu, "StopEngagement")[-1]["Reason"] == "handled on the bridge"
        table = app.screen.query_one(EngagementsTable)
        await wait_until(pilot, lambda: table.cursor_engagement.stop is not None)
        assert table.cursor_engagement.arn == arn, "updated in place, cursor kept"


async def test_copy_menu_copies_markdown_and_an_aws_command_free_of_control_characters(
    emu: Emulator,
) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        arn = app.screen.query_one(EngagementsTable).cursor_engagement.arn
        await pilot.press("y")
        await pilot.pause()
        labels = [str(o.prompt) for o in app.screen.query_one("OptionList").options]
        await pilot.press(*["down"] * labels.index("aws CLI commands"), "enter")
        await pilot.pause()
        assert app.clipboard.startswith("aws ssm-contacts describe-engagement")
        assert arn in app.clipboard and "--endpoint-url" in app.clipboard
        await pilot.press("y")
        await pilot.pause()
        await pilot.press(*["down"] * labels.index("Markdown summary (Slack, tickets)"), "enter")
        await pilot.pause()
        assert app.clipboard.isprintable() or "\n" in app.clipboard
        assert not any(ord(ch) < 32 and ch != "\n" for ch in app.clipboard)
        assert "Acknowledg" in app.clipboard or "acknowledg" in app.clipboard


async def test_open_console_without_a_browser_copies_the_link(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await wait_until(pilot, lambda: app.clipboard.startswith("https://"))
        assert "console.aws.amazon.com" in app.clipboard


async def test_the_drill_in_acts_too_and_the_row_underneath_follows(emu: Emulator) -> None:
    arn, _page = unread_ongoing(emu)
    app = make_app(emu.url, "--allow-actions")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await put_cursor_on(pilot, arn)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EngagementScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeScreen), "a asks for the code in the drill-in"
        await pilot.press("escape")
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, StopScreen)
        described = len(calls(emu, "DescribeEngagement"))
        await pilot.press(*"bridge closed", "enter", "enter")
        await settle(pilot)
        assert calls(emu, "StopEngagement")[-1]["EngagementId"] == arn
        assert isinstance(app.screen, EngagementScreen)
        await wait_until(pilot, lambda: "Stopped   ongoing" not in screen_text(app))
        assert len(calls(emu, "DescribeEngagement")) == described + 1, "read again once, for both"
        await pilot.press("escape")
        table = app.screen.query_one(EngagementsTable)
        await wait_until(pilot, lambda: table.cursor_engagement.stop is not None)
        assert table.cursor_engagement.arn == arn
