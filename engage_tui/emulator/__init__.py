"""A local AWS Incident Manager endpoint (SSM Contacts + SSM Incidents) with demo data and faults.

Importing this package is cheap: it never imports textual, and botocore's service models load
on the first request that needs validation.
"""

from engage_tui.emulator.clock import Clock, ManualClock, wall_clock
from engage_tui.emulator.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.faults import Faults

__all__ = ["Clock", "Emulator", "EmulatorConfig", "Faults", "ManualClock", "wall_clock"]
