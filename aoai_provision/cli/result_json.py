"""apply/destroy --format json: plans, progress and summaries go to stderr, the result document to stdout."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from aoai_provision.errors import ProvisionError

RESULT_FORMAT_HELP = ("text: plan, progress and summary for people; json: the same on stderr and the result "
                      "document (docs/apply-json.md) on stdout.")


def result_format_option(func: Any) -> Any:
    """--format text|json and -o/--output FILE (the result document, whatever the format) of apply and destroy."""
    func = click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Write the result document (JSON, docs/apply-json.md) to this file.")(func)
    return click.option("--format", "fmt", type=click.Choice(["text", "json"], case_sensitive=False), default="text",
                        show_default=True, help=RESULT_FORMAT_HELP)(func)


def emit(command: str, entries: Sequence[Mapping[str, Any]], output: Path | None = None) -> None:
    """The result document: into ``output`` when given, else on stdout."""
    from aoai_provision.apply.report import result_document

    text = json.dumps(result_document(command, entries), indent=2) + "\n"
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def purged_json(outcome: Any) -> list[dict[str, Any]]:
    """`destroy --purge`: one entry per purge (api.purge.PurgeOutcome results)."""
    from aoai_provision.apply.report import error_json

    return [{"address": f"account.{r.account.name}", "region": r.account.region,
             "status": "succeeded" if r.ok else "failed", "duration_seconds": round(r.seconds, 3),
             "error": None if r.ok else error_json(str(r.error), code=r.code)} for r in outcome.results]


class Recorder:
    """Wraps an api apply/destroy call to keep the plan it showed and the outcome it returned."""

    def __init__(self, call: Callable[[Any, Any], Any]) -> None:
        self._call = call
        self.plan: Any = None
        self.outcome: Any = None
        self.purged: list[dict[str, Any]] | None = None  # destroy --purge

    def __call__(self, confirm: Any, on_event: Any) -> Any:
        def seen(plan: Any) -> bool:
            self.plan = plan
            return bool(confirm(plan))

        self.outcome = self._call(seen, on_event)
        self.plan = self.outcome.plan
        return self.outcome

    def entry(self, file: Path, command: str, error: ProvisionError | None = None) -> dict[str, Any]:
        from aoai_provision.apply.report import environment_entry

        result = self.outcome.result if self.outcome is not None else None
        return environment_entry(str(file), command=command, plan=self.plan, result=result, error=error,
                                 purged=self.purged)


def run_one(file: Path, command: str, call: Callable[[Any, Any], Any], *, fmt: str, output: Path | None = None,
            after: Callable[[Recorder], None] | None = None, **run_options: Any) -> None:
    """progress.run_changes for one file; with ``fmt`` json, the result document on stdout whatever happens.

    ``after(recorder)`` runs once the changes were made or failed (destroy --purge sets ``recorder.purged``)."""
    from aoai_provision.cli.progress import run_changes

    recorder = Recorder(call)
    error: ProvisionError | None = None
    try:
        run_changes(recorder, to_stderr=fmt == "json", **run_options)
    except ProvisionError as exc:
        error = exc
    try:
        if after is not None:  # also when some writes failed (purge what was deleted)
            after(recorder)
    except ProvisionError as exc:
        error = error or exc
    finally:
        if fmt == "json" or output is not None:
            emit(command, [recorder.entry(file, command, error)], output)
    if error is not None:
        raise error


class FleetEntries:
    """The `--format json` result document of a fleet run (cli.fleet.Member results; nothing for text)."""

    def __init__(self, command: str, enabled: bool, output: Path | None = None,
                 purges: dict[Path, Any] | None = None) -> None:
        self.command = command
        self.enabled = enabled or output is not None
        self.output = output
        self.purges = purges  # destroy --purge: path -> PurgeOutcome

    def planned(self, member: Any, error: ProvisionError | None = None) -> dict[str, Any]:
        """An environment that was only planned: its planning error, no changes, or not run because of ``error``."""
        from aoai_provision.apply.report import environment_entry

        return environment_entry(str(member.path), command=self.command, plan=member.result, result=None,
                                 error=member.error or error)

    def executed(self, member: Any, plan: Any) -> dict[str, Any]:
        """An environment that was executed (``member.result`` an ApplyOutcome) or failed to start (its error)."""
        from aoai_provision.apply.report import environment_entry

        outcome = member.result
        purged = self.purges.get(member.path) if self.purges is not None else None
        return environment_entry(str(member.path), command=self.command, plan=outcome.plan if outcome else plan,
                                 result=outcome.result if outcome else None, error=member.error,
                                 purged=purged_json(purged) if purged is not None else None)

    def emit(self, entries: list[dict[str, Any]]) -> None:
        if self.enabled:
            emit(self.command, entries, self.output)
