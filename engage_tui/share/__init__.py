"""Sharing an engagement without the UI: Markdown, aws commands, JSON, exports, console links.

Nothing here imports textual; every text produced for a clipboard, a file or a terminal is free
of control characters, whatever AWS sent.
"""
