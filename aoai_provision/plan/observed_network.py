"""What Azure holds around the accounts: private endpoints, diagnostic settings, and the resources files reference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ObservedEndpoint:
    """A private endpoint in the environment's resource group that connects to one of its accounts.

    ``dns_zone_ids`` is None when the endpoint has no `default` DNS zone group.
    """

    name: str
    region: str
    subnet_id: str
    target_id: str  # privateLinkServiceId of its first connection
    group_ids: tuple[str, ...] = ()
    dns_zone_ids: tuple[str, ...] | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    id: str = ""

    @property
    def account(self) -> str:
        """The name of the account it connects to (the last segment of the target id)."""
        return self.target_id.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ObservedDiagnostics:
    """A diagnostic setting on an account (diagnostic settings carry no tags: the tool knows its own by name)."""

    account: str
    name: str
    workspace_id: str
    logs: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class Reference:
    """A resource the file only references (subnet, private DNS zone, workspace, identity), as read.

    ``region`` is the location of the resource (for a subnet: of its virtual network); ``client_id`` is a
    user-assigned identity's client id.
    """

    id: str
    kind: str
    exists: bool
    region: str = ""
    client_id: str = ""
