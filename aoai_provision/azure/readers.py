"""Read one environment's live state from ARM into an ObservedState: lists only, concurrently, no per-deployment GETs."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import azure_call, error_code, wrap_sdk_error
from aoai_provision.azure.network_reads import read_network
from aoai_provision.errors import AzureCallError, ProvisionError
from aoai_provision.plan.observed import (
    DeletedAccount,
    ObservedAccount,
    ObservedDeployment,
    ObservedState,
    Usage,
)
from aoai_provision.spec.model import DesiredState, Identity, NetworkAcls, is_managed

T = TypeVar("T")
MAX_READERS = 8
NOT_FOUND = {"ResourceGroupNotFound", "ResourceNotFound", "NotFound"}
MODEL_KINDS = frozenset({"openai", "aiservices"})  # accounts that hold model deployments


def _call(func: Callable[..., T], *args: Any, resource: str | None = None) -> T:
    return azure_call(func, *args, resource=resource, action="reading")


def _region(value: str | None) -> str:
    return (value or "").replace(" ", "").lower()


def _network_acls(acls: Any) -> NetworkAcls | None:
    if acls is None:
        return None
    return NetworkAcls(
        default_action=str(acls.default_action or "Allow"),
        ip_rules=tuple(r.value for r in (acls.ip_rules or ()) if r.value),
        virtual_network_rules=tuple(r.id for r in (acls.virtual_network_rules or ()) if r.id),
        bypass=acls.bypass,
    )


def _identity(identity: Any) -> Identity | None:
    if identity is None or identity.type is None:
        return None
    return Identity(type=str(identity.type), user_assigned_identities=tuple(sorted(identity.user_assigned_identities or {})))


def map_deployment(dep: Any) -> ObservedDeployment:
    """An SDK Deployment model as an ObservedDeployment."""
    props = dep.properties
    model = props.model if props is not None else None
    extra = dict(getattr(props, "additional_properties", None) or {})  # properties newer than the SDK's models
    return ObservedDeployment(
        name=dep.name,
        model=(model.name if model else None) or "",
        version=(model.version if model else None) or "",
        model_format=(model.format if model else None) or "OpenAI",
        sku=(dep.sku.name if dep.sku else None) or "",
        capacity=int(dep.sku.capacity or 0) if dep.sku else 0,
        version_upgrade=props.version_upgrade_option if props else None,
        rai_policy=props.rai_policy_name if props else None,
        dynamic_throttling=props.dynamic_throttling_enabled if props else None,
        tags=dict(dep.tags or {}),
        provisioning_state=props.provisioning_state if props else None,
        id=dep.id or "",
        spillover_deployment=props.spillover_deployment_name if props else None,
        service_tier=extra.get("serviceTier"),
        state=extra.get("deploymentState"),
        current_capacity=props.current_capacity if props else None,
    )


def _encryption(props: Any) -> dict[str, str] | None:
    enc = getattr(props, "encryption", None) if props is not None else None
    kv = enc.key_vault_properties if enc is not None else None
    if enc is None or kv is None or str(enc.key_source or "") != "Microsoft.KeyVault":
        return None
    return {"keyVaultUri": kv.key_vault_uri or "", "keyName": kv.key_name or "", "keyVersion": kv.key_version or "",
            "identityClientId": kv.identity_client_id or ""}


def _endpoint_connections(props: Any) -> tuple[str, ...]:
    connections = getattr(props, "private_endpoint_connections", None) if props is not None else None
    ids = (c.properties.private_endpoint.id for c in connections or ()
           if c.properties is not None and c.properties.private_endpoint is not None)
    return tuple(sorted(i for i in ids if i))


def map_account(acct: Any, deployments: tuple[ObservedDeployment, ...]) -> ObservedAccount:
    """An SDK Account model (plus its listed deployments) as an ObservedAccount."""
    props = acct.properties
    return ObservedAccount(
        name=acct.name,
        region=_region(acct.location),
        kind=acct.kind or "",
        sku=(acct.sku.name if acct.sku else None) or "",
        custom_subdomain=props.custom_sub_domain_name if props else None,
        public_network_access=props.public_network_access if props else None,
        disable_local_auth=props.disable_local_auth if props else None,
        network_acls=_network_acls(props.network_acls) if props else None,
        identity=_identity(acct.identity),
        tags=dict(acct.tags or {}),
        endpoint=props.endpoint if props else None,
        endpoints=dict(getattr(props, "endpoints", None) or {}) if props else {},
        allow_project_management=getattr(props, "allow_project_management", None) if props else None,
        provisioning_state=props.provisioning_state if props else None,
        id=acct.id or "",
        deployments=tuple(sorted(deployments, key=lambda d: d.name)),
        encryption=_encryption(props),
        endpoint_connections=_endpoint_connections(props),
    )


def resource_group_of(resource_id: str) -> str:
    """The resource group named in an ARM id (``""`` when there is none)."""
    parts = resource_id.split("/")
    lower = [p.lower() for p in parts]
    return parts[lower.index("resourcegroups") + 1] if "resourcegroups" in lower[:-1] else ""


def _deleted(acct: Any) -> DeletedAccount:
    props = acct.properties
    return DeletedAccount(
        name=acct.name,
        region=_region(acct.location),
        resource_group=resource_group_of(acct.id or ""),
        deletion_date=str(props.deletion_date) if props and props.deletion_date else None,
        scheduled_purge_date=str(props.scheduled_purge_date) if props and props.scheduled_purge_date else None,
    )


def read_region_models(clients: AzureClients, region: str) -> list[dict[str, Any]]:
    """``models.list(region)`` as REST-shaped (camelCase) dicts, the shape the catalog parser reads."""
    items = _call(lambda: list(clients.cognitive.models.list(region)), resource=f"models in {region}")
    return [item.serialize(keep_readonly=True) for item in items]


def read_region_usages(clients: AzureClients, region: str) -> dict[str, Usage]:
    """``usages.list(region)`` keyed by usage name (capacity units)."""
    items = _call(lambda: list(clients.cognitive.usages.list(region)), resource=f"usages in {region}")
    out: dict[str, Usage] = {}
    for u in items:
        name = u.name.value if u.name else None
        if name:
            out[name] = Usage(name=name, current=float(u.current_value or 0), limit=float(u.limit or 0))
    return out


def _resource_group(clients: AzureClients, name: str) -> tuple[bool, str | None, dict[str, str]]:
    from azure.core.exceptions import ResourceNotFoundError

    try:
        group = clients.resources.resource_groups.get(name)
    except ResourceNotFoundError as exc:
        if error_code(exc) in NOT_FOUND or error_code(exc) is None:
            return False, None, {}
        raise wrap_sdk_error(exc, resource=f"resource group {name}", action="reading") from exc
    except ProvisionError:
        raise  # e.g. an unreadable emulator state file: already a message for people
    except Exception as exc:
        raise wrap_sdk_error(exc, resource=f"resource group {name}", action="reading") from exc
    return True, _region(group.location), dict(group.tags or {})


def _account_with_deployments(clients: AzureClients, rg: str, acct: Any, wanted: set[str],
                              include_access: bool = False) -> ObservedAccount | None:
    """The listed account with its children; None when it was deleted since the list (its children 404)."""
    try:
        return _read_account(clients, rg, acct, wanted, include_access)
    except AzureCallError as exc:
        if exc.status == 404 or exc.code in NOT_FOUND:  # e.g. a delete that was running has just finished
            return None
        raise


def _read_account(clients: AzureClients, rg: str, acct: Any, wanted: set[str],
                  include_access: bool) -> ObservedAccount:
    if (acct.kind or "").lower() not in MODEL_KINDS and (acct.name or "").lower() not in wanted:
        return map_account(acct, ())  # e.g. a Speech account sharing the group: no model deployments
    items = _call(lambda: list(clients.cognitive.deployments.list(rg, acct.name)),
                  resource=f"deployments of account {acct.name}")
    account = map_account(acct, tuple(map_deployment(d) for d in items))
    if include_access and (is_managed(account.tags) or account.name.lower() in wanted):  # adoptable too
        from aoai_provision.azure.access import read_access

        account = replace(account, access=read_access(clients, rg, acct.name))
    return account


def wants_access(desired: DesiredState) -> bool:
    """Whether the file declares content filters, blocklists or role assignments anywhere."""
    return any(a.rai_policies or a.blocklists or a.role_assignments for a in desired.accounts)


def read_environment(clients: AzureClients, desired: DesiredState, *, include_catalog: bool = True,
                     include_access: bool | None = None) -> ObservedState:
    """Snapshot the environment: resource group, accounts + deployments, soft-deleted namesakes, models, usages.

    Requests: 1 resource-group GET, 1 accounts list, 1 deployments list per account, 1 deleted-accounts
    list, and (with ``include_catalog``) 1 models list + 1 usages list per region — run concurrently.
    With ``include_access`` (default: when the file declares any content filter, blocklist or role
    assignment) each managed account also gets 1 policies list, 1 blocklists list, 1 items list per
    blocklist and 1 role-assignments list.
    """
    if include_access is None:
        include_access = wants_access(desired)
    rg = desired.resource_group
    wanted = {a.name.lower() for a in desired.accounts}
    regions = sorted({a.region for a in desired.accounts})
    with ThreadPoolExecutor(max_workers=MAX_READERS, thread_name_prefix="aoai-read") as pool:
        group_f = pool.submit(_resource_group, clients, rg)
        deleted_f = pool.submit(_call, lambda: list(clients.cognitive.deleted_accounts.list()),
                                resource="deleted accounts")
        models_f: dict[str, Future[list[dict[str, Any]]]] = {}
        usages_f: dict[str, Future[dict[str, Usage]]] = {}
        if include_catalog:
            for region in regions:
                models_f[region] = pool.submit(read_region_models, clients, region)
                usages_f[region] = pool.submit(read_region_usages, clients, region)
        exists, location, tags = group_f.result()
        accounts: list[ObservedAccount] = []
        if exists:
            listed = _call(lambda: list(clients.cognitive.accounts.list_by_resource_group(rg)),
                           resource=f"accounts in resource group {rg}")
            futures = [pool.submit(_account_with_deployments, clients, rg, a, wanted, include_access)
                       for a in listed]
            accounts = [a for a in (f.result() for f in futures) if a is not None]
        network = read_network(clients, pool, desired, accounts)
        deleted = [_deleted(a) for a in deleted_f.result()
                   if (a.name or "").lower() in wanted]
        deleted = [d for d in deleted if not d.resource_group or d.resource_group.lower() == rg.lower()]
        models = {r: tuple(f.result()) for r, f in models_f.items()}
        usages = {r: f.result() for r, f in usages_f.items()}
    return ObservedState(
        subscription=clients.subscription,
        resource_group=rg,
        resource_group_exists=exists,
        resource_group_location=location,
        resource_group_tags=tags,
        accounts=tuple(sorted(accounts, key=lambda a: a.name.lower())),
        deleted_accounts=tuple(sorted(deleted, key=lambda d: d.name.lower())),
        usages=usages,
        models=models,
        read_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        endpoints=network.endpoints,
        diagnostics=network.diagnostics,
        references=network.references,
    )
