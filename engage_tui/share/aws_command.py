"""The aws CLI commands that show what engage-tui shows for one engagement, ready to paste.

Each argument is shell-quoted; the current profile, region and endpoint come along (the
endpoint as scheme://host:port only, so no token or password in a URL is ever copied). An
argument holding a control character can't be pasted safely, so it is refused, not mangled.
"""

from __future__ import annotations

import shlex

from engage_tui.aws.source import Target, endpoint_origin
from engage_tui.sanitize import safe_text

_OPERATIONS = ("describe-engagement", "list-pages-by-engagement")


class NotCopyable(ValueError):
    """The command can't be written safely; the message says why (and holds no raw text)."""


def aws_commands(engagement_arn: str, target: Target) -> str:
    """`aws ssm-contacts describe-engagement …` and `… list-pages-by-engagement …`, one a line."""
    tail = ["--engagement-id", _checked(engagement_arn, "the engagement ARN")]
    tail += _target_options(target)
    lines = [shlex.join(["aws", "ssm-contacts", operation, *tail]) for operation in _OPERATIONS]
    return "\n".join(lines) + "\n"


def _target_options(target: Target) -> list[str]:
    options = []
    if target.profile:
        options += ["--profile", _checked(target.profile, "the profile name")]
    if target.region:
        options += ["--region", _checked(target.region, "the region")]
    if target.endpoint_url:
        origin = endpoint_origin(target.endpoint_url)
        if not origin.startswith(("http://", "https://")):
            raise NotCopyable("the endpoint URL can't be read, so the command would go elsewhere")
        options += ["--endpoint-url", _checked(origin, "the endpoint URL")]
    return options


def _checked(arg: str, what: str) -> str:
    if not arg or safe_text(arg, max_len=len(arg) + 1) != arg:
        raise NotCopyable(f"{what} holds control characters; copy it as JSON instead")
    return arg
