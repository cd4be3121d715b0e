"""Fleets: plan, apply, destroy and outputs over several environment files at once (concurrently, bounded)."""

from __future__ import annotations

import glob
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from aoai_provision.errors import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, ProvisionError

ENV_SUFFIXES = (".yaml", ".yml")


def expand_paths(args: Sequence[str], *, suffixes: tuple[str, ...] = ENV_SUFFIXES) -> list[Path]:
    """Files as given; a directory gives its files with ``suffixes``; a pattern the shell left alone is globbed."""
    paths: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
            if not found:
                _bad_path(f"directory '{arg}' holds no {' or '.join(suffixes)} files")
            paths.extend(found)
        elif path.exists():
            paths.append(path)
        elif glob.has_magic(arg):
            matched = sorted(Path(m) for m in glob.glob(arg) if Path(m).is_file())
            if not matched:
                _bad_path(f"pattern '{arg}' matches no file")
            paths.extend(matched)
        else:
            _bad_path(f"Path '{arg}' does not exist.")
    return list(dict.fromkeys(paths))


def _bad_path(message: str) -> None:
    """A usage error (exit 1 with the usage line), as click reports a missing FILE argument."""
    raise click.BadParameter(message, ctx=click.get_current_context(silent=True), param_hint="'FILE...'")


@dataclass
class Member:
    """One environment of a fleet run: its file, and the result or the error it ended with."""

    path: Path
    result: Any = None
    error: ProvisionError | None = None
    exit_code: int = EXIT_OK


def run_members(paths: Sequence[Path], work: Callable[[Path], Any], *, limit: int) -> list[Member]:
    """``work(path)`` for every path, at most ``limit`` at once; each member keeps its result or its error."""

    def one(path: Path) -> Member:
        try:
            return Member(path, result=work(path))
        except ProvisionError as exc:
            return Member(path, error=exc, exit_code=exc.exit_code)

    with ThreadPoolExecutor(max_workers=max(1, min(limit, len(paths)))) as pool:
        return list(pool.map(one, paths))


def worst_exit(members: Sequence[Member]) -> int:
    """1 over 2 over 0: any error fails the run; otherwise changes in any environment give 2."""
    codes = {m.exit_code for m in members}
    if any(c not in (EXIT_OK, EXIT_CHANGES) for c in codes):
        return EXIT_ERROR
    return EXIT_CHANGES if EXIT_CHANGES in codes else EXIT_OK


def report_member_error(member: Member) -> None:
    from aoai_provision.cli.errors import report_error

    assert member.error is not None
    report_error(member.error)


def header(path: Path, environment: str | None = None) -> str:
    return f"=== {environment + ' (' + str(path) + ')' if environment else str(path)} ==="


def summary_table(rows: Sequence[tuple[Path, str]], *, err: bool = False) -> None:
    """The combined summary: one line per environment (on stderr when stdout carries JSON)."""
    width = max(len(str(p)) for p, _ in rows)
    click.echo("", err=err)
    click.echo(f"Summary of {len(rows)} environments:", err=err)
    for path, text in rows:
        click.echo(f"  {str(path):<{width}}  {text}", err=err)


def finish(members: Sequence[Member]) -> None:
    code = worst_exit(members)
    if code != EXIT_OK:
        sys.exit(code)


def fleet_option(func: Any) -> Any:
    return click.option("--environments-at-once", "fleet_limit", type=click.IntRange(1, 64), default=4,
                        show_default=True, metavar="N",
                        help="With several files: environments planned or applied at the same time.")(func)


def run_fleet_changes(paths: Sequence[Path], call: Callable[..., Any], *, yes: bool, verb: str, limit: int,
                      fmt: str = "text", output: Path | None = None, purges: dict[Path, Any] | None = None) -> None:
    """Plan every environment (nothing written), show the plans, ask once, then execute them concurrently.

    ``call(path, confirm, on_event)`` returns an ApplyOutcome (apply_environment, destroy_environment, ...).
    Each environment is executed only if Azure still gives the plan that was shown (same fingerprint).
    ``fmt`` json: everything for people on stderr, the result document (all environments) on stdout
    (into ``output`` when given, whatever ``fmt``). ``purges``: filled by ``call`` (destroy --purge) with each
    environment's PurgeOutcome, reported after its summary."""
    from aoai_provision.cli.console import color_enabled, confirm, err_console, out_console
    from aoai_provision.cli.plan_output import render_plan, summary_line
    from aoai_provision.cli.progress import ProgressReporter, print_summary
    from aoai_provision.cli.result_json import FleetEntries
    from aoai_provision.errors import ApplyError

    as_json = fmt == "json"
    out = err_console() if as_json else out_console()
    entries = FleetEntries(verb.lower(), as_json, output, purges)
    planned = run_members(paths, lambda p: call(p, lambda plan: False, None).plan, limit=limit)
    for m in planned:
        click.echo(header(m.path, m.result.environment if m.result is not None else None), err=as_json)
        if m.error is not None:
            report_member_error(m)
        else:
            out.print(render_plan(m.result, "text", color_enabled(out.file)), markup=False, highlight=False,
                      soft_wrap=True)
    if any(m.error for m in planned):
        summary_table([(m.path, f"error: {m.error.message}" if m.error else summary_line(m.result)) for m in planned],
                      err=as_json)
        entries.emit([entries.planned(m) for m in planned])
        raise ApplyError(f"{sum(1 for m in planned if m.error)} environment(s) could not be planned; nothing was "
                         "changed in any environment", fix="fix them (or leave them out) and run again")
    todo = [m for m in planned if not m.result.is_empty]
    if not todo:
        summary_table([(m.path, summary_line(m.result)) for m in planned], err=as_json)
        click.echo("Nothing to do.", err=as_json)
        entries.emit([entries.planned(m) for m in planned])
        return
    try:
        if not confirm(f"{verb} these changes in {len(todo)} environment(s)?", assume_yes=yes):
            raise ApplyError(f"{verb} cancelled; nothing was changed.")
    except ProvisionError as exc:  # not asked (no --yes in CI) or declined
        entries.emit([entries.planned(m, None if m.result.is_empty else exc) for m in planned])
        raise
    shown = {m.path: m.result for m in todo}
    reporter = ProgressReporter(out, live=False)

    def execute(path: Path) -> Any:
        outcome = call(path, lambda plan: plan.fingerprint == shown[path].fingerprint, reporter)
        if not outcome.confirmed:
            raise ApplyError(f"{path}: Azure changed since the plan was shown; nothing was changed there",
                             fix="run the command again and review the new plan")
        return outcome

    done = run_members([m.path for m in todo], execute, limit=limit)
    rows: list[tuple[Path, str]] = []
    for m in done:
        click.echo(header(m.path), err=as_json)
        if m.error is not None:
            report_member_error(m)
            rows.append((m.path, f"error: {m.error.message}"))
            continue
        print_summary(out, m.result.result, verb=verb)
        result = m.result.result
        if not result.ok or not _report_purges((purges or {}).get(m.path), as_json):
            m.exit_code = EXIT_ERROR
        rows.append((m.path, f"{verb} {'complete' if result.ok else 'incomplete'}: {len(result.results)} change(s), "
                     f"{len(result.failed)} failed"))
    rows += [(m.path, "no changes") for m in planned if m.result.is_empty]
    summary_table(rows, err=as_json)
    by_path = {m.path: m for m in done}
    entries.emit([entries.executed(by_path[m.path], shown[m.path]) if m.path in by_path else entries.planned(m)
                  for m in planned])
    finish(done)


def _report_purges(outcome: Any, err: bool) -> bool:
    """destroy --purge: one line per purge of this environment; False when one failed (reported)."""
    if outcome is None or not outcome.results:
        return True
    from aoai_provision.cli.purge import report_purges

    try:
        report_purges(outcome, err=err)
    except ProvisionError as exc:
        from aoai_provision.cli.errors import report_error

        report_error(exc)
        return False
    return True
