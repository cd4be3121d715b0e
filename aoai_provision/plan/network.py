"""Plan an account's private endpoint, diagnostic setting and customer-managed key; preflight what they reference."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aoai_provision.findings import Finding
from aoai_provision.plan import problems as p
from aoai_provision.plan.actions import Action, ActionKind, FieldChange, ResourceType
from aoai_provision.plan.diff import AccountDiff
from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.plan.observed_network import ObservedDiagnostics, ObservedEndpoint
from aoai_provision.spec.model import DesiredAccount, DesiredState, effective_tags, is_managed
from aoai_provision.spec.model_network import DEFAULT_DIAGNOSTICS_NAME, split_key_uri

MISSING_REFERENCE = "PLAN150"  # a subnet, zone, workspace or identity the file references does not exist
CROSS_REGION_ENDPOINT = "PLAN151"  # the subnet's virtual network is in another region than the account
UNMANAGED_ENDPOINT = "PLAN152"  # a private endpoint with the desired name exists without the ownership tags
ENDPOINT_RECREATED = "PLAN153"  # a kind upgrade to AIServices recreates the private endpoint
ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints"
DIAGNOSTICS_PATH = "/providers/Microsoft.Insights/diagnosticSettings/"


def account_id(subscription: str, resource_group: str, name: str) -> str:
    return (f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/"
            f"Microsoft.CognitiveServices/accounts/{name}")


def endpoint_id(subscription: str, resource_group: str, name: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{ENDPOINT_TYPE}/{name}"


# -- references ------------------------------------------------------------------------------------
def resolve_references(desired: DesiredState, observed: ObservedState) -> DesiredState:
    """The desired state with what reading the references told: each endpoint's region (its subnet's
    virtual network) and each key identity's client id."""
    accounts = []
    for acc in desired.accounts:
        pe, enc = acc.private_endpoint, acc.encryption
        subnet = observed.reference(pe.subnet_id) if pe is not None else None
        if pe is not None and subnet is not None and subnet.region:
            pe = replace(pe, region=subnet.region)
        identity = observed.reference(enc.identity) if enc is not None else None
        if enc is not None and identity is not None and identity.client_id:
            enc = replace(enc, identity_client_id=identity.client_id)
        accounts.append(replace(acc, private_endpoint=pe, encryption=enc))
    return replace(desired, accounts=tuple(accounts))


def reference_findings(desired: DesiredState, observed: ObservedState) -> list[Finding]:
    """Errors for referenced resources that do not exist (one per resource, naming the accounts that use it);
    a warning for an endpoint whose subnet is in another region than its account."""
    out: list[Finding] = []
    missing: dict[str, tuple[str, list[str], Any]] = {}
    for acc in desired.accounts:
        pe, diag, enc = acc.private_endpoint, acc.diagnostics, acc.encryption
        refs: list[tuple[str, str]] = []
        if pe is not None:
            refs.append((pe.subnet_id, "private_endpoint.subnet_id"))
            refs.extend((z, f"private_endpoint.dns_zone_ids.{i}") for i, z in enumerate(pe.dns_zone_ids or ()))
        if diag is not None:
            refs.append((diag.workspace_id, "diagnostics.workspace_id"))
        if enc is not None:
            refs.append((enc.identity, "encryption.identity"))
        for rid, key in refs:
            ref = observed.reference(rid)
            if ref is not None and not ref.exists:
                missing.setdefault(rid.lower(), (f"{ref.kind} {rid}", [], _at(acc, key)))[1].append(acc.name)
        subnet = observed.reference(pe.subnet_id) if pe is not None else None
        if subnet is not None and subnet.exists and subnet.region and subnet.region != acc.region:
            out.append(p.warning(CROSS_REGION_ENDPOINT, f"account {acc.name} is in {acc.region} but its private "
                                 f"endpoint's subnet is in {subnet.region}: the endpoint is created in "
                                 f"{subnet.region} (cross-region traffic)", resource=f"account.{acc.name}",
                                 location=_at(acc, "private_endpoint.subnet_id"),
                                 fix="use a subnet of a virtual network in the account's region"))
    for what, accounts, where in missing.values():
        kind = what.split(" /", 1)[0]
        out.append(p.error(MISSING_REFERENCE, f"{what} does not exist (or cannot be read); referenced by "
                           f"{', '.join(accounts)}. Nothing was written", resource=f"account.{accounts[0]}",
                           location=where, fix=f"create the {kind} first, or correct the id in the file"))
    return out


def _at(acc: DesiredAccount, key: str) -> Any:
    return acc.locations.get(key) or acc.locations.get(key.rsplit(".", 1)[0]) or acc.location


# -- customer-managed key --------------------------------------------------------------------------
def encryption_json(acc: DesiredAccount) -> dict[str, str] | None:
    """The key as ARM reports it (keyVaultUri, keyName, keyVersion, identityClientId), for comparison."""
    if acc.encryption is None:
        return None
    vault, key, version = split_key_uri(acc.encryption.key_vault_key_id) or ("", "", "")
    return {"keyVaultUri": vault, "keyName": key, "keyVersion": version,
            "identityClientId": acc.encryption.identity_client_id}


def with_encryption(diff: AccountDiff, acc: DesiredAccount, obs: ObservedAccount) -> AccountDiff:
    """``diff`` plus an `encryption` change when the file's key differs from the account's."""
    want = encryption_json(acc)
    if want is None:
        return diff  # the file does not manage the key
    have = dict(obs.encryption) if obs.encryption else None
    if have is not None and {k: v.lower().rstrip("/") for k, v in have.items()} == \
            {k: v.lower().rstrip("/") for k, v in want.items()}:
        return diff
    return replace(diff, changes=(*diff.changes, FieldChange("encryption", have, want)))


def encryption_after_create(create: Action, acc: DesiredAccount) -> list[Action]:
    """A new account with a key: create it with its identities first, then set the key (identity before
    encryption: the account must hold the user-assigned identity the key is read with)."""
    if acc.encryption is None or create.desired is None:
        return [create]
    first = replace(create, desired={**dict(create.desired), "encryption": None})
    then = Action(ActionKind.UPDATE, ResourceType.ENCRYPTION, acc.name, "customer-managed key, once the account "
                  "holds the key's identity", account=acc.name, region=acc.region,
                  changes=(FieldChange("encryption", None, encryption_json(acc)),), desired=create.desired)
    return [first, then]


# -- private endpoint and diagnostic setting -------------------------------------------------------
class NetworkPlanner:
    """The child actions of accounts: create/update/replace/delete endpoints and diagnostic settings."""

    def __init__(self, desired: DesiredState, observed: ObservedState, prune: bool, allow_replace: bool) -> None:
        self.desired, self.observed = desired, observed
        self.env, self.prune, self.allow_replace = desired.environment, prune or desired.prune, allow_replace
        self.prune_source = "--prune" if prune else "prune: true"
        self.sub = observed.subscription or desired.subscription or ""
        self.actions: list[Action] = []
        self.findings: list[Finding] = []

    def account(self, acc: DesiredAccount, obs: ObservedAccount | None) -> None:
        self._endpoint(acc, obs)
        self._diagnostics(acc, obs)

    def _endpoint_json(self, acc: DesiredAccount) -> dict[str, Any]:
        pe = acc.private_endpoint
        assert pe is not None
        return {"name": pe.name, "id": endpoint_id(self.sub, self.desired.resource_group, pe.name),
                "region": pe.region or acc.region, "subnet_id": pe.subnet_id,
                "dns_zone_ids": None if pe.dns_zone_ids is None else list(pe.dns_zone_ids),
                "account_id": account_id(self.sub, self.desired.resource_group, acc.name),
                "tags": effective_tags(acc.tags, self.env)}

    def _add(self, kind: ActionKind, rtype: ResourceType, acc_name: str, name: str, reason: str, region: str,
             changes: tuple[FieldChange, ...], desired: dict[str, Any]) -> None:
        self.actions.append(Action(kind, rtype, name, reason, account=acc_name, region=region, changes=changes,
                                   desired=desired))

    def _endpoint(self, acc: DesiredAccount, obs: ObservedAccount | None) -> None:
        pe = acc.private_endpoint
        mine = [e for e in self.observed.endpoints if e.account.lower() == acc.name.lower()
                and is_managed(e.tags, self.env) and (pe is None or e.name.lower() != pe.name.lower())]
        for extra in mine:
            self._extra_endpoint(acc.name, extra, "not in the file")
        if pe is None:
            return
        data = self._endpoint_json(acc)
        address = f"account.{acc.name}.private_endpoint.{pe.name}"
        have = self.observed.endpoint(pe.name)
        if have is None:
            changes = tuple(FieldChange(k, None, data[k]) for k in ("region", "subnet_id", "dns_zone_ids")
                            if data[k] is not None)
            self._add(ActionKind.CREATE, ResourceType.PRIVATE_ENDPOINT, acc.name, pe.name, "not in Azure",
                      str(data["region"]), changes, data)
            return
        if not is_managed(have.tags, self.env):
            self.findings.append(p.error(UNMANAGED_ENDPOINT, f"private endpoint {pe.name} already exists but is not "
                                         "managed by aoai-provision; it is never touched", resource=address,
                                         location=_at(acc, "private_endpoint"), fix=p.adopt_fix(have.id, self.env)))
            return
        replaced = [FieldChange(k, b, a) for k, b, a in (
            ("region", have.region, data["region"]), ("subnet_id", have.subnet_id, pe.subnet_id),
            ("account", have.target_id, data["account_id"])) if str(b).lower() != str(a).lower()]
        upgrade = obs is not None and obs.kind.lower() != acc.kind.lower() and acc.kind.lower() == "aiservices"
        changes = self._endpoint_changes(acc, have, data)
        if upgrade and not replaced:
            self.findings.append(p.warning(ENDPOINT_RECREATED, f"account {acc.name} becomes {acc.kind}: its private "
                                           f"endpoint {pe.name} is deleted and created again after the upgrade "
                                           "(as Microsoft documents) and is unreachable in between",
                                           resource=address, location=_at(acc, "kind"),
                                           fix="plan a maintenance window; the zones must include "
                                               "privatelink.services.ai.azure.com"))
            self._add(ActionKind.REPLACE, ResourceType.PRIVATE_ENDPOINT, acc.name, pe.name,
                      f"the account's kind changes to {acc.kind}: the endpoint must be recreated", str(data["region"]),
                      (FieldChange("kind", obs.kind if obs else None, acc.kind), *changes), data)
        elif replaced:
            if not self.allow_replace:
                self.findings.append(p.error(
                    p.REPLACE_NEEDS_FLAG, f"private endpoint {pe.name}: changing "
                    f"{', '.join(c.field for c in replaced)} replaces it (delete, then create): private clients "
                    "cannot reach the account in between", resource=address,
                    location=_at(acc, "private_endpoint.subnet_id"),
                    fix="re-run with --allow-replace to accept the replacement"))
                return
            self._add(ActionKind.REPLACE, ResourceType.PRIVATE_ENDPOINT, acc.name, pe.name,
                      f"{', '.join(c.field for c in replaced)} cannot change in place", str(data["region"]),
                      (*replaced, *changes), data)
        elif changes:
            names = ", ".join(sorted({c.field.split(".")[0] for c in changes}))
            self._add(ActionKind.UPDATE, ResourceType.PRIVATE_ENDPOINT, acc.name, pe.name,
                      f"{names} differ from the file", str(data["region"]), changes, data)

    def _endpoint_changes(self, acc: DesiredAccount, have: ObservedEndpoint,
                          data: dict[str, Any]) -> tuple[FieldChange, ...]:
        from aoai_provision.plan.diff import tag_changes

        changes: list[FieldChange] = []
        want_zones = data["dns_zone_ids"]
        if want_zones is not None:  # compared only when the file lists zones
            before = sorted(z.lower() for z in have.dns_zone_ids or ())
            if before != sorted(z.lower() for z in want_zones):
                changes.append(FieldChange("dns_zone_ids", list(have.dns_zone_ids or ()), want_zones))
        changes.extend(tag_changes(data["tags"], have.tags))
        return tuple(changes)

    def _extra_endpoint(self, account: str, extra: ObservedEndpoint, why: str) -> None:
        address = f"account.{account}.private_endpoint.{extra.name}"
        if self.prune:
            self._add(ActionKind.DELETE, ResourceType.PRIVATE_ENDPOINT, account, extra.name,
                      f"{why} ({self.prune_source})", extra.region, (), {"name": extra.name, "id": extra.id})
        else:
            self.findings.append(p.not_in_file(f"private endpoint {extra.name} of {account}", address, extra.region))

    def _diagnostics(self, acc: DesiredAccount, obs: ObservedAccount | None) -> None:
        diag = acc.diagnostics
        found = {d.name.lower(): d for d in self.observed.diagnostic_settings(acc.name)}
        if diag is None:
            extra = found.get(DEFAULT_DIAGNOSTICS_NAME)
            if extra is not None:
                self._extra_diagnostics(acc.name, extra, acc.region)
            return
        data = {"name": diag.name, "account_id": obs.id if obs is not None and obs.id else
                account_id(self.sub, self.desired.resource_group, acc.name),
                "workspace_id": diag.workspace_id, "logs": list(diag.logs), "metrics": list(diag.metrics)}
        data["id"] = f"{data['account_id']}{DIAGNOSTICS_PATH}{diag.name}"
        have = found.get(diag.name.lower())
        fields = ("workspace_id", "logs", "metrics")
        if have is None:
            self._add(ActionKind.CREATE, ResourceType.DIAGNOSTIC_SETTING, acc.name, diag.name, "not in Azure",
                      acc.region, tuple(FieldChange(k, None, data[k]) for k in fields), data)
            return
        before = {"workspace_id": have.workspace_id, "logs": list(have.logs), "metrics": list(have.metrics)}
        changes = tuple(FieldChange(k, before[k], data[k]) for k in fields if _norm(before[k]) != _norm(data[k]))
        if changes:
            self._add(ActionKind.UPDATE, ResourceType.DIAGNOSTIC_SETTING, acc.name, diag.name,
                      f"{', '.join(c.field for c in changes)} differ from the file", acc.region, changes, data)

    def _extra_diagnostics(self, account: str, extra: ObservedDiagnostics, region: str) -> None:
        if self.prune:
            self._add(ActionKind.DELETE, ResourceType.DIAGNOSTIC_SETTING, account, extra.name,
                      f"not in the file ({self.prune_source})", "", (), {"name": extra.name, "id": extra.id})
        else:
            self.findings.append(p.not_in_file(f"diagnostic setting {extra.name} of {account}",
                                               f"account.{account}.diagnostic_setting.{extra.name}", region))


def _norm(value: Any) -> Any:
    return sorted(v.lower() for v in value) if isinstance(value, list) else str(value).lower()


def child_deletes(obs: ObservedAccount, observed: ObservedState, environment: str, reason: str) -> list[Action]:
    """Delete what the tool made around an account that goes away: its tagged private endpoints (their DNS
    zone groups go with them) and its diagnostic setting of the default name. Referenced resources stay."""
    actions = [Action(ActionKind.DELETE, ResourceType.PRIVATE_ENDPOINT, e.name, reason, account=obs.name,
                      region=e.region, desired={"name": e.name, "id": e.id})
               for e in observed.endpoints if e.account.lower() == obs.name.lower() and is_managed(e.tags, environment)]
    actions.extend(Action(ActionKind.DELETE, ResourceType.DIAGNOSTIC_SETTING, d.name, reason, account=obs.name,
                          region=obs.region, desired={"name": d.name, "id": d.id})
                   for d in observed.diagnostic_settings(obs.name))
    return actions
