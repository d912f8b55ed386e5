"""Settings from `config.toml` and state remembered between runs, in platform directories.

The config file lives at `config_path()` (on Linux `~/.config/engage-tui/config.toml`). Every
key is optional; a bad file or value is reported as a warning and its default used:

    # engage-tui settings
    profile = "oncall"                      # AWS profile (default: the SDK's usual lookup)
    region = "eu-west-1"                    # AWS region (default: the profile's or AWS_REGION)
    endpoint_url = "http://127.0.0.1:4566"  # send API calls here instead, e.g. a local emulator
    utc = false                             # show times in UTC instead of the local zone
    page_size = 100                         # rows in the first request, 1..1024
    prefetch = 1000                         # fetch the next page this many rows from the end
    refresh = 10                            # look for new engagements every N seconds (2..3600)
    watch = true                            # the live view; false starts with it off (w)
    ack_rate = 5                            # Ack column: at most N requests a second (1..50)
    actions = false                         # allow acknowledge (a) and stop (X)
    theme = "textual-dark"                  # a Textual theme name

State (last incident, recent time ranges, the UTC toggle, the theme, the profile and region
chosen with P and R) is JSON at `state_path()` (`~/.local/state/engage-tui/state.json`),
readable by the user alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_state_dir

APP_NAME = "engage-tui"
RECENT_RANGES = 10
_MAX_EXPRESSION = 100


def config_path() -> Path:
    """Where `config.toml` is read from; honours XDG_CONFIG_HOME and friends at call time."""
    return Path(user_config_dir(APP_NAME)) / "config.toml"


def state_path() -> Path:
    """Where remembered state is kept; honours XDG_STATE_HOME and friends at call time."""
    return Path(user_state_dir(APP_NAME)) / "state.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose in `config.toml`; every field has a working default."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    utc: bool = False
    page_size: int = 100
    prefetch: int = 1000
    refresh: int = 10
    watch: bool = True
    ack_rate: int = 5
    actions: bool = False
    theme: str | None = None


# key → (expected type, inclusive bounds for ints, how to say what's expected)
_RULES: dict[str, tuple[type, tuple[int, int] | None, str]] = {
    "profile": (str, None, "a profile name in quotes"),
    "region": (str, None, 'a region in quotes, like "eu-west-1"'),
    "endpoint_url": (str, None, 'a URL in quotes, like "http://127.0.0.1:4566"'),
    "utc": (bool, None, "true or false"),
    "page_size": (int, (1, 1024), "a whole number from 1 to 1024"),
    "prefetch": (int, (0, 100_000), "a whole number from 0 to 100000"),
    "refresh": (int, (2, 3600), "a whole number of seconds from 2 to 3600"),
    "watch": (bool, None, "true or false"),
    "ack_rate": (int, (1, 50), "a whole number of requests a second from 1 to 50"),
    "actions": (bool, None, "true or false"),
    "theme": (str, None, 'a theme name in quotes, like "textual-dark"'),
}


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read settings, keeping every good value; never raises for a bad file.

    Returns the settings and one human-readable warning per problem (none for a missing file).
    """
    path = path if path is not None else config_path()
    defaults = Settings()
    try:
        with path.open("rb") as handle:
            import tomllib  # only when there is a file: 13 ms before the first request otherwise

            data = tomllib.load(handle)
    except FileNotFoundError:
        return defaults, []
    except OSError as exc:
        return defaults, [f"{path}: can't read it ({exc.strerror or exc}); using defaults"]
    except UnicodeDecodeError:
        return defaults, [f"{path}: isn't UTF-8 text; using defaults"]
    except ValueError as exc:  # tomllib.TOMLDecodeError; its message ends "(at line L, column C)"
        return defaults, [f"{path}: isn't valid TOML: {exc}; using defaults"]

    warnings: list[str] = []
    chosen: dict[str, Any] = {}
    for key, value in data.items():
        rule = _RULES.get(key)
        if rule is None:
            warnings.append(_unknown_key(path, key))
            continue
        kind, bounds, expected = rule
        problem = _check(value, kind, bounds)
        if problem:
            default = getattr(defaults, key)
            warnings.append(
                f"{path}: {key} = {_toml(value)} {problem}: expected {expected}; "
                f"using {_toml(default)}"
            )
        else:
            chosen[key] = value
    return replace(defaults, **chosen), warnings


def _check(value: object, kind: type, bounds: tuple[int, int] | None) -> str:
    """What's wrong with a value, or "" if nothing."""
    # bool is an int in Python; `page_size = true` is still a mistake.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        return "has the wrong type"
    if isinstance(value, str) and not value.strip():
        return "is empty"
    if bounds is not None and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
        return "is out of range"
    return ""


def _unknown_key(path: Path, key: str) -> str:
    import difflib  # only a mistyped key needs it; start-up doesn't

    close = difflib.get_close_matches(key, _RULES, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{path}: unknown setting {key!r}{hint}; known settings: {', '.join(_RULES)}"


def _toml(value: object) -> str:
    """A value as it would be written in TOML, for quoting back in a warning."""
    if value is None:
        return "the default"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class State:
    """What engage-tui remembers between runs. Holds nothing secret: no keys or tokens (a
    profile is a name in the user's AWS config, not a credential)."""

    last_incident_arn: str | None = None
    recent_ranges: tuple[str, ...] = ()
    utc: bool | None = None
    theme: str | None = None
    sort: str | None = None
    profile: str | None = None
    """The profile last chosen with P (against AWS, not the demo or a custom endpoint)."""
    region: str | None = None
    """The region last chosen with P or R (likewise)."""


def show_utc(flag: bool | None, state: State, settings: Settings) -> bool:
    """UTC or local time: --utc wins, then the last toggle (u), then config.toml."""
    for choice in (flag, state.utc):
        if choice is not None:
            return choice
    return settings.utc


def remember_range(state: State, expr: str) -> State:
    """Put a time-range expression first in the recent list, once, keeping the newest ten."""
    expr = " ".join(expr.split())
    if not expr or len(expr) > _MAX_EXPRESSION:
        return state
    others = tuple(r for r in state.recent_ranges if r.casefold() != expr.casefold())
    return replace(state, recent_ranges=(expr, *others)[:RECENT_RANGES])


def load_state(path: Path | None = None) -> State:
    """The remembered state; defaults for anything missing, corrupt or unreadable."""
    path = path if path is not None else state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return State()
    if not isinstance(data, dict):
        return State()
    arn = data.get("last_incident_arn")
    ranges = data.get("recent_ranges")
    utc = data.get("utc")
    theme = data.get("theme")
    sort = data.get("sort")
    state = State(
        last_incident_arn=arn if isinstance(arn, str) and arn else None,
        utc=utc if isinstance(utc, bool) else None,
        theme=theme if isinstance(theme, str) and theme else None,
        sort=sort if isinstance(sort, str) and len(sort) < 40 else None,
        profile=_name(data.get("profile")),
        region=_name(data.get("region")),
    )
    if isinstance(ranges, list):
        for expr in reversed([r for r in ranges if isinstance(r, str)][:RECENT_RANGES]):
            state = remember_range(state, expr)
    return state


def _name(value: object) -> str | None:
    """A remembered profile or region: short printable text, or nothing."""
    if isinstance(value, str) and 0 < len(value) <= 128 and value.isprintable():
        return value
    return None


def save_state(state: State, path: Path | None = None) -> None:
    """Write the state atomically, readable by the user alone. Raises OSError if it can't."""
    path = path if path is not None else state_path()
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)  # mkdir's mode is filtered by the umask
    payload = {field.name: getattr(state, field.name) for field in fields(State)}
    payload["recent_ranges"] = list(state.recent_ranges)
    # mkstemp creates the file 0o600 in the same directory, so os.replace stays atomic.
    import tempfile  # saving happens long after start-up

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".state-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
