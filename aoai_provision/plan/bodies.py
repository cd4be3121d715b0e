"""What the executor writes for accounts and deployments, and when a written resource needs a repair."""

from __future__ import annotations

from typing import Any

from aoai_provision.plan.actions import FieldChange
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, effective_tags


def account_json(account: DesiredAccount, environment: str) -> dict[str, Any]:
    """What the executor writes for an account: the file's values, defaults resolved, full tag set."""
    data = account.to_json()
    for child in ("deployments", "content_filters", "blocklists", "role_assignments"):
        data.pop(child, None)
    data["custom_subdomain"] = account.custom_subdomain or account.name
    data["tags"] = effective_tags(account.tags, environment)
    return data


def deployment_json(deployment: DesiredDeployment, environment: str, version: str | None = None) -> dict[str, Any]:
    """What the executor writes for a deployment (``version`` keeps a newer auto-upgraded version)."""
    data = deployment.to_json()
    data["tags"] = effective_tags(deployment.tags, environment)
    if version is not None:
        data["version"] = version
    return data


REPAIR_STATES = ("Failed", "Canceled")


def repair_change(state: str | None) -> tuple[FieldChange, ...]:
    """A resource whose last operation ended Failed or Canceled is not converged: re-send its body."""
    if state is not None and state.capitalize() in REPAIR_STATES:
        return (FieldChange("provisioning_state", state, "Succeeded"),)
    return ()
