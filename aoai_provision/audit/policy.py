"""What a deployment's version-upgrade policy means for it: the consequence sentence the report shows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aoai_provision.audit.model import AuditSubject
    from aoai_provision.catalog.successor import Replacement

# What an unset `version_upgrade` behaves like (Microsoft Learn).
DEFAULT_POLICY = "OnceCurrentVersionExpired"


def effective_policy(subject: AuditSubject) -> str:
    """The deployment's version-upgrade policy, the default when the file or Azure leaves it unset."""
    return subject.version_upgrade or DEFAULT_POLICY


def is_provisioned(sku: str) -> bool:
    """Automatic upgrades apply to Standard-type deployments only, not provisioned ones."""
    return "provisioned" in sku.lower()


def consequence(
    subject: AuditSubject,
    retirement: date | None,
    target: str | None,
    target_date: date | None,
    *,
    as_of: date | None = None,
    replacement: Replacement | None = None,
) -> str:
    """One sentence: what Azure will do to this deployment given its policy and the known dates."""
    policy = effective_policy(subject)
    when = retirement.isoformat() if retirement else None
    past = retirement is not None and as_of is not None and retirement < as_of
    if is_provisioned(subject.sku):
        if when:
            return f"provisioned deployments are not auto-upgraded: migrate before {when}"
        return "provisioned deployments are not auto-upgraded"
    if policy == "NoAutoUpgrade":
        if when:
            return f"stopped working on {when}" if past else f"stops working on {when} (pinned, never upgraded)"
        return "pinned: never upgraded; stops working at retirement"
    if policy == "OnceNewDefaultVersionAvailable":
        if target:
            on = f" on {target_date.isoformat()}" if target_date else ""
            return f"auto-upgrades to {target}{on} (within two weeks of a new default version)"
        return "auto-upgrades within two weeks of a new default version; at retirement at the latest"
    # OnceCurrentVersionExpired (or unset)
    goal = target or (f"{replacement.model} {replacement.version}" if replacement else "the default version")
    if when:
        verb = "was due to be upgraded" if past else "auto-upgrades"
        return f"{verb} to {goal} at retirement on {when}"
    return f"auto-upgrades to {goal} when this version expires"
