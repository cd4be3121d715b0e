"""Expand a typed environment file (matrix + explicit accounts) into the frozen DesiredState."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aoai_provision.catalog import regions as region_names
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes, expand_access
from aoai_provision.spec.expand_network import network_settings
from aoai_provision.spec.layers import Layer, merge
from aoai_provision.spec.model import (
    DesiredAccount,
    DesiredDeployment,
    DesiredState,
    Identity,
    NetworkAcls,
    ownership_tags,
)
from aoai_provision.spec.nodes import MapNode, PathPart, location_of
from aoai_provision.spec.ratelimits import Amount, derive_capacity
from aoai_provision.spec.rules_limits import check_limits, subscription_problem
from aoai_provision.spec.rules_names import ACCOUNT_NAME
from aoai_provision.spec.schema import Account, AccountSettings, Deployment, EnvironmentFile, RegionOverride
from aoai_provision.spec.skus import canonical_sku
from aoai_provision.spec.typecheck import did_you_mean, suggest

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

DEFAULT_ACCOUNT_NAME = "aoai-{environment}-{region}"
ACCOUNT_FIELDS = tuple(f for f in AccountSettings.model_fields if f not in expand_access.ACCESS_FIELDS)
DEPLOYMENT_FIELDS = tuple(n for n in Deployment.model_fields if n != "name")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
RESOURCE_GROUP_NAME = re.compile(r"^[-\w.()]*[-\w()]$")


@dataclass
class _Context:
    spec: EnvironmentFile
    root: MapNode
    file: str
    catalog: Catalog | None
    findings: list[Finding] = field(default_factory=list)

    def at(self, path: tuple[PathPart, ...]) -> Location:
        return location_of(self.file, self.root, path)

    def error(self, code: str, message: str, path: tuple[PathPart, ...], fix: str | None = None) -> None:
        self.findings.append(Finding(Severity.ERROR, code, message, self.at(path), fix=fix))

    def region(self, name: str, path: tuple[PathPart, ...]) -> str:
        """ARM name of ``name``; unknown regions are reported and kept (lower case, no spaces)."""
        arm = region_names.normalize_region(name)
        if arm is not None:
            return arm
        close = region_names.suggest_region(name)
        hint = did_you_mean(close)
        self.error(codes.UNKNOWN_REGION, f"unknown region '{name}'{hint}", path,
                   fix="use an Azure region's ARM name (swedencentral) or display name (Sweden Central)")
        return "".join(name.lower().split())


def expand(spec: EnvironmentFile, root: MapNode, file: str,
           catalog: Catalog | None = None) -> tuple[DesiredState, list[Finding]]:
    """The desired state of ``spec`` plus the problems found while expanding it (never raises)."""
    ctx = _Context(spec, root, file, catalog)
    accounts = _matrix_accounts(ctx) + [_explicit_account(ctx, i, a) for i, a in enumerate(spec.accounts)]
    if spec.location:
        location = ctx.region(spec.location, ("location",))
    elif accounts:
        location = accounts[0].region
    else:
        location = ""
        ctx.error(codes.MISSING_VALUE, "no regions: set `regions`, `accounts` or `location`", (),
                  fix="add `regions: [swedencentral]` and deployments")
    rg_tags = _tags(ctx, spec.tags, ctx.at(("tags",)))
    _check_group_names(ctx)
    state = DesiredState(
        environment=spec.environment, resource_group=spec.resource_group, location=location,
        subscription=spec.subscription or None, tags=rg_tags,
        accounts=tuple(accounts), source=file, prune=spec.prune)
    _check_limits(ctx, state)
    return state, ctx.findings


def _matrix_accounts(ctx: _Context) -> list[DesiredAccount]:
    spec = ctx.spec
    if spec.deployments and not spec.regions:
        ctx.error(codes.MISSING_VALUE, "`deployments` are listed but `regions` is empty, so no account gets them",
                  ("deployments",), fix="add `regions: [...]`, or move the deployments under `accounts`")
    regions: dict[str, int] = {}
    for i, name in enumerate(spec.regions):
        arm = ctx.region(name, ("regions", i))
        if arm in regions:
            ctx.error(codes.DUPLICATE_NAME, f"region '{name}' is listed twice (also item {regions[arm] + 1})",
                      ("regions", i), fix="remove one of them")
            continue
        regions[arm] = i
    overrides = _overrides_by_region(ctx, regions)
    template = _account_template(ctx)
    accounts = []
    for arm, i in regions.items():
        key, override = overrides.get(arm, ("", None))
        accounts.append(_matrix_account(ctx, arm, i, template, key, override))
    return accounts


def _overrides_by_region(ctx: _Context, regions: dict[str, int]) -> dict[str, tuple[str, RegionOverride]]:
    out: dict[str, tuple[str, RegionOverride]] = {}
    names = [d.name for d in ctx.spec.deployments]
    for key, override in ctx.spec.overrides.items():
        arm = ctx.region(key, ("overrides", key))
        if arm not in regions:
            ctx.error(codes.UNUSED_OVERRIDE, f"override for region '{key}', which is not in `regions`",
                      ("overrides", key), fix="add the region to `regions` or remove the override")
            continue
        out[arm] = (key, override)
        for name in override.deployments:
            if name not in names:
                hint = suggest(name, names)
                ctx.error(codes.UNUSED_OVERRIDE,
                          f"override for deployment '{name}', which the matrix does not declare"
                          + (f"; did you mean '{hint}'?" if hint else ""),
                          ("overrides", key, "deployments", name))
    return out


def _account_template(ctx: _Context) -> str:
    template = ctx.spec.account_name or DEFAULT_ACCOUNT_NAME
    for placeholder in _PLACEHOLDER.findall(template):
        if placeholder not in ("environment", "region"):
            ctx.error(codes.INVALID_TEMPLATE, f"unknown placeholder '{{{placeholder}}}' in account_name",
                      ("account_name",), fix="use {environment} and {region}")
    if len(ctx.spec.regions) > 1 and "{region}" not in template:
        ctx.error(codes.INVALID_TEMPLATE, "account_name has no {region}, so every region's account gets the same name",
                  ("account_name",), fix="add {region}, e.g. aoai-{environment}-{region}")
    return template


def _matrix_account(ctx: _Context, arm: str, index: int, template: str, key: str,
                    override: RegionOverride | None) -> DesiredAccount:
    spec = ctx.spec
    name = template.replace("{environment}", spec.environment).replace("{region}", arm)
    defaults = spec.defaults
    layers = [Layer(defaults.account if defaults else None, ("defaults", "account")),
              Layer(override.account if override else None, ("overrides", key, "account"))]
    deployments = []
    for i, d in enumerate(spec.deployments):
        d_layers = [Layer(defaults.deployment if defaults else None, ("defaults", "deployment")),
                    Layer(d, ("deployments", i))]
        if override is not None and d.name in override.deployments:
            d_layers.append(Layer(override.deployments[d.name], ("overrides", key, "deployments", d.name)))
        deployments.append(_deployment(ctx, arm, d.name, d_layers, ("deployments", i)))
    name_path: tuple[PathPart, ...] = ("account_name",) if spec.account_name else ("regions", index)
    return _account(ctx, name, arm, layers, deployments, ("regions", index),
                    {"name": name_path, "region": ("regions", index)})


def _explicit_account(ctx: _Context, index: int, account: Account) -> DesiredAccount:
    base: tuple[PathPart, ...] = ("accounts", index)
    arm = ctx.region(account.region, (*base, "region"))
    defaults = ctx.spec.defaults
    layers = [Layer(defaults.account if defaults else None, ("defaults", "account")), Layer(account, base)]
    deployments = []
    for i, d in enumerate(account.deployments):
        d_layers = [Layer(defaults.deployment if defaults else None, ("defaults", "deployment")),
                    Layer(d, (*base, "deployments", i))]
        deployments.append(_deployment(ctx, arm, d.name, d_layers, (*base, "deployments", i)))
    return _account(ctx, account.name, arm, layers, deployments, base,
                    {"name": (*base, "name"), "region": (*base, "region")})


def _account(ctx: _Context, name: str, region: str, layers: list[Layer], deployments: list[DesiredDeployment],
             entry: tuple[PathPart, ...], extra: dict[str, tuple[PathPart, ...]]) -> DesiredAccount:
    m = merge(layers, ACCOUNT_FIELDS)
    locations = m.locations(ctx.file, ctx.root, entry)
    locations.update({k: location_of(ctx.file, ctx.root, p) for k, p in extra.items()})
    acls = m.get("network_acls")
    identity = m.get("identity")
    identity = None if identity is None else Identity(
        type=identity.type, user_assigned_identities=tuple(identity.user_assigned_identities))
    net = network_settings(name, m, ctx.file, ctx.root, identity)
    locations.update(net.locations)
    ctx.findings.extend(net.findings)
    return DesiredAccount(
        name=name, region=region, kind=m.get("kind", "OpenAI"), sku=m.get("sku", "S0"),
        custom_subdomain=m.get("custom_subdomain", name.lower()),
        public_network_access=m.get("public_network_access", "Enabled"),
        disable_local_auth=m.get("disable_local_auth", False),
        network_acls=None if acls is None else NetworkAcls(
            default_action=acls.default_action, ip_rules=tuple(acls.ip_rules),
            virtual_network_rules=tuple(acls.virtual_network_rules), bypass=acls.bypass),
        identity=net.identity,
        tags=_tags(ctx, m.tags, locations.get("tags")),
        restore=m.get("restore", False), deployments=tuple(deployments), locations=locations,
        allow_project_management=m.get("allow_project_management", None),
        foundry_rollback=m.get("foundry_rollback", False), foundry_auto_upgrade=m.get("foundry_auto_upgrade", None),
        rai_policies=expand_access.policies(layers, ctx.file, ctx.root),
        blocklists=expand_access.blocklists(layers, ctx.file, ctx.root),
        role_assignments=expand_access.role_assignments(layers, ctx.file, ctx.root),
        private_endpoint=net.private_endpoint, diagnostics=net.diagnostics, encryption=net.encryption)


def _deployment(ctx: _Context, region: str, name: str, layers: list[Layer],
                entry: tuple[PathPart, ...]) -> DesiredDeployment:
    m = merge(layers, DEPLOYMENT_FIELDS)
    locations = m.locations(ctx.file, ctx.root, entry)
    locations["name"] = location_of(ctx.file, ctx.root, (*entry, "name"))
    model, version = m.get("model", ""), m.get("version", "")
    sku = canonical_sku(m.get("sku", ""), ctx.catalog)
    if not sku:
        ctx.error(codes.MISSING_VALUE, f"deployment '{name}' has no sku", entry,
                  fix="set `sku:` on the deployment or in defaults.deployment (e.g. GlobalStandard)")
    rate = m.get("rate_limit")
    amount = Amount(m.get("capacity"), rate.tpm if rate else None, rate.rpm if rate else None)
    mv = ctx.catalog.get(model, version) if ctx.catalog is not None else None
    offer = mv.offer(region, sku) if mv is not None and sku else None
    capacity = derive_capacity(amount, offer, mv.fixed_limits if mv else None)
    if capacity is None:
        capacity = 0
        ctx.error(codes.MISSING_VALUE, f"deployment '{name}' has no capacity or rate_limit", entry,
                  fix="set `capacity: N` (units) or `rate_limit: {tpm: 100K}`")
    if "rate_limit" in locations:
        locations["capacity"] = locations["rate_limit"]
    return DesiredDeployment(
        name=name, model=model, version=version, sku=sku, capacity=capacity,
        model_format=m.get("model_format", "OpenAI"),
        version_upgrade=m.get("version_upgrade", "OnceNewDefaultVersionAvailable"),
        rai_policy=m.get("rai_policy"), dynamic_throttling=m.get("dynamic_throttling"),
        spillover_deployment=m.get("spillover_deployment"), service_tier=m.get("service_tier"), state=m.get("state"),
        tags=_tags(ctx, m.tags, locations.get("tags")),
        requested_tpm=amount.tpm, requested_rpm=amount.rpm, locations=locations)


def _tags(ctx: _Context, own: dict[str, str], where: Location | None) -> dict[str, str]:
    """File-wide tags, then the resource's own, then the ownership tags (which nobody overrides)."""
    ownership = ownership_tags(ctx.spec.environment)
    for key in sorted(set(own) & set(ownership)):
        if own[key] != ownership[key]:
            ctx.findings.append(Finding(
                Severity.WARNING, codes.RESERVED_TAG,
                f"tag '{key}' is set by aoai-provision to '{ownership[key]}'; '{own[key]}' is ignored",
                where, fix=f"remove '{key}' from tags"))
    return {**ctx.spec.tags, **own, **ownership}


def _check_limits(ctx: _Context, state: DesiredState) -> None:
    """Azure's documented limits (rules_limits), and a subscription that is not a GUID."""
    tags_at = location_of(ctx.file, ctx.root, ("tags",), key=True) if ctx.spec.tags else None
    ctx.findings.extend(check_limits(state, tags_at))
    sub = ctx.spec.subscription
    problem = subscription_problem(sub) if sub and "${" not in sub else None
    if problem is not None:
        ctx.error(codes.AZURE_LIMIT, problem, ("subscription",),
                  fix="use the subscription's id (`az account show --query id -o tsv`), or ${AZURE_SUBSCRIPTION_ID}")


def _check_group_names(ctx: _Context) -> None:
    env, group = ctx.spec.environment, ctx.spec.resource_group
    if not (1 <= len(env) <= 64 and ACCOUNT_NAME.match(env)):
        ctx.error(codes.INVALID_NAME, f"environment name '{env}' is not valid", ("environment",),
                  fix="1-64 letters, digits, `_`, `.` or `-`, starting with a letter or digit")
    if not (1 <= len(group) <= 90 and RESOURCE_GROUP_NAME.match(group)):
        ctx.error(codes.INVALID_NAME, f"resource group name '{group}' is not valid", ("resource_group",),
                  fix="1-90 letters, digits, `_`, `-`, `.`, `(` or `)`, not ending with `.` (Azure's resource "
                      "group name rules, learn.microsoft.com/azure/azure-resource-manager/management/"
                      "resource-name-rules#microsoftresources)")
