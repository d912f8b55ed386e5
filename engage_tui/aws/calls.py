"""One botocore call at a time: clients built once, each call under a deadline, every failure
turned into a SourceError, and responses checked before anything reads them.

botocore is imported lazily (on the first call) so importing the data layer stays cheap. Clients
are thread-safe and shared; the botocore session is not, so it is only touched under a lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from engage_tui.aws import mapping, raw_items
from engage_tui.aws.error_mapping import to_source_error
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.fingerprint import fingerprint

T = TypeVar("T")

# The longest NextToken each service's model allows; a longer one is garbage, not a token.
TOKEN_LIMITS = {"ssm-contacts": 2048, "ssm-incidents": 2000}
# Follow-up lists (pages of one engagement, receipts of one page, a rotation's shifts) are short;
# this bounds a server that keeps handing out tokens.
MAX_FOLLOW_PAGES = 50


@dataclass(frozen=True, slots=True)
class Options:
    """How a Source talks to AWS."""

    profile: str | None
    region: str | None
    endpoint_url: str | None
    max_attempts: int
    connect_timeout: float
    read_timeout: float
    call_deadline: float
    static_credentials: tuple[str, str] | None


class Calls:
    """The boto plumbing behind `Source`: clients, one call, its errors."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}
        self._session: Any = None
        self.profile_region: str | None = None
        """The region the profile or environment names, once botocore has read it."""

    def call(self, service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """One API call (botocore's retries included), done within the deadline or failed."""
        from engage_tui.aws.deadline import Deadline

        action = f"{service}:{api_name(operation)}"
        with self._errors(action):
            client = self._client(service)
        with self._errors(action), Deadline(self.options.call_deadline) as deadline:
            try:
                result = getattr(client, operation)(**params)
            except Exception as exc:
                if deadline.expired:
                    raise self._too_slow(action) from None
                if _is_wrong_type(exc):
                    raise garbled(action, f"{type(exc).__name__}: {exc}") from None
                raise
            if deadline.expired:  # the body may have been cut short when its socket was shut
                raise self._too_slow(action)
        if not isinstance(result, dict):
            raise garbled(action, "not an object")
        return result

    def _too_slow(self, action: str) -> SourceError:
        return SourceError(
            ErrorKind.TIMEOUT,
            f"The AWS endpoint did not answer in time: {action} was still arriving after "
            f"{self.options.call_deadline:g}s. Check your network or VPN, then press r.",
            retryable=True,
        )

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except SourceError:
            raise
        except Exception as exc:  # every botocore failure becomes one typed, readable error
            # The profile botocore used, so that `aws sso login --profile X` names it.
            profile = self.options.profile or env_profile()
            raise to_source_error(exc, action=action, profile=profile) from None

    def prepare(self, service: str) -> None:
        """Build the client for `service` now; a failure is a SourceError."""
        with self._errors(f"{service}:prepare"):
            self._client(service)

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

        from engage_tui.aws import deadline

        options = self.options
        if self._session is None:
            self._session = botocore.session.Session(profile=options.profile)
            self.profile_region = self._session.get_config_variable("region")
            factory = self._session.get_component("response_parser_factory")
            factory.set_parser_defaults(timestamp_parser=mapping.parse_timestamp)
        config = botocore.config.Config(
            # botocore's `max_attempts` counts retries after the first try; `total_max_attempts`
            # counts every try, which is what our `max_attempts` promises.
            retries={"mode": "standard", "total_max_attempts": options.max_attempts},
            connect_timeout=options.connect_timeout,
            read_timeout=options.read_timeout,
            user_agent_extra="engage-tui",
        )
        key_id, secret = options.static_credentials or (None, None)
        client = self._session.create_client(
            service,
            region_name=options.region,
            endpoint_url=options.endpoint_url,
            config=config,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
        )
        deadline.install(client)
        client.meta.events.register("before-parse", _refuse_partial_json)
        client.meta.events.register("before-parse", raw_items.hand_through)
        return client


def env_profile(environ: Mapping[str, str] = os.environ) -> str | None:
    """The profile botocore uses when none is named: AWS_DEFAULT_PROFILE, then AWS_PROFILE."""
    return environ.get("AWS_DEFAULT_PROFILE") or environ.get("AWS_PROFILE") or None


def collect(
    calls: Calls,
    service: str,
    operation: str,
    params: dict[str, Any],
    key: str,
    convert: Callable[[Any], T],
    *,
    limit: int | None = None,
) -> tuple[tuple[T, ...], int]:
    """Every item of a short follow-up list (following its token; a repeated token ends it),
    and how many items could not be read. With `limit`, stops once that many are in."""
    action = f"{service}:{api_name(operation)}"
    token_key = "NextToken" if service == "ssm-contacts" else "nextToken"
    collected: list[T] = []
    skipped = 0
    seen: set[bytes] = set()  # digests: a token may be 2 KiB, and a loop may be long
    token: str | None = None
    for _ in range(MAX_FOLLOW_PAGES):
        call = dict(params, **{token_key: token}) if token else params
        result = calls.call(service, operation, call)
        items, more = rows(convert, listed(result, key, action, required=False))
        collected.extend(items)
        skipped += more
        token = next_token(result, token_key, service, action)
        if token is None or (limit is not None and len(collected) >= limit):
            break
        digest = fingerprint(token)
        if digest in seen:
            break
        seen.add(digest)
    return tuple(collected), skipped


def garbled(action: str, what: str) -> SourceError:
    """A response whose shape or types are not the service's: retrying will not mend it."""
    return SourceError(
        ErrorKind.BAD_RESPONSE,
        f"The service sent a garbled response to {action} ({what}). Check that the endpoint "
        "is SSM Contacts / SSM Incidents; press r to try again.",
        retryable=False,
    )


def listed(result: dict[str, Any], key: str, action: str, *, required: bool) -> list[Any]:
    """The list under `key`; a missing optional list is empty, anything else not a list is
    garbled (botocore turns an unparseable 200 body into a dict without it)."""
    items = result.get(key)
    if items is None and not required:
        return []
    if not isinstance(items, list):
        raise garbled(action, f"no {key} list")
    return items


def next_token(result: dict[str, Any], key: str, service: str, action: str) -> str | None:
    """The token for the next page, None at the end; one the model would never send is garbled."""
    token = result.get(key)
    if token is None or token == "":
        return None
    if not isinstance(token, str) or len(token) > TOKEN_LIMITS[service]:
        raise garbled(action, f"a {key} that is no pagination token")
    return token


def rows(convert: Callable[[Any], T], items: list[Any]) -> tuple[tuple[T, ...], int]:
    """Every item `convert` can read, and how many it could not (skipped, not fatal)."""
    out: list[T] = []
    skipped = 0
    for item in items:
        try:
            out.append(convert(item))
        except (mapping.MalformedRow, AttributeError):  # AttributeError: not an object at all
            skipped += 1
    return tuple(out), skipped


def _is_wrong_type(exc: Exception) -> bool:
    """botocore's parser meeting a value of the wrong type (a list that is a string, a
    structure that is a number) fails with a plain Python error, not one of its own."""
    from botocore.exceptions import BotoCoreError

    wrong = (ValueError, TypeError, AttributeError, KeyError)
    return isinstance(exc, wrong) and not isinstance(exc, BotoCoreError)


def _refuse_partial_json(response_dict: dict[str, Any], **_: Any) -> None:
    """A 2xx body that is no whole JSON object (empty, cut short, HTML) would otherwise be parsed
    into an empty result: a page that looks final, receipts that look absent."""
    from botocore.parsers import ResponseParserError

    if response_dict.get("status_code", 500) >= 300:
        return  # error bodies are botocore's to read
    body = response_dict.get("body") or b""
    if body[:64].lstrip()[:1] != b"{" or body[-64:].rstrip()[-1:] != b"}":
        raise ResponseParserError("the response body is not a complete JSON object")


def api_name(operation: str) -> str:
    """`list_engagements` → `ListEngagements` (the IAM action name)."""
    return "".join(part.capitalize() for part in operation.split("_"))
