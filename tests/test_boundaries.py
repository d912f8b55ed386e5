"""The layering is enforced, not hoped for: the data side never loads Textual, and the widgets
never load boto3/botocore."""

from __future__ import annotations

import subprocess
import sys

DATA_SIDE = """
import sys
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, EmulatorConfig
import engage_tui.paging, engage_tui.timerange, engage_tui.config, engage_tui.first_page

with Emulator(EmulatorConfig(engagements=30)) as emulator:
    source = Source.for_endpoint(emulator.url)
    page = source.list_engagements(Query(), None, 10)
    source.describe_engagement(page.items[0].arn)
    source.list_incidents()
assert len(page.items) == 10
print(sorted(name for name in sys.modules if name == "textual" or name.startswith("textual.")))
"""

WIDGET_SIDE = """
import sys
import engage_tui.widgets.engagements_table, engage_tui.widgets.incident_picker
import engage_tui.widgets.detail_panel, engage_tui.widgets.status_bar
print(sorted(name for name in sys.modules if name.split(".")[0] in ("boto3", "botocore")))
"""


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip()


def test_data_layer_and_emulator_never_import_textual() -> None:
    assert _run(DATA_SIDE) == "[]"


def test_widgets_never_import_boto() -> None:
    assert _run(WIDGET_SIDE) == "[]"
