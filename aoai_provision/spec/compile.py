"""The whole pure pipeline for one file's bytes: decode, parse, interpolate, type, expand, check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from aoai_provision.findings import Finding, Severity, sort_findings
from aoai_provision.spec import codes
from aoai_provision.spec.expand import expand
from aoai_provision.spec.interpolate import interpolate
from aoai_provision.spec.loader import decode_source, parse_yaml
from aoai_provision.spec.model import DesiredState
from aoai_provision.spec.rules import check_state, dedupe
from aoai_provision.spec.rules_lifecycle import DEFAULT_WARN_WITHIN_DAYS
from aoai_provision.spec.typecheck import typecheck

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog


@dataclass(frozen=True)
class Compiled:
    """A file's desired state (when its structure could be expanded) and every finding, sorted."""

    state: DesiredState | None
    findings: tuple[Finding, ...]


def compile_text(text: str, file: str, *, environ: Mapping[str, str], catalog: Catalog | None,
                 as_of: date, warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS) -> Compiled:
    """Environment-file text -> desired state + findings. Pure: the caller reads the file."""
    parsed = parse_yaml(text, file)
    findings = list(parsed.findings)
    if parsed.root is None:
        return Compiled(None, tuple(sort_findings(findings)))
    variables = [_defer_subscription(f) for f in interpolate(parsed.root, environ, file)]
    findings += variables
    # a value whose variable is unresolved gets that one error, not every rule's complaint about it
    unresolved = {f.location.path for f in variables if f.location is not None}

    def relevant(problems: list[Finding]) -> list[Finding]:
        return [f for f in problems if f.location is None or f.location.path not in unresolved]

    spec, problems = typecheck(parsed.root, file)
    findings += relevant(problems)
    if spec is None:
        return Compiled(None, tuple(sort_findings(findings)))
    state, problems = expand(spec, parsed.root, file, catalog)
    if "subscription" in unresolved:  # offline commands need no subscription; Azure commands say so
        state = replace(state, subscription=None)
    findings += relevant(problems)
    findings += relevant(check_state(state, catalog, as_of, warn_within_days))
    return Compiled(state, tuple(sort_findings(dedupe(findings))))


def _defer_subscription(finding: Finding) -> Finding:
    """An unset variable in `subscription` is no error for offline work (validate, render, audit, upgrade):
    a note here; plan, apply, destroy and outputs need a subscription (or --subscription) and say so."""
    if finding.code != codes.UNRESOLVED_VARIABLE or finding.location is None \
            or finding.location.path != "subscription":
        return finding
    name = finding.details.get("variable", "")
    return replace(finding, severity=Severity.INFO,
                   message=f"environment variable '{name}' is not set; commands that talk to Azure need the "
                           "subscription (offline commands do not)",
                   fix=f"export {name}=... or pass --subscription ID to plan, apply, destroy and outputs")


def compile_bytes(data: bytes, file: str, *, environ: Mapping[str, str], catalog: Catalog | None,
                  as_of: date, warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS) -> Compiled:
    """Like :func:`compile_text` for raw file content (binary and non-UTF-8 content are findings)."""
    text, problems = decode_source(data, file)
    if text is None:
        return Compiled(None, problems)
    return compile_text(text, file, environ=environ, catalog=catalog, as_of=as_of,
                        warn_within_days=warn_within_days)
