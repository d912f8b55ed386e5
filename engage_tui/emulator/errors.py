"""Service errors with the shapes, codes and HTTP statuses the real endpoints use."""

from __future__ import annotations

from engage_tui.emulator.validation import summary


class ApiError(Exception):
    """An error response: `code` becomes botocore's `Error.Code`, `fields` the modeled members."""

    def __init__(
        self, code: str, message: str, status: int = 400, fields: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields or {}


def validation_error(
    errors: list[tuple[str, str]],
    reason: str = "FIELD_VALIDATION_FAILED",
) -> ApiError:
    """A ValidationException naming every offending field (SSM Contacts' modeled shape)."""
    return ApiError(
        "ValidationException",
        summary(errors),
        fields={"Reason": reason, "Fields": [{"Name": n, "Message": m} for n, m in errors]},
    )


def bad_token(field: str = "NextToken") -> ApiError:
    return validation_error([(field, f"The {field} is invalid or has expired.")])


def not_found(kind: str, resource_id: str) -> ApiError:
    """ResourceNotFoundException; `kind` is e.g. ENGAGEMENT, PAGE, CONTACT."""
    label = kind.title().replace("_", " ")
    return ApiError(
        "ResourceNotFoundException",
        f"{label} not found: {resource_id}",
        fields={"ResourceId": resource_id, "ResourceType": kind},
    )


def throttled(service_code: str) -> ApiError:
    return ApiError(
        "ThrottlingException",
        "Rate exceeded",
        fields={"QuotaCode": "L-ENGAGE01", "ServiceCode": service_code},
    )


def internal() -> ApiError:
    return ApiError(
        "InternalServerException", "An internal error occurred. Retry your request.", status=500
    )


def expired() -> ApiError:
    return ApiError(
        "ExpiredTokenException", "The security token included in the request is expired", status=403
    )


def missing_auth() -> ApiError:
    return ApiError(
        "MissingAuthenticationTokenException", "Missing Authentication Token", status=403
    )


def access_denied(operation: str, service: str, resource: str) -> ApiError:
    """AccessDeniedException worded like IAM's message, naming the denied action."""
    action = f"{service}:{operation}"
    return ApiError(
        "AccessDeniedException",
        f"User: arn:aws:sts::123456789012:assumed-role/Demo/engage-tui is not authorized to "
        f"perform: {action} on resource: {resource} because no identity-based policy allows "
        f"the {action} action",
    )


def wrong_accept_code() -> ApiError:
    """AcceptPage with AcceptCodeValidation ENFORCE and a code that is not the page's."""
    return validation_error([("AcceptCode", "The accept code is not valid for this page.")])


def page_expired(page_id: str) -> ApiError:
    """AcceptPage on a page whose engagement has stopped."""
    return ApiError(
        "ValidationException",
        f"Page {page_id[:200]} has expired: its engagement was stopped.",
        fields={"Reason": "OTHER"},
    )


def already_stopped(engagement_id: str) -> ApiError:
    return ApiError(
        "ValidationException",
        f"Engagement {engagement_id[:200]} is already stopped.",
        fields={"Reason": "OTHER"},
    )
