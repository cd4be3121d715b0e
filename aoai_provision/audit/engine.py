"""The audit itself: lifecycle facts per deployment -> findings (pure; the one lifecycle rule is catalog's)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from aoai_provision.audit import rules
from aoai_provision.audit.model import STALE_AFTER_DAYS, AuditedDeployment, AuditReport, AuditSubject
from aoai_provision.audit.policy import consequence, effective_policy, is_provisioned
from aoai_provision.audit.replacement import recommend
from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.resolve import lifecycle_for
from aoai_provision.catalog.verdicts import advice
from aoai_provision.findings import Finding, Severity, sort_findings

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog
    from aoai_provision.catalog.lifecycle import Assessment
    from aoai_provision.catalog.types import LifecycleFact, ModelVersion, Source

PAST_STATES = ("retired", "past-scheduled", "past-earliest")
RISK_STATES = (*PAST_STATES, "retiring")


def run_audit(
    subjects: Iterable[AuditSubject],
    catalog: Catalog,
    *,
    as_of: date,
    warn_within: int = 90,
    fail_within: int | None = None,
    min_severity: Severity = Severity.INFO,
    live_regions: Iterable[str] = (),
    inputs: Iterable[str] = (),
) -> AuditReport:
    """Audit ``subjects`` against ``catalog`` (already overlaid with live data for ``live_regions``)."""
    live = tuple(sorted(set(live_regions)))
    audited: list[AuditedDeployment] = []
    findings: list[Finding] = []
    for subject in subjects:
        entry, found = audit_one(subject, catalog, as_of=as_of, warn_within=warn_within, live=live)
        audited.append(entry)
        findings.extend(found)
    return AuditReport(
        as_of=as_of,
        warn_within=warn_within,
        deployments=tuple(audited),
        findings=tuple(sort_findings(findings)),
        catalog_as_of=str(catalog.as_of or ""),
        live_regions=live,
        notices=tuple(_notices(audited, str(catalog.as_of or ""), as_of, live)),
        inputs=tuple(inputs),
        fail_within=fail_within,
        min_severity=min_severity,
    )


def audit_one(
    subject: AuditSubject, catalog: Catalog, *, as_of: date, warn_within: int, live: tuple[str, ...] = ()
) -> tuple[AuditedDeployment, list[Finding]]:
    """The facts and findings for one deployment."""
    mv = catalog.get(subject.model, subject.version)
    findings: list[Finding] = []
    if mv is None:
        entry = AuditedDeployment(subject=subject, in_catalog=False,
                                  consequence=consequence(subject, None, None, None))
        hint = _suggest(catalog, subject)
        findings.append(_finding(rules.NOT_IN_CATALOG, subject, entry,
                                 f"{subject.model} {subject.version} is not in the catalog"
                                 f"{' (live models list of ' + subject.region + ')' if subject.region in live else ''};"
                                 f" its lifecycle cannot be checked{hint}", None))
    else:
        a = assess(mv, as_of, warn_within, subject.sku)
        entry = _entry(subject, mv, a, catalog, as_of, warn_within, live)
        findings.extend(_lifecycle_findings(subject, entry, a))
    if subject.deployed_version and subject.deployed_version != subject.version:
        findings.append(_finding(
            rules.VERSION_DRIFT, subject, entry,
            f"Azure runs {subject.model} {subject.deployed_version}; the file declares {subject.version}", None,
            fix="record the deployed version in the file (aoai-provision upgrade --live), or apply to pin it"))
    if subject.explicit_policy is False:  # at the deployment's entry, where `rai_policy:` goes
        note = _finding(
            rules.NO_CONTENT_FILTER, subject, entry,
            f"{subject.account}/{subject.deployment} names no content filter; it runs on Azure's default policy",
            None, fix="set `rai_policy:` (a policy under the account's `content_filters`, or Microsoft.DefaultV2)")
        findings.append(replace(note, location=subject.entry_location or subject.location))
    return entry, findings


def _regional(source: Source, facts: tuple[LifecycleFact, ...], region: str, when: date | None) -> Source:
    """Cite the deployment's own region's live list when it states the same date as the deciding one."""
    if not source.live:
        return source
    mine = next((f.source for f in facts
                 if f.source.key == f"live:{region}" and f.retirement_date == when), None)
    return mine or source


def _entry(subject: AuditSubject, mv: ModelVersion, a: Assessment, catalog: Catalog,
           as_of: date, warn_within: int, live: tuple[str, ...]) -> AuditedDeployment:
    life = lifecycle_for(mv, subject.sku)
    sources: dict[str, str] = {}
    if life.retirement_source is not None:
        sources["retirement_date"] = _regional(life.retirement_source, life.facts, subject.region,
                                               life.retirement_date).cite()
    status_source = next((f.source for f in life.facts if f.lifecycle_status == life.status), None)
    if status_source is not None:
        sources["lifecycle_status"] = status_source.cite()
    offer = mv.offer(subject.region, subject.sku)
    avail = (offer.source if offer is not None else None) or mv.availability_source
    if avail is not None:
        sources["availability"] = avail.cite()
    if subject.region in live:
        sources.setdefault("live", f"live models API, {subject.region} (as of {as_of.isoformat()})")
    replacement = None
    if a.state != "ok" or life.auto_upgrade_target:
        replacement = recommend(catalog, subject.model, subject.version, subject.region, subject.sku,
                                as_of, warn_within)
    return AuditedDeployment(
        subject=subject, in_catalog=True, state=a.state, status=life.status,
        deprecation_date=life.deprecation_date, retirement_date=a.retirement_date, qualifier=a.qualifier,
        days_left=a.days_left,  # assess sets it whenever there is a retirement date
        auto_upgrade_target=life.auto_upgrade_target, auto_upgrade_date=life.auto_upgrade_date,
        consequence=consequence(subject, a.retirement_date, life.auto_upgrade_target, life.auto_upgrade_date,
                                as_of=as_of, replacement=replacement),
        replacement=replacement, sources=sources,
    )


def _lifecycle_findings(subject: AuditSubject, entry: AuditedDeployment, a: Assessment) -> list[Finding]:
    what = f"{subject.model} {subject.version}"
    when = a.retirement_date.isoformat() if a.retirement_date else "an unknown date"
    out: list[Finding] = []
    state = a.state
    rule = rules.BY_VERDICT_STATE.get(state)
    fix = advice(state, entry.replacement, a.replacements, subject.region, subject.sku)
    if rule is not None:  # the verdict table's code, severity and advice; assess's one message
        out.append(_finding(rule, subject, entry, a.message.rstrip("."), a.retirement_date, fix=fix))
    policy = effective_policy(subject)
    if policy == "NoAutoUpgrade" and state in RISK_STATES:
        verb = {"retired": "stopped working on", "past-scheduled": "probably stopped working on"}.get(
            state, "stops working on")
        if state == "past-earliest":
            verb = "may stop working at any time (earliest retirement date passed:"
            when = f"{when})"
        out.append(_finding(rules.NO_AUTO_UPGRADE, subject, entry,
                            f"deployment {subject.deployment} pins {what} with NoAutoUpgrade: it {verb} {when}",
                            a.retirement_date, fix=fix))
    if entry.auto_upgrade_target and policy != "NoAutoUpgrade" and not is_provisioned(subject.sku):
        upgrade_on = entry.auto_upgrade_date or a.retirement_date
        on = ""
        if entry.auto_upgrade_date:
            on = f" on {entry.auto_upgrade_date.isoformat()}"
        elif a.retirement_date:
            on = f" at retirement on {a.retirement_date.isoformat()} at the latest"
        out.append(_finding(rules.AUTO_UPGRADE, subject, entry,
                            f"Azure will upgrade {what} to {entry.auto_upgrade_target}{on} ({policy})",
                            upgrade_on, fix=fix if entry.replacement else None))
    return out


def _finding(rule: rules.Rule, subject: AuditSubject, entry: AuditedDeployment, message: str,
             when: date | None, *, fix: str | None = None) -> Finding:
    details: dict[str, Any] = {"rule": rule.name, "key": subject.key, "date": when.isoformat() if when else None}
    details.update(entry.to_json())
    if fix is None:
        fix = _fix(subject, entry) if rule.severity is not Severity.INFO or entry.replacement else None
    return Finding(severity=rule.severity, code=rule.code, message=message, location=subject.location,
                   fix=fix, resource=f"{subject.account}/{subject.deployment}", details=details)


def _fix(subject: AuditSubject, entry: AuditedDeployment) -> str | None:
    rep = entry.replacement
    if rep is not None:
        return (f"move to {rep.model} {rep.version}, offered in {subject.region} {subject.sku} "
                f"(aoai-provision upgrade FILE --write)")
    if entry.in_catalog and entry.state not in ("ok", None):
        return (f"no newer version or documented replacement is offered in {subject.region} {subject.sku}; "
                f"choose a successor (aoai-provision models --region {subject.region})")
    return None


def _suggest(catalog: Catalog, subject: AuditSubject) -> str:
    versions = [mv.version for mv in catalog.versions(subject.model)]
    if versions:
        return f"; known versions: {', '.join(versions[:5])}"
    models = catalog.suggest_model(subject.model)
    return f"; did you mean {' or '.join(models)}?" if models else ""


def _notices(audited: list[AuditedDeployment], catalog_as_of: str, as_of: date, live: tuple[str, ...]) -> list[str]:
    notices: list[str] = []
    bundled_only = [d for d in audited if d.subject.region not in live]
    if not bundled_only or not catalog_as_of:
        return notices
    try:
        age = (as_of - date.fromisoformat(catalog_as_of[:10])).days
    except ValueError:
        return notices
    if age > STALE_AFTER_DAYS:
        notices.append(
            f"Only bundled catalog data was used{' for some regions' if live else ''}: it is as of {catalog_as_of}, "
            f"{age} days before {as_of.isoformat()} (more than {STALE_AFTER_DAYS}). Retirement dates may have "
            "moved; re-run with --live, or upgrade aoai-provision for newer data."
        )
    return notices
