"""The first page fetched in a forked child: it arrives intact, and a child nobody waits for
is not left behind (each case runs in a fresh process, where forking is safe)."""

from __future__ import annotations

import subprocess
import sys

from engage_tui.emulator import Emulator

SCRIPT = """
import os, sys, threading, time
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
import engage_tui.first_page as first_page

assert threading.active_count() == 1
fetch = first_page.start(Source.for_endpoint(sys.argv[1], max_attempts=1), Query(), 25)
child = fetch.child_pid
assert child is not None, "a child process was forked"
if sys.argv[2] == "wait":
    page = fetch.future.result(timeout=20)
    print(len(page.items), page.items[0].arn, page.next_token is not None)
else:
    fetch.abandon()  # the child is stuck on the stalled endpoint
    def alive(pid):
        try:
            with open(f"/proc/{pid}/status") as status:
                return "State:\tZ" not in status.read()
        except FileNotFoundError:
            return False
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    print("alive" if alive(child) else "gone")
"""


def run(url: str, mode: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, url, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_child_hands_over_the_first_page(emulator: Emulator) -> None:
    newest = emulator.data.expected_engagements()[0]["EngagementArn"]
    assert run(emulator.url, "wait") == f"25 {newest} True"


def test_an_abandoned_child_does_not_outlive_the_app(emulator: Emulator) -> None:
    emulator.faults.stall_seconds = 10
    assert run(emulator.url, "abandon") == "gone"
