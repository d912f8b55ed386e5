"""The two writes a responder makes: acknowledge a page with its code, stop an engagement.

Inputs are checked before anything is sent, and every refusal says what happened to which page
or engagement, in words the prompt can show as they are. Also which page `a` acknowledges by
default: the newest one nobody has read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engage_tui.aws import calls
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Page, ReceiptType, Timeline, arn_resource_name, arn_short_id
from engage_tui.sanitize import safe_text

MAX_REASON = 255
"""StopEngagement's Reason, in characters (the service model's limit)."""
CODE_DIGITS = (6, 10)
"""An AcceptCode is 6 to 10 digits (the service model's limit)."""
_SHORT_ID = 8


def label(kind: str, arn: str) -> str:
    """`page to lena_f (cebf1c87)`: who a page or engagement is for and the start of its id,
    enough to tell it from its neighbours in a message."""
    who = safe_text(arn_resource_name(arn), max_len=40)
    short = safe_text(arn_short_id(arn), max_len=_SHORT_ID + 1)[:_SHORT_ID]
    return f"{kind} to {who} ({short})"


def check_code(code: str) -> str:
    """The code as AcceptPage wants it (spaces and dashes people type dropped), or a
    VALIDATION SourceError saying what a code looks like."""
    digits = "".join(ch for ch in code if not ch.isspace() and ch != "-")
    low, high = CODE_DIGITS
    if not (digits.isascii() and digits.isdigit() and low <= len(digits) <= high):
        raise SourceError(
            ErrorKind.VALIDATION,
            f"A page's code is {low} to {high} digits, as in the SMS, voice call or email "
            "that carried the page. Type the digits and try again.",
            retryable=False,
        )
    return digits


def check_reason(reason: str | None) -> str | None:
    """The reason to send (None when blank), or a VALIDATION SourceError when it is too long."""
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise SourceError(
            ErrorKind.VALIDATION,
            f"The reason is {len(text)} characters; AWS takes at most {MAX_REASON}. "
            f"Shorten it by {len(text) - MAX_REASON} and try again.",
            retryable=False,
        )
    return text or None


def accept_page(
    source_calls: calls.Calls, page_arn: str, code: str, contact_channel_arn: str | None = None
) -> None:
    """Acknowledge (READ) one page with the code it carried; the service checks the code."""
    params: dict[str, Any] = {
        "PageId": page_arn,
        "AcceptType": "READ",
        "AcceptCode": check_code(code),
        "AcceptCodeValidation": "ENFORCE",
    }
    if contact_channel_arn:
        params["ContactChannelId"] = contact_channel_arn
    _write(source_calls, "accept_page", params, label("page", page_arn), _acknowledge_words)


def stop_engagement(source_calls: calls.Calls, engagement_arn: str, reason: str | None) -> None:
    """Stop an engagement now (its pages stop escalating), with the reason given, if any."""
    params: dict[str, Any] = {"EngagementId": engagement_arn}
    checked = check_reason(reason)
    if checked is not None:
        params["Reason"] = checked
    subject = label("engagement", engagement_arn)
    _write(source_calls, "stop_engagement", params, subject, _stop_words)


def _write(
    source_calls: calls.Calls,
    operation: str,
    params: dict[str, Any],
    subject: str,
    words: Callable[[SourceError, str], str | None],
) -> None:
    """One write, its refusal reworded to name `subject`; other failures pass as they are."""
    try:
        source_calls.call("ssm-contacts", operation, params)
    except SourceError as error:
        message = words(error, subject)
        if message is None:
            raise
        raise SourceError(error.kind, message, retryable=error.retryable) from None


def _acknowledge_words(error: SourceError, page: str) -> str | None:
    return {
        ErrorKind.WRONG_CODE: f"That code doesn't match the {page} — check the code in the "
        "SMS, voice call or email and try again.",
        ErrorKind.PAGE_EXPIRED: f"The {page} has expired: its engagement has stopped, so "
        "there is nothing left to acknowledge.",
        ErrorKind.NOT_FOUND: f"The {page} was not found: it may belong to another account or "
        "region, or the contact channel is not the paged contact's.",
        ErrorKind.THROTTLED: f"AWS is throttling ssm-contacts:AcceptPage, so the {page} was "
        "not acknowledged. Wait a few seconds and try again.",
        ErrorKind.ACCESS_DENIED: f"Access denied: your role may not call "
        f"ssm-contacts:AcceptPage, so the {page} was not acknowledged. Ask for "
        "'ssm-contacts:AcceptPage' in your IAM policy, or use a profile that has it.",
    }.get(error.kind)


def _stop_words(error: SourceError, engagement: str) -> str | None:
    return {
        ErrorKind.ALREADY_STOPPED: f"The {engagement} had already stopped; nothing was changed.",
        ErrorKind.NOT_FOUND: f"The {engagement} was not found: it may belong to another account "
        "or region.",
        ErrorKind.THROTTLED: f"AWS is throttling ssm-contacts:StopEngagement, so the "
        f"{engagement} was not stopped. Wait a few seconds and try again.",
        ErrorKind.ACCESS_DENIED: f"Access denied: your role may not call "
        f"ssm-contacts:StopEngagement, so the {engagement} was not stopped. Ask for "
        "'ssm-contacts:StopEngagement' in your IAM policy, or use a profile that has it.",
    }.get(error.kind)


def page_to_accept(timeline: Timeline) -> Page | None:
    """The page `a` offers first: the newest (by sent time) that nobody has read, or None when
    every page loaded has been read. A page without a sent time counts as the oldest."""
    unread = [
        (page.sent.timestamp() if page.sent is not None else float("-inf"), n, page)
        for n, page in enumerate(timeline.pages)
        if not _read(timeline, page)
    ]
    return max(unread, key=lambda entry: entry[:2])[2] if unread else None


def _read(timeline: Timeline, page: Page) -> bool:
    if page.read is not None:
        return True
    return any(r.type == ReceiptType.READ for r in timeline.receipts.get(page.arn, ()))
