"""Wire details outside the data: timestamps as strings, and log lines safe for a terminal."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from engage_tui.emulator.validation import service_model

if TYPE_CHECKING:
    from botocore.model import Shape

_LOG_LIMIT = 120
# SigV4: `Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request`.
_SCOPE_REGION = re.compile(r"Credential=[^/,\s]+/\d{8}/([a-z0-9-]{1,40})/")


def signed_region(authorization: str) -> str:
    """The region a SigV4 `Authorization` header was signed for ("" if none can be read);
    only the region is kept, never the key id or signature."""
    found = _SCOPE_REGION.search(authorization)
    return found.group(1) if found else ""


def printable(text: str, limit: int = _LOG_LIMIT) -> str:
    """`text` with every non-printable character spelled as an escape, cut to `limit`."""
    cut = text[:limit]
    shown = "".join(
        c if c.isprintable() and c != "\\" else c.encode("unicode_escape").decode("ascii")
        for c in cut
    )
    return shown + ("…" if len(text) > limit else "")


@functools.cache
def is_listing(service: str, operation: str) -> bool:
    """Whether the operation pages (its output has a next-token member)."""
    shape = service_model(service).operation_model(operation).output_shape
    return shape is not None and bool({"NextToken", "nextToken"} & set(shape.members))


def naive_times(service: str, operation: str, result: dict[str, Any]) -> dict[str, Any]:
    """The result with every modeled timestamp as an ISO 8601 string without a zone (UTC)."""
    shape = service_model(service).operation_model(operation).output_shape
    return _naive(shape, result) if shape is not None else result  # type: ignore[no-any-return]


def _naive(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "timestamp" and isinstance(value, int | float):
        moment = datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
        return moment.isoformat(timespec="milliseconds" if value % 1 else "seconds")
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {k: _naive(members[k], v) if k in members else v for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_naive(shape.member, v) for v in value]  # type: ignore[attr-defined]
    return value
