"""The Markdown summary: every fact a responder pastes, and no markup from AWS's text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import EngagementDetail, Page, Part, Receipt, Timeline
from engage_tui.share.summary import markdown_summary, md_text
from tests.share_helpers import ARN, CONTACT, HOSTILE, INCIDENT, START, assert_safe, row

NOW = START + timedelta(hours=2)
RPATEL = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/rpatel"


def _page(n: int, contact: str, *, delivered: int | None, read: int | None) -> Page:
    def at(seconds: int | None) -> datetime | None:
        return START + timedelta(seconds=seconds) if seconds is not None else None

    return Page(f"{ARN}/page/{n}", ARN, contact, "s", INCIDENT, START, at(delivered), at(read))


def timeline(detail_subject: str | None = "Elevated 5xx on checkout-api") -> Timeline:
    pages = (
        _page(1, CONTACT, delivered=12, read=None),
        _page(2, RPATEL, delivered=None, read=None),  # its times only in its receipts
    )
    receipts = {
        pages[1].arn: (
            Receipt("DELIVERED", START + timedelta(seconds=20), None, None),
            Receipt("READ", START + timedelta(minutes=3, seconds=18), None, None),
        )
    }
    detail = None
    if detail_subject is not None:
        detail = EngagementDetail(
            ARN,
            CONTACT,
            "cloudwatch-alarms",
            detail_subject,
            "body",
            None,
            None,
            INCIDENT,
            START,
            None,
        )
    return Timeline(ARN, detail, pages, receipts)


def parse(text: str) -> list[Token]:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens: list[Token] = []
    for token in md.parse(text):
        tokens += [token, *(token.children or [])]
    return tokens


LABELS = [
    "Sender:",
    "Incident:",
    "Subject:",
    "Started:",
    "Stopped:",
    "Acknowledged:",
    "Pages (2):",
    "Engagement:",
]


def bold(text: str) -> list[str]:
    """The literal text of each bold span (its first text piece)."""
    tokens = parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "strong_open"]


def test_summary_says_who_what_when_and_each_page_in_the_zone() -> None:
    text = markdown_summary(
        row(),
        timeline(),
        tz=ZoneInfo("America/New_York"),
        now=NOW,
        incident_title="Checkout down",
        contact="akuam (contact)",
    )
    assert "**Engagement of akuam (contact)**" in text
    assert f"- **Incident:** Checkout down (`{INCIDENT}`)" in text
    assert "- **Subject:** Elevated 5xx on checkout-api" in text
    assert "- **Started:** 2026-03-08 01:58:30 EST (UTC-05:00)" in text
    assert "- **Stopped:** ongoing for 2h 00m" in text
    assert "- **Acknowledged:** ✓ after 3m 18s by rpatel" in text
    assert "  - akuam: sent 2026-03-08 01:58:30 EST (UTC-05:00) (+0s) · delivered " in text
    # the read crosses the DST jump: 02:01:48 does not exist in New York that night
    assert "  - rpatel: sent 2026-03-08 01:58:30 EST (UTC-05:00) (+0s) · delivered" in text
    assert "read 2026-03-08 03:01:48 EDT (UTC-04:00) (+3m 18s)" in text
    assert f"- **Engagement:** `{ARN}`" in text


@pytest.mark.parametrize(
    ("zone", "started"),
    [
        (UTC, "2026-03-08 06:58:30 UTC"),
        (ZoneInfo("Asia/Kathmandu"), "2026-03-08 12:43:30 UTC+05:45"),
        (ZoneInfo("Europe/Paris"), "2026-03-08 07:58:30 CET (UTC+01:00)"),
    ],
)
def test_times_name_their_zone(zone: ZoneInfo, started: str) -> None:
    text = markdown_summary(row(stop=START + timedelta(minutes=4)), None, tz=zone, now=NOW)
    assert f"- **Started:** {started}" in text
    assert "(after 4m 00s)" in text
    assert "- **Acknowledged:** not loaded yet" in text


def test_hostile_text_adds_no_markup_and_no_control_character() -> None:
    evil = (
        HOSTILE + " [click](http://evil.example) ![img](http://x/y.png) <http://auto.link>"
        " <script>x</script> ~~gone~~ *em* _em_ __strong__ **bold** `tick` &#x202e; @channel"
        " | a | b |"
    )
    hostile_arn = ARN + "`](http://evil)\x1b]0;x\x07"
    text = markdown_summary(
        row(arn=hostile_arn, sender=evil, incident=INCIDENT + "\u202e`x`"),
        timeline(detail_subject=evil),
        tz=UTC,
        now=NOW,
        incident_title="# " + evil,
        contact=evil,
    )
    assert_safe(text)
    kinds = {t.type for t in parse(text)}
    allowed = {
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
        "strong_open",
        "strong_close",
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
        "softbreak",
        "code_inline",
    }
    assert kinds <= allowed, kinds - allowed
    code = [t.content for t in parse(text) if t.type == "code_inline"]
    assert code == []  # neither ARN has the usual shape, so neither became code
    title, *labels = bold(text)  # only our own labels are bold
    assert title.startswith("Engagement of ␛[31mred") and labels == LABELS
    shown = "".join(t.content for t in parse(text) if t.type == "text")
    assert "[click](http://evil.example)" in shown and "\\" not in shown.replace("\\\\", "")
    assert "@channel" in shown and "&#x202e;" in shown


def test_md_text_escapes_each_markup_character_once() -> None:
    assert md_text("a*b`d[e]f<g>h~i&j|l\\m") == "a\\*b\\`d\\[e\\]f\\<g\\>h\\~i\\&j\\|l\\\\m"
    assert md_text("_em_ __strong__ @here (@all) x_") == (
        "\\_em\\_ \\_\\_strong\\_\\_ \\@here (\\@all) x\\_"
    )


def test_words_with_underscores_and_addresses_stay_readable_in_slack() -> None:
    assert md_text("nina_n paged oncall@corp.example 決済_サービス") == (
        "nina_n paged oncall@corp.example 決済_サービス"
    )


def test_pages_that_failed_to_load_say_so() -> None:
    failed = Timeline(
        ARN,
        None,
        (),
        {},
        {Part.PAGES: SourceError(ErrorKind.THROTTLED, "Slow down", retryable=True)},
    )
    text = markdown_summary(row(), failed, tz=UTC, now=NOW)
    assert "- **Pages:** could not be loaded (Slow down)" in text
    assert "- **Acknowledged:** unknown (the pages could not be read)" in text
