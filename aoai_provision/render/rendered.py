"""One resource of a rendered template: its ARM body, its parent, what it waits for, and its scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aoai_provision.arm_versions import COGNITIVE_SERVICES


@dataclass(frozen=True)
class RenderedResource:
    """One resource of the template: its ARM body (without type/apiVersion/dependsOn) and its wiring.

    ``body`` holds `name` (the resource's own name, not the `account/deployment` path) and the
    ARM properties in template order. ``depends_on`` lists symbols of resources it waits for,
    beyond its parent.
    """

    symbol: str
    type: str
    name: str
    body: dict[str, Any]
    parent: RenderedResource | None = None
    depends_on: tuple[RenderedResource, ...] = ()
    api_version: str = COGNITIVE_SERVICES
    scope: RenderedResource | None = None  # extension resources (role assignments, diagnostic settings)

    @property
    def full_name(self) -> str:
        return f"{self.parent.full_name}/{self.name}" if self.parent else self.name

    def resource_id_expression(self) -> str:
        """`[resourceId('<type>', '<account>'[, '<deployment>'])]` for ARM `dependsOn`."""
        parts = ", ".join("'" + p.replace("'", "''") + "'" for p in self.full_name.split("/"))
        if self.scope is not None:
            return f"[extensionResourceId({self.scope.resource_id_expression()[1:-1]}, '{self.type}', {parts})]"
        return f"[resourceId('{self.type}', {parts})]"
