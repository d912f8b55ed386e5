"""One page at a time from SSM Contacts and SSM Incidents, as typed values; failures as SourceError.

Every method blocks (call it from a worker thread); every call ends within the Source's
`call_deadline`. Rows the service garbles are left out and counted, not fatal.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from engage_tui.aws import calls, mapping
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import (
    Contact,
    Engagement,
    EngagementDetail,
    Incident,
    Page,
    Part,
    Query,
    Receipt,
    ResultPage,
    Timeline,
)
from engage_tui.sanitize import safe_text

# Actions, context and export are imported where used: this module is imported before the first
# page's fetch starts (first_page.py), and they would delay it by ~35 ms.
if TYPE_CHECKING:
    from engage_tui.aws.context_models import (
        ContactDetail,
        IncidentRecord,
        OnCall,
        RelatedItem,
        ResolutionPath,
        TimelineEvent,
    )

T = TypeVar("T")
EMULATOR_REGION = "us-east-1"
"""The region a local emulator's Source starts in (any would do; the emulator serves all)."""
# Contacts a session looks up (plans, schedules): a team's worth, kept until asked to refresh.
_CONTACT_CACHE = 512

# Failures that no other page's receipts would escape: stop asking after the first.
_WHOLE_ACCOUNT = {
    ErrorKind.ACCESS_DENIED,
    ErrorKind.NO_CREDENTIALS,
    ErrorKind.EXPIRED_CREDENTIALS,
    ErrorKind.NO_REGION,
    ErrorKind.PROFILE_NOT_FOUND,
}


@dataclass(frozen=True, slots=True)
class Target:
    """Where requests go, for the status bar. Holds no secret."""

    profile: str | None
    region: str | None
    endpoint_url: str | None

    def label(self) -> str:
        """`profile oncall · eu-west-1 · https://host:port`: never a path, query or user."""
        parts = [f"profile {self.profile or 'default'}", self.region or "region not yet known"]
        if self.endpoint_url:
            parts.append(endpoint_origin(self.endpoint_url))
        return safe_text(" · ".join(parts))


def endpoint_origin(url: str) -> str:
    """Scheme, host and port of `url` (IPv6 in brackets). A presigned or odd URL may carry
    `?X-Amz-Security-Token=…` or `user:password@`; neither is kept."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "custom endpoint (unreadable URL)"
    if not host:
        return "custom endpoint (unreadable URL)"
    if ":" in host:
        host = f"[{host}]"
    origin = f"{parts.scheme}://{host}" if parts.scheme else host
    return f"{origin}:{port}" if port is not None else origin


class Source:
    """Fetches engagements, incidents and their details through botocore."""

    def __init__(
        self,
        *,
        profile: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        max_attempts: int = 3,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        call_deadline: float = 30.0,
        static_credentials: tuple[str, str] | None = None,
    ) -> None:
        self._calls = calls.Calls(
            calls.Options(
                profile=profile,
                region=region or os.environ.get("AWS_REGION") or None,
                endpoint_url=endpoint_url,
                max_attempts=max_attempts,
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                call_deadline=call_deadline,
                static_credentials=static_credentials,
            )
        )
        self._contacts_lock = threading.Lock()
        self._contacts: dict[str, ContactDetail] = {}

    @classmethod
    def for_endpoint(cls, endpoint_url: str, **options: Any) -> Source:
        """A source for a local emulator: fixed region and throwaway credentials, no profile."""
        return cls(
            region=EMULATOR_REGION,
            endpoint_url=endpoint_url,
            static_credentials=("AKIDEMOEMULATOR", "demo-secret-not-a-real-key"),
            **options,
        )

    def switched(self, *, profile: str | None, region: str | None) -> Source:
        """A new Source for another profile and/or region, sending to the same endpoint with
        the same timeouts (and an emulator's throwaway credentials): `P` and `R` in the app."""
        options = self._calls.options
        return Source(
            profile=profile,
            region=region,
            endpoint_url=options.endpoint_url,
            max_attempts=options.max_attempts,
            connect_timeout=options.connect_timeout,
            read_timeout=options.read_timeout,
            call_deadline=options.call_deadline,
            static_credentials=options.static_credentials,
        )

    def prepare(self, service: str = "ssm-contacts") -> None:
        """Import botocore and build the client now (no request is sent); raises SourceError."""
        self._calls.prepare(service)

    @property
    def target(self) -> Target:
        options = self._calls.options
        profile = options.profile or calls.env_profile()
        region = options.region or self._calls.profile_region
        # botocore reads these itself; they are looked up here only to be shown.
        endpoint = (
            options.endpoint_url
            or os.environ.get("AWS_ENDPOINT_URL_SSM_CONTACTS")
            or os.environ.get("AWS_ENDPOINT_URL")
        )
        return Target(profile=profile, region=region, endpoint_url=endpoint)

    # --- SSM Contacts -------------------------------------------------------------------------

    def list_engagements(
        self, query: Query, next_token: str | None = None, max_results: int = 50
    ) -> ResultPage[Engagement]:
        """One page of engagements, newest first; `skipped` counts rows that could not be read."""
        params = _engagement_params(query, next_token, max_results)
        return self._page("ssm-contacts", "list_engagements", params, mapping.engagement)

    def list_engagements_direct(
        self, query: Query, next_token: str | None = None, max_results: int = 50
    ) -> ResultPage[Engagement] | None:
        """The same page sent without botocore (see direct.py: start-up only), or None when
        that can't be done or didn't work out: then ask `list_engagements`."""
        from engage_tui.aws import direct

        params = _engagement_params(query, next_token, max_results)
        return direct.list_engagements(self._calls.options, params)

    def describe_engagement(self, engagement_arn: str) -> EngagementDetail:
        params = {"EngagementId": engagement_arn}
        result = self._calls.call("ssm-contacts", "describe_engagement", params)
        try:
            return mapping.engagement_detail(result)
        except mapping.MalformedRow as exc:
            raise calls.garbled("ssm-contacts:DescribeEngagement", str(exc)) from None

    def list_pages(self, engagement_arn: str) -> tuple[Page, ...]:
        """Every page sent for one engagement (follows NextToken)."""
        return self._pages(engagement_arn)[0]

    def list_receipts(self, page_arn: str) -> tuple[Receipt, ...]:
        """Every receipt of one page, oldest first (whatever order the service sent)."""
        return self._receipts(page_arn)[0]

    def timeline(self, engagement_arn: str) -> Timeline:
        """Compat for callers that need the detail: `timeline_parts`, raising if the detail
        failed. Pages or receipts that fail are named in `problems`, as there."""
        timeline = self.timeline_parts(engagement_arn)
        if timeline.detail is None:
            raise timeline.problems[Part.DETAIL]
        return timeline

    def timeline_parts(self, engagement_arn: str, *, full: bool = True) -> Timeline:
        """Every part of one engagement that loads; a part that fails is named in `problems`.

        `full=False` is the cheap fetch for the Ack column: no DescribeEngagement, and receipts
        only for pages whose own times leave the acknowledgement open (see acknowledgement).
        Raises only when nothing at all loaded.
        """
        problems: dict[Part, SourceError] = {}
        detail = None
        if full:
            try:
                detail = self.describe_engagement(engagement_arn)
            except SourceError as error:
                problems[Part.DETAIL] = error
        try:
            pages, skipped = self._pages(engagement_arn)
        except SourceError as error:
            if detail is None:
                raise problems.get(Part.DETAIL, error) from None
            problems[Part.PAGES] = error
            pages, skipped = (), 0
        from engage_tui.acknowledgement import pages_needing_receipts  # not before the fork

        wanted = pages if full else pages_needing_receipts(pages)
        receipts, more_skipped, failed = self._receipts_of(wanted)
        if failed is not None:
            problems[Part.RECEIPTS] = failed
        return Timeline(
            arn=engagement_arn,
            detail=detail,
            pages=pages,
            receipts=receipts,
            problems=problems,
            full=full,
            skipped=skipped + more_skipped,
        )

    def list_contacts(self) -> tuple[Contact, ...]:
        """Every contact and escalation plan (to tell them apart in the table)."""
        return self._collect("list_contacts", {}, "Contacts", mapping.contact)[0]

    def accept_page(
        self, page_arn: str, code: str, *, contact_channel_arn: str | None = None
    ) -> None:
        """Acknowledge one page (AcceptPage, READ) with the code it carried; the service checks
        the code (ENFORCE). A wrong code is ErrorKind.WRONG_CODE, a stopped engagement's page
        PAGE_EXPIRED, each with a message naming the page."""
        from engage_tui.aws import actions

        actions.accept_page(self._calls, page_arn, code, contact_channel_arn)

    def stop_engagement(self, engagement_arn: str, reason: str | None) -> None:
        """Stop one engagement (StopEngagement). A reason over 255 characters is refused before
        sending; an engagement that had stopped already is ErrorKind.ALREADY_STOPPED."""
        from engage_tui.aws import actions

        actions.stop_engagement(self._calls, engagement_arn, reason)

    def list_page_resolutions(self, page_arn: str) -> ResolutionPath:
        """How one page resolved: plan → stage → on-call schedule → person."""
        from engage_tui.aws import context

        return context.page_resolutions(self._calls, page_arn)

    def get_contact(self, contact_arn: str, *, fresh: bool = False) -> ContactDetail:
        """One contact with its plan (GetContact), cached for the Source's life; `fresh` asks
        again. Failures are not cached."""
        from engage_tui.aws import context

        with self._contacts_lock:
            cached = None if fresh else self._contacts.get(contact_arn)
        if cached is not None:
            return cached
        detail = context.contact(self._calls, contact_arn)
        with self._contacts_lock:
            if len(self._contacts) >= _CONTACT_CACHE:
                self._contacts.pop(next(iter(self._contacts)))
            self._contacts[contact_arn] = detail
        return detail

    def current_shift(self, schedule_or_rotation_arn: str, now: datetime) -> OnCall:
        """Who is on call at `now`, and until when, for an on-call schedule contact (its
        rotations from GetContact) or a rotation ARN (ListRotationShifts)."""
        from engage_tui.aws import context

        if ":rotation/" in schedule_or_rotation_arn:
            return context.on_call(self._calls, schedule_or_rotation_arn, now)
        schedule = self.get_contact(schedule_or_rotation_arn)
        return context.on_call(self._calls, schedule, now)

    # --- SSM Incidents ------------------------------------------------------------------------

    def list_incidents(
        self, next_token: str | None = None, max_results: int = 50
    ) -> ResultPage[Incident]:
        params: dict[str, Any] = {"maxResults": max_results}
        if next_token:
            params["nextToken"] = next_token
        return self._page("ssm-incidents", "list_incident_records", params, mapping.incident)

    def get_incident_record(self, incident_arn: str) -> IncidentRecord:
        """The incident record: title, status, impact, created/resolved, summary."""
        from engage_tui.aws import context

        return context.incident_record(self._calls, incident_arn)

    def list_timeline_events(self, incident_arn: str, limit: int = 10) -> tuple[TimelineEvent, ...]:
        """The incident's `limit` newest timeline events, newest first."""
        from engage_tui.aws import context

        return context.timeline_events(self._calls, incident_arn, limit)

    def list_related_items(self, incident_arn: str) -> tuple[RelatedItem, ...]:
        """The items attached to the incident (titles with a URL, ARN or metric)."""
        from engage_tui.aws import context

        return context.related_items(self._calls, incident_arn)

    # --- plumbing

    def _page(
        self, service: str, operation: str, params: dict[str, Any], convert: Callable[[Any], T]
    ) -> ResultPage[T]:
        key, token_key = _LISTS[operation]
        action = f"{service}:{calls.api_name(operation)}"
        result = self._calls.call(service, operation, params)
        items, skipped = calls.rows(convert, calls.listed(result, key, action, required=True))
        token = calls.next_token(result, token_key, service, action)
        return ResultPage(items=items, next_token=token, skipped=skipped)

    def _pages(self, engagement_arn: str) -> tuple[tuple[Page, ...], int]:
        params = {"EngagementId": engagement_arn}
        return self._collect("list_pages_by_engagement", params, "Pages", mapping.page)

    def _receipts(self, page_arn: str) -> tuple[tuple[Receipt, ...], int]:
        params = {"PageId": page_arn}
        receipts, skipped = self._collect("list_page_receipts", params, "Receipts", mapping.receipt)
        return tuple(sorted(receipts, key=lambda r: r.time)), skipped

    def _receipts_of(
        self, pages: Iterable[Page]
    ) -> tuple[dict[str, tuple[Receipt, ...]], int, SourceError | None]:
        """Each page's receipts; a page whose receipts fail is left out, the others still load."""
        receipts: dict[str, tuple[Receipt, ...]] = {}
        skipped = 0
        failed: SourceError | None = None
        for page in pages:
            try:
                receipts[page.arn], more = self._receipts(page.arn)
            except SourceError as error:
                failed = failed or error
                if error.kind in _WHOLE_ACCOUNT:
                    break
                continue
            skipped += more
        return receipts, skipped, failed

    def _collect(
        self, operation: str, params: dict[str, Any], key: str, convert: Callable[[Any], T]
    ) -> tuple[tuple[T, ...], int]:
        return calls.collect(self._calls, "ssm-contacts", operation, params, key, convert)


def _engagement_params(query: Query, next_token: str | None, max_results: int) -> dict[str, Any]:
    params: dict[str, Any] = {"MaxResults": max_results}
    if query.incident_arn:
        params["IncidentId"] = query.incident_arn
    if query.time_range is not None:
        window = {}
        if query.time_range.start is not None:
            window["StartTime"] = query.time_range.start
        if query.time_range.end is not None:
            window["EndTime"] = query.time_range.end
        params["TimeRangeValue"] = window
    if next_token:
        params["NextToken"] = next_token
    return params


# Where each paged list keeps its items and its next token.
_LISTS = {
    "list_engagements": ("Engagements", "NextToken"),
    "list_incident_records": ("incidentRecordSummaries", "nextToken"),
}
