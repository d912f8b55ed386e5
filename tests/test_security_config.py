"""Bad flags stop with exit 2 and a message; a bad config.toml is reported and defaults used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engage_tui import config
from engage_tui.cli import main
from engage_tui.emulator import Emulator, EmulatorConfig
from tests.harness import make_app, screen_text, settle, toasts

SIZE = (160, 45)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=80, incidents=4, seed=2)) as emulator:
        yield emulator


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--since", "3 fortnights"], "--since '3 fortnights': couldn't read it as a time"),
        (["--since", "1h", "--until", "2h"], "did you mean --since 2h --until 1h?"),
        (["--since", "tomorrow"], "is in the future, and a window can't start there"),
        (["--until", "2h"], "needs --since too"),
        (["--page-size", "0"], "--page-size 0: must be between 1 and 1024"),
        (["--page-size", "5000"], "--page-size 5000: must be between 1 and 1024"),
        (["--page-size", "lots"], "invalid int value: 'lots'"),
        (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    ],
)
def test_bad_flags_exit_2_with_a_message(
    flags: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main([*flags, "--endpoint-url", "http://127.0.0.1:9"])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2
    assert said in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('page_size = "fifty"\n', 'page_size = "fifty" has the wrong type'),
        ("page_size = 0\n", "page_size = 0 is out of range"),
        ("utc = 1\n", "utc = 1 has the wrong type"),
        ("pagesize = 20\n", "unknown setting 'pagesize' (did you mean page_size?)"),
        ("page_size = \n", "isn't valid TOML"),
        (b"\xff\xfepage_size = 9\n", "isn't UTF-8 text"),
    ],
)
async def test_bad_config_is_named_and_defaults_are_used(
    emu: Emulator, text: str | bytes, said: str
) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    app = make_app(emu.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "config.toml" in screen_text(app), "a toast names the file"
        messages = toasts(app)
        assert said in messages
        assert app.settings.page_size == 100 and app.settings.utc is False
        first = next(p for op, p in emu.requests if op == "ListEngagements")
        assert first["MaxResults"] == 100
        assert app.screen.query_one("EngagementsTable").row_count > 0


async def test_unreadable_config_is_named_and_defaults_are_used(emu: Emulator) -> None:
    path = config.config_path()
    path.mkdir(parents=True)  # a directory where the file should be: reading it fails
    app = make_app(emu.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        messages = toasts(app)
        assert f"{path}: can't read it" in messages
        assert "using defaults" in messages
        assert app.screen.query_one("EngagementsTable").row_count > 0


async def test_corrupt_state_file_is_ignored(emu: Emulator) -> None:
    path = config.state_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"utc": "yes", "theme": 7, "recent_ranges": "1h", "last_incident_arn": 3')
    app = make_app(emu.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.utc is False
        assert app.screen.current_query.incident_arn is None
        assert app.screen.query_one("EngagementsTable").row_count > 0
