"""`e` exports the query or the rows shown; `P` and `R` switch the AWS profile and region
without a restart (the same query and time range, reloaded from the new place).

Both are read-only, so they work in read-only mode. With the demo's emulator, `R` changes the
region requests are signed for (the emulator answers for every region) and `P` is refused:
the emulator's throwaway credentials stand in for any profile. With a custom endpoint both
switch, and requests still go to that endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from textual.binding import Binding

from engage_tui.aws.errors import SourceError
from engage_tui.browse.act_keys import ActKeys
from engage_tui.browse.feed import EngagementFeed
from engage_tui.widgets.engagements_table import EngagementsTable

if TYPE_CHECKING:  # the dialogs and writers load on first use: not during start-up
    from engage_tui.app import EngageApp
    from engage_tui.screens.export_dialog import ExportPlan
    from engage_tui.screens.export_progress import ExportJob
    from engage_tui.share.export_job import Progress

OnProgress = Callable[["Progress"], None]

NO_PROFILES = (
    "Your AWS config names no profile: add one with 'aws configure --profile NAME' "
    "or 'aws configure sso', then press P again."
)


class ShareKeys(ActKeys):
    """`e`, `P` and `R` on the browse screen."""

    BINDINGS = [
        Binding("e", "export", "Export…", show=False),
        Binding("P", "choose_profile", "AWS profile", show=False, key_display="P"),
        Binding("R", "choose_region", "AWS region", show=False, key_display="R"),
    ]

    app: EngageApp
    feed: EngagementFeed

    def retargeted(self) -> None:
        """The app now talks to another profile or region: reload everything from there."""
        raise NotImplementedError

    # --- export

    def action_export(self) -> None:
        from engage_tui.screens.export_dialog import ExportDialog

        shown = self.query_one(EngagementsTable).shown_count
        self.app.push_screen(ExportDialog(shown=shown, now=self.app.now()), self._export_chosen)

    def _export_chosen(self, plan: ExportPlan | None) -> None:
        from engage_tui.screens.export_progress import ExportRunning
        from engage_tui.share.export_job import export_rows

        if plan is None:
            return
        if plan.whole_query:
            self.app.push_screen(ExportRunning(plan, self._query_job(plan), total=None))
            return
        table = self.query_one(EngagementsTable)
        rows = [row for i in range(table.shown_count) if (row := table.engagement_at(i))]
        acks = {row.arn: table.ack_of(row) for row in rows} if plan.with_acks else None

        def job(out: TextIO, _progress: OnProgress, stop: Callable[[], bool]) -> Progress:
            of = None if acks is None else (lambda row: acks.get(row.arn))
            return export_rows(rows, plan.fmt, out, acks=of, cancelled=stop)

        self.app.push_screen(ExportRunning(plan, job, total=len(rows)))

    def _query_job(self, plan: ExportPlan) -> ExportJob:
        """Every page of the query on screen (its time window as loaded), from the source now."""
        from engage_tui.share.export_job import export_query

        source, query, rate = self.app.source, self.feed.query, self.app.settings.ack_rate

        def job(out: TextIO, progress: OnProgress, stop: Callable[[], bool]) -> Progress:
            return export_query(
                source,
                query,
                plan.fmt,
                out,
                with_acks=plan.with_acks,
                ack_rate=rate,
                on_progress=progress,
                cancelled=stop,
            )

        return job

    # --- profile and region

    def action_choose_profile(self) -> None:
        from engage_tui.screens.choice_picker import Choice, ChoicePicker
        from engage_tui.share.profiles import profiles

        if self.app.demo:
            self.notify(
                "The demo's emulator takes no AWS profile (its own throwaway keys sign every "
                "request); R switches its region."
            )
            return
        try:
            found = profiles()
        except SourceError as error:
            self.notify(error.message, title="AWS profiles", severity="error", timeout=10)
            return
        if not found:
            self.notify(NO_PROFILES, severity="warning", timeout=10)
            return
        target = self.app.source.target
        regions = {p.name: p.region for p in found}
        choices = [
            Choice(p.name, " · ".join(filter(None, (p.region, "SSO" if p.sso else None))))
            for p in found
        ]
        hint = ""
        if target.endpoint_url:
            hint = "Requests still go to the custom endpoint, signed with the profile's keys."

        def chosen(name: str | None) -> None:
            if name is not None:
                self._switch(name, regions.get(name) or target.region)

        self.app.push_screen(
            ChoicePicker("AWS profile", choices, target.profile or "default", hint=hint), chosen
        )

    def action_choose_region(self) -> None:
        from engage_tui.screens.choice_picker import Choice, ChoicePicker
        from engage_tui.share.profiles import regions

        target = self.app.source.target
        hint = "The demo's emulator answers in every region." if self.app.demo else ""
        profile = None if self.app.demo else target.profile

        def chosen(region: str | None) -> None:
            if region is not None:
                self._switch(profile, region)

        title = "AWS region (where SSM Contacts runs)"
        choices = [Choice(region) for region in regions()]
        self.app.push_screen(ChoicePicker(title, choices, target.region, hint=hint), chosen)

    def _switch(self, profile: str | None, region: str | None) -> None:
        self.app.retarget(profile=profile, region=region)
        self.notify(f"Now on {self.app.target_label}: loading…", timeout=4)
        self.retargeted()
