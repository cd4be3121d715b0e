"""Assemble the environment-file document from a resource group's accounts (pure: data in, data out).

The region matrix takes the accounts that `account_name` names and that hold the same deployments;
values shared by every region are written once, what differs goes under `overrides`. Every other account
is written explicitly. Settings common to all accounts (or deployments) go to `defaults`, tags common to
everything to the file's `tags`. Expanding the document gives back what Azure holds, so its plan shows
no change but the adoption of untagged resources.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from aoai_provision.importer import matrix as mx
from aoai_provision.importer.children import access_values, shared_children, usable_policy, without_shared
from aoai_provision.importer.network import network_values
from aoai_provision.importer.values import (
    ACCOUNT_NEUTRAL,
    DEPLOYMENT_NEUTRAL,
    account_values,
    custom_subdomain,
    deployment_values,
    own_tags,
)
from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment, ObservedState
from aoai_provision.spec.model import ENVIRONMENT_TAG, is_managed

MODEL_KINDS = ("openai", "aiservices")
REQUIRED = ("model", "version", "sku", "capacity", "version_upgrade")  # every deployment has them
DEPLOYMENT_DEFAULTS = ("sku", "version_upgrade", "rai_policy")  # hoisted to defaults.deployment when all agree


@dataclass(frozen=True)
class ImportedFile:
    """The document (insertion-ordered, ready to dump), its environment, and notes for the header."""

    document: dict[str, Any]
    environment: str
    matrix_regions: tuple[str, ...] = ()
    explicit_accounts: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    deployments: int = 0  # written


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _mode(values: Sequence[Any]) -> Any:
    """The most common value (first seen wins a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, Any] = {}
    for v in values:
        counts[_key(v)] = counts.get(_key(v), 0) + 1
        first.setdefault(_key(v), v)
    return first[max(counts, key=lambda k: counts[k])] if counts else None


def _common_tags(tag_sets: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Key/value pairs every set has (empty for no sets)."""
    sets = list(tag_sets)
    if not sets:
        return {}
    return {k: v for k, v in sets[0].items() if all(s.get(k) == v for s in sets[1:])}


def _minus(tags: Mapping[str, str], *below: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in tags.items() if not any(b.get(k) == v for b in below)}


def choose_environment(accounts: Sequence[ObservedAccount], resource_group: str, given: str | None) -> str:
    """--environment, else the environment the accounts are already managed for, else a guess from names."""
    if given:
        return given
    owners = sorted({str(a.tags.get(ENVIRONMENT_TAG)) for a in accounts if is_managed(a.tags)})
    if len(owners) == 1:
        return owners[0]
    return mx.guess_environment(accounts, resource_group)


def build_document(observed: ObservedState, *, environment: str | None = None, subscription: str | None = None,
                   known: Callable[[str, str], bool] | None = None) -> ImportedFile:
    """The environment file for ``observed`` (one resource group). ``known(model, version)``: whether the
    catalog knows a model version; deployments of others are left out (noted), so the file validates."""
    accounts = [a for a in observed.accounts if a.kind.lower() in MODEL_KINDS]
    notes = [f"skipped account {a.name} (kind {a.kind}): aoai-provision manages OpenAI and AIServices accounts"
             for a in observed.accounts if a.kind.lower() not in MODEL_KINDS]
    if known is not None:
        notes += [f"skipped deployment {a.name}/{d.name}: {d.model} {d.version} is not in the model catalog "
                  "(the plan leaves it alone; add it once `aoai-provision models` lists it)"
                  for a in accounts for d in a.deployments if not known(d.model, d.version)]
        accounts = [replace(a, deployments=tuple(d for d in a.deployments if known(d.model, d.version)))
                    for a in accounts]
    env = choose_environment(accounts, observed.resource_group, environment)
    for a in accounts:
        other = a.tags.get(ENVIRONMENT_TAG)
        if is_managed(a.tags) and other != env:
            notes.append(f"account {a.name} is managed for environment {other!r}, not {env!r}")
    return _Builder(observed, accounts, env, notes).build(subscription)


class _Builder:
    def __init__(self, observed: ObservedState, accounts: list[ObservedAccount], env: str, notes: list[str]) -> None:
        self.observed, self.accounts, self.env, self.notes = observed, accounts, env, notes
        self.matrix = mx.find_matrix(accounts, env)
        in_matrix = {a.name for a in self.matrix.accounts} if self.matrix else set()
        self.explicit = [a for a in accounts if a.name not in in_matrix]
        rg_tags = [own_tags(observed.resource_group_tags)] if is_managed(observed.resource_group_tags) else []
        deployments = [d for a in accounts for d in a.deployments]
        self.file_tags = _common_tags([*rg_tags, *(own_tags(a.tags) for a in accounts),
                                       *(own_tags(d.tags) for d in deployments)])
        self.account_tags = _minus(_common_tags(own_tags(a.tags) for a in accounts), self.file_tags)
        self.deployment_tags = _minus(_common_tags(own_tags(d.tags) for d in deployments), self.file_tags)
        self.children = {a.name: access_values(a, env) for a in accounts}
        self.shared_children = shared_children(list(self.children.values()), alone=self.matrix is not None)

    def build(self, subscription: str | None) -> ImportedFile:
        doc: dict[str, Any] = {"environment": self.env}
        if subscription:
            doc["subscription"] = subscription
        doc["resource_group"] = self.observed.resource_group
        if self.observed.resource_group_location:
            doc["location"] = self.observed.resource_group_location
        if self.file_tags:
            doc["tags"] = self.file_tags
        account_defaults = self._account_defaults()
        deployments = self._matrix_deployments()
        explicit = [self._explicit(a, account_defaults) for a in self.explicit]
        deployment_defaults = self._deployment_defaults([d for d, _ in deployments] + [
            d for a in explicit for d in a["deployments"]])
        defaults: dict[str, Any] = {}
        if account_defaults or self.account_tags or self.shared_children:
            defaults["account"] = {**account_defaults, **({"tags": self.account_tags} if self.account_tags else {}),
                                   **self.shared_children}
        if deployment_defaults or self.deployment_tags:
            defaults["deployment"] = {**deployment_defaults,
                                      **({"tags": self.deployment_tags} if self.deployment_tags else {})}
        if defaults:
            doc["defaults"] = defaults
        if self.matrix is not None:
            doc["regions"] = list(self.matrix.regions)
            template = mx.account_name_template(self.matrix.template, self.env)
            if template is not None:
                doc["account_name"] = template
            doc["deployments"] = [d for d, _ in deployments]
            overrides = self._overrides(account_defaults, deployments)
            if overrides:
                doc["overrides"] = overrides
        if explicit:
            doc["accounts"] = explicit
        return ImportedFile(doc, self.env, self.matrix.regions if self.matrix else (),
                            tuple(a.name for a in self.explicit), tuple(self.notes),
                            sum(len(a.deployments) for a in self.accounts))

    # accounts

    def _account_defaults(self) -> dict[str, Any]:
        """Settings of the matrix accounts' majority, or those every account shares when there is no matrix."""
        if self.matrix is not None:
            values = [account_values(a) for a in self.matrix.accounts]
            keys = dict.fromkeys(k for v in values for k in v)
            picked = {k: _mode([v.get(k) for v in values]) for k in keys}
            return {k: v for k, v in picked.items() if v is not None}
        values = [account_values(a) for a in self.accounts]
        if not values:
            return {}
        return {k: v for k, v in values[0].items() if all(_key(o.get(k)) == _key(v) for o in values[1:])}

    def _account_settings(self, account: ObservedAccount, defaults: Mapping[str, Any]) -> dict[str, Any]:
        """What this account writes over ``defaults`` (Azure's default stated where a default would differ)."""
        own = account_values(account)
        out = {k: v for k, v in own.items() if _key(defaults.get(k)) != _key(v)}
        for k in defaults:
            if k not in own:
                out[k] = ACCOUNT_NEUTRAL[k]
        sub = custom_subdomain(account)
        if sub is not None:
            out["custom_subdomain"] = sub
        tags = _minus(own_tags(account.tags), self.file_tags, self.account_tags)
        if tags:
            out["tags"] = tags
        out.update(network_values(account, self.observed, self.env, self.notes))
        out.update(without_shared(self.children[account.name], self.shared_children))
        return out

    def _deployment_values(self, account: ObservedAccount, deployment: ObservedDeployment) -> dict[str, Any]:
        values = deployment_values(deployment)
        policy = values.get("rai_policy")
        if policy is not None and not usable_policy(account, self.env, policy):
            del values["rai_policy"]
            self.notes.append(f"deployment {account.name}/{deployment.name} uses content filter {policy!r} of "
                              "another environment: its rai_policy is left out (the plan keeps it as it is)")
        return values

    def _explicit(self, account: ObservedAccount, defaults: Mapping[str, Any]) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": account.name, "region": account.region}
        entry.update(self._account_settings(account, defaults))
        entry["deployments"] = [self._deployment_entry(d.name, self._deployment_values(account, d), own_tags(d.tags))
                                for d in account.deployments]
        return entry

    # deployments

    def _deployment_entry(self, name: str, values: Mapping[str, Any], tags: Mapping[str, str]) -> dict[str, Any]:
        entry = {"name": name, **values}
        extra = _minus(tags, self.file_tags, self.deployment_tags)
        if extra:
            entry["tags"] = extra
        return entry

    def _matrix_deployments(self) -> list[tuple[dict[str, Any], dict[str, dict[str, Any]]]]:
        """(base entry, region -> fields that differ) for each matrix deployment."""
        if self.matrix is None:
            return []
        first = self.matrix.accounts[0]
        out = []
        for dep in first.deployments:
            per_region = {}
            for a in self.matrix.accounts:
                found = a.deployment(dep.name)
                assert found is not None  # the matrix accounts hold the same deployment names
                per_region[a.region] = (self._deployment_values(a, found), own_tags(found.tags))
            out.append(self._matrix_deployment(dep.name, per_region))
        return out

    def _matrix_deployment(self, name: str, per_region: Mapping[str, tuple[dict[str, Any], dict[str, str]]]
                           ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        values = [v for v, _ in per_region.values()]
        keys = dict.fromkeys(k for v in values for k in v)
        base: dict[str, Any] = {}
        for k in keys:
            seen = [v.get(k, DEPLOYMENT_NEUTRAL.get(k)) for v in values]
            if k in REQUIRED or k in DEPLOYMENT_NEUTRAL or all(_key(s) == _key(seen[0]) for s in seen):
                picked = _mode(seen)
                if picked is not None and _key(picked) != _key(DEPLOYMENT_NEUTRAL.get(k)):
                    base[k] = picked
        common = _common_tags(t for _, t in per_region.values())
        entry = self._deployment_entry(name, base, common)
        below = {**self.file_tags, **self.deployment_tags, **entry.get("tags", {})}
        diffs: dict[str, dict[str, Any]] = {}
        for region, (own, tags) in per_region.items():
            diff = {k: v for k, v in own.items() if _key(base.get(k, DEPLOYMENT_NEUTRAL.get(k))) != _key(v)}
            diff.update({k: DEPLOYMENT_NEUTRAL[k] for k in base if k not in own and k in DEPLOYMENT_NEUTRAL})
            extra = _minus(tags, below)
            if extra:
                diff["tags"] = extra
            if diff:
                diffs[region] = diff
        return entry, diffs

    def _deployment_defaults(self, entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """sku, version_upgrade, rai_policy when every deployment has the same (then removed from each entry)."""
        out: dict[str, Any] = {}
        for k in DEPLOYMENT_DEFAULTS:
            seen = {_key(e.get(k)) for e in entries}
            if entries and len(seen) == 1 and entries[0].get(k) is not None:
                out[k] = entries[0][k]
                for e in entries:
                    e.pop(k, None)
        return out

    def _overrides(self, account_defaults: Mapping[str, Any],
                   deployments: Sequence[tuple[dict[str, Any], dict[str, dict[str, Any]]]]) -> dict[str, Any]:
        assert self.matrix is not None
        out: dict[str, Any] = {}
        for account in self.matrix.accounts:
            override: dict[str, Any] = {}
            settings = self._account_settings(account, account_defaults)
            if settings:
                override["account"] = settings
            changed = {entry["name"]: diffs[account.region] for entry, diffs in deployments
                       if account.region in diffs}
            if changed:
                override["deployments"] = changed
            if override:
                out[account.region] = override
        return out
