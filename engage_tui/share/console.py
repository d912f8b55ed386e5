"""The Incident Manager console page of an engagement's incident, in the right region, and how
to open it: the system browser where there is a display, else a link to show and copy.

The region comes from the ARNs, not the profile: incident record ARNs name no region (they
live in the replication set), so the engagement's own region stands in, then the profile's.
"""

from __future__ import annotations

import os
import re
import sys
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from engage_tui.aws.models import Engagement
from engage_tui.sanitize import is_arn, safe_text

# Console hosts by partition; `{region}` is filled in where the console is regional.
_HOSTS = {
    "aws": "https://{region}.console.aws.amazon.com",
    "aws-cn": "https://console.amazonaws.cn",
    "aws-us-gov": "https://console.amazonaws-us-gov.com",
}
# Incident Manager's pages inside the Systems Manager console, which routes by path: the user
# guide opens it at `https://console.aws.amazon.com/systems-manager/incidents/home` (every
# "Open the Incident Manager console" step) and a public CDK project links the contact list at
# `/systems-manager/incidents/contacts`. No AWS source found (search, 2026-11) gives the page of
# one incident or contact; the only two third-party snippets disagree (`home#/incidents/ID`,
# `home#/ACCOUNT/ID`) and name no ARN, so the path guesses below stay until one is checked in a
# real console. If AWS moves a page, this is the one place to change.
_ROUTES = {
    "incident": "/systems-manager/incidents/incident/{arn}",
    "contact": "/systems-manager/incidents/contacts/{arn}",
}
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}", re.ASCII)
_SSH = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


@dataclass(frozen=True, slots=True)
class ConsoleLink:
    """A console page: `url` is plain printable ASCII, safe to copy, open or show."""

    url: str
    region: str
    what: str  # "incident", or "contact" for an engagement outside any incident


def _arn_parts(arn: str) -> tuple[str, str] | None:
    """(partition, region) of a well-formed ARN; the region may be empty."""
    if not is_arn(arn):
        return None
    _, partition, _, region, _ = arn.split(":", 4)
    return partition, region


def console_link(row: Engagement, fallback_region: str | None = None) -> ConsoleLink | None:
    """The console page of the row's incident, else of its contact; None when no ARN is of a
    shape that can go into a URL or no region is known."""
    own = _arn_parts(row.arn)
    for what, arn in (("incident", row.incident_arn), ("contact", row.contact_arn)):
        parts = _arn_parts(arn) if arn else None
        if arn is None or parts is None:
            continue
        partition, named = parts
        region = _first_region(named, own[1] if own else None, fallback_region)
        if region is None or partition not in _HOSTS:
            return None
        page = _ROUTES[what].format(arn=quote(arn, safe=""))
        url = f"{_HOSTS[partition].format(region=region)}{page}?region={region}"
        return ConsoleLink(url, region, what)
    return None


def _first_region(*candidates: str | None) -> str | None:
    return next((c for c in candidates if c and _REGION.fullmatch(c)), None)


def has_display(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a browser opened here would appear in front of the user (not over SSH)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if any(env.get(name) for name in _SSH):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


class Opened(StrEnum):
    BROWSER = "browser"
    """The system browser took the URL."""
    LINK = "link"
    """No browser here: show the link (`hyperlink`) and copy `url`."""


def _runs_apart(browser: webbrowser.BaseBrowser) -> bool:
    """A browser that opens its own window and returns, not one that takes over this terminal
    (lynx, w3m, a bare $BROWSER command) and blocks until it quits."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return True
    if isinstance(browser, webbrowser.UnixBrowser):
        return bool(browser.background)
    return type(browser) is not webbrowser.GenericBrowser


def open_url(
    url: str,
    *,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    browser: Callable[[], webbrowser.BaseBrowser] = webbrowser.get,
) -> Opened:
    """Open `url` in the system browser where there is a display; LINK when it can't (then
    show `hyperlink(url, …)` and copy `url`). Blocks briefly: call it from a worker thread."""
    _check_url(url)
    if not has_display(env, platform):
        return Opened.LINK
    try:
        chosen = browser()
    except webbrowser.Error:
        return Opened.LINK
    if not _runs_apart(chosen):
        return Opened.LINK
    try:
        return Opened.BROWSER if chosen.open(url, new=2) else Opened.LINK
    except OSError:
        return Opened.LINK


def hyperlink(url: str, label: str) -> str:
    """`label` as an OSC 8 terminal hyperlink to `url`, for writing straight to a terminal.

    The label is made safe and the URL must be plain printable ASCII, so neither can end the
    escape sequence early. (In Textual, style the text with `Style(link=url)` instead; on a
    clipboard, put `url` alone.)
    """
    _check_url(url)
    return f"\x1b]8;;{url}\x1b\\{safe_text(label)}\x1b]8;;\x1b\\"


def _check_url(url: str) -> None:
    if not (url.isascii() and url.isprintable()) or " " in url:
        raise ValueError("not a plain URL")
