"""The start-up's pages of engagements without botocore, when the request is plain.

Importing botocore and building a client costs ~250 ms of CPU before the first request, more
than the request itself even at 150 ms from the region. When the credentials are in the
environment (or given, as for the emulator) and nothing the user configured changes where or
how a request goes, the first pages are one signed HTTPS POST each: SigV4 as botocore signs it
(`tests/test_direct.py` compares the two), the JSON read by the same mapping as every other
page. Whenever anything is unusual (a profile, a proxy, an endpoint setting, a non-200 answer,
a body botocore would refuse, any error at all) `list_engagements` gives None and the caller
asks botocore, which knows every case and reports failures properly.

Nothing here logs or keeps a request: the secret and the token never leave this module's calls.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from engage_tui import __version__
from engage_tui.aws.models import Engagement, ResultPage

if TYPE_CHECKING:
    import ssl

    from engage_tui.aws.calls import Options

SERVICE = "ssm-contacts"
TARGET_PREFIX = "SSMContacts"
CONTENT_TYPE = "application/x-amz-json-1.1"

# Settings botocore reads from the environment that change the endpoint or the route of a
# request: with any of them set, botocore sends the request. (CA bundles are honoured here.)
_BOTOCORE_ENV = (
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SSM_CONTACTS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
)
# Commercial regions only: China, GovCloud and the isolated partitions have other domains.
_COMMERCIAL_REGION = re.compile(r"(?!cn-|us-gov-|us-iso)[a-z]{2}(-[a-z]+)+-\d{1,2}")


@dataclass(frozen=True)
class Plan:
    """Where and as whom to send: an endpoint and credentials. Never shown or logged."""

    endpoint: str
    region: str
    access_key: str
    secret_key: str = ""
    token: str | None = None
    timeout: float = 10.0

    def __repr__(self) -> str:  # a traceback or a debugger must not print the secret
        return f"Plan(endpoint={self.endpoint!r}, region={self.region!r})"


def plan(
    *,
    profile: str | None,
    region: str | None,
    endpoint_url: str | None,
    static_credentials: tuple[str, str] | None,
    timeout: float,
    environ: Mapping[str, str] = os.environ,
) -> Plan | None:
    """The direct request's plan, or None when botocore must send it."""
    if any(environ.get(name) for name in _BOTOCORE_ENV):
        return None
    region = region or environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if not region:
        return None
    if static_credentials is not None:
        key, secret = static_credentials
        token = None
    elif profile is None and not _profile_configured(environ):
        # botocore's chain puts the environment first unless a profile is named explicitly.
        key = environ.get("AWS_ACCESS_KEY_ID", "")
        secret = environ.get("AWS_SECRET_ACCESS_KEY", "")
        token = environ.get("AWS_SESSION_TOKEN") or environ.get("AWS_SECURITY_TOKEN") or None
    else:
        return None
    if not key or not secret:
        return None
    if endpoint_url is None:
        if not _COMMERCIAL_REGION.fullmatch(region):
            return None
        endpoint_url = f"https://{SERVICE}.{region}.amazonaws.com"
    parts = urlsplit(endpoint_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        return None
    return Plan(endpoint_url.rstrip("/"), region, key, secret, token, timeout)


def _profile_configured(environ: Mapping[str, str]) -> bool:
    """Whether the AWS config file has settings for the profile in use beyond its region and
    output (an endpoint_url, a ca_bundle, FIPS…): then botocore decides how to send."""
    path = environ.get("AWS_CONFIG_FILE") or os.path.expanduser("~/.aws/config")
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return False
    import configparser

    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text)
    except configparser.Error:
        return True
    from engage_tui.aws.calls import env_profile

    name = env_profile(environ) or "default"
    section = "default" if name == "default" else f"profile {name}"
    if not parser.has_section(section):
        return name != "default"  # a named profile that isn't there: botocore's error
    return not set(parser.options(section)) <= {"region", "output"}


def list_engagements_params(params: Mapping[str, Any]) -> bytes:
    """The JSON body botocore would send for these ListEngagements parameters."""
    body: dict[str, Any] = {}
    for name, value in params.items():
        if name == "TimeRangeValue":
            value = {key: _epoch_seconds(moment) for key, moment in value.items()}
        body[name] = value
    return json.dumps(body).encode()


def _epoch_seconds(moment: datetime) -> int | float:
    """As botocore writes a time: whole seconds, or microseconds added before one division."""
    seconds = calendar.timegm(moment.utctimetuple())
    if moment.microsecond:
        return (seconds * 10**6 + moment.microsecond) / 10**6
    return seconds


def signed_headers(plan: Plan, operation: str, body: bytes, *, now: datetime) -> dict[str, str]:
    """The headers of a SigV4-signed JSON 1.1 POST to `plan.endpoint`, as botocore signs it."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    day = stamp[:8]
    host = urlsplit(plan.endpoint).netloc
    headers = {
        "content-type": CONTENT_TYPE,
        "host": host,
        "x-amz-date": stamp,
        "x-amz-target": f"{TARGET_PREFIX}.{operation}",
    }
    if plan.token:
        headers["x-amz-security-token"] = plan.token
    names = sorted(headers)
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            *(f"{name}:{' '.join(headers[name].split())}" for name in names),
            "",
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{day}/{plan.region}/{SERVICE}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = f"AWS4{plan.secret_key}".encode()
    for part in (day, plan.region, SERVICE, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={plan.access_key}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    headers["user-agent"] = f"engage-tui/{__version__} direct"
    return headers


def send(plan: Plan, operation: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The operation's JSON answer, or None for anything but a 200 with a JSON object (botocore
    then sends the request again and reports what went wrong)."""
    import http.client
    from datetime import UTC

    body = list_engagements_params(params)
    headers = signed_headers(plan, operation, body, now=datetime.now(UTC))
    parts = urlsplit(plan.endpoint)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=plan.timeout, context=tls_context(os.environ)
        )
    else:
        connection = http.client.HTTPConnection(
            parts.hostname or "", parts.port, timeout=plan.timeout
        )
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            return None
        result = json.loads(data)
    except Exception:  # noqa: BLE001 — any failure: botocore tries again and explains it
        return None
    finally:
        connection.close()
    return result if isinstance(result, dict) else None


def tls_context(environ: Mapping[str, str]) -> ssl.SSLContext:
    """The certificates botocore trusts: AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, else its default."""
    import ssl

    cafile = environ.get("AWS_CA_BUNDLE") or environ.get("REQUESTS_CA_BUNDLE")
    return ssl.create_default_context(cafile=cafile or _default_bundle())


def _default_bundle() -> str | None:
    """botocore's default bundle (httpsession.where): certifi's if installed, else its own."""
    from importlib.util import find_spec

    for package in ("certifi", "botocore"):
        spec = find_spec(package)  # located, not imported: that is what this module avoids
        folders = spec.submodule_search_locations if spec is not None else None
        if folders:
            return os.path.join(next(iter(folders)), "cacert.pem")
    return None


def list_engagements(options: Options, params: Mapping[str, Any]) -> ResultPage[Engagement] | None:
    """One page of ListEngagements sent directly, or None: then botocore must send it."""
    try:
        chosen = plan(
            profile=options.profile,
            region=options.region,
            endpoint_url=options.endpoint_url,
            static_credentials=options.static_credentials,
            timeout=options.read_timeout,
        )
        result = None if chosen is None else send(chosen, "ListEngagements", params)
        return None if result is None else engagement_page(result)
    except Exception:  # noqa: BLE001 — only a shortcut: botocore sends it and explains any failure
        return None


def engagement_page(result: Mapping[str, Any]) -> ResultPage[Engagement] | None:
    """The page in a ListEngagements answer, read as botocore's parse and the mapping read it;
    None for an answer botocore would call garbled (it then says so itself)."""
    from engage_tui.aws import calls, mapping
    from engage_tui.aws.errors import SourceError
    from engage_tui.aws.raw_items import rows_as_sent

    items = rows_as_sent(result.get("Engagements"))
    if items is None:
        return None
    try:
        token = calls.next_token(dict(result), "NextToken", SERVICE, "direct")
    except SourceError:
        return None
    # The mapping reads the rows as the JSON sent them, as it does behind botocore (raw_items).
    rows, skipped = calls.rows(mapping.engagement, items)
    return ResultPage(items=rows, next_token=token, skipped=skipped)
