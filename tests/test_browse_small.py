"""Small things a user notices on the browse screen: copy, footer, palette, picker, labels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, main, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.sanitize import is_arn
from engage_tui.screens.help import HelpScreen
from engage_tui.widgets.engagements_table import EngagementsTable
from engage_tui.widgets.incident_picker import IncidentPicker
from tests.harness import make_app, screen_text, settle, toasts, wait_until

GOOD_ARN = "arn:aws:ssm-contacts:us-east-1:111122223333:engagement/alice/0f1e2d3c-4b5a"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=300, incidents=12, seed=5)) as emulator:
        yield emulator


@given(st.text())
def test_only_well_formed_arns_pass_and_none_holds_a_control_character(text: str) -> None:
    if is_arn(text):
        assert text.startswith("arn:aws") and text.isprintable() and " " not in text


def test_real_arns_are_arns() -> None:
    assert is_arn(GOOD_ARN)
    assert is_arn("arn:aws:ssm-incidents::111122223333:incident-record/plan/4f1c-9a")
    assert not is_arn(GOOD_ARN + "\x1b]52;c;aGk=\x07")
    assert not is_arn("[b]arn[/b]")


async def test_copy_refuses_what_is_not_an_arn_and_says_why(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        app.copy_arn(GOOD_ARN + "\x1b]52;c;aGk=\x07", "Engagement ARN")
        await pilot.pause()
        assert app.clipboard == ""
        said = toasts(app)
        assert "Not copied" in said and "not a well-formed ARN" in said
        await pilot.press("c")
        assert app.clipboard == app.screen.query_one(EngagementsTable).cursor_engagement.arn


async def test_footer_shows_help_and_quit_at_80_columns(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "? Keys" in footer and "q Quit" in footer


async def test_palette_keys_opens_the_apps_own_help(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        keys = [c for c in app.get_system_commands(app.screen) if c.title == "Keys"]
        assert len(keys) == 1
        keys[0].callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Time range" in screen_text(app)


async def test_picker_filter_matches_titles_not_hidden_arn_text(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("i", *"incident-record")  # in every ARN, in no title
        await pilot.pause()
        option_list = app.screen.query_one(IncidentPicker).query_one("#incident-list")
        ids = [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]
        assert not any(i and i.startswith("arn:") for i in ids)


def ids_shown(app) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [e.incident_arn for e in app.screen.feed.rows[:30]]


async def test_incident_ids_do_not_flash_before_titles_arrive(emu: Emulator) -> None:
    emu.faults.ops = {"ListIncidentRecords"}
    emu.faults.stall_seconds = 1.0
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        table = app.screen.query_one(EngagementsTable)
        for _ in range(300):  # not settle(): that would wait out the stalled incidents call
            await pilot.pause(0.01)
            if table.row_count > 0 and table.titles_pending:
                break
        ids = {
            e.incident_arn.rsplit("/", 1)[-1][:8]
            for e in app.screen.feed.rows[:30]
            if e.incident_arn
        }
        text = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert ids and not any(short in text for short in ids), text
        assert "…" in text
        await wait_until(pilot, lambda: not table.titles_pending)
        titles = [app.names.incident_titles.get(arn or "") for arn in ids_shown(app)]
        text = screen_text(app)
        assert any(title and title[:12] in text for title in titles)


async def test_typing_a_preset_number_in_the_range_prompt_applies_it(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t", "2", "enter")
        await settle(pilot)
        window = app.screen.current_query.time_range
        assert window is not None and window.end - window.start == timedelta(hours=1)


async def test_detail_ages_move_on_with_the_clock(emu: Emulator) -> None:
    now = [datetime.now(UTC)]
    launch = resolve(parser().parse_args([]))
    source = Source.for_endpoint(emu.url, max_attempts=1)
    app = build_app(source, launch, demo=True, clock=lambda: now[0])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "Acked" in screen_text(app))
        start = app.screen.query_one(EngagementsTable).cursor_engagement.start
        minutes = int((now[0] - start).total_seconds() // 60)
        now[0] += timedelta(minutes=10)
        app.screen.refresh_clock()
        await pilot.pause()
        detail = str(app.screen.query_one("#detail-body").render())
        assert f"{minutes + 10}m ago" in detail or "h ago" in detail


def test_a_bad_incident_flag_says_where_to_find_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--incident", "abc"]) == 2
    err = capsys.readouterr().err
    assert "press i" in err and "with c" not in err
