"""Acknowledge and stop over real HTTP: what the endpoint receives, what it records, and a refusal
that says exactly what happened to which page or engagement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engage_tui.aws.actions import MAX_REASON, page_to_accept
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Page, Receipt, ReceiptType, Timeline
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock
from tests.canned import canned, url

T = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


@pytest.fixture
def story() -> Iterator[Emulator]:
    """The demo story at its anchor, on a clock that moves only when told."""
    config = EmulatorConfig(
        story=True, engagements=300, incidents=10, anchor=T, clock=ManualClock(T)
    )
    with Emulator(config) as emu:
        yield emu


def quick(emu: Emulator) -> Source:
    return Source.for_endpoint(emu.url, max_attempts=1, read_timeout=2, connect_timeout=2)


def payments(emu: Emulator) -> str:
    """The ongoing payments escalation Lena has not acknowledged."""
    return next(
        r["EngagementArn"]
        for r in emu.data.expected_engagements()
        if "/payments-escalation/" in r["EngagementArn"] and "StopTime" not in r
    )


def lenas_page(emu: Emulator) -> str:
    (page,) = emu.data.pages(payments(emu))
    assert "/lena_f/" in page["PageArn"] and "ReadTime" not in page
    return str(page["PageArn"])


def sent(emu: Emulator, operation: str) -> list[dict[str, Any]]:
    return [params for op, params in emu.requests if op == operation]


def short(arn: str) -> str:
    return arn.rsplit("/", 1)[-1][:8]


# --- acknowledge ---------------------------------------------------------------------------------


def test_the_right_code_acknowledges_the_page_as_read_with_the_code_enforced(
    story: Emulator,
) -> None:
    page = lenas_page(story)
    code = story.data.accept_code(page)
    assert f"Reply with code {code} to acknowledge." in story.data.page(page)["Content"]
    source = quick(story)
    source.accept_page(page, code)
    (params,) = sent(story, "AcceptPage")
    assert params["AcceptType"] == "READ" and params["AcceptCodeValidation"] == "ENFORCE"
    assert params["AcceptCode"] == code and "ContactChannelId" not in params
    ack = source.timeline(payments(story)).acknowledgement()
    assert ack.acknowledged and ack.by == "lena_f" and ack.read == T


def test_a_code_typed_with_spaces_is_the_same_code(story: Emulator) -> None:
    page = lenas_page(story)
    code = story.data.accept_code(page)
    quick(story).accept_page(page, f" {code[:3]} {code[3:]}\n")
    assert story.data.pages(payments(story))[0]["ReadTime"] == T


def test_a_wrong_code_says_so_naming_the_page_and_records_nothing(story: Emulator) -> None:
    page = lenas_page(story)
    wrong = "999999" if story.data.accept_code(page) != "999999" else "111111"
    with pytest.raises(SourceError) as caught:
        quick(story).accept_page(page, wrong)
    error = caught.value
    assert error.kind is ErrorKind.WRONG_CODE and not error.retryable
    assert error.message == (
        f"That code doesn't match the page to lena_f ({short(page)}) — check the code in the "
        "SMS, voice call or email and try again."
    )
    assert "ReadTime" not in story.data.pages(payments(story))[0]


@pytest.mark.parametrize("code", ["", "12345", "12345678901", "12a456", "١٢٣٤٥٦"])
def test_something_that_is_no_code_is_refused_before_anything_is_sent(
    story: Emulator, code: str
) -> None:
    with pytest.raises(SourceError) as caught:
        quick(story).accept_page(lenas_page(story), code)
    assert caught.value.kind is ErrorKind.VALIDATION
    assert "6 to 10 digits" in caught.value.message
    assert sent(story, "AcceptPage") == []


def test_the_page_of_a_stopped_engagement_has_expired(story: Emulator) -> None:
    page = lenas_page(story)
    source = quick(story)
    source.stop_engagement(payments(story), "Handled on the bridge")
    with pytest.raises(SourceError) as caught:
        source.accept_page(page, story.data.accept_code(page))
    assert caught.value.kind is ErrorKind.PAGE_EXPIRED
    assert caught.value.message.startswith(f"The page to lena_f ({short(page)}) has expired")


def test_an_unknown_page_is_not_found_by_name(story: Emulator) -> None:
    page = lenas_page(story)[:-12] + "000000000000"
    with pytest.raises(SourceError) as caught:
        quick(story).accept_page(page, "123456")
    assert caught.value.kind is ErrorKind.NOT_FOUND
    assert caught.value.message.startswith(f"The page to lena_f ({short(page)}) was not found")


def test_a_channel_that_is_not_the_paged_contacts_is_not_found(story: Emulator) -> None:
    page = lenas_page(story)
    channel = "arn:aws:ssm-contacts:us-east-1:123456789012:contact-channel/kwame_n/0000"
    with pytest.raises(SourceError) as caught:
        quick(story).accept_page(page, story.data.accept_code(page), contact_channel_arn=channel)
    assert caught.value.kind is ErrorKind.NOT_FOUND
    assert sent(story, "AcceptPage")[0]["ContactChannelId"] == channel


@pytest.mark.parametrize(
    ("fault", "kind", "said"),
    [
        ({"access_denied": {"AcceptPage"}}, ErrorKind.ACCESS_DENIED, "'ssm-contacts:AcceptPage'"),
        ({"throttle_burst": 3}, ErrorKind.THROTTLED, "was not acknowledged. Wait a few seconds"),
    ],
)
def test_a_denied_or_throttled_acknowledgement_says_which_and_names_the_action(
    story: Emulator, fault: dict[str, Any], kind: ErrorKind, said: str
) -> None:
    page = lenas_page(story)
    for name, value in fault.items():
        setattr(story.faults, name, value)
    story.faults.ops = {"AcceptPage"}
    with pytest.raises(SourceError) as caught:
        quick(story).accept_page(page, story.data.accept_code(page))
    assert caught.value.kind is kind
    assert (
        said in caught.value.message and f"page to lena_f ({short(page)})" in caught.value.message
    )


def test_a_code_refusal_is_told_from_another_field_refused() -> None:
    def answer(operation: str, params: dict[str, Any]) -> object:
        fields = [{"Name": "ContactChannelId", "Message": "The channel has expired."}]
        message = "1 validation error detected: The channel has expired."
        body = {"__type": "ValidationException", "Message": message, "Fields": fields}
        return (400, body)

    with canned(answer) as srv, pytest.raises(SourceError) as caught:
        Source.for_endpoint(url(srv), max_attempts=1).accept_page(
            "arn:aws:ssm-contacts:us-east-1:111122223333:page/x/p1", "123456"
        )
    assert caught.value.kind is ErrorKind.VALIDATION


# --- stop ----------------------------------------------------------------------------------------


def test_stop_with_a_reason_stops_the_engagement_and_sends_the_reason(story: Emulator) -> None:
    arn = payments(story)
    source = quick(story)
    source.stop_engagement(arn, "  Handled on the bridge  ")
    assert sent(story, "StopEngagement") == [
        {"EngagementId": arn, "Reason": "Handled on the bridge"}
    ]
    assert source.describe_engagement(arn).stop == T
    (receipts,) = source.timeline(arn).receipts.values()
    assert receipts[-1].type is ReceiptType.STOP and receipts[-1].info == "Handled on the bridge"


def test_a_blank_reason_is_left_out(story: Emulator) -> None:
    arn = payments(story)
    quick(story).stop_engagement(arn, "   ")
    assert sent(story, "StopEngagement") == [{"EngagementId": arn}]


def test_a_reason_of_255_characters_goes_and_256_is_refused_before_sending(
    story: Emulator,
) -> None:
    source = quick(story)
    with pytest.raises(SourceError) as caught:
        source.stop_engagement(payments(story), "é" * (MAX_REASON + 1))
    assert caught.value.kind is ErrorKind.VALIDATION
    assert caught.value.message == (
        "The reason is 256 characters; AWS takes at most 255. Shorten it by 1 and try again."
    )
    assert sent(story, "StopEngagement") == []
    source.stop_engagement(payments(story), "é" * MAX_REASON)  # after the refusal: still ongoing
    assert sent(story, "StopEngagement")[0]["Reason"] == "é" * MAX_REASON


def test_stopping_twice_says_it_had_stopped_already(story: Emulator) -> None:
    arn = payments(story)
    source = quick(story)
    source.stop_engagement(arn, None)
    with pytest.raises(SourceError) as caught:
        source.stop_engagement(arn, None)
    assert caught.value.kind is ErrorKind.ALREADY_STOPPED
    assert caught.value.message == (
        f"The engagement to payments-escalation ({short(arn)}) had already stopped; "
        "nothing was changed."
    )


def test_stopping_an_unknown_engagement_is_not_found(story: Emulator) -> None:
    arn = payments(story)[:-12] + "000000000000"
    with pytest.raises(SourceError) as caught:
        quick(story).stop_engagement(arn, None)
    assert caught.value.kind is ErrorKind.NOT_FOUND
    assert "engagement to payments-escalation" in caught.value.message


def test_a_denied_stop_names_the_iam_action(story: Emulator) -> None:
    story.faults.access_denied = {"StopEngagement"}
    with pytest.raises(SourceError) as caught:
        quick(story).stop_engagement(payments(story), "x")
    assert caught.value.kind is ErrorKind.ACCESS_DENIED
    assert "'ssm-contacts:StopEngagement'" in caught.value.message
    assert "StopTime" not in story.data.engagement(payments(story))


# --- which page `a` offers -----------------------------------------------------------------------


def test_the_default_page_is_the_newest_one_nobody_has_read(story: Emulator) -> None:
    source = quick(story)
    arn = payments(story)
    assert page_to_accept(source.timeline(arn)).arn == lenas_page(story)  # type: ignore[union-attr]
    story.clock.advance(200)  # type: ignore[attr-defined]
    newest = page_to_accept(source.timeline(arn))
    assert newest is not None and "/kwame_n/" in newest.arn, "stage 2 has paged Kwame"


ARN = "arn:aws:ssm-contacts:us-east-1:111122223333"


def page(n: int, sent: int | None, read: int | None = None) -> Page:
    def when(s: int | None) -> datetime | None:
        return None if s is None else T + timedelta(seconds=s)

    return Page(f"{ARN}:page/p/{n}", f"{ARN}:engagement/e/1", f"{ARN}:contact/p", "cli", None,
                when(sent), None, when(read))  # fmt: skip


def timeline(pages: list[Page], reads: dict[int, int] | None = None) -> Timeline:
    receipts = {
        p.arn: (Receipt("READ", T + timedelta(seconds=s), None, None),)
        for n, p in enumerate(pages)
        if (s := (reads or {}).get(n)) is not None
    }
    return Timeline(f"{ARN}:engagement/e/1", None, tuple(pages), receipts)


def test_the_default_page_skips_pages_read_by_time_or_by_receipt() -> None:
    pages = [page(0, 10), page(1, 50, read=60), page(2, 40), page(3, None), page(4, 45)]
    assert page_to_accept(timeline(pages)) == pages[4]
    assert page_to_accept(timeline(pages, {4: 70})) == pages[2]
    assert page_to_accept(timeline(pages, {4: 70, 2: 71, 0: 72})) == pages[3]
    everyone = timeline(pages, {0: 1, 2: 2, 3: 3, 4: 4})
    assert page_to_accept(everyone) is None
    assert page_to_accept(timeline([])) is None


def test_a_refusal_naming_a_hostile_page_stays_one_short_plain_line() -> None:
    alias = "\x1b[2J[bold]evil[/bold]\u202e" + "x" * 300
    page = f"{ARN}:page/{alias}/\x9b2Jcebf1c87-0798-ecf0-08c8-ac35e0941d46"
    body = {"__type": "ResourceNotFoundException", "Message": "gone", "ResourceType": "PAGE"}
    with canned(lambda operation, params: (400, body)) as srv, pytest.raises(SourceError) as caught:
        Source.for_endpoint(url(srv), max_attempts=1).accept_page(page, "123456")
    message = caught.value.message
    assert caught.value.kind is ErrorKind.NOT_FOUND
    assert message.startswith("The page to ␛[2J[bold]evil[ (�2Jcebf1) was not found")
    assert message.isprintable() and len(message) < 200 and "\\x1b" not in message
