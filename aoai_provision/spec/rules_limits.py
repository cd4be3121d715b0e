"""Azure's hard limits that validate checks offline: tags, deployments per account, subscription ids, group names.

Each message states the limit and where Azure documents it, so a refusal at apply time never comes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredState

TAG_DOCS = "Azure Resource Manager tag limits, learn.microsoft.com/azure/azure-resource-manager/management/tag-resources"
MAX_TAGS = 50  # "Each resource, resource group, and subscription can have a maximum of 50 tag name-value pairs."
MAX_TAG_NAME = 512
MAX_TAG_VALUE = 256
FORBIDDEN_TAG_CHARACTERS = "<>%&\\?/"  # "Tag names can't contain these characters: <, >, %, &, \, ?, /"

DEPLOYMENT_DOCS = "Azure OpenAI quotas and limits, learn.microsoft.com/azure/ai-foundry/openai/quotas-limits"
MAX_DEPLOYMENTS_PER_ACCOUNT = 32  # "Max Standard deployments per resource: 32"

SUBSCRIPTION_DOCS = "subscription ids are GUIDs, learn.microsoft.com/azure/azure-portal/get-subscription-tenant-id"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _error(message: str, location: Location | None, resource: str | None, fix: str) -> Finding:
    return Finding(Severity.ERROR, codes.AZURE_LIMIT, message, location, fix=fix, resource=resource)


def is_subscription_id(value: str) -> bool:
    """A subscription id as ARM takes it: a GUID (8-4-4-4-12 hexadecimal digits)."""
    return bool(GUID.match(value))


def subscription_problem(value: str) -> str | None:
    """Why ``value`` cannot be a subscription id (None when it can)."""
    if is_subscription_id(value):
        return None
    return f"subscription '{value}' is not a subscription id: Azure's are GUIDs like 00000000-0000-0000-0000-000000000000 ({SUBSCRIPTION_DOCS})"


def _tag_problems(tags: Mapping[str, str], where: Location | None, resource: str | None) -> Iterator[Finding]:
    for name, value in tags.items():
        shown = name if len(name) <= 40 else name[:37] + "..."
        if len(name) > MAX_TAG_NAME:
            yield _error(f"tag name '{shown}' is {len(name)} characters; Azure allows at most {MAX_TAG_NAME} "
                         f"({TAG_DOCS})", where, resource, fix=f"shorten the tag name to {MAX_TAG_NAME} characters")
        bad = sorted(set(name) & set(FORBIDDEN_TAG_CHARACTERS))
        if bad:
            yield _error(f"tag name '{shown}' contains {' '.join(bad)}; Azure refuses tag names with any of "
                         f"{' '.join(FORBIDDEN_TAG_CHARACTERS)} ({TAG_DOCS})", where, resource,
                         fix="rename the tag without those characters")
        if len(value) > MAX_TAG_VALUE:
            yield _error(f"tag '{shown}' has a value of {len(value)} characters; Azure allows at most "
                         f"{MAX_TAG_VALUE} ({TAG_DOCS})", where, resource,
                         fix=f"shorten the value to {MAX_TAG_VALUE} characters")


def _tag_count(tags: Mapping[str, str], what: str, where: Location | None, resource: str | None) -> Iterator[Finding]:
    if len(tags) > MAX_TAGS:
        yield _error(f"{what} would carry {len(tags)} tags (the file's, its own and the 2 ownership tags); Azure "
                     f"allows at most {MAX_TAGS} per resource or resource group ({TAG_DOCS})", where, resource,
                     fix=f"remove tags until at most {MAX_TAGS - 2} are declared for it")


def check_limits(state: DesiredState, top_tags_at: Location | None = None) -> Iterator[Finding]:
    """Findings for every Azure limit ``state`` exceeds (file-wide tags are reported once, at ``tags:``)."""
    shared = dict(state.tags)
    yield from _tag_problems(shared, top_tags_at, f"resource_group.{state.resource_group}")
    yield from _tag_count(shared, f"resource group {state.resource_group}", top_tags_at,
                          f"resource_group.{state.resource_group}")
    for account in state.accounts:
        own = {k: v for k, v in account.tags.items() if shared.get(k) != v}
        where = account.locations.get("tags", account.location)
        yield from _tag_problems(own, where, f"account.{account.name}")
        yield from _tag_count(account.tags, f"account {account.name}", where, f"account.{account.name}")
        if len(account.deployments) > MAX_DEPLOYMENTS_PER_ACCOUNT:
            yield _error(f"account {account.name} declares {len(account.deployments)} deployments; Azure allows at "
                         f"most {MAX_DEPLOYMENTS_PER_ACCOUNT} per account ({DEPLOYMENT_DOCS})", account.location,
                         f"account.{account.name}", fix="spread the deployments over more accounts")
        for dep in account.deployments:
            dep_own = {k: v for k, v in dep.tags.items() if shared.get(k) != v}
            dep_where = dep.locations.get("tags", dep.location)
            resource = f"account.{account.name}.deployment.{dep.name}"
            yield from _tag_problems(dep_own, dep_where, resource)
            yield from _tag_count(dep.tags, f"deployment {account.name}/{dep.name}", dep_where, resource)
