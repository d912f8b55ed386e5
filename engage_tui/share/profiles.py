"""The AWS profiles and the SSM Contacts regions to choose from, as botocore knows them.

Both read local files only (the user's AWS config, botocore's endpoint data): no request, a
few milliseconds. Profiles are read afresh on each call, since the user may have just edited
the config or logged in; regions never change within a botocore version, so they are cached.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.sanitize import safe_text


@dataclass(frozen=True, slots=True)
class Profile:
    """One profile of the user's AWS config or credentials file."""

    name: str
    region: str | None
    sso: bool
    """Signs in through IAM Identity Center (`aws sso login --profile NAME`)."""


def _plain(text: object) -> str | None:
    """The text if it holds no control character (it is shown, and typed into commands)."""
    return (
        text if isinstance(text, str) and text and safe_text(text, len(text) + 1) == text else None
    )


def profiles() -> tuple[Profile, ...]:
    """Every profile botocore sees (config and credentials files, SSO ones too), by name.

    A name holding control characters can be neither shown nor passed to `aws`: left out.
    An unreadable config file raises SourceError (PROFILE_NOT_FOUND) saying which file.
    """
    import botocore.exceptions
    import botocore.session

    try:
        config = botocore.session.Session().full_config.get("profiles", {})
    except botocore.exceptions.ConfigParseError as error:
        raise SourceError(
            ErrorKind.PROFILE_NOT_FOUND,
            f"Your AWS config can't be read ({error}); fix it, or pass --profile.",
            retryable=False,
        ) from None
    found = []
    for name, values in config.items():
        if _plain(name) is None or not isinstance(values, dict):
            continue
        sso = bool(values.get("sso_session") or values.get("sso_start_url"))
        found.append(Profile(name, _plain(values.get("region")), sso))
    return tuple(sorted(found, key=lambda p: p.name))


@functools.cache
def regions(partition: str = "aws") -> tuple[str, ...]:
    """The regions where SSM Contacts exists in `partition`, per botocore's endpoint data."""
    import botocore.session

    return tuple(
        sorted(botocore.session.Session().get_available_regions("ssm-contacts", partition))
    )
