"""Command line: parse flags → settings → run the app (or the emulator).

Start-up order matters for time-to-first-row: the data layer's first request is started in a
background thread *before* Textual is imported, so botocore's import, the client and the request
overlap Textual's own start-up.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING

import engage_tui.first_page
from engage_tui import __version__, config
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
from engage_tui.startup import Startup
from engage_tui.zones import local_zone

if TYPE_CHECKING:
    from engage_tui.app import EngageApp
    from engage_tui.preframe import Preframe
    from engage_tui.timerange import Selection

# The demo's quiet background history: enough to page through, few enough that the story's
# spike stands out.
DEMO_ENGAGEMENTS = 3_000
DEMO_INCIDENTS = 30


_WHERE_ARNS = {
    "--incident": "copy it from the Incident Manager console, or start without it and press i "
    "to pick the incident.",
    "--engagement": "copy one in engage-tui with c on its row.",
}


class UsageError(Exception):
    """A flag or config value the user must fix; the message says what would be right."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="engage-tui",
        description="Browse AWS Systems Manager Incident Manager engagements.",
        epilog="Run `engage-tui emulator --help` for the local emulator of the two AWS APIs.",
    )
    p.add_argument(
        "--demo", action="store_true", help="browse a live incident in a built-in local emulator"
    )
    p.add_argument("--seed", type=int, default=7, help="the demo's random seed (default 7)")
    p.add_argument("--profile", help="AWS profile (default: AWS_PROFILE / config.toml)")
    p.add_argument("--region", help="AWS region (default: AWS_REGION / profile / config.toml)")
    p.add_argument("--endpoint-url", help="send SSM Contacts/Incidents requests here")
    p.add_argument(
        "--since", metavar="WHEN", help="start of the time range: 2h, yesterday, 2026-11-20 14:00…"
    )
    p.add_argument("--until", metavar="WHEN", help="end of the time range (default: now)")
    p.add_argument("--incident", metavar="ARN", help="start on this incident's engagements")
    p.add_argument("--engagement", metavar="ARN", help="open this engagement's detail at start")
    p.add_argument("--utc", action="store_true", default=None, help="show times in UTC")
    p.add_argument("--page-size", type=int, metavar="N", help="rows in the first page (1–1024)")
    p.add_argument(
        "--refresh", type=int, metavar="S", help="look for new engagements every S seconds (2–3600)"
    )
    p.add_argument(
        "--allow-actions",
        action="store_true",
        default=None,
        help="allow acknowledging (a) and stopping (X) engagements",
    )
    p.add_argument(
        "--no-watch",
        dest="watch",
        action="store_false",
        default=None,
        help="start with the live view off",
    )
    p.add_argument("--version", action="version", version=f"engage-tui {__version__}")
    return p


@dataclass(frozen=True)
class Launch:
    """Everything the app needs, resolved from flags, config, state and the environment."""

    settings: config.Settings
    query: Query
    """The start query, resolved once so that the page fetched during start-up is its page."""
    selection: Selection
    open_engagement: str | None
    warnings: list[str]
    utc_flag: bool | None = None
    state: config.State = field(default_factory=config.State)


def display_zone(utc: bool) -> tzinfo:
    """The zone times are shown, and typed ranges read, in: UTC or the real local zone."""
    return UTC if utc else local_zone()


def selection_from_flags(since: str | None, until: str | None, tz: tzinfo) -> Selection:
    """--since/--until read exactly as the `t` prompt and `r` read them: in the display zone."""
    from engage_tui import timerange

    try:
        return timerange.selection_from_flags(since, until, now=datetime.now(UTC), tz=tz)
    except timerange.TimeRangeError as error:
        raise UsageError(str(error)) from None


def resolve(args: argparse.Namespace) -> Launch:
    settings, warnings = config.load_settings()
    overrides: dict[str, object] = {}
    for name in ("profile", "region", "endpoint_url"):
        value = getattr(args, name)
        if value:
            overrides[name] = value
    if args.page_size is not None:
        if not 1 <= args.page_size <= 1024:
            raise UsageError(f"--page-size {args.page_size}: must be between 1 and 1024.")
        overrides["page_size"] = args.page_size
    if args.refresh is not None:
        if not 2 <= args.refresh <= 3600:
            raise UsageError(f"--refresh {args.refresh}: must be between 2 and 3600 seconds.")
        overrides["refresh"] = args.refresh
    if args.watch is not None:
        overrides["watch"] = args.watch
    if args.allow_actions or args.demo:  # the demo's emulator is the user's own to change
        overrides["actions"] = True
    settings = replace(settings, **overrides)  # type: ignore[arg-type]
    state = config.load_state()
    settings = remembered_target(args, settings, state)
    zone = display_zone(config.show_utc(args.utc, state, settings))
    selection = selection_from_flags(args.since, args.until, zone)
    for flag, value, kind in (
        ("--incident", args.incident, ":incident-record/"),
        ("--engagement", args.engagement, ":engagement/"),
    ):
        if value is not None and not (value.startswith("arn:") and kind in value):
            raise UsageError(
                f"{flag} {value!r} is not an ARN like arn:aws:ssm-…{kind}…; {_WHERE_ARNS[flag]}"
            )
    # The last incident is remembered but not applied (the picker highlights it): starting on
    # all engagements never hides the page a new incident has just sent.
    return Launch(
        settings,
        Query(args.incident, selection.resolve(datetime.now(UTC), zone)),
        selection,
        args.engagement,
        warnings,
        utc_flag=args.utc,
        state=state,
    )


def remembered_target(
    args: argparse.Namespace, settings: config.Settings, state: config.State
) -> config.Settings:
    """The profile and region last chosen with P and R, unless a flag names either (they go
    together: a remembered region belongs to its profile). Only against AWS itself: the demo
    and a custom endpoint never pick up, or leave behind, a choice made against real AWS."""
    if args.demo or settings.endpoint_url or args.profile or args.region:
        return settings
    if state.profile is None and state.region is None:
        return settings
    return replace(
        settings,
        profile=state.profile or settings.profile,
        region=state.region or settings.region,
    )


def build_app(
    source: Source,
    launch: Launch,
    *,
    startup: Startup | None = None,
    demo: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> EngageApp:
    """The one factory: the CLI, tests, screenshots and benchmarks all build the app here."""
    from engage_tui.app import EngageApp

    return EngageApp(
        source=source,
        settings=launch.settings,
        state=launch.state,
        query=launch.query,
        selection=launch.selection,
        open_engagement=launch.open_engagement,
        startup=startup,
        demo=demo,
        utc_flag=launch.utc_flag,
        warnings=launch.warnings,
        clock=clock,
    )


def next_size(first: int, loaded: int) -> int:
    """The size of the page the app asks for after `loaded` rows (the feed's rule), imported
    when needed: the feed's imports would otherwise delay the first page's fetch."""
    from engage_tui.browse.feed import page_size

    return page_size(loaded, first)


def run_browser(args: argparse.Namespace) -> int:
    launch = resolve(args)
    emulator = None
    if args.demo:
        from engage_tui.emulator import Emulator, EmulatorConfig

        emulator = Emulator(
            EmulatorConfig(
                story=True, engagements=DEMO_ENGAGEMENTS, incidents=DEMO_INCIDENTS, seed=args.seed
            )
        )
        endpoint = emulator.start()
        source = Source.for_endpoint(endpoint)
    else:
        s = launch.settings
        source = Source(profile=s.profile, region=s.region, endpoint_url=s.endpoint_url)
    size = launch.settings.page_size
    fetch = engage_tui.first_page.start(source, launch.query, size, partial(next_size, size))
    preframe = start_preframe(fetch, launch)
    # Textual's import and first frame make ~1M objects that live as long as the app: the
    # cyclic collector's passes over them cost ~80 ms before the first frame, and find nothing.
    gc.disable()
    startup = Startup(
        launch.query,
        fetch.future,
        ahead=fetch.ahead,
        after_first_frame=partial(first_frame_drawn, fetch),
    )
    if preframe is not None:
        startup.before_terminal = lambda: preframe.last_call(fetch.future)
    try:
        try:
            app = build_app(source, launch, startup=startup, demo=args.demo)
        except BaseException:
            if preframe is not None:
                preframe.undo()
            raise
        app.run()
    finally:
        gc.enable()
        fetch.abandon()
        if emulator is not None:
            emulator.stop()
    return app.return_code or 0


def first_frame_drawn(fetch: engage_tui.first_page.FirstPageFetch) -> None:
    """The first frame is on screen: collect garbage again, and build the app's own client."""
    gc.enable()
    fetch.warm()


def start_preframe(fetch: engage_tui.first_page.FirstPageFetch, launch: Launch) -> Preframe | None:
    """On a terminal, paint the first rows as soon as they arrive (see preframe.py)."""
    from engage_tui.preframe import Preframe

    stream = sys.__stderr__  # where Textual draws, too
    if stream is None or not stream.isatty():
        return None
    utc = config.show_utc(launch.utc_flag, launch.state, launch.settings)
    preframe = Preframe(stream, utc=utc, tz=display_zone(False))

    def arrived(future: engage_tui.first_page.FirstPage) -> None:
        if not future.cancelled() and future.exception() is None:
            preframe.paint(future.result(), datetime.now(UTC))

    fetch.future.add_done_callback(arrived)
    return preframe


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:
        from engage_tui.export_cli import main as export_main

        return export_main(argv[1:])
    if argv[:1] == ["emulator"]:
        from engage_tui.emulator.cli import main as emulator_main

        return emulator_main(argv[1:])
    args = parser().parse_args(argv)
    try:
        code = run_browser(args)
    except UsageError as error:
        print(f"engage-tui: {error}", file=sys.stderr)
        return 2
    return code
