"""engage-tui: browse AWS Systems Manager Incident Manager engagements in the terminal."""

__version__ = "0.1.0"
