"""The sharing side is UI-free: scripts import it without Textual (or botocore until a call)."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "engage_tui.export_cli",
    "engage_tui.share.aws_command",
    "engage_tui.share.console",
    "engage_tui.share.export",
    "engage_tui.share.export_job",
    "engage_tui.share.profiles",
    "engage_tui.share.record",
    "engage_tui.share.stream",
    "engage_tui.share.summary",
)


def test_share_modules_never_import_textual_or_botocore_at_import() -> None:
    code = (
        "import sys\n"
        f"for name in {MODULES!r}: __import__(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'botocore', 'rich'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
