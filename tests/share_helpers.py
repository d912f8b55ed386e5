"""What the share tests have in common: hostile text, and a check that text is safe to emit."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from engage_tui.aws.models import Engagement

# C0 (NUL…US), DEL, C1, the bidi controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI), line separators,
# and lone surrogates: none may reach a terminal, a clipboard or a file.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
UNSAFE_ANYWHERE = re.compile(UNSAFE.pattern[:-1] + "\n\t]")

HOSTILE = (
    "\x1b[31mred\x1b[0m\x1b]0;pwned\x07 \x1b]52;c;ZWNobyBwd25lZA==\x07 NUL\x00 C1\x9b2J "
    "\u202eRTL\u202c [link=http://x]click[/link] `code` **bold** <b>x</b> &lt; # h\nnext\r\t"
)
ARN = "arn:aws:ssm-contacts:us-east-1:123456789012:engagement/akuam/4f1c2d3e"
CONTACT = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/akuam"
INCIDENT = "arn:aws:ssm-incidents::123456789012:incident-record/plan/9a8b7c"
START = datetime(2026, 3, 8, 6, 58, 30, tzinfo=UTC)  # 01:58 EST, minutes before the DST jump


def row(
    arn: str = ARN,
    sender: str = "cloudwatch-alarms",
    incident: str | None = INCIDENT,
    contact: str = CONTACT,
    start: datetime | None = START,
    stop: datetime | None = None,
) -> Engagement:
    return Engagement(arn, contact, sender, incident, start, stop)


def assert_safe(text: str, *, newlines: bool = True) -> None:
    """No control character at all (only line breaks, where `newlines` allows them)."""
    found = (UNSAFE if newlines else UNSAFE_ANYWHERE).findall(text)
    assert found == [], f"unsafe characters {found!r}"
