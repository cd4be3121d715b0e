"""Which accounts form a region matrix: names that `account_name` expansion produces, the same deployments."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aoai_provision.plan.observed import ObservedAccount

DEFAULT_TEMPLATE = "aoai-{environment}-{region}"  # spec.expand's default account_name
_ENV_NAME = re.compile(r"[^a-zA-Z0-9_.-]+")


@dataclass(frozen=True)
class Matrix:
    """Accounts named ``template`` with {region} replaced by their region, each with the same deployments."""

    template: str  # with {region}; {environment} not yet put in
    accounts: tuple[ObservedAccount, ...]

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(a.region for a in self.accounts)


def region_template(account: ObservedAccount) -> str | None:
    """The account's name with its region (ARM name, as matrix expansion writes it) replaced by {region}."""
    at = account.name.rfind(account.region) if account.region else -1
    if at < 0:
        return None
    return account.name[:at] + "{region}" + account.name[at + len(account.region):]


def find_matrix(accounts: Sequence[ObservedAccount], environment: str | None) -> Matrix | None:
    """The largest group of accounts that expansion of one `account_name` names and that hold the same
    deployment names: two or more, or the only account named as the default template would name it."""
    groups: dict[tuple[str, frozenset[str]], list[ObservedAccount]] = {}
    named: dict[str, int] = {}
    for account in accounts:
        template = region_template(account)
        if template is not None:
            key = (template, frozenset(d.name for d in account.deployments))
            groups.setdefault(key, []).append(account)
            named[template] = named.get(template, 0) + 1
    default = with_environment(DEFAULT_TEMPLATE, environment) if environment is not None else None
    for (template, _), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0])):
        if len({a.region for a in members}) != len(members):
            continue
        if len(members) >= 2 or (template == default and named[template] == 1):
            return Matrix(template, tuple(members))
    return None


def with_environment(template: str, environment: str) -> str:
    return template.replace("{environment}", environment)


def account_name_template(template: str, environment: str) -> str | None:
    """What `account_name` says for ``template``: None for the default, else {environment} put in where the
    environment's name stands as a whole word."""
    if template == with_environment(DEFAULT_TEMPLATE, environment):
        return None
    word = re.compile(rf"(?<![A-Za-z0-9]){re.escape(environment)}(?![A-Za-z0-9])")
    return word.sub("{environment}", template, count=1) if environment else template


def guess_environment(accounts: Sequence[ObservedAccount], resource_group: str) -> str:
    """A default environment name: the `<env>` of accounts named `aoai-<env>-<region>` (the most common),
    else the group's name without an `rg-` prefix or `-rg` suffix."""
    found: dict[str, int] = {}
    for account in accounts:
        match = re.fullmatch(r"aoai-([A-Za-z0-9_.-]+)-\{region\}", region_template(account) or "")
        if match:
            found[match.group(1)] = found.get(match.group(1), 0) + 1
    if found:
        return max(sorted(found), key=lambda e: found[e])
    name = re.sub(r"^rg[-_]|[-_]rg$", "", resource_group, flags=re.IGNORECASE)
    name = _ENV_NAME.sub("-", name).strip("-._") or "imported"
    return name[:64]
