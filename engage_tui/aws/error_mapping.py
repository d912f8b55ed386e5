"""botocore exceptions → SourceError with a message a person at 3 a.m. can act on.

botocore is imported lazily (inside the function) so importing the data layer stays cheap.
Messages never include request headers or credentials: only error codes, the service's own
message and the names of things (profile, action, endpoint).
"""

from __future__ import annotations

from engage_tui.aws.errors import ErrorKind, SourceError

_EXPIRED_CODES = {
    "ExpiredTokenException",
    "ExpiredToken",
    "RequestExpired",
    "TokenRefreshRequired",
}
_BAD_CREDENTIAL_CODES = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "MissingAuthenticationTokenException",
    "IncompleteSignature",
}
_THROTTLE_CODES = {"ThrottlingException", "Throttling", "TooManyRequestsException"}


def _login_hint(profile: str | None) -> str:
    command = f"aws sso login --profile {profile}" if profile else "aws sso login"
    return f"run '{command}' (or refresh your session credentials)"


def to_source_error(exc: BaseException, *, action: str, profile: str | None) -> SourceError:
    """Translate any exception raised by a botocore call into a SourceError."""
    from botocore import exceptions as bex

    if isinstance(exc, bex.ClientError):
        return _from_client_error(exc, action=action, profile=profile)
    return (
        _from_setup_error(exc, profile)
        or _from_transport_error(exc)
        or SourceError(
            ErrorKind.SERVER,
            f"Unexpected error while calling {action}: {type(exc).__name__}. Press r to try again.",
            retryable=True,
        )
    )


def _from_setup_error(exc: BaseException, profile: str | None) -> SourceError | None:
    """Profile, region and credentials: failures before any request is sent."""
    from botocore import exceptions as bex

    if isinstance(exc, bex.ProfileNotFound):
        return SourceError(
            ErrorKind.PROFILE_NOT_FOUND,
            f"AWS profile {profile!r} is not in your AWS config. Check "
            "'aws configure list-profiles' or pass --profile with one that exists.",
            retryable=False,
        )
    if isinstance(exc, bex.NoRegionError):
        return SourceError(
            ErrorKind.NO_REGION,
            "No AWS region is set. Pass --region us-east-1 (for example), set AWS_REGION, "
            "or add 'region' to your profile or to engage-tui's config.toml.",
            retryable=False,
        )
    sso_errors = (bex.SSOTokenLoadError, bex.UnauthorizedSSOTokenError, bex.TokenRetrievalError)
    if isinstance(exc, sso_errors):
        return SourceError(
            ErrorKind.EXPIRED_CREDENTIALS,
            f"Your AWS SSO session has expired or was never started: {_login_hint(profile)}, "
            "then press r.",
            retryable=True,
        )
    if isinstance(exc, bex.NoCredentialsError):
        return SourceError(
            ErrorKind.NO_CREDENTIALS,
            "No AWS credentials found. Configure a profile ('aws configure --profile <name>') or "
            f"{_login_hint(profile)}, then start engage-tui with --profile <name>.",
            retryable=True,
        )
    return None


def _from_transport_error(exc: BaseException) -> SourceError | None:
    """The network, the response's bytes, and requests botocore refused to send."""
    from botocore import exceptions as bex
    from botocore.parsers import ResponseParserError

    if isinstance(exc, (bex.ConnectTimeoutError, bex.ReadTimeoutError)):
        return SourceError(
            ErrorKind.TIMEOUT,
            f"The AWS endpoint did not answer in time ({type(exc).__name__}). "
            "Check your network or VPN, then press r.",
            retryable=True,
        )
    connection_errors = (
        bex.EndpointConnectionError,
        bex.ConnectionClosedError,
        bex.HTTPClientError,
    )
    if isinstance(exc, connection_errors):
        return SourceError(
            ErrorKind.UNREACHABLE,
            f"Could not reach the AWS endpoint ({type(exc).__name__}). Check your network, VPN "
            "or --endpoint-url, then press r.",
            retryable=True,
        )
    if isinstance(exc, ResponseParserError):
        return SourceError(
            ErrorKind.BAD_RESPONSE,
            "The service sent a garbled response (cut short, or not JSON). Press r to try again.",
            retryable=True,
        )
    if isinstance(exc, bex.ParamValidationError):
        return SourceError(
            ErrorKind.VALIDATION,
            f"engage-tui built a request AWS would reject: {exc}",
            retryable=False,
        )
    return None


def _from_credential_code(code: str, profile: str | None) -> SourceError | None:
    if code in _EXPIRED_CODES:
        return SourceError(
            ErrorKind.EXPIRED_CREDENTIALS,
            f"Your AWS credentials have expired: {_login_hint(profile)}, then press r.",
            retryable=True,
        )
    if code in _BAD_CREDENTIAL_CODES:
        return SourceError(
            ErrorKind.NO_CREDENTIALS,
            f"AWS did not accept your credentials ({code}). Check the profile, or "
            f"{_login_hint(profile)}, then press r.",
            retryable=True,
        )
    return None


def _from_client_error(exc: BaseException, *, action: str, profile: str | None) -> SourceError:
    response = getattr(exc, "response", {}) or {}
    error = response.get("Error", {}) or {}
    code = str(error.get("Code", ""))
    # Services prefix codes with a namespace ("com.amazon.coral.service#ExpiredTokenException").
    code = code.rsplit("#", 1)[-1]
    message = str(error.get("Message", "")).strip()
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")

    credentials = _from_credential_code(code, profile)
    if credentials is not None:
        return credentials
    if code == "AccessDeniedException" or code == "AccessDenied":
        return SourceError(
            ErrorKind.ACCESS_DENIED,
            f"Access denied: your role may not call {action}. Ask for '{action}' in your IAM "
            "policy, or use a profile that has it.",
            retryable=False,
        )
    if code in _THROTTLE_CODES:
        return SourceError(
            ErrorKind.THROTTLED,
            f"AWS is throttling {action} and retries did not get through. Wait a few seconds, "
            "then press r.",
            retryable=True,
        )
    if code == "ValidationException":
        refused = _refused_write(action, response, message)
        if refused is not None:
            return refused
        if "token" in message.lower():
            return SourceError(
                ErrorKind.BAD_TOKEN,
                "AWS rejected the pagination token (it may have expired). Press r to reload "
                "from the first page.",
                retryable=True,
            )
        return SourceError(
            ErrorKind.VALIDATION,
            f"AWS rejected the request: {message or code}",
            retryable=False,
        )
    if code == "ResourceNotFoundException":
        return SourceError(
            ErrorKind.NOT_FOUND,
            f"Not found: {message or 'the requested resource does not exist'}.",
            retryable=False,
        )
    if code == "InternalServerException" or (isinstance(status, int) and status >= 500):
        return SourceError(
            ErrorKind.SERVER,
            f"AWS had an internal error on {action} ({code or status}). Press r to try again.",
            retryable=True,
        )
    return SourceError(
        ErrorKind.SERVER,
        f"{action} failed: {code or status}: {message}",
        retryable=True,
    )


def _refused_write(action: str, response: dict[str, object], message: str) -> SourceError | None:
    """AcceptPage and StopEngagement refusals that say what the responder should do next.

    The modeled `Fields` name a rejected AcceptCode; an expired page and an engagement that has
    stopped already are told apart only by the service's words (their Reason is OTHER).
    """
    fields = response.get("Fields")
    named = (
        {f.get("Name") for f in fields if isinstance(f, dict)}
        if isinstance(fields, list)
        else set()
    )
    words = message.lower()
    if action == "ssm-contacts:AcceptPage" and "AcceptCode" in named:
        return SourceError(
            ErrorKind.WRONG_CODE,
            "That code doesn't match the page: check the code in the SMS, voice call or email "
            "and try again.",
            retryable=False,
        )
    if named:  # another field was rejected: a plain validation error
        return None
    if action == "ssm-contacts:AcceptPage" and ("expired" in words or "stopped" in words):
        return SourceError(
            ErrorKind.PAGE_EXPIRED,
            "The page has expired: its engagement has stopped, so there is nothing left to "
            "acknowledge.",
            retryable=False,
        )
    if action == "ssm-contacts:StopEngagement" and "stopped" in words:
        return SourceError(
            ErrorKind.ALREADY_STOPPED,
            "The engagement had already stopped; nothing was changed.",
            retryable=False,
        )
    return None
