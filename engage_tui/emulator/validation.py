"""Request validation against botocore's own service models, reported the way AWS words it."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.model import ServiceModel, Shape, StructureShape

_MAX_ECHO = 100


@functools.cache
def service_model(name: str) -> ServiceModel:
    """botocore's model for `ssm-contacts` or `ssm-incidents` (loaded once per process)."""
    # Imported here so that importing the emulator stays cheap until the first request.
    from botocore.loaders import Loader
    from botocore.model import ServiceModel

    return ServiceModel(Loader().load_service_model(name, "service-2"), service_name=name)


@functools.cache
def _pattern(source: str) -> re.Pattern[str] | None:
    # Some model patterns use \p{L}-style classes that Python's re lacks; those are not checked.
    try:
        return re.compile(source)
    except re.error:
        return None


def _echo(value: object) -> str:
    text = str(value)
    return text if len(text) <= _MAX_ECHO else text[:_MAX_ECHO] + "..."


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Walker:
    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, path: str, value: object, rule: str) -> None:
        shown = "null" if value is None else f"'{_echo(value)}'"
        self.errors.append(
            (path, f"Value {shown} at '{path}' failed to satisfy constraint: {rule}")
        )

    def check(self, shape: Shape, value: Any, path: str) -> None:
        kind = shape.type_name
        meta = shape.metadata
        if kind == "structure":
            self.structure(shape, value, path)  # type: ignore[arg-type]
        elif kind == "list":
            if not isinstance(value, list):
                self.fail(path, value, "Member must be a list")
                return
            self.bounds(path, value, len(value), meta, "length")
            for n, item in enumerate(value):
                self.check(shape.member, item, f"{path}.{n + 1}")  # type: ignore[attr-defined]
        elif kind == "string":
            if not isinstance(value, str):
                self.fail(path, value, "Member must be a string")
                return
            self.bounds(path, value, len(value), meta, "length")
            enum = meta.get("enum")
            if enum and value not in enum:
                members = ", ".join(enum)
                self.fail(path, value, f"Member must satisfy enum value set: [{members}]")
            pattern = _pattern(meta["pattern"]) if "pattern" in meta else None
            if pattern is not None and not pattern.search(value):
                self.fail(
                    path,
                    value,
                    f"Member must satisfy regular expression pattern: {meta['pattern']}",
                )
        elif kind in ("integer", "long"):
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail(path, value, "Member must be an integer")
                return
            self.bounds(path, value, value, meta, "value")
        elif kind == "boolean" and not isinstance(value, bool):
            self.fail(path, value, "Member must be a boolean")
        elif kind == "timestamp" and not _is_number(value):
            self.fail(path, value, "Member must be a timestamp in epoch seconds")

    def bounds(self, path: str, value: object, size: int, meta: dict[str, Any], what: str) -> None:
        if "min" in meta and size < meta["min"]:
            self.fail(
                path, value, f"Member must have {what} greater than or equal to {meta['min']}"
            )
        if "max" in meta and size > meta["max"]:
            self.fail(path, value, f"Member must have {what} less than or equal to {meta['max']}")

    def structure(self, shape: StructureShape, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.fail(path, value, "Member must be a structure")
            return
        prefix = f"{path}." if path else ""
        for name in shape.required_members:
            if value.get(name) is None:
                self.fail(prefix + name, None, "Member must not be null")
        present = [k for k, v in value.items() if k in shape.members and v is not None]
        if shape.metadata.get("union") and len(present) != 1:
            self.fail(path, value, "Member must have exactly one member set")
        for name in present:
            self.check(shape.members[name], value[name], prefix + name)


def validate(service: str, operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (field path, AWS-style message) that `params` violates; empty when valid."""
    shape = service_model(service).operation_model(operation).input_shape
    walker = _Walker()
    if shape is not None:
        walker.structure(shape, params, "")
    return walker.errors


def summary(errors: list[tuple[str, str]]) -> str:
    """The one-line message AWS puts on a ValidationException."""
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(msg for _, msg in errors)
