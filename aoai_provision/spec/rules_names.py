"""Name and uniqueness rules: account, subdomain, deployment and group names; duplicates; network rules."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredAccount, DesiredState

ACCOUNT_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
DEPLOYMENT_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


def _error(code: str, message: str, location: Location | None, fix: str | None = None) -> Finding:
    return Finding(Severity.ERROR, code, message, location, fix=fix)


def check_names(state: DesiredState) -> Iterator[Finding]:
    """Every name rule and duplicate check over the expanded state."""
    seen_accounts: dict[str, DesiredAccount] = {}
    seen_subdomains: dict[str, DesiredAccount] = {}
    for account in state.accounts:
        yield from _check_account(account)
        first = seen_accounts.get(account.name.lower())
        if first is not None:
            where = f" (first at {first.location})" if first.location else ""
            yield _error(codes.DUPLICATE_NAME, f"account name '{account.name}' is used twice{where}",
                         account.locations.get("name"), fix="account names are unique in a resource group; rename one")
        else:
            seen_accounts[account.name.lower()] = account
            other = seen_subdomains.get(account.custom_subdomain)
            if other is not None and account.custom_subdomain:
                yield _error(codes.DUPLICATE_NAME,
                             f"custom subdomain '{account.custom_subdomain}' is also used by account '{other.name}'",
                             account.locations.get("custom_subdomain", account.location),
                             fix="custom subdomains are globally unique; give each account its own")
            seen_subdomains.setdefault(account.custom_subdomain, account)
        names: dict[str, Location | None] = {}
        for deployment in account.deployments:
            key = deployment.name.lower()
            if key in names:
                where = f" (first at {names[key]})" if names[key] else ""
                yield _error(codes.DUPLICATE_NAME,
                             f"deployment '{deployment.name}' appears twice in account '{account.name}'{where}",
                             deployment.locations.get("name", deployment.location), fix="rename or remove one")
            names.setdefault(key, deployment.locations.get("name", deployment.location))


def _check_account(account: DesiredAccount) -> Iterator[Finding]:
    name_at = account.locations.get("name", account.location)
    if not (2 <= len(account.name) <= 64 and ACCOUNT_NAME.match(account.name)):
        yield _error(codes.INVALID_NAME, f"account name '{account.name}' is not valid", name_at,
                     fix="2-64 characters: letters, digits, `_`, `.` or `-`, starting with a letter or digit")
    sub = account.custom_subdomain
    if not (2 <= len(sub) <= 64 and SUBDOMAIN.match(sub)):
        yield _error(codes.INVALID_NAME, f"custom subdomain '{sub}' is not valid",
                     account.locations.get("custom_subdomain", name_at),
                     fix="lowercase letters, digits and hyphens, not starting or ending with a hyphen"
                     + ("; set `custom_subdomain:` explicitly" if "custom_subdomain" not in account.locations else ""))
    for deployment in account.deployments:
        if not (1 <= len(deployment.name) <= 64 and DEPLOYMENT_NAME.match(deployment.name)):
            yield _error(codes.INVALID_NAME, f"deployment name '{deployment.name}' is not valid",
                         deployment.locations.get("name", deployment.location),
                         fix="1-64 characters: letters, digits, `_`, `.` or `-`, starting with a letter or digit")
    acls = account.network_acls
    if acls is not None:
        for rule in acls.ip_rules:
            try:
                ipaddress.ip_network(rule, strict=False)
            except ValueError:
                yield _error(codes.INVALID_VALUE, f"ip rule '{rule}' is not an IP address or CIDR range",
                             account.locations.get("network_acls"), fix="e.g. 203.0.113.7 or 203.0.113.0/24")
    identity = account.identity
    if identity is not None:
        wants_ids = "UserAssigned" in identity.type
        if wants_ids and not identity.user_assigned_identities:
            yield _error(codes.MISSING_VALUE, f"identity type {identity.type} needs user_assigned_identities",
                         account.locations.get("identity"), fix="list the identities' resource ids")
        if not wants_ids and identity.user_assigned_identities:
            yield _error(codes.INVALID_VALUE, f"user_assigned_identities given but identity type is {identity.type}",
                         account.locations.get("identity"), fix="use type UserAssigned or remove the ids")
