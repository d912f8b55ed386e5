"""The plain-text first frame: painted once on a terminal, never after the app takes over."""

from __future__ import annotations

import fcntl
import os
import struct
import termios
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from engage_tui.aws.models import Engagement, ResultPage
from engage_tui.preframe import Preframe

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
