"""Load one environment file from disk into a DesiredState plus located findings (never raises for bad files)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from aoai_provision.findings import Finding, Location, Severity, has_errors
from aoai_provision.spec import codes
from aoai_provision.spec.compile import compile_bytes
from aoai_provision.spec.model import DesiredState
from aoai_provision.spec.rules_lifecycle import DEFAULT_WARN_WITHIN_DAYS

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class LoadResult:
    """``state`` is present whenever the file's structure could be expanded (even with catalog or
    lifecycle errors); ``findings`` are sorted by location; ``source`` is the path as given."""

    state: DesiredState | None
    findings: tuple[Finding, ...]
    source: str

    @property
    def valid(self) -> bool:
        return not has_errors(self.findings)

    def only_lifecycle_errors(self) -> bool:
        """True when every error is a lifecycle verdict (the file is still auditable)."""
        return all(f.details.get("category") == codes.LIFECYCLE for f in self.findings
                   if f.severity is Severity.ERROR)


def load_environment(path: Path, *, environ: Mapping[str, str] | None = None, catalog: Catalog | None = None,
                     as_of: date | None = None, warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS,
                     subscription: str | None = None) -> LoadResult:
    """Read, parse, expand and check ``path``.

    ``environ`` defaults to the process environment, ``catalog`` to the bundled catalog and
    ``as_of`` to today. Problems with the file (missing, unreadable, invalid) are findings.
    ``subscription`` (--subscription) replaces the file's, and with it any note about its variable.
    """
    source = str(path)
    data, problem = _read(path, source)
    if data is None:
        return LoadResult(None, (problem,) if problem else (), source)
    if catalog is None:
        from aoai_provision.catalog.bundled import bundled_catalog

        catalog = bundled_catalog()
    compiled = compile_bytes(
        data, source, environ=os.environ if environ is None else environ, catalog=catalog,
        as_of=as_of or date.today(), warn_within_days=warn_within_days)
    if subscription and compiled.state is not None:
        findings = tuple(f for f in compiled.findings
                         if not (f.location is not None and f.location.path == "subscription"
                                 and f.code == codes.UNRESOLVED_VARIABLE))
        return LoadResult(replace(compiled.state, subscription=subscription), findings, source)
    return LoadResult(compiled.state, compiled.findings, source)


def _read(path: Path, source: str) -> tuple[bytes | None, Finding | None]:
    def problem(code: str, message: str, fix: str | None = None) -> tuple[None, Finding]:
        return None, Finding(Severity.ERROR, code, message, Location(source, 1, 1), fix=fix)

    from aoai_provision.files import NotARegularFile, read_regular_file

    try:
        if path.is_dir():
            return problem(codes.NOT_A_FILE, "is a directory, not an environment file",
                           fix=f"name a YAML file inside it, e.g. {os.path.join(source, 'prod.yaml')}")
        if not path.exists() and not path.is_symlink():
            return problem(codes.FILE_NOT_FOUND, "no such file", fix="check the path")
        return read_regular_file(path, limit=MAX_FILE_BYTES), None
    except NotARegularFile as exc:
        return problem(codes.NOT_A_FILE, f"{exc.strerror}; an environment file is a YAML file",
                       fix="name the YAML file itself (not a pipe, device or link loop)")
    except OSError as exc:
        return problem(codes.NOT_A_FILE, f"cannot be read: {exc.strerror or exc}")
