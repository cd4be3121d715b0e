"""The write guard: before any write, read the resource and refuse unless this environment owns it.

Independent of the planner and of saved-plan checks: whatever action it is handed, the write layer
never modifies or deletes a resource that lacks this environment's ownership tags (except the
adoption the plan shows), never writes into an account it does not own, and never deletes a
resource group (ARM deletes everything inside one, including resources this tool never saw).
"""

from __future__ import annotations

import threading
from typing import Any

from aoai_provision.azure import generic
from aoai_provision.azure.access import refusal
from aoai_provision.errors import AzureCallError
from aoai_provision.plan.actions import CHILD_TYPES, NETWORK_CHILDREN, Action, ActionKind, ResourceType
from aoai_provision.spec.model import ENVIRONMENT_TAG, is_managed


class WriteRefused(AzureCallError):
    """A write the guard will not let through; the message names the resource and why."""

    def __init__(self, message: str) -> None:
        super().__init__(f"refused: {message}", code="NotOwned",
                         fix="nothing was written; make the plan again from the environment file and review it "
                             "(resources without this environment's ownership tags are never touched)")


def is_adoption(action: Action) -> bool:
    """An action that brings an untagged resource under management (tags it), as the plan shows it."""
    return action.kind.value == "adopt" or getattr(action, "adopt", False) is True


def _tags_of(getter: Any) -> tuple[bool, dict[str, str]]:
    """(exists, tags) of the resource ``getter()`` returns; a 404 means it does not exist."""
    from azure.core.exceptions import ResourceNotFoundError

    try:
        resource = getter()
    except ResourceNotFoundError:
        return False, {}
    return True, dict(getattr(resource, "tags", None) or {})


def _owner(tags: dict[str, str]) -> str:
    if not is_managed(tags):
        return "it has no aoai-provision ownership tags"
    return f"it belongs to environment {tags.get(ENVIRONMENT_TAG)!r}"


class WriteGuard:
    """Checks each write against Azure as it is at that moment; owned accounts are remembered per run."""

    def __init__(self) -> None:
        self._owned_accounts: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    def check(self, clients: Any, resource_group: str, environment: str, action: Action) -> bool:
        """Raise WriteRefused unless ``action`` may write (reads the resource; a missing one may be created).

        Returns whether the resource exists at this moment."""
        if action.resource_type is ResourceType.RESOURCE_GROUP:
            return self._resource_group(clients, resource_group, environment, action)
        if action.resource_type is ResourceType.ACCOUNT:
            return self._account(clients, resource_group, environment, action)
        if action.resource_type in NETWORK_CHILDREN:
            return self._network_child(clients, resource_group, environment, action)
        return self._deployment(clients, resource_group, environment, action)

    def _resource_group(self, clients: Any, resource_group: str, environment: str, action: Action) -> bool:
        if action.kind is ActionKind.DELETE:
            raise WriteRefused(f"resource group {action.name}: aoai-provision never deletes a resource group "
                               "(it would delete everything in it)")
        exists, tags = _tags_of(lambda: clients.resources.resource_groups.get(action.name))
        if exists and not is_managed(tags) and not is_adoption(action):
            raise WriteRefused(f"resource group {action.name} exists and {_owner(tags)}; its tags are left alone")
        return exists

    def _account(self, clients: Any, resource_group: str, environment: str, action: Action) -> bool:
        exists, tags = _tags_of(lambda: clients.cognitive.accounts.get(resource_group, action.name))
        if exists and not is_managed(tags, environment) and not (is_adoption(action) and not is_managed(tags)):
            raise WriteRefused(f"account {action.name}: {_owner(tags)}, not to environment {environment!r}; "
                               f"aoai-provision will not {action.kind.value} it")
        if exists or action.kind is not ActionKind.DELETE:
            with self._lock:
                self._owned_accounts.add((clients.subscription, resource_group.lower(), action.name.lower()))
        return exists

    def _network_child(self, clients: Any, resource_group: str, environment: str, action: Action) -> bool:
        """The account must be this environment's; a private endpoint must carry its tags (diagnostic settings
        carry none: the account's ownership and the setting's name, which the plan chose, decide)."""
        account = action.account or ""
        exists, tags = _tags_of(lambda: clients.cognitive.accounts.get(resource_group, account))
        if exists and not is_managed(tags, environment):
            raise WriteRefused(f"account {account}: {_owner(tags)}, not to environment {environment!r}; "
                               f"aoai-provision will not write {action.resource_type.value} {action.name} for it")
        if action.resource_type is not ResourceType.PRIVATE_ENDPOINT or not action.desired:
            return True
        found = generic.get(clients, str(action.desired["id"]))
        tags = dict((found or {}).get("tags") or {})
        if found is not None and not is_managed(tags, environment):
            raise WriteRefused(f"private endpoint {action.name}: {_owner(tags)}, not to environment "
                               f"{environment!r}; aoai-provision will not {action.kind.value} it")
        return found is not None

    def _deployment(self, clients: Any, resource_group: str, environment: str, action: Action) -> bool:
        account = action.account or ""
        key = (clients.subscription, resource_group.lower(), account.lower())
        with self._lock:
            known = key in self._owned_accounts
        if not known:
            exists, tags = _tags_of(lambda: clients.cognitive.accounts.get(resource_group, account))
            if exists and not is_managed(tags, environment):
                raise WriteRefused(f"account {account}: {_owner(tags)}, not to environment {environment!r}; "
                                   f"aoai-provision will not write {action.resource_type.value} {action.name} in it")
            if exists:
                with self._lock:
                    self._owned_accounts.add(key)
        if action.resource_type in CHILD_TYPES:
            reason = refusal(clients, resource_group, environment, action, _tags_of)
            if reason:
                raise WriteRefused(reason)
            return True  # what the writer needs to know of existence, it reads itself (resource groups only)
        exists, tags = _tags_of(lambda: clients.cognitive.deployments.get(resource_group, account, action.name))
        if exists and not is_managed(tags, environment) and not (is_adoption(action) and not is_managed(tags)):
            raise WriteRefused(f"deployment {account}/{action.name}: {_owner(tags)}, not to environment "
                               f"{environment!r}; aoai-provision will not {action.kind.value} it")
        return exists
