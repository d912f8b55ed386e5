"""The zones the time tests run under, and a fixture that makes each the machine's local zone.

conftest pins TZ=UTC for every test; a test that takes `local_tz` runs once per zone below,
with TZ set to it and the C library told (time.tzset), and gets the zone as the app finds it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import tzinfo

import pytest

from engage_tui.zones import local_zone

ZONE_NAMES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu")
"""DST an hour either way, DST of 30 minutes, an offset of +05:45, and none at all."""


@pytest.fixture(params=ZONE_NAMES)
def local_tz(request: pytest.FixtureRequest) -> Iterator[tzinfo]:
    """`zones.local_zone()` while TZ names each of ZONE_NAMES in turn."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield local_zone()
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def zone_name() -> str:
    """The zone `local_tz` set, to look up what a test expects there."""
    return os.environ["TZ"]
