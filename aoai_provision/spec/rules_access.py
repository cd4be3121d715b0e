"""Rules for content-filter policies, blocklists, deployments' rai_policy and role assignments."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes, rai_vocab, roles
from aoai_provision.spec.model import DesiredAccount
from aoai_provision.spec.model_access import Blocklist, RaiPolicy
from aoai_provision.spec.typecheck import did_you_mean, suggest

_SOURCE_NOTE = "(ARM's list: REST API spec Microsoft.CognitiveServices 2025-06-01)"


def _error(code: str, message: str, location: Location | None, resource: str, fix: str | None = None) -> Finding:
    return Finding(Severity.ERROR, code, message, location, fix=fix, resource=resource)


def check_access(account: DesiredAccount) -> Iterator[Finding]:
    """Every content-filter, blocklist, rai_policy and role-assignment rule of one account."""
    lists = {b.name.lower(): b for b in account.blocklists}
    for policy in account.rai_policies:
        yield from _policy(account.name, policy, lists)
    for blocklist in account.blocklists:
        yield from _blocklist(account.name, blocklist)
    yield from _deployment_policies(account)
    yield from _role_assignments(account)


def _name(kind: str, name: str, where: Location | None, resource: str) -> Iterator[Finding]:
    if not (1 <= len(name) <= rai_vocab.MAX_NAME and rai_vocab.RESOURCE_NAME.match(name)):
        yield _error(codes.INVALID_NAME, f"{kind} name '{name}' is not valid", where, resource,
                     fix="1-64 characters: letters, digits, `_`, `.` or `-`, starting with a letter or digit")


def _policy(account: str, policy: RaiPolicy, lists: dict[str, Blocklist]) -> Iterator[Finding]:
    resource = f"account.{account}.content_filter.{policy.name}"
    where = policy.locations.get("")
    yield from _name("content filter", policy.name, where, resource)
    if policy.name.lower().startswith(rai_vocab.RESERVED_PREFIX):
        yield _error(codes.INVALID_NAME, f"content filter name '{policy.name}': names starting with 'Microsoft.' "
                     "are Microsoft's built-in policies", where, resource, fix="choose another name")
    if not rai_vocab.is_builtin_policy(policy.base_policy):
        close = did_you_mean([p for p in rai_vocab.BUILTIN_POLICIES if suggest(policy.base_policy, [p])])
        yield _error(codes.UNKNOWN_POLICY, f"base_policy '{policy.base_policy}' is not one of Microsoft's built-in "
                     f"policies{close}", policy.locations.get("base_policy", where), resource,
                     fix=f"use one of: {', '.join(rai_vocab.BUILTIN_POLICIES)}")
    seen: set[tuple[str, str]] = set()
    for i, f in enumerate(policy.filters):
        at: Location | None = policy.locations.get(f"filters[{i}]", where)
        kind = rai_vocab.find_filter(f.name)
        if kind is None:
            hint = suggest(f.name, rai_vocab.filter_aliases())
            yield _error(codes.UNKNOWN_FILTER, f"content filter '{f.name}' is not one ARM knows"
                         + (f"; did you mean '{hint}'?" if hint else ""), at, resource,
                         fix=f"use one of: {', '.join(rai_vocab.filter_aliases())} {_SOURCE_NOTE}")
            continue
        yield from _filter(f.name, f.source, f.severity, kind, at, resource)
        key = (kind.name, f.source)
        if key in seen:
            yield _error(codes.DUPLICATE_NAME, f"filter '{f.name}' for {f.source or 'its source'} is listed twice",
                         at, resource, fix="keep one entry per filter and source")
        seen.add(key)
    used: set[tuple[str, str]] = set()
    for i, b in enumerate(policy.blocklists):
        at2 = policy.locations.get(f"blocklists[{i}]", where)
        if b.name.lower() not in lists:
            hint = suggest(b.name, [x.name for x in lists.values()])
            yield _error(codes.UNKNOWN_BLOCKLIST, f"content filter '{policy.name}' uses blocklist '{b.name}', which "
                         "the account does not declare" + (f"; did you mean '{hint}'?" if hint else ""), at2, resource,
                         fix=f"declare it under `blocklists: {{{b.name}: {{items: [...]}}}}` for this account")
        if (b.name.lower(), b.source) in used:
            yield _error(codes.DUPLICATE_NAME, f"blocklist '{b.name}' is applied to {b.source} twice", at2, resource,
                         fix="remove one")
        used.add((b.name.lower(), b.source))


def _filter(name: str, source: str, severity: str | None, kind: rai_vocab.FilterKind, at: Location | None,
            resource: str) -> Iterator[Finding]:
    if kind.multi_level:
        if not source:
            yield _error(codes.INVALID_FILTER, f"filter '{name}' needs `source: Prompt` or `source: Completion`",
                         at, resource, fix="list it once per source you want filtered")
        if severity is None:
            yield _error(codes.INVALID_FILTER, f"filter '{name}' needs a severity (Low, Medium or High)", at,
                         resource, fix="add `severity: Medium` (Low filters the most content)")
        return
    if severity is not None:
        yield _error(codes.INVALID_FILTER, f"filter '{name}' has no severity levels ({kind.name} is on or off)",
                     at, resource, fix="remove `severity`")
    if kind.source and source != kind.source:
        yield _error(codes.INVALID_FILTER, f"filter '{name}' applies to {kind.source} only, not {source}", at,
                     resource, fix=f"use `source: {kind.source}` or leave source out")
    if not source:
        yield _error(codes.INVALID_FILTER, f"filter '{name}' needs `source: Prompt` or `source: Completion`", at,
                     resource)


def _blocklist(account: str, blocklist: Blocklist) -> Iterator[Finding]:
    resource = f"account.{account}.blocklist.{blocklist.name}"
    where = blocklist.locations.get("")
    yield from _name("blocklist", blocklist.name, where, resource)
    seen: set[tuple[str, bool]] = set()
    for i, item in enumerate(blocklist.items):
        at = blocklist.locations.get(f"items[{i}]", where)
        if not item.pattern.strip():
            yield _error(codes.INVALID_BLOCKLIST_ITEM, f"blocklist '{blocklist.name}' has an empty item", at, resource)
        if len(item.pattern) > rai_vocab.MAX_PATTERN:
            yield _error(codes.INVALID_BLOCKLIST_ITEM, f"blocklist item is {len(item.pattern)} characters long; "
                         f"at most {rai_vocab.MAX_PATTERN}", at, resource)
        if item.regex:
            try:
                re.compile(item.pattern)
            except re.error as exc:
                yield _error(codes.INVALID_BLOCKLIST_ITEM, f"blocklist item '{item.pattern}' is not a valid regular "
                             f"expression: {exc}", at, resource, fix="fix the pattern, or set `regex: false`")
        if (item.pattern, item.regex) in seen:
            yield _error(codes.DUPLICATE_NAME, f"blocklist '{blocklist.name}' lists '{item.pattern}' twice", at,
                         resource, fix="remove one")
        seen.add((item.pattern, item.regex))


def _deployment_policies(account: DesiredAccount) -> Iterator[Finding]:
    declared = [p.name for p in account.rai_policies]
    for d in account.deployments:
        name = d.rai_policy
        if name is None or rai_vocab.is_builtin_policy(name) or name in declared:
            continue
        hint = suggest(name, declared + list(rai_vocab.BUILTIN_POLICIES))
        yield _error(codes.UNKNOWN_POLICY, f"deployment '{d.name}' uses rai_policy '{name}', which is neither a "
                     f"content filter of account '{account.name}' nor a Microsoft built-in policy"
                     + (f"; did you mean '{hint}'?" if hint else ""),
                     d.locations.get("rai_policy", d.location), f"{account.name}/{d.name}",
                     fix="declare it under `content_filters:` of the account (or defaults.account), or use "
                         + " / ".join(rai_vocab.BUILTIN_POLICIES))


def _role_assignments(account: DesiredAccount) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for ra in account.role_assignments:
        resource = f"account.{account.name}.role_assignment"
        if not ra.role_guid:
            hint = suggest(ra.role, roles.role_names())
            yield _error(codes.UNKNOWN_ROLE, f"role '{ra.role}' is not a built-in role this tool knows nor a "
                         "role-definition GUID" + (f"; did you mean '{hint}'?" if hint else ""),
                         ra.locations.get("role", ra.location), resource,
                         fix="use a built-in role name (Cognitive Services OpenAI User) or the role definition's "
                             "GUID (az role definition list --name '<role>' --query [].name)")
        if not roles.is_guid(ra.principal_id):
            yield _error(codes.INVALID_PRINCIPAL, f"principal_id '{ra.principal_id}' is not a GUID",
                         ra.locations.get("principal_id", ra.location), resource,
                         fix="use the object id of the user, group or service principal (not its name or app id "
                             "URI): az ad sp show --id <app> --query id")
        key = (ra.role_guid or ra.role.lower(), ra.principal_id)
        if key in seen:
            yield _error(codes.DUPLICATE_NAME, f"role '{ra.role}' is granted to {ra.principal_id} twice on account "
                         f"'{account.name}'", ra.location, resource, fix="remove one")
        seen.add(key)
