"""ListEngagements' rows handed to the mapping as the JSON sent them, not walked by botocore.

botocore checks a response against its shape item by item and field by field: for a 500-row
page that walk was half the CPU of turning the page into rows, and `mapping` then checks every
field again. Here a `before-parse` handler takes the list out of the body, lets botocore parse
what is left (the token; keys the model does not name are dropped, as botocore would drop them),
and hands the items back through botocore's own `customized_response_dict`. Only a body of the
expected shape (a JSON object whose list holds objects or nulls) takes this path; anything else
is left for botocore to parse, or refuse, exactly as before.
"""

from __future__ import annotations

import json
from typing import Any

# Operation → the list its rows arrive in. Only the big, hot list: the others are short.
_RAW_LISTS = {"ListEngagements": "Engagements"}


def rows_as_sent(items: object) -> list[Any] | None:
    """`items` when botocore would read it as a list of rows (objects, and nulls it reads as no
    row); None for anything it fails the whole response on."""
    if isinstance(items, list) and all(type(i) is dict or i is None for i in items):
        return items
    return None


def hand_through(
    response_dict: dict[str, Any],
    operation_model: Any,
    customized_response_dict: dict[str, Any] | None = None,
    **_: Any,
) -> None:
    """botocore's `before-parse` event: move a hot list's items past its parser, unparsed."""
    key = _RAW_LISTS.get(operation_model.name)
    if key is None or customized_response_dict is None:
        return
    if response_dict["status_code"] >= 300:
        return  # error bodies are botocore's to read (its endpoint: >= 300)
    body = response_dict.get("body")
    if not isinstance(body, bytes):
        return
    try:
        # As botocore reads it: UTF-8, then JSON (which also takes NaN and Infinity).
        parsed = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return
    if not isinstance(parsed, dict):
        return
    items = rows_as_sent(parsed.pop(key, None))
    if items is None:
        return  # botocore fails the whole response on these; let it
    members = operation_model.output_shape.members
    modeled = {member.serialization.get("name", name) for name, member in members.items()}
    rest = {name: value for name, value in parsed.items() if name in modeled}
    response_dict["body"] = json.dumps(rest).encode()
    customized_response_dict[key] = items
