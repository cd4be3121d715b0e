"""The ARM resources of an environment: every account and deployment option mapped to its ARM property."""

from __future__ import annotations

from typing import Any

from aoai_provision.arm_versions import COGNITIVE_SERVICES
from aoai_provision.render import resources_access as ra
from aoai_provision.render.bicep import symbol_names
from aoai_provision.render.rendered import RenderedResource
from aoai_provision.render.resources_network import network_resources
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, DesiredState, effective_tags

API_VERSION = COGNITIVE_SERVICES  # declared once in aoai_provision.arm_versions
ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
DEPLOYMENT_TYPE = "Microsoft.CognitiveServices/accounts/deployments"


def account_body(state: DesiredState, account: DesiredAccount) -> dict[str, Any]:
    """The ARM body of an account (name, location, kind, sku, identity, tags, properties)."""
    body: dict[str, Any] = {
        "name": account.name,
        "location": account.region,
        "kind": account.kind,
        "sku": {"name": account.sku},
    }
    if account.identity is not None:
        identity: dict[str, Any] = {"type": account.identity.type}
        if account.identity.user_assigned_identities:
            identity["userAssignedIdentities"] = {uid: {} for uid in account.identity.user_assigned_identities}
        body["identity"] = identity
    body["tags"] = effective_tags(account.tags, state.environment)
    properties: dict[str, Any] = {
        "customSubDomainName": account.custom_subdomain or account.name,
        "publicNetworkAccess": account.public_network_access,
        "disableLocalAuth": account.disable_local_auth,
    }
    acls = account.network_acls
    if acls is not None:
        network: dict[str, Any] = {"defaultAction": acls.default_action}
        if acls.bypass is not None:
            network["bypass"] = acls.bypass
        network["ipRules"] = [{"value": rule} for rule in acls.ip_rules]
        network["virtualNetworkRules"] = [{"id": subnet} for subnet in acls.virtual_network_rules]
        properties["networkAcls"] = network
    if account.allow_project_management is not None:
        properties["allowProjectManagement"] = account.allow_project_management
    if account.encryption is not None:
        properties["encryption"] = encryption_body(account)
    if account.restore:
        properties["restore"] = True
    body["properties"] = properties
    return body


IDENTITY_API_VERSION = "2023-01-31"


def encryption_body(account: DesiredAccount) -> dict[str, Any]:
    """`properties.encryption` of a customer-managed key; the identity's client id is read at deploy time
    (`reference()`) unless a plan already read it."""
    from aoai_provision.spec.model_network import split_key_uri

    enc = account.encryption
    assert enc is not None
    vault, key, version = split_key_uri(enc.key_vault_key_id) or ("", "", "")
    call = f"reference('{enc.identity}', '{IDENTITY_API_VERSION}').clientId"
    client_id: Any = enc.identity_client_id or ra.Expr(bicep=call, arm=f"[{call}]")
    properties: dict[str, Any] = {"keyName": key}
    if version:
        properties["keyVersion"] = version
    properties.update(keyVaultUri=vault, identityClientId=client_id)
    return {"keySource": "Microsoft.KeyVault", "keyVaultProperties": properties}


def deployment_body(state: DesiredState, deployment: DesiredDeployment, account: str = "") -> dict[str, Any]:
    """The ARM body of a deployment (name, sku, tags, properties).

    ``dynamic_throttling`` has no ARM property to map to: `dynamicThrottlingEnabled` is read-only on
    deployments (REST 2025-09-01) and absent from the 2025-06-01 template schema, so it is not written
    (the SDK engine does not send it either). The capacity comes from the template parameter `capacities`
    (render/outputs.py), whose value is the file's.
    """
    from aoai_provision.render.outputs import capacity_expr

    body: dict[str, Any] = {
        "name": deployment.name,
        "sku": {"name": deployment.sku, "capacity": capacity_expr(account, deployment.name)},
    }
    body["tags"] = effective_tags(deployment.tags, state.environment)
    properties: dict[str, Any] = {
        "model": {"format": deployment.model_format, "name": deployment.model, "version": deployment.version},
        "versionUpgradeOption": deployment.version_upgrade,
    }
    if deployment.rai_policy:
        properties["raiPolicyName"] = deployment.rai_policy
    if deployment.spillover_deployment:
        properties["spilloverDeploymentName"] = deployment.spillover_deployment
    if deployment.service_tier:
        properties["serviceTier"] = deployment.service_tier
    if deployment.state:
        properties["deploymentState"] = deployment.state.capitalize()
    body["properties"] = properties
    return body


def rendered_resources(state: DesiredState) -> list[RenderedResource]:
    """Accounts in file order, each followed by its children chained one after another.

    Azure refuses parallel writes in one account, so each child depends on the previous one of the
    same account, in the order the SDK engine writes them: private endpoint (and its DNS zone group),
    diagnostic setting, blocklists (each with its items), content
    filters, then deployments. Role assignments (Microsoft.Authorization) only wait for their account.
    """
    taken: set[str] = set()
    resources: list[RenderedResource] = []
    account_symbols = symbol_names([a.name for a in state.accounts], "acct_", taken)
    for account, symbol in zip(state.accounts, account_symbols, strict=True):
        parent = RenderedResource(symbol, ACCOUNT_TYPE, account.name, account_body(state, account))
        resources.append(parent)
        chain: list[RenderedResource] = network_resources(state, account, parent, taken)

        def add(prefix: str, rtype: str, name: str, body: dict[str, Any], owner: RenderedResource,
                _chain: list[RenderedResource] = chain) -> RenderedResource:
            child = RenderedResource(symbol_names([f"{owner.full_name}_{name}"], prefix, taken)[0], rtype, name,
                                     body, parent=owner,
                                     depends_on=(_chain[-1],) if _chain and _chain[-1] is not owner else ())
            _chain.append(child)
            return child

        env = state.environment
        for blocklist in account.blocklists:
            owner = add("bl_", ra.BLOCKLIST_TYPE, blocklist.name, ra.blocklist_body(blocklist, env), parent)
            for item in blocklist.items:
                add("item_", ra.ITEM_TYPE, item.name, ra.item_body(item), owner)
        for policy in account.rai_policies:
            add("rai_", ra.POLICY_TYPE, policy.name, ra.policy_body(policy, env), parent)
        # a spillover source is chained after its target, which must exist first
        for deployment in sorted(account.deployments, key=lambda d: bool(d.spillover_deployment)):
            add("dep_", DEPLOYMENT_TYPE, deployment.name, deployment_body(state, deployment, account.name), parent)
        resources.extend(chain)
        for i, assignment in enumerate(account.role_assignments):
            body = ra.role_assignment_body(assignment, symbol, account.name, env)
            resources.append(RenderedResource(symbol_names([f"{account.name}_{i}"], "role_", taken)[0],
                                              ra.ROLE_ASSIGNMENT_TYPE, "", body, api_version=ra.ROLE_API_VERSION,
                                              scope=parent))
    return resources


def arm_literal(value: Any) -> Any:
    """Escape literal strings for ARM: a string starting with `[` would be an expression, so `[[`."""
    if isinstance(value, ra.Expr):
        return value.arm
    if isinstance(value, str):
        return "[" + value if value.startswith("[") else value
    if isinstance(value, dict):
        return {k: arm_literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [arm_literal(v) for v in value]
    return value


def arm_resource(resource: RenderedResource) -> dict[str, Any]:
    """The resource as it appears in `azuredeploy.json` (full name, explicit `dependsOn` chain)."""
    name = arm_literal(resource.body["name"]) if resource.scope else resource.full_name
    out: dict[str, Any] = {"type": resource.type, "apiVersion": resource.api_version, "name": name}
    if resource.scope is not None:
        out["scope"] = f"{resource.scope.type}/{resource.scope.full_name}"
    out.update((k, arm_literal(v)) for k, v in resource.body.items() if k != "name")
    owner = resource.parent or resource.scope
    depends = ([owner] if owner is not None else []) + list(resource.depends_on)
    if depends:
        out["dependsOn"] = [r.resource_id_expression() for r in depends]
    return out


def template_metadata(state: DesiredState, generator_version: str) -> dict[str, Any]:
    """The template's `metadata`: which tool wrote it, for which environment (no timestamps)."""
    return {
        "_generator": {"name": "aoai-provision", "version": generator_version},
        "environment": state.environment,
        "resourceGroup": state.resource_group,
    }
