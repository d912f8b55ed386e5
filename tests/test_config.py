"""Settings files that people get wrong, and state that must survive restarts and stay private."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engage_tui import config
from engage_tui.config import Settings, State, load_settings, load_state, remember_range, save_state


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the developer's own config and state out of these tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path


def _write_config(text: str) -> Path:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_paths_follow_the_xdg_variables_at_call_time(private_dirs: Path) -> None:
    assert config.config_path() == private_dirs / "config" / "engage-tui" / "config.toml"
    assert config.state_path() == private_dirs / "state" / "engage-tui" / "state.json"


def test_missing_file_gives_defaults_without_a_warning() -> None:
    assert load_settings() == (Settings(), [])


def test_good_file_is_read() -> None:
    _write_config(
        'profile = "oncall"\nregion = "eu-west-1"\nendpoint_url = "http://127.0.0.1:4566"\n'
        'utc = true\npage_size = 100\nprefetch = 0\ntheme = "nord"\n'
    )
    settings, warnings = load_settings()
    assert warnings == []
    assert settings == Settings(
        profile="oncall",
        region="eu-west-1",
        endpoint_url="http://127.0.0.1:4566",
        utc=True,
        page_size=100,
        prefetch=0,
        theme="nord",
    )


def test_the_documented_sample_is_a_valid_config() -> None:
    doc = config.__doc__ or ""
    sample = doc.split("    # engage-tui settings\n", 1)[1].split("\n\n", 1)[0]
    _write_config("\n".join(line.removeprefix("    ") for line in sample.splitlines()))
    settings, warnings = load_settings()
    assert warnings == []
    assert settings.region == "eu-west-1" and settings.page_size == 100


def test_bad_toml_names_the_file_and_line_and_uses_defaults() -> None:
    path = _write_config('region = "eu-west-1"\npage_size = \n')
    settings, warnings = load_settings()
    assert settings == Settings()
    assert len(warnings) == 1
    assert str(path) in warnings[0]
    assert "line 2" in warnings[0]
    assert "using defaults" in warnings[0]


def test_unreadable_file_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()  # a directory where the file should be: unreadable even for root
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert len(warnings) == 1 and str(path) in warnings[0] and "can't read" in warnings[0]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_file_without_read_permission_is_a_warning() -> None:
    path = _write_config("utc = true\n")
    path.chmod(0)
    settings, warnings = load_settings()
    assert settings == Settings()
    assert "Permission denied" in warnings[0]


def test_non_utf8_file_is_a_warning() -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b'theme = "caf\xe9"\n')
    assert load_settings() == (Settings(), [f"{path}: isn't UTF-8 text; using defaults"])


def test_unknown_key_is_named_with_a_suggestion_and_the_known_keys() -> None:
    path = _write_config("pagesize = 10\nutc = true\n")
    settings, warnings = load_settings()
    assert settings == Settings(utc=True)
    assert warnings == [
        f"{path}: unknown setting 'pagesize' (did you mean page_size?); known settings: "
        "profile, region, endpoint_url, utc, page_size, prefetch, refresh, watch, ack_rate, "
        "actions, theme"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "page_size = 5000",
            "page_size = 5000 is out of range: expected a whole number from 1 to 1024; using 100",
        ),
        ("page_size = 0", "page_size = 0 is out of range"),
        ("page_size = true", "page_size = true has the wrong type: expected a whole number"),
        ('page_size = "50"', 'page_size = "50" has the wrong type'),
        ("page_size = 50.0", "page_size = 50.0 has the wrong type"),
        (
            "prefetch = -1",
            "prefetch = -1 is out of range: expected a whole number from 0 to 100000; using 1000",
        ),
        ('utc = "yes"', 'utc = "yes" has the wrong type: expected true or false; using false'),
        ("region = 3", "region = 3 has the wrong type: expected a region in quotes"),
        (
            'profile = "  "',
            'profile = "  " is empty: expected a profile name in quotes; using the default',
        ),
    ],
)
def test_bad_value_is_named_and_only_that_value_falls_back(line: str, expected: str) -> None:
    path = _write_config(f'theme = "nord"\n{line}\n')
    settings, warnings = load_settings()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: {expected}")
    key = line.split(" = ")[0]
    assert getattr(settings, key) == getattr(Settings(), key)
    assert settings.theme == "nord"


def test_state_round_trips(private_dirs: Path) -> None:
    state = State(
        last_incident_arn="arn:aws:ssm-incidents::111122223333:incident-record/plan/4f1c",
        recent_ranges=("2h", "yesterday"),
        utc=True,
        theme="nord",
    )
    save_state(state)
    assert load_state() == state
    assert json.loads(config.state_path().read_text())["recent_ranges"] == ["2h", "yesterday"]


def test_state_file_and_directory_are_private() -> None:
    save_state(State(utc=False))
    path = config.state_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    save_state(State(utc=True))  # rewriting keeps it private and leaves no temp files behind
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


def test_state_holds_only_its_own_fields() -> None:
    save_state(remember_range(State(), "2h"))
    written = json.loads(config.state_path().read_text())
    assert set(written) == {
        "last_incident_arn",
        "recent_ranges",
        "utc",
        "theme",
        "sort",
        "profile",
        "region",
    }


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[1, 2]",
        b"\xff\xfe",
        b'{"utc": "yes", "recent_ranges": "2h", "theme": 7, "last_incident_arn": []}',
    ],
)
def test_corrupt_state_gives_defaults(content: bytes) -> None:
    path = config.state_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert load_state() == State()


def test_state_keeps_the_good_parts_of_a_partly_bad_file() -> None:
    path = config.state_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"utc": True, "recent_ranges": ["2h", 5, "2H", "7d"], "x": 1}))
    assert load_state() == State(utc=True, recent_ranges=("2h", "7d"))


def test_missing_state_gives_defaults() -> None:
    assert load_state() == State()


def test_remember_range_puts_newest_first_once_and_keeps_ten() -> None:
    state = State()
    for expr in ["1h", "2h", "yesterday", "2h"]:
        state = remember_range(state, expr)
    assert state.recent_ranges == ("2h", "yesterday", "1h")
    for i in range(20):
        state = remember_range(state, f"{i}m")
    assert state.recent_ranges == tuple(f"{i}m" for i in range(19, 9, -1))


def test_remember_range_tidies_and_ignores_blank_text() -> None:
    state = remember_range(State(recent_ranges=("Last 3 Days",)), "  last   3 days ")
    assert state.recent_ranges == ("last 3 days",)
    assert remember_range(state, "   ") == state


def test_pure_modules_never_import_textual() -> None:
    code = (
        "import sys, engage_tui.config, engage_tui.timefmt, engage_tui.timerange; "
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
