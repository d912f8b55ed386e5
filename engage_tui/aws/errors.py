"""The one error type the data layer raises: what went wrong, in words a person can act on."""

from __future__ import annotations

from enum import StrEnum


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


class SourceError(Exception):
    """Raised by `aws.source` for every failure; `message` is safe to show (no secrets)."""

    def __init__(self, kind: ErrorKind, message: str, *, retryable: bool) -> None:
        # AWS quotes rejected input back in its messages: never pass a control character on.
        message = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retryable = retryable

    def __repr__(self) -> str:
        return f"SourceError({self.kind.value!r}, {self.message!r}, retryable={self.retryable})"
