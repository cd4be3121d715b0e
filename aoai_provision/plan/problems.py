"""Finding codes of the planner and preflight, and the one PlanError a failed plan raises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aoai_provision.errors import PlanError
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec.model import ENVIRONMENT_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE

UNMANAGED_ACCOUNT = "PLAN101"  # an account with a desired name exists without the ownership tags
OTHER_ENVIRONMENT = "PLAN102"  # ... or is tagged for another environment
IMMUTABLE = "PLAN103"  # region / kind / custom_subdomain cannot change in place
REPLACE_NEEDS_FLAG = "PLAN104"  # deployment SKU/model change without --allow-replace
SOFT_DELETED = "PLAN105"  # a soft-deleted account of the same name blocks creation
UNMANAGED_DEPLOYMENT = "PLAN106"  # an untagged deployment has a desired deployment's name
RESTORE_REGION = "PLAN107"  # restore: true but the soft-deleted account is in another region
NOT_OFFERED = "PLAN110"  # model/version/SKU not offered in the region
CAPACITY_BOUNDS = "PLAN111"  # capacity outside the SKU's minimum/maximum/step
# PLAN112 (lifecycle) is retired: lifecycle verdicts carry the AOAI6xx codes of catalog.verdicts.
QUOTA = "PLAN113"  # quota shortfall, with the arithmetic
QUOTA_UNKNOWN = "PLAN114"  # no usage line to check quota against
QUOTA_RESTORE = "PLAN116"  # short of quota unless a restored account's deployments come back with it
UNKNOWN_MODEL = "PLAN115"  # neither the catalog nor a live list knows the model version
NOT_IN_FILE = "PLAN120"  # tagged resource not in the file (prune would delete it)
UNMANAGED_EXTRA = "PLAN121"  # untagged resource left alone
AUTO_UPGRADED = "PLAN122"  # Azure upgraded past the declared floor; not reverted
UNMANAGED_RG = "PLAN123"  # the resource group exists without ownership tags; its tags are left alone
RG_LOCATION = "PLAN124"  # the resource group is in another location (cannot change; harmless)
RESTORE_UNUSED = "PLAN125"  # restore: true but nothing to restore
FOUNDRY_UPGRADED = "PLAN126"  # Azure reports AIServices, the file says OpenAI: kept, never rolled back
FOUNDRY_IDENTITY = "PLAN127"  # the Foundry upgrade needs a managed identity
FOUNDRY_AUTO_UPGRADE = "PLAN128"  # foundry_auto_upgrade exists only in a preview api-version: not sent
CURRENT_CAPACITY = "PLAN129"  # Azure's currentCapacity differs from the deployment's sku.capacity
KEPT_ACCOUNT = "PLAN130"  # destroy/prune keeps an account that still holds untagged deployments
KEPT_RG = "PLAN131"  # destroy never deletes the resource group
RESTORE_CHILDREN = "PLAN132"  # a restored account brings back children the plan could not read beforehand
UNMANAGED_CHILD = "PLAN108"  # a policy/blocklist with a desired name exists without the ownership tags
GRANTED_OUTSIDE = "PLAN141"  # the role is already granted to the principal by an assignment the tool did not make


def adopt_fix(resource_id: str, environment: str) -> str:
    """How to let aoai-provision manage an existing resource: tag it yourself."""
    target = f"--ids {resource_id}" if resource_id else "--ids <resource id>"
    return (
        "re-run plan/apply with --adopt to bring every untagged resource the file declares under management at "
        "once; or use another name in the file; or tag it yourself: "
        f"az resource tag {target} --is-incremental --tags "
        f"{MANAGED_BY_TAG}={MANAGED_BY_VALUE} {ENVIRONMENT_TAG}={environment}"
    )


def soft_deleted_fix(name: str, region: str, resource_group: str, source: str, matrix_region: str | None) -> str:
    """The tool's own commands first (purge, restore where it goes in the file), then the az equivalent."""
    restore = (f"add `overrides: {{{matrix_region}: {{account: {{restore: true}}}}}}` (a region of the matrix) "
               "to restore it" if matrix_region else "add `restore: true` to the account to restore it")
    return (f"{restore}, or purge it to free the name and its quota: `aoai-provision purge {source or 'FILE'}` "
            f"(or `aoai-provision destroy --purge` next time; az: az cognitiveservices account purge --name {name} "
            f"--resource-group {resource_group} --location {region})")


def not_in_file(what: str, address: str, region: str) -> Finding:
    """A managed resource the file no longer declares: kept, listed by every plan, counted as drift."""
    return warning(NOT_IN_FILE, f"{what} ({region}) is managed but not in the file; it is kept: "
                   "--prune would delete it (or `prune: true` in the file)", resource=address,
                   fix="add it back to the file, or delete it with --prune (or `prune: true`)",
                   details={"drift": "not-in-file", "region": region})


def finding(
    severity: Severity,
    code: str,
    message: str,
    *,
    resource: str | None = None,
    location: Location | None = None,
    fix: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> Finding:
    return Finding(severity, code, message, location=location, fix=fix, resource=resource, details=dict(details or {}))


def error(code: str, message: str, **kw: Any) -> Finding:
    return finding(Severity.ERROR, code, message, **kw)


def warning(code: str, message: str, **kw: Any) -> Finding:
    return finding(Severity.WARNING, code, message, **kw)


def info(code: str, message: str, **kw: Any) -> Finding:
    return finding(Severity.INFO, code, message, **kw)


def raise_if_errors(findings: Iterable[Finding], source: str) -> None:
    """Raise one PlanError carrying every error and warning when any finding is an error."""
    items = list(findings)
    errors = [f for f in items if f.severity is Severity.ERROR]
    if not errors:
        return
    shown = errors + [f for f in items if f.severity is Severity.WARNING]
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    where = f" for {source}" if source else ""
    message = f"The plan{where} cannot succeed ({count}); nothing was changed in Azure."
    fix = errors[0].fix if len(errors) == 1 else "fix the problems listed above, then run plan again"
    raise PlanError(message, fix=fix, findings=shown)
