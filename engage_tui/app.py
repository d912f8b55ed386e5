"""EngageApp: holds the source, settings and remembered state; routes to the screens."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from engage_tui import config, timefmt
from engage_tui.aws.models import Query
from engage_tui.aws.source import EMULATOR_REGION, Source
from engage_tui.browse.detail import TimelineCache
from engage_tui.browse.on_call import OnCallCache
from engage_tui.browse.screen import BrowseScreen
from engage_tui.names import Names
from engage_tui.sanitize import is_arn, safe_text
from engage_tui.screens.help import described_bindings
from engage_tui.startup import Startup
from engage_tui.timerange import Selection
from engage_tui.zones import local_zone


def styles_dir() -> Path:
    """`styles/` ships inside the wheel as engage_tui/styles; in a checkout it sits beside it."""
    packaged = Path(__file__).parent / "styles"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "styles"


class EngageApp(App[None]):
    """The engage-tui application; build it with `cli.build_app` so every caller wires it alike."""

    TITLE = "engage-tui"
    CSS_PATH = [str(path) for path in sorted(styles_dir().glob("*.tcss"))]
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("f1", "help", "Keys", show=False, key_display="F1"),
    ]

    utc: reactive[bool] = reactive(False, init=False)
    _frozen = False  # the loaded rows are in the GC's permanent generation

    def __init__(
        self,
        *,
        source: Source,
        settings: config.Settings,
        state: config.State,
        query: Query,
        selection: Selection | None = None,
        open_engagement: str | None = None,
        startup: Startup | None = None,
        demo: bool = False,
        utc_flag: bool | None = None,
        warnings: list[str] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.settings = settings
        self.state = state
        self.demo = demo
        self._query = query
        self._selection = selection or Selection()
        self._open_engagement = open_engagement
        self.startup = startup or Startup()
        self._warnings = warnings or []
        # Injectable so screenshots and snapshot tests show the same "14m ago" every run.
        self._clock = clock or (lambda: datetime.now(UTC))
        self.names = Names()
        # One cache of engagement timelines: the detail panel and the drill-in share it.
        self.timelines = TimelineCache()
        # Who is on call per schedule: the detail panel and the drill-in share it too.
        self.on_call = OnCallCache()
        self.local_tz: tzinfo = local_zone()
        self.set_reactive(EngageApp.utc, config.show_utc(utc_flag, state, settings))
        theme = state.theme or settings.theme
        if theme in self.available_themes:
            self.theme = theme
        elif theme:  # an unknown name would raise InvalidThemeError and stop the app
            self._warnings = [
                *self._warnings,
                f"theme {theme!r} is not a Textual theme; using the default",
            ]

    # --- shared view helpers --------------------------------------------------------------------

    @property
    def actions_allowed(self) -> bool:
        return self.settings.actions

    @property
    def target_label(self) -> str:
        """Where requests go, for the status bar (the region shows once botocore has read it)."""
        where = self.source.target.label()
        if self.demo:
            region = self.source.target.region
            where = "demo (local emulator)" + (f" · {region}" if region != EMULATOR_REGION else "")
        return f"{where} · {'actions on' if self.actions_allowed else 'read-only'}"

    def retarget(self, *, profile: str | None, region: str | None) -> None:
        """From now on, send every request as `profile` to `region` (P, R). What was loaded
        from the old place is forgotten; against AWS itself the choice is remembered."""
        self.source = self.source.switched(profile=profile, region=region)
        self.timelines.clear()
        self.names.clear()
        if not self.demo and self.source.target.endpoint_url is None:
            self._save_state(replace(self.state, profile=profile, region=region))

    @property
    def display_tz(self) -> tzinfo:
        return UTC if self.utc else self.local_tz

    def now(self) -> datetime:
        return self._clock().astimezone(self.display_tz)

    def stamp(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        return timefmt.stamp(moment, now=self.now(), utc=self.utc, tz=self.local_tz)

    def describe_contact(self, contact_arn: str) -> str:
        return self.names.describe_contact(contact_arn)

    def describe_incident(self, incident_arn: str | None) -> str:
        return self.names.describe_incident(incident_arn)

    def copy_arn(self, arn: str, what: str) -> None:
        """Copy `arn` if it is a well-formed ARN (nothing else reaches the clipboard)."""
        if not is_arn(arn):
            self.notify(
                f"Not copied: the {what} the service sent is not a well-formed ARN "
                f"({safe_text(arn, max_len=60)}).",
                severity="warning",
            )
            return
        self.copy_to_clipboard(arn)
        self.notify(f"Copied {arn}", title=what, timeout=4)

    @work(thread=True, exit_on_error=False, group="open-link")
    def open_link(self, url: str, what: str) -> None:
        """Open `url` in the system browser; over SSH or without one, show and copy the link."""
        from engage_tui.share.console import Opened, open_url

        opened = open_url(url)
        self.call_from_thread(self._link_opened, url, what, opened is Opened.BROWSER)

    def _link_opened(self, url: str, what: str, in_browser: bool) -> None:
        if in_browser:
            self.notify(f"Opened the {what} in your browser.", timeout=4)
            return
        self.copy_to_clipboard(url)
        self.notify(f"No browser here: the link to the {what} is copied. {url}", timeout=15)

    def action_help_quit(self) -> None:
        """Ctrl+C (reflex): say how to quit, in plain text like every other toast."""
        self.notify("Press q to quit engage-tui (Esc goes back).", title="Do you want to quit?")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast is plain text: toasts quote config files and AWS errors, never markup."""
        super().notify(
            safe_text(message, max_len=1000),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # --- lifecycle -----------------------------------------------------------------------------

    async def on_load(self) -> None:
        if self.startup.before_terminal is not None:
            await self.startup.before_terminal()

    def on_ready(self) -> None:
        if self.startup.after_first_frame is not None:  # work kept off the first frame's path
            self.startup.after_first_frame()

    def get_default_screen(self) -> Screen:
        # The browser is the app's first screen itself: pushed over Textual's blank default,
        # both were composed and restyled before the first frame.
        return BrowseScreen(self._query, self._selection, page_size=self.settings.page_size)

    def on_mount(self) -> None:
        for warning in self._warnings:
            self.notify(warning, title="config.toml", severity="warning", timeout=15)
        if self._open_engagement:
            self.open_engagement(self._open_engagement)

    def watch_theme(self, theme: str) -> None:
        if theme != self.state.theme:
            self._save_state(replace(self.state, theme=theme))

    def watch_utc(self, utc: bool) -> None:
        self._save_state(replace(self.state, utc=utc))

    def keep_rows_out_of_gc(self) -> None:
        """Loaded rows live until the next query: keep them out of full GC passes, which would
        otherwise scan every row (50–60 ms pauses at 100k rows; bench P2).

        Garbage is collected first, or the UI's cyclic garbage would be frozen (and kept) with
        the rows (bench P4). Once something is frozen a full pass only scans what was made since
        the last page; before that (the first page) it would scan all of start-up's objects
        (~100 ms, bench P1), so only the young generations are collected then.
        """
        # Not gc.get_freeze_count(): it counts the frozen objects one by one, O(rows) a page.
        # While start-up holds the collector off (cli.py), everything made since is young and
        # nearly all of it lives on: a pass would cost ~35 ms before the first frame, for little.
        if gc.isenabled():
            gc.collect(2 if self._frozen else 1)
        gc.freeze()
        self._frozen = True

    def rows_dropped(self) -> None:
        """A new query dropped the loaded rows: let a full collection reclaim them again."""
        gc.unfreeze()
        self._frozen = False

    def action_toggle_utc(self) -> None:
        self.utc = not self.utc
        self.notify("Times in UTC" if self.utc else "Times in local time", timeout=2)

    def remember_range(self, expression: str) -> None:
        self._save_state(config.remember_range(self.state, expression))

    def remember_sort(self, sort: str) -> None:
        self._save_state(replace(self.state, sort=sort))

    def remember_incident(self, arn: str | None) -> None:
        self._save_state(replace(self.state, last_incident_arn=arn))

    def _save_state(self, state: config.State) -> None:
        self.state = state
        try:
            config.save_state(state)
        except OSError as error:
            self.notify(f"Couldn't save remembered settings: {error.strerror}", severity="warning")

    # --- navigation ------------------------------------------------------------------------------

    def open_engagement(self, arn: str) -> None:
        """The drill-in; with a timeline the detail panel already loaded, it opens at once."""
        from engage_tui.screens.engagement import EngagementScreen

        self.push_screen(EngagementScreen(arn))

    def action_help(self) -> None:
        from engage_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's own panel; ours lists every key of the app
                command = SystemCommand("Keys", "Every key of this screen", self.action_help)
            yield command
        # Quit and Keys are among the system commands already; the screen adds its own.
        for keys, description, action in described_bindings(screen, []):
            yield SystemCommand(
                description,
                f"key: {keys}",
                lambda action=action, screen=screen: self.run_action(action, screen),
            )
