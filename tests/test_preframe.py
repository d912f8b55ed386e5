"""The plain-text first frame: painted once on a terminal, never after the app takes over."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import termios
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.aws.models import Engagement, ResultPage
from engage_tui.preframe import _ENTER, Preframe

NOW = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)


@pytest.fixture
def terminal() -> Iterator[tuple[int, object]]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 80, 0, 0))
    stream = os.fdopen(slave, "w")
    yield master, stream
    stream.close()
    os.close(master)


def page(sender_alias: str = "oncall") -> ResultPage[Engagement]:
    rows = tuple(
        Engagement(
            arn=f"arn:aws:ssm-contacts:us-east-1:1:engagement/{sender_alias}/{i}",
            contact_arn=f"arn:aws:ssm-contacts:us-east-1:1:contact/{sender_alias}",
            sender="cli",
            incident_arn=None,
            start=NOW - timedelta(minutes=3 * i + 1),
            stop=None,
        )
        for i in range(20)
    )
    return ResultPage(rows, "next")


def test_rows_are_painted_on_a_terminal_within_its_size(terminal) -> None:  # type: ignore[no-untyped-def]
    master, stream = terminal
    preframe = Preframe(stream, utc=True, tz=UTC)
    preframe.paint(page(), NOW)
    text = os.read(master, 65536).decode()
    assert "03:29:00 · 1m ago" in text and "ongoing" in text
    assert text.count("\r\n") == 9, "never more lines than the terminal has"
    assert preframe.painted


def test_nothing_is_painted_once_the_app_takes_the_terminal(terminal) -> None:  # type: ignore[no-untyped-def]
    master, stream = terminal
    preframe = Preframe(stream, utc=True, tz=UTC)
    preframe.close()
    preframe.paint(page(), NOW)
    os.set_blocking(master, False)
    with pytest.raises(BlockingIOError):
        os.read(master, 65536)
    assert not preframe.painted


def test_hostile_alias_reaches_the_terminal_inert(terminal) -> None:  # type: ignore[no-untyped-def]
    master, stream = terminal
    Preframe(stream, utc=True, tz=UTC).paint(page("x\x1b]52;c;aGk=\x07"), NOW)
    text = os.read(master, 65536).decode()
    body = text.split("\x1b[2J", 1)[1]  # after our own screen set-up, no escape at all
    assert "\x1b" not in body and "\x07" not in body


# What a hostile endpoint might put in any text field: every C0 and C1 control (0x9b is CSI on
# its own), whole escape sequences that write the clipboard, retitle the window or clear the
# screen, and the bidi controls that reorder what follows.
_HOSTILE_TOKENS = [
    *(chr(code) for code in range(0x20)),
    "\x7f",
    *(chr(code) for code in range(0x80, 0xA0)),
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b[2J",
    "\x1b[31m",
    "\x9b2J",
    "\x9d0;title\x9c",
    *("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    "[b]",
    "arn:aws:ssm-incidents::1:incident-record/plan/",
    "/",
]
_FORBIDDEN = {
    *(chr(code) for code in range(0x20)),
    "\x7f",
    *(chr(code) for code in range(0x80, 0xA0)),
    *"\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
}
hostile_text = st.lists(st.sampled_from(_HOSTILE_TOKENS) | st.text(max_size=4), max_size=12).map(
    "".join
)


class Captured(io.StringIO):
    """Everything the pre-frame writes, as text, with a terminal's size behind `fileno()`."""

    def __init__(self, terminal_fd: int) -> None:
        super().__init__()
        self._fd = terminal_fd

    def fileno(self) -> int:
        return self._fd


hostile_rows = st.lists(
    st.builds(
        Engagement,
        arn=hostile_text,
        contact_arn=hostile_text,
        sender=hostile_text,
        incident_arn=st.none() | hostile_text,
        start=st.none() | st.just(NOW - timedelta(minutes=5)),
        stop=st.none() | st.just(NOW),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def wide_terminal() -> Iterator[int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 200, 0, 0))
    yield slave
    os.close(slave)
    os.close(master)


@settings(max_examples=300, deadline=None)
@given(rows=hostile_rows)
def test_no_control_byte_from_any_field_reaches_the_terminal(
    wide_terminal: int, rows: list[Engagement]
) -> None:
    stream = Captured(wide_terminal)
    Preframe(stream, utc=True, tz=UTC).paint(ResultPage(tuple(rows), None), NOW)
    written = stream.getvalue()
    assert written.startswith(_ENTER)
    for line in written.removeprefix(_ENTER).split("\r\n"):  # the pre-frame's own line breaks
        assert not _FORBIDDEN & set(line), repr(line)
