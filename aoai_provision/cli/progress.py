"""Show apply/destroy progress: rich per-account bars on a terminal, timestamped lines in CI, then a summary."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from aoai_provision.apply.result import ApplyEvent, ApplyResult, EventKind, Status
from aoai_provision.plan.actions import Action, Plan, ResourceType

RG_KEY = "(resource group)"
BATCH_AT = 200  # actions: from here on progress is a rate-limited count, not one line per event
STATUS_EVERY = 10.0  # seconds between count lines on a large run without a terminal


def describe(action: Action) -> str:
    """`+ deployment realtime` / `~ account aoai-prod-eastus2` / `- resource group rg-x`."""
    kind = action.resource_type.value.replace("_", " ")
    return f"{action.kind.symbol} {kind} {action.name}"


def _group(action: Action) -> str:
    if action.resource_type is ResourceType.RESOURCE_GROUP:
        return RG_KEY
    return action.account or action.name


class ProgressReporter:
    """Receives executor events (from worker threads, serialised by the executor) and displays them."""

    def __init__(self, console: Any, *, live: bool) -> None:
        self.console = console
        self.live = live
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}
        self._started = time.monotonic()
        self._batched = False
        self._counts: dict[EventKind, int] = {}
        self._total = 0
        self._last_status = 0.0

    def begin(self, plan: Plan) -> None:
        """Called once the plan is confirmed: set up one progress row per account."""
        self._started = self._last_status = time.monotonic()
        self._total = len(plan.actions)
        self._batched = self._total >= BATCH_AT
        if not self.live:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        totals: dict[str, int] = {}
        for action in plan.actions:  # a large run gets one bar for everything, not one row per account
            group = "(all accounts)" if self._batched else _group(action)
            totals[group] = totals.get(group, 0) + 1
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.fields[account]:<28}"), BarColumn(bar_width=20),
                                  MofNCompleteColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                  console=self.console, transient=False)
        for group, total in totals.items():
            self._tasks[group] = self._progress.add_task("waiting", total=total, account=group)
        self._progress.start()

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        elif self._batched and self._counts:
            self._status_line()

    def __call__(self, event: ApplyEvent) -> None:
        self._counts[event.kind] = self._counts.get(event.kind, 0) + 1
        if self._progress is not None:
            self._live_event(event)
        elif not self._batched or event.kind is EventKind.FAILED:
            self._line(event)
        elif time.monotonic() - self._last_status >= STATUS_EVERY:
            self._status_line()

    def _status_line(self) -> None:
        """``... progress: 1,234 of 11,000 done, 0 failed, 0 skipped, 12 retries (95s)``."""
        self._last_status = time.monotonic()
        count = self._counts.get
        finished = count(EventKind.DONE, 0) + count(EventKind.FAILED, 0) + count(EventKind.SKIPPED, 0)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.console.print(f"{stamp} progress: {finished:,} of {self._total:,} finished ({count(EventKind.DONE, 0):,} "
                           f"done, {count(EventKind.FAILED, 0):,} failed, {count(EventKind.SKIPPED, 0):,} skipped), "
                           f"{count(EventKind.RETRY, 0):,} retries, {self._last_status - self._started:.0f}s",
                           markup=False, highlight=False, soft_wrap=True)

    def _live_event(self, event: ApplyEvent) -> None:
        task = self._tasks.get("(all accounts)" if self._batched else _group(event.action))
        if task is None:
            return
        what = describe(event.action)
        if event.kind is EventKind.START:
            self._progress.update(task, description=f"{what} ...")
        elif event.kind is EventKind.RETRY:
            self._progress.update(task, description=f"{what} ({event.message})")
        elif event.kind is EventKind.DONE:
            self._progress.update(task, advance=1, description=f"{what} done")
        elif event.kind is EventKind.FAILED:
            self._progress.update(task, advance=1, description=f"[red]{what} FAILED[/]")
        else:
            self._progress.update(task, advance=1)

    def _line(self, event: ApplyEvent) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        group = _group(event.action)
        head = f"{stamp} {'account ' + group if group != RG_KEY else 'resource group'}: {describe(event.action)}"
        tail = {
            EventKind.START: "...",
            EventKind.DONE: f"... done ({event.seconds:.1f}s)",
            EventKind.RETRY: f"... retry {event.attempt}: {event.message}",
            EventKind.FAILED: f"... FAILED ({event.seconds:.1f}s): {event.message}",
            EventKind.SKIPPED: f"... skipped ({event.message})",
        }[event.kind]
        self.console.print(f"{head} {tail}", markup=False, highlight=False, soft_wrap=True)


def print_summary(console: Any, result: ApplyResult, *, verb: str = "Apply") -> None:
    """Final per-resource summary plus one counting line (a large run lists only what did not succeed)."""
    console.print("")
    large = len(result.results) >= BATCH_AT
    for r in result.results:
        if large and r.status is Status.OK:
            continue
        mark = {Status.OK: "ok", Status.FAILED: "FAILED", Status.SKIPPED: "skipped",
                Status.NOT_STARTED: "not started"}[r.status]
        line = f"  {mark:<8} {r.action.kind.symbol:<3} {r.action.address}"
        if r.status is Status.OK:
            line += f" ({r.seconds:.1f}s)"
        console.print(line, markup=False, highlight=False, soft_wrap=True)
        if r.status is Status.FAILED:
            extra = ", ".join(x for x in (f"code {r.code}" if r.code else "",
                                          f"request id {r.request_id}" if r.request_id else "") if x)
            console.print(f"           {r.error}" + (f" ({extra})" if extra else ""), markup=False,
                          highlight=False, soft_wrap=True)
            if r.fix:
                console.print(f"           fix: {r.fix}", markup=False, highlight=False, soft_wrap=True)
    ok, failed, skipped = (result.count(s) for s in (Status.OK, Status.FAILED, Status.SKIPPED))
    not_started = result.count(Status.NOT_STARTED)
    status = "complete" if result.ok else ("interrupted" if not_started else "incomplete")
    extra = f", {not_started} not started" if not_started else ""
    console.print(f"{verb} {status}: {ok} done, {failed} failed, {skipped} skipped{extra} in {result.seconds:.1f}s.",
                  markup=False, highlight=False)


def run_changes(call: Any, *, yes: bool, question: str, verb: str, nothing_to_do: str | None = None,
                to_stderr: bool = False) -> None:
    """Drive an api apply/destroy function: show the plan, confirm, show progress, summarise, exit 1 on failure.

    ``call(confirm, on_event)`` must return an ``ApplyOutcome``. ``to_stderr``: everything for people goes to
    stderr (stdout carries the `--format json` document).
    """
    from aoai_provision.apply.interrupt import STOP
    from aoai_provision.cli.console import color_enabled, confirm, err_console, interactive, out_console
    from aoai_provision.cli.interrupts import EventTracker, InterruptHandler
    from aoai_provision.cli.plan_output import render_plan
    from aoai_provision.errors import ApplyError, Interrupted

    out = err_console() if to_stderr else out_console()
    reporter = ProgressReporter(out, live=interactive())
    color = color_enabled(sys.stderr if to_stderr else None)
    tracker = EventTracker(reporter)
    interrupts = InterruptHandler(tracker, verb, on_abandon=lambda: reporter.__exit__(None, None, None))
    installed: list[InterruptHandler] = []

    def confirm_plan(plan: Plan) -> bool:
        out.print(render_plan(plan, "text", color), markup=False, highlight=False, soft_wrap=True)
        if not confirm(question, assume_yes=yes):
            return False
        tracker.plan = plan
        installed.append(interrupts.__enter__())  # from here on Ctrl-C stops new writes instead
        reporter.begin(plan)
        return True

    try:
        with reporter:
            outcome = call(confirm_plan, tracker)
    finally:
        if installed:
            interrupts.__exit__(None, None, None)
    if outcome.plan.is_empty:
        text = render_plan(outcome.plan, "text", color)
        if nothing_to_do is not None:  # e.g. destroy: "Azure matches the file" would be wrong
            from aoai_provision.cli.plan_output import summary_line

            text = text.replace(summary_line(outcome.plan), nothing_to_do)
        out.print(text, markup=False, highlight=False, soft_wrap=True)
        if nothing_to_do is None:
            out.print("Nothing to do.", markup=False, highlight=False)
        return
    if not outcome.confirmed or outcome.result is None:
        raise ApplyError(f"{verb} cancelled; nothing was changed.")
    print_summary(out, outcome.result, verb=verb)
    if interrupts.interrupted:
        raise Interrupted(f"{verb} interrupted ({STOP.reason}): no new writes were started after the signal.",
                          fix=f"re-run the same command: {verb.lower()} continues where it stopped")
    if not outcome.result.ok:
        n = len(outcome.result.failed)
        raise ApplyError(f"{n} change(s) failed (listed above); the other accounts were completed.",
                         fix=f"fix the cause and re-run the same command: {verb.lower()} continues where it stopped")
