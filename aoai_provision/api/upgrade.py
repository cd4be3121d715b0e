"""`upgrade`: propose replacements for retiring versions as a YAML diff, and write it when asked."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from aoai_provision.api.audit import load_for_audit, merge_observed, subjects_from_state
from aoai_provision.audit.model import AuditSubject
from aoai_provision.audit.upgrade import Proposal, Refusal, plan_edits, propose, record_auto_upgrades
from aoai_provision.audit.yaml_edit import apply_edits
from aoai_provision.errors import InputError, PlanError, SpecError

if TYPE_CHECKING:
    from aoai_provision.azure.target import Target
    from aoai_provision.catalog.catalog import Catalog
    from aoai_provision.spec.model import DesiredState


@dataclass(frozen=True)
class UpgradeResult:
    """What `upgrade` proposes for one file: the proposals, the new text and its unified diff."""

    path: Path
    proposals: tuple[Proposal, ...]
    refusals: tuple[Refusal, ...]
    original: str
    updated: str
    diff: str
    written: bool = False


def upgrade(path: Path, *, as_of: date | None = None, warn_within: int = 90, write: bool = False,
            live: bool = False, target: Target | None = None, environ: Mapping[str, str] | None = None,
            catalog: Catalog | None = None) -> UpgradeResult:
    """Propose (and with ``write`` apply) the moves off retired, past-earliest and retiring versions.

    With ``live`` (and a ``target``), also propose recording the newer version Azure auto-upgraded
    a deployment to. Deployments with no replacement offered in their region and SKU are returned as
    ``refusals`` (the others are still proposed and, with ``write``, written; see
    :func:`refusal_error`). Raises PlanError when the edited file would not validate.
    """
    from aoai_provision.catalog.bundled import bundled_catalog

    catalog = catalog if catalog is not None else bundled_catalog()
    as_of = as_of or date.today()
    try:
        from aoai_provision.files import read_regular_file

        original = read_regular_file(path).decode("utf-8")  # bytes: CRLF files stay CRLF
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"cannot read {path}: {reason}") from exc
    state = load_for_audit(path, environ=environ, catalog=catalog, as_of=as_of, verb="upgrade")
    subjects = subjects_from_state(state)
    if live:
        subjects = _with_deployed_versions(state, subjects, target)
    proposals, refusals = propose(subjects, catalog, as_of=as_of, warn_within=warn_within)
    if live:
        proposals += record_auto_upgrades(subjects, skip={p.subject.key for p in proposals})
    edits = plan_edits(proposals, subjects)
    updated = apply_edits(original, edits) if edits else original
    if updated != original:
        _check(path, updated, proposals, environ=environ, catalog=catalog, as_of=as_of)
    diff = "".join(difflib.unified_diff(original.splitlines(keepends=True), updated.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))
    written = False
    if write and updated != original:
        _write_atomically(path, updated)
        written = True
    return UpgradeResult(path, tuple(proposals), tuple(refusals), original, updated, diff, written)


def refusal_error(result: UpgradeResult) -> PlanError:
    """The error for the deployments `upgrade` could not move (the others are proposed or written)."""
    done = "; the other proposals were written" if result.written else (
        "; the other proposals are shown above" if result.proposals else "")
    return PlanError(
        f"{result.path}: cannot propose an upgrade for {len(result.refusals)} deployment(s){done}:\n  "
        + "\n  ".join(r.describe() for r in result.refusals),
        fix="no successor is documented or offered there: pick a model yourself (`aoai-provision models "
            "--region REGION` lists what each region offers), or move the deployment to a region or SKU "
            "that offers a replacement",
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so an interrupted write never truncates the user's file."""
    temp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                         prefix=f".{path.name}.", delete=False) as handle:
            temp = Path(handle.name)
            handle.write(text)
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except OSError as exc:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _with_deployed_versions(state: DesiredState, subjects: list[AuditSubject],
                            target: Target | None) -> list[AuditSubject]:
    from aoai_provision.api.plan import connect
    from aoai_provision.azure.readers import read_environment

    if target is None:
        raise InputError("--live needs Azure access (or --emulator)")
    observed = read_environment(connect(target, state.subscription), state, include_catalog=False)
    return [s for s in merge_observed(subjects, state, observed) if s.origin == "file"]


def _check(path: Path, text: str, proposals: list[Proposal], *, environ: Mapping[str, str] | None,
           catalog: Catalog, as_of: date) -> None:
    """The edited text must load without blocking errors and carry every proposed version."""
    with tempfile.TemporaryDirectory(prefix="aoai-upgrade-") as tmp:
        candidate = Path(tmp) / path.name
        with candidate.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            state = load_for_audit(candidate, environ=environ, catalog=catalog, as_of=as_of)
        except SpecError as exc:
            raise PlanError(f"{path}: the upgraded file would not validate: {exc.message}",
                            findings=exc.findings) from exc
    for p in proposals:
        account = state.account(p.subject.account)
        dep = account.deployment(p.subject.deployment) if account else None
        if dep is None or (dep.model, dep.version) != (p.target.model, p.target.version):
            got = f"{dep.model} {dep.version}" if dep else "nothing"
            raise PlanError(f"{path}: the upgrade edit did not take for {p.describe()} (the file now gives {got})",
                            fix="edit the file by hand; please report this")
