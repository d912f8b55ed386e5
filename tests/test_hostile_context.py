"""Hostile text in the context around an engagement (plan, schedule and people's names, the
incident's title, summary, timeline and related items) is shown literally in the drill-in's
sections and the detail panel: markup as typed, no control character, and only an http(s) URL
is offered as a web link."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock
from engage_tui.screens.engagement import EngagementScreen
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import screen_text, settle, wait_until
from tests.test_security_hostile import assert_inert

ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)
CONTACTS = "arn:aws:ssm-contacts:us-east-1:123456789012:contact"
# Tall enough for every section of the drill-in at once.
SIZE = (160, 220)


@pytest.fixture
def story() -> Iterator[Emulator]:
    config = EmulatorConfig(story=True, anchor=ANCHOR, clock=ManualClock(ANCHOR), hostile=True)
    with Emulator(config) as emu:
        yield emu


def story_app(emu: Emulator) -> Any:
    launch = resolve(parser().parse_args(["--no-watch"]))
    source = Source.for_endpoint(emu.url, max_attempts=1, read_timeout=5.0)
    return build_app(source, launch, demo=True, clock=lambda: ANCHOR)


def ongoing(emu: Emulator, contact: str) -> str:
    return next(
        row["EngagementArn"]
        for row in emu.data.expected_engagements()
        if f"/{contact}/" in row["EngagementArn"] and "StopTime" not in row
    )


def hostile_fields(emu: Emulator, engagement_arn: str) -> dict[str, str]:
    """The context texts the drill-in shows for this engagement, as the emulator serves them."""
    row = emu.data.engagement(engagement_arn)
    incident = emu.data.incident(row["IncidentId"])
    items = emu.data.related_items(row["IncidentId"])
    return {
        "contact": emu.data.contact(row["ContactArn"])["DisplayName"],
        "title": incident["title"],
        "summary": incident["summary"],
        "event": " ".join(e["eventType"] for e in emu.data.timeline(row["IncidentId"])),
        "item": " ".join(i["title"] for i in items),
        "url": " ".join(str(i["identifier"]["value"].get("url", "")) for i in items),
    }


async def open_drill(pilot: Any, arn: str) -> str:
    await settle(pilot)
    pilot.app.open_engagement(arn)
    await settle(pilot)
    assert isinstance(pilot.app.screen, EngagementScreen)
    return screen_text(pilot.app)


def hostile(shown: str) -> bool:
    """Markup or a control character, shown as text."""
    return any(mark in shown for mark in ("[/", "␛", "␀", "␇"))


def value_of(shown: str, label: str) -> str:
    """What follows `label` on the first screen line that has it."""
    line = next(line for line in shown.splitlines() if label in line)
    return line.split(label, 1)[1]


@pytest.mark.parametrize(
    ("contact", "own_section", "own_line"),
    [
        ("payments-escalation", "What happens next", "What happens next · "),
        ("checkout-primary", "On call now", "│  Now "),
    ],
)
async def test_hostile_context_sections_render_literally(
    story: Emulator, contact: str, own_section: str, own_line: str
) -> None:
    arn = ongoing(story, contact)
    fields = hostile_fields(story, arn)
    assert all("\x1b" in text or "[/" in text for text in fields.values()), fields
    assert len(fields["summary"]) == 8000
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_drill(pilot, arn)
        for section in ("Escalation path", own_section, "The incident", "Related items"):
            assert section in shown, section
        assert "unavailable" not in shown and "Unexpected error" not in shown
        assert_inert(app)
        # Each field as typed: markup visible, escapes spelled out (␛), nothing obeyed.
        assert value_of(shown, "│  Title ").lstrip().startswith("[bold red]BOOM[/] | stray")
        assert value_of(shown, "│  Summary ").lstrip().startswith("␛]52;c;ZWNob")
        assert "more characters not shown" in shown, "the 8 KiB summary is cut, with a note"
        path = shown.split("Escalation path")[1]
        assert hostile(value_of(path, "1. ")), "the plan's or schedule's name in the path"
        assert hostile(value_of(shown, own_line)), own_line
        timeline = shown.split("Timeline (newest first)")[1].split("Related items")[0]
        assert "stray [/] close" in timeline, "the hostile event type"
        items = shown.split("Related items")[1].splitlines()[1:3]
        assert all(hostile(line) for line in items), "\n".join(items)
        lines = shown.splitlines()
        for scheme in ("javascript:alert(1)//", "file:///etc/passwd"):
            line = next(line for line in lines if scheme in line)
            assert "(not a web" in line, line  # the rest may wrap
        web = next(line for line in lines if "https://wiki.example.com/runbook/" in line)
        assert "[b]BOOM[/b]?q=[/]" in web and "not a web link" not in web


async def test_hostile_on_call_in_the_panel_renders_literally(story: Emulator) -> None:
    priya = story.data.contact(f"{CONTACTS}/priya_r")["DisplayName"]
    assert priya.startswith("[bold red]BOOM[/]"), "the person on shift has a hostile name"
    app = story_app(story)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        table.cursor_row = next(
            n
            for n in range(table.shown_count)
            if "contact/checkout-primary" in table.engagement_at(n).contact_arn
        )
        await wait_until(pilot, lambda: "On call   [bold red]BOOM[/]" in screen_text(app))
        assert_inert(app)


async def test_a_related_item_that_is_not_a_web_url_is_never_a_link(story: Emulator) -> None:
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(pilot, ongoing(story, "payments-escalation"))
        related = app.screen.query_one("#ctx-incident").render()
        spans = [
            (related.plain[span.start : span.end], str(span.style))
            for span in related.spans
            if "wiki.example.com" in related.plain[span.start : span.end]
            or "passwd" in related.plain[span.start : span.end]
            or "javascript" in related.plain[span.start : span.end]
        ]
    styled = {text.split(":")[0]: style for text, style in spans}
    assert styled["https"] == "$text-primary", "a web link is shown as one"
    assert styled["javascript"] == styled["file"] == "$text-muted", "the others are not"
