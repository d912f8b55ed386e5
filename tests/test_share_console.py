"""Console links: the right region from the ARNs, and a browser only where one can show."""

from __future__ import annotations

import webbrowser
from urllib.parse import unquote, urlsplit

import pytest

from engage_tui.share.console import (
    Opened,
    console_link,
    has_display,
    hyperlink,
    open_url,
)
from tests.share_helpers import INCIDENT, assert_safe, row

EU_ENGAGEMENT = "arn:aws:ssm-contacts:eu-west-1:123456789012:engagement/akuam/4f1c"
EU_CONTACT = "arn:aws:ssm-contacts:eu-west-1:123456789012:contact/akuam"


def test_an_incident_opens_in_the_engagements_region_not_the_profiles() -> None:
    link = console_link(row(arn=EU_ENGAGEMENT, contact=EU_CONTACT), fallback_region="us-east-1")
    assert link is not None and link.what == "incident"
    parts = urlsplit(link.url)
    assert parts.netloc == "eu-west-1.console.aws.amazon.com"
    assert parts.query == "region=eu-west-1"
    assert unquote(parts.path.rsplit("/", 1)[-1]) == INCIDENT


def test_a_region_named_in_the_incident_arn_wins() -> None:
    sydney = INCIDENT.replace("ssm-incidents::", "ssm-incidents:ap-southeast-2:")
    link = console_link(row(arn=EU_ENGAGEMENT, incident=sydney), fallback_region="us-east-1")
    assert link is not None and link.region == "ap-southeast-2"
    assert link.url.startswith("https://ap-southeast-2.console.aws.amazon.com/systems-manager/")


def test_no_incident_opens_the_contact_and_the_profile_region_is_the_last_resort() -> None:
    regionless = row(
        arn="arn:aws:ssm-contacts::123456789012:engagement/akuam/4f1c",
        contact="arn:aws:ssm-contacts::123456789012:contact/akuam",
        incident=None,
    )
    link = console_link(regionless, fallback_region="ca-central-1")
    assert link is not None and link.what == "contact" and link.region == "ca-central-1"
    assert console_link(regionless) is None  # no region anywhere


def test_other_partitions_use_their_own_console() -> None:
    china = "arn:aws-cn:ssm-contacts:cn-north-1:123456789012:engagement/akuam/4f1c"
    link = console_link(
        row(arn=china, incident=None, contact=china.replace("engagement", "contact"))
    )
    assert link is not None and link.url.startswith("https://console.amazonaws.cn/")


def test_a_hostile_incident_arn_never_reaches_the_url() -> None:
    hostile = INCIDENT + "\x1b]8;;http://evil\x07\u202e"
    link = console_link(row(incident=hostile))
    assert link is not None and link.what == "contact"
    assert link.url.isascii() and link.url.isprintable()
    assert console_link(row(incident=hostile, contact="\x1b[2J")) is None


@pytest.mark.parametrize(
    ("env", "platform", "shown"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),
        (
            {"DISPLAY": "localhost:10.0", "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"},
            "linux",
            False,
        ),
        ({}, "darwin", True),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", False),
        ({}, "win32", True),
    ],
)
def test_display_detection(env: dict[str, str], platform: str, shown: bool) -> None:
    assert has_display(env, platform) is shown


class _Recorder(webbrowser.BackgroundBrowser):
    def __init__(self) -> None:
        super().__init__("true")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


URL = (
    "https://eu-west-1.console.aws.amazon.com/systems-manager/incidents/incident/x?region=eu-west-1"
)


def test_a_desktop_opens_the_browser() -> None:
    browser = _Recorder()
    assert (
        open_url(URL, env={"DISPLAY": ":0"}, platform="linux", browser=lambda: browser)
        is Opened.BROWSER
    )
    assert browser.opened == [URL]


def test_over_ssh_it_gives_a_link_and_opens_nothing() -> None:
    browser = _Recorder()
    env = {"SSH_CONNECTION": "a b c d", "DISPLAY": ":0"}
    assert open_url(URL, env=env, platform="linux", browser=lambda: browser) is Opened.LINK
    assert browser.opened == []


def test_a_browser_that_would_take_over_the_terminal_is_not_used() -> None:
    lynx = webbrowser.GenericBrowser("lynx")
    runs: list[str] = []
    lynx.open = lambda url, new=0, autoraise=True: runs.append(url) or True  # type: ignore[method-assign]
    opened = open_url(URL, env={"DISPLAY": ":0"}, platform="linux", browser=lambda: lynx)
    assert opened is Opened.LINK and runs == []


def test_no_browser_at_all_gives_a_link() -> None:
    def none() -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    assert open_url(URL, env={}, platform="darwin", browser=none) is Opened.LINK


def test_hyperlink_escapes_the_label_and_refuses_an_unsafe_url() -> None:
    text = hyperlink(URL, "Checkout \x1b]8;;http://evil\x07down\u202e")
    assert text.startswith(f"\x1b]8;;{URL}\x1b\\") and text.endswith("\x1b]8;;\x1b\\")
    label = text[len(f"\x1b]8;;{URL}\x1b\\") : -len("\x1b]8;;\x1b\\")]
    assert_safe(label)
    with pytest.raises(ValueError):
        hyperlink(URL + "\x07", "x")
