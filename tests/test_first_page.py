"""The first page fetched in a forked child: it arrives intact, and a child nobody waits for
is not left behind (each case runs in a fresh process, where forking is safe)."""

from __future__ import annotations

import subprocess
import sys

from engage_tui.emulator import Emulator, EmulatorConfig

SCRIPT = """
import os, sys, threading, time
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
import engage_tui.first_page as first_page

assert threading.active_count() == 1
source = Source.for_endpoint(sys.argv[1], max_attempts=1)
fetch = first_page.start(source, Query(), 25, lambda loaded: 2 * loaded)
child = fetch.child_pid
assert child is not None, "a child process was forked"
if sys.argv[2] == "wait":
    page = fetch.future.result(timeout=20)
    print(len(page.items), page.items[0].arn, page.next_token is not None)
elif sys.argv[2] == "ahead":  # the pages the app asks for next: 2 x 25 rows, then 2 x 75
    first = fetch.future.result(timeout=20)
    second = fetch.ahead(first.next_token, 50).result(timeout=20)
    third = fetch.ahead(second.next_token, 150).result(timeout=20)
    # Past the child's two, before this process's client is built: sent from here at once.
    fourth = fetch.ahead(third.next_token, 450).result(timeout=20)
    assert fourth.next_token is not None
    fetch.warm()
    assert fetch.client_built.wait(20)
    assert fetch.ahead(fourth.next_token, 1350) is None, "then the app's own client sends"
    pages = (first, second, third, fourth)
    print(" ".join(row.arn for page in pages for row in page.items))
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


def test_the_pages_that_follow_never_wait_for_the_apps_client() -> None:
    """The child fetches the next two pages the app will ask for; past them, until the app's
    own client is built, each page is sent the start-up's way (bench P3: PageDown held from
    the first frame never lands on "loading")."""
    with Emulator(EmulatorConfig(engagements=1000, incidents=3, seed=7)) as emulator:
        expected = [row["EngagementArn"] for row in emulator.data.expected_engagements()]
        assert run(emulator.url, "ahead").split() == expected[:675]
        requests = emulator.requests
    listed = [params for operation, params in requests if operation == "ListEngagements"]
    assert [params.get("MaxResults") for params in listed] == [25, 50, 150, 450]


def test_an_abandoned_child_does_not_outlive_the_app(emulator: Emulator) -> None:
    emulator.faults.stall_seconds = 10
    assert run(emulator.url, "abandon") == "gone"
