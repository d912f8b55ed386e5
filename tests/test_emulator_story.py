"""The demo story: what a newcomer sees at start, and how it unfolds on a hand-moved clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.cli import _config, _parser
from engage_tui.emulator.clock import ManualClock
from tests.conftest import aws_client

START = datetime(2026, 3, 29, 0, 40, tzinfo=UTC)  # the night London's clocks go forward
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CODE = re.compile(r"Reply with code (\d{6}) to acknowledge\.")


def story(start: datetime = START, seed: int = 7) -> Emulator:
    clock = ManualClock(start)
    return Emulator(
        EmulatorConfig(story=True, engagements=600, incidents=20, seed=seed, clock=clock)
    )


@pytest.fixture
def demo() -> Iterator[Emulator]:
    with story() as emu:
        yield emu


def at(emu: Emulator, seconds: float) -> None:
    emu.clock.set(START + timedelta(seconds=seconds))  # type: ignore[attr-defined]


def acked(emu: Emulator, row: dict[str, Any]) -> bool:
    return any("ReadTime" in p for p in emu.data.pages(row["EngagementArn"]))


def unacknowledged(emu: Emulator) -> list[str]:
    """Ongoing engagements nobody has acknowledged: what "needs attention" counts."""
    return [
        r["EngagementArn"]
        for r in emu.data.expected_engagements()[:40]
        if "StopTime" not in r and not acked(emu, r)
    ]


def contact_of(emu: Emulator, arn: str) -> str:
    return str(emu.data.contact(arn)["Alias"])


def test_the_first_screen_tells_the_story(demo: Emulator) -> None:
    client = aws_client("ssm-contacts", demo.url)
    live = demo.data.incidents()[0]
    assert (live["title"], live["status"], live["impact"]) == ("[SEV2] Checkout errors", "OPEN", 2)
    assert live["creationTime"] == START - timedelta(minutes=6)
    rows = client.list_engagements(MaxResults=10)["Engagements"]
    assert rows == demo.data.expected_engagements()[:10]
    assert rows[0]["IncidentId"] == live["arn"]
    assert any(acked(demo, r) for r in rows) and unacknowledged(demo)
    starts = [r["StartTime"] for r in demo.data.expected_engagements()]
    spike = sum(START - timedelta(minutes=10) < t for t in starts)
    busiest_before = max(
        sum(end - timedelta(minutes=10) < t <= end for t in starts)
        for end in (START - timedelta(minutes=10 + 5 * k) for k in range(12 * 24))
    )
    assert spike >= 6 and busiest_before <= 2, "a spike, on a quiet day"


def test_stage_one_on_call_acknowledged_by_sms_after_two_minutes(demo: Emulator) -> None:
    client = aws_client("ssm-contacts", demo.url)
    row = next(
        r
        for r in demo.data.expected_engagements()
        if contact_of(demo, r["ContactArn"]) == "checkout-escalation"
    )
    page = client.list_pages_by_engagement(EngagementId=row["EngagementArn"])["Pages"][0]
    path = client.list_page_resolutions(PageId=page["PageArn"])["PageResolutions"]
    assert [contact_of(demo, p["ContactArn"]) for p in path] == [
        "checkout-escalation",
        "checkout-primary",
        "priya_r",
    ]
    assert demo.data.contact(page["ContactArn"])["DisplayName"] == "Priya Raman"
    receipts = client.list_page_receipts(PageId=page["PageArn"])["Receipts"]
    sent = [r for r in receipts if r["ReceiptType"] == "SENT"]
    channels = {c["ContactChannelArn"] for c in sent}
    assert len(channels) == 2, "by SMS and by voice"
    assert timedelta(minutes=2) <= page["ReadTime"] - page["SentTime"] <= timedelta(minutes=3)
    assert page["DeliveryTime"] < page["ReadTime"]


def test_the_second_responder_counts_down_to_stage_two(demo: Emulator) -> None:
    client = aws_client("ssm-contacts", demo.url)
    row = next(
        r
        for r in demo.data.expected_engagements()
        if contact_of(demo, r["ContactArn"]) == "payments-escalation" and "IncidentId" in r
        and r["StartTime"] > START - timedelta(hours=1)
    )  # fmt: skip
    arn = row["EngagementArn"]
    plan = client.get_contact(ContactId=row["ContactArn"])["Plan"]["Stages"]
    next_stage = row["StartTime"] + timedelta(minutes=plan[0]["DurationInMinutes"], seconds=2)
    assert START < next_stage < START + timedelta(minutes=5)
    stage_two = plan[1]["Targets"][0]["ContactTargetInfo"]["ContactId"]
    assert contact_of(demo, stage_two) == "kwame_n"
    pages = client.list_pages_by_engagement(EngagementId=arn)["Pages"]
    assert [contact_of(demo, p["ContactArn"]) for p in pages] == ["lena_f"]
    assert "ReadTime" not in pages[0]
    demo.clock.set(next_stage + timedelta(seconds=1))  # type: ignore[attr-defined]
    pages = client.list_pages_by_engagement(EngagementId=arn)["Pages"]
    assert [contact_of(demo, p["ContactArn"]) for p in pages] == ["lena_f", "kwame_n"]
    demo.clock.advance(120)  # type: ignore[attr-defined]
    assert "ReadTime" in client.list_pages_by_engagement(EngagementId=arn)["Pages"][1]


def test_the_story_unfolds_over_a_few_minutes(demo: Emulator) -> None:
    client = aws_client("ssm-contacts", demo.url)
    incidents = aws_client("ssm-incidents", demo.url)
    first = demo.data.expected_engagements()[0]["EngagementArn"]
    waiting = unacknowledged(demo)
    at(demo, 21)
    assert client.list_engagements(MaxResults=2)["Engagements"][1]["EngagementArn"] == first
    arrivals: list[datetime] = []
    acks_seen = set()
    for second in range(30, 400, 10):
        at(demo, second)
        rows = demo.data.expected_engagements()
        arrivals = [r["StartTime"] for r in rows if r["StartTime"] > START]
        acks_seen.add(len(unacknowledged(demo)))
    assert len(acks_seen) > 2, "the unacknowledged count changes as people answer"
    gaps = [(a - b).total_seconds() for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert min(gaps[-4:]) >= 20 and max(gaps[-3:]) <= 35, "about one every 20-30 s at first"
    assert gaps[0] >= 2 * gaps[-1], "then slower"
    live = incidents.get_incident_record(arn=demo.data.incidents()[0]["arn"])["incidentRecord"]
    assert live["status"] == "RESOLVED"
    mine = client.list_engagements(IncidentId=live["arn"])["Engagements"]
    assert mine and all(r["StopTime"] >= live["resolvedTime"] for r in mine)
    assert set(waiting).isdisjoint(unacknowledged(demo)), "stopped when the incident resolved"
    at(demo, 3 * 3600)
    assert len(demo.data.expected_engagements()) - 600 - 11 < 30, "then only now and then"


def test_a_related_incident_resolved_earlier_in_the_day(demo: Emulator) -> None:
    incidents = aws_client("ssm-incidents", demo.url)
    live, earlier = demo.data.incidents()[:2]
    items = incidents.list_related_items(incidentRecordArn=live["arn"])["relatedItems"]
    related = [
        i["identifier"]["value"]["arn"] for i in items if i["identifier"]["type"] == "INCIDENT"
    ]
    assert related == [earlier["arn"]]
    assert earlier["status"] == "RESOLVED"
    assert START - timedelta(hours=12) < earlier["resolvedTime"] < START - timedelta(hours=1)
    events = incidents.list_timeline_events(incidentRecordArn=live["arn"])["eventSummaries"]
    assert events[0]["eventTime"] == live["creationTime"] and len(events) >= 4


def _texts(emu: Emulator, row: dict[str, Any]) -> list[str]:
    arn = row["EngagementArn"]
    out = [str(v) for v in emu.data.engagement(arn).values()]
    for page in emu.data.pages(arn):
        out += [str(v) for v in emu.data.page(page["PageArn"]).values()]
        out += [str(r) for r in emu.data.receipts(page["PageArn"])]
    return out


def test_hostile_texts_only_in_the_older_history() -> None:
    for seed in range(1, 6):
        with story(seed=seed) as emu:
            rows = emu.data.expected_engagements()
            texts = [t for row in rows[:30] for t in _texts(emu, row)]
            assert not any(CONTROL.search(t) or "[/" in t for t in texts), seed
            older = [
                emu.data.rows.is_hostile(emu.data.index(r["EngagementArn"])) for r in rows[30:]
            ]
            assert sum(older) >= 3, "a few hostile texts further down"
            history = {r["IncidentId"] for r in rows[11:30] if "IncidentId" in r}
            titles = [i["title"] for i in emu.data.incidents() if i["arn"] in history]
            assert not any("[" in t for t in titles), "no markup look-alikes up top either"


def test_deterministic_with_a_seed_and_relative_to_now() -> None:
    later = START + timedelta(days=40, hours=7, minutes=13)
    with story() as a, story() as b, story(later) as c, story(seed=8) as d:
        one, two = a.data.expected_engagements(), b.data.expected_engagements()
        assert one == two
        shifted = c.data.expected_engagements()
        assert [r["StartTime"] - START for r in one[:11]] == [
            r["StartTime"] - later for r in shifted[:11]
        ]
        assert [r["ContactArn"] for r in one[:11]] == [r["ContactArn"] for r in shifted[:11]]
        assert one[0]["EngagementArn"] != d.data.expected_engagements()[0]["EngagementArn"]


def test_acknowledge_and_stop_work_with_the_codes_in_the_pages(demo: Emulator) -> None:
    client = aws_client("ssm-contacts", demo.url)
    arn = unacknowledged(demo)[0]
    page = client.list_pages_by_engagement(EngagementId=arn)["Pages"][0]
    code = CODE.search(client.describe_page(PageId=page["PageArn"])["Content"])
    assert code
    client.accept_page(
        PageId=page["PageArn"],
        AcceptType="READ",
        AcceptCode=code.group(1),
        AcceptCodeValidation="ENFORCE",
    )
    assert arn not in unacknowledged(demo)
    client.stop_engagement(EngagementId=arn, Reason="Handled on the bridge")
    assert client.describe_engagement(EngagementId=arn)["StopTime"] == START


def test_story_flag() -> None:
    config = _config(_parser().parse_args(["--story", "--seed", "4"]))
    assert config.story and config.live and config.seed == 4
