"""The one error type the data layer raises: what went wrong, in words a person can act on."""

from __future__ import annotations

import re
from enum import StrEnum

REDACTED = "‹redacted›"

# `name=value` / `name: value` pairs whose value is a secret (SigV4 query strings and headers,
# SDK config echoed back): the name stays, so the message still says what was there.
_SECRET_PAIR = re.compile(
    r"""(?ix)
    (?P<name>
        (?:x-amz-)?(?:credential|signature|security[-_ ]?token|session[-_ ]?token)
        | aws_secret_access_key | secret[-_ ]?access[-_ ]?key | secret[-_ ]?key
        | authorization | password
    )
    (?P<sep>["']?\s*[=:]\s*["']?)
    (?P<value>[^\s,;&"']+)
    """
)
# Access key ids: AKIA… (long-term) and ASIA… (temporary), and the other IAM unique-id prefixes.
_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{12,}\b")
# A secret access key is 40 base64 characters; a session token is hundreds. A long run that mixes
# upper case, lower case and digits is taken as a secret: ARNs, UUIDs and hex ids never do.
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{32,}(?![A-Za-z0-9/+=])")


def _looks_secret(run: str) -> bool:
    return (
        any(c.isupper() for c in run)
        and any(c.islower() for c in run)
        and any(c.isdigit() for c in run)
    )


def redact(text: str) -> str:
    """`text` with credentials, signatures, tokens and anything shaped like a key replaced."""
    text = _SECRET_PAIR.sub(lambda m: f"{m['name']}{m['sep']}{REDACTED}", text)
    text = _KEY_ID.sub(REDACTED, text)
    return _LONG_RUN.sub(lambda m: REDACTED if _looks_secret(m[0]) else m[0], text)


class ErrorKind(StrEnum):
    NO_CREDENTIALS = "no-credentials"
    EXPIRED_CREDENTIALS = "expired-credentials"
    ACCESS_DENIED = "access-denied"
    THROTTLED = "throttled"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    NO_REGION = "no-region"
    VALIDATION = "validation"
    BAD_TOKEN = "bad-token"
    NOT_FOUND = "not-found"
    SERVER = "server"
    BAD_RESPONSE = "bad-response"
    PROFILE_NOT_FOUND = "profile-not-found"
    WRONG_CODE = "wrong-code"
    """AcceptPage refused the code the responder typed."""
    PAGE_EXPIRED = "page-expired"
    """AcceptPage on a page whose engagement has stopped: nothing is left to acknowledge."""
    ALREADY_STOPPED = "already-stopped"
    """StopEngagement on an engagement that had stopped already."""


class SourceError(Exception):
    """Raised by `aws.source` for every failure; `message` is safe to show and to log.

    Servers quote requests back in their messages (a presigned URL, an Authorization header,
    the rejected input), so every message is escaped and redacted here, once, for every caller.
    """

    def __init__(self, kind: ErrorKind, message: str, *, retryable: bool) -> None:
        message = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
        message = redact(message)
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retryable = retryable

    def __repr__(self) -> str:
        return f"SourceError({self.kind.value!r}, {self.message!r}, retryable={self.retryable})"
