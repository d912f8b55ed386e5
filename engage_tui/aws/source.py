"""One page at a time from SSM Contacts and SSM Incidents, as typed values; failures as SourceError.

Every method blocks (call it from a worker thread). The two boto3 clients are created once, on
first use, and shared: botocore clients are thread-safe, sessions are not, so the session is only
touched under a lock while the clients are built.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from engage_tui.aws import mapping
from engage_tui.aws.error_mapping import to_source_error
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import (
    Contact,
    Engagement,
    EngagementDetail,
    Incident,
    Page,
    Query,
    Receipt,
    ResultPage,
    Timeline,
)
from engage_tui.sanitize import safe_text

T = TypeVar("T")

# Follow-up lists (pages of one engagement, receipts of one page) are short; this bounds a
# server that keeps handing out tokens.
_MAX_FOLLOW_PAGES = 50


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
    """Fetches engagements, incidents and their details through boto3."""

    def __init__(
        self,
        *,
        profile: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        max_attempts: int = 3,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        static_credentials: tuple[str, str] | None = None,
    ) -> None:
        self._profile = profile
        self._region = region or os.environ.get("AWS_REGION") or None
        self._endpoint_url = endpoint_url
        self._max_attempts = max_attempts
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}
        self._session: Any = None
        # The region the profile or environment names, once botocore has read it.
        self._profile_region: str | None = None
        self._static_credentials = static_credentials

    @classmethod
    def for_endpoint(cls, endpoint_url: str, **options: Any) -> Source:
        """A source for a local emulator: fixed region and throwaway credentials, no profile."""
        return cls(
            region="us-east-1",
            endpoint_url=endpoint_url,
            static_credentials=("AKIDEMOEMULATOR", "demo-secret-not-a-real-key"),
            **options,
        )

    @property
    def target(self) -> Target:
        profile = self._profile or os.environ.get("AWS_PROFILE") or None
        region = self._region or self._profile_region
        # botocore reads these itself; they are looked up here only to be shown.
        endpoint = (
            self._endpoint_url
            or os.environ.get("AWS_ENDPOINT_URL_SSM_CONTACTS")
            or os.environ.get("AWS_ENDPOINT_URL")
        )
        return Target(profile=profile, region=region, endpoint_url=endpoint)

    # --- SSM Contacts -------------------------------------------------------------------------

    def list_engagements(
        self, query: Query, next_token: str | None = None, max_results: int = 50
    ) -> ResultPage[Engagement]:
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
        result = self._call("ssm-contacts", "list_engagements", params)
        items = self._map(mapping.engagement, _required(result, "Engagements"))
        return ResultPage(items=items, next_token=result.get("NextToken") or None)

    def describe_engagement(self, engagement_arn: str) -> EngagementDetail:
        result = self._call("ssm-contacts", "describe_engagement", {"EngagementId": engagement_arn})
        return self._map(mapping.engagement_detail, [result])[0]

    def list_pages(self, engagement_arn: str) -> tuple[Page, ...]:
        """Every page sent for one engagement (follows NextToken)."""
        return self._collect(
            "list_pages_by_engagement", {"EngagementId": engagement_arn}, "Pages", mapping.page
        )

    def timeline(self, engagement_arn: str) -> Timeline:
        """The detail, the pages and every page's receipts of one engagement."""
        detail = self.describe_engagement(engagement_arn)
        pages = self.list_pages(engagement_arn)
        receipts = {page.arn: self.list_receipts(page.arn) for page in pages}
        return Timeline(detail, pages, receipts)

    def list_receipts(self, page_arn: str) -> tuple[Receipt, ...]:
        """Every receipt of one page, oldest first."""
        receipts = self._collect(
            "list_page_receipts", {"PageId": page_arn}, "Receipts", mapping.receipt
        )
        return tuple(sorted(receipts, key=lambda r: r.time))

    def list_contacts(self) -> tuple[Contact, ...]:
        """Every contact and escalation plan (to tell them apart in the table)."""
        return self._collect("list_contacts", {}, "Contacts", mapping.contact)

    # --- SSM Incidents ------------------------------------------------------------------------

    def list_incidents(
        self, next_token: str | None = None, max_results: int = 50
    ) -> ResultPage[Incident]:
        params: dict[str, Any] = {"maxResults": max_results}
        if next_token:
            params["nextToken"] = next_token
        result = self._call("ssm-incidents", "list_incident_records", params)
        items = self._map(mapping.incident, _required(result, "incidentRecordSummaries"))
        return ResultPage(items=items, next_token=result.get("nextToken") or None)

    # --- plumbing

    def _client(self, service: str) -> Any:
        client = self._clients.get(service)
        if client is not None:
            return client
        with self._lock:
            client = self._clients.get(service)
            if client is None:
                client = self._new_client(service)
                self._clients[service] = client
        return client

    def _new_client(self, service: str) -> Any:
        # botocore directly: boto3's import also pulls in s3transfer, which we never use.
        import botocore.config
        import botocore.session

        if self._session is None:
            self._session = botocore.session.Session(profile=self._profile)
            self._profile_region = self._session.get_config_variable("region")
        config = botocore.config.Config(
            # botocore's `max_attempts` counts retries after the first try; `total_max_attempts`
            # counts every try, which is what our `max_attempts` promises.
            retries={"mode": "standard", "total_max_attempts": self._max_attempts},
            connect_timeout=self._connect_timeout,
            read_timeout=self._read_timeout,
            user_agent_extra="engage-tui",
        )
        key_id, secret = self._static_credentials or (None, None)
        return self._session.create_client(
            service,
            region_name=self._region,
            endpoint_url=self._endpoint_url,
            config=config,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
        )

    @contextmanager
    def _calling(self, action: str) -> Iterator[None]:
        try:
            yield
        except SourceError:
            raise
        except Exception as exc:  # every botocore failure becomes one typed, readable error
            raise to_source_error(exc, action=action, profile=self.target.profile) from None

    def _call(self, service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        action = f"{service}:{_api_name(operation)}"
        with self._calling(action):
            client = self._client(service)
            result: dict[str, Any] = getattr(client, operation)(**params)
            return result

    def _map(self, convert: Callable[[Any], T], items: list[Any]) -> tuple[T, ...]:
        try:
            return tuple(convert(item) for item in items)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise SourceError(
                ErrorKind.BAD_RESPONSE,
                f"The service sent a response engage-tui could not read ({type(exc).__name__}: "
                f"{exc}). Press r to try again.",
                retryable=True,
            ) from None

    def _collect(
        self, operation: str, params: dict[str, Any], key: str, convert: Callable[[Any], T]
    ) -> tuple[T, ...]:
        collected: list[T] = []
        seen_tokens: set[str] = set()
        token: str | None = None
        for _ in range(_MAX_FOLLOW_PAGES):
            call = dict(params, NextToken=token) if token else params
            result = self._call("ssm-contacts", operation, call)
            collected.extend(self._map(convert, _required(result, key)))
            token = result.get("NextToken") or None
            if token is None or token in seen_tokens:
                break
            seen_tokens.add(token)
        return tuple(collected)


def _required(result: dict[str, Any], key: str) -> list[Any]:
    """The list a response must carry. botocore turns an unparseable 200 body into a dict
    without it, which would otherwise look like an empty, final page."""
    items = result.get(key)
    if not isinstance(items, list):
        raise SourceError(
            ErrorKind.BAD_RESPONSE,
            f"The service sent a response without {key} (garbled or cut short). "
            "Press r to try again.",
            retryable=True,
        )
    return items


def _api_name(operation: str) -> str:
    """`list_engagements` → `ListEngagements` (the IAM action name)."""
    return "".join(part.capitalize() for part in operation.split("_"))
