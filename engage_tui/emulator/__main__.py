"""`python -m engage_tui.emulator`: the standalone emulator."""

import sys

from engage_tui.emulator.cli import main

raise SystemExit(main(sys.argv[1:]))
