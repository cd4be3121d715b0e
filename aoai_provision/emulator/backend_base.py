"""What every part of the emulator's backend shares: write results, operation finalizers, record keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import lro

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

Finalizer = Callable[["Backend", dict[str, Any], dict[str, Any]], None]
# Operation kind -> what happens when it ends; each part of the backend adds its own with register_finalizer.
FINALIZERS: dict[str, Finalizer] = {}
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def register_finalizer(kind: str, finalizer: Finalizer) -> None:
    FINALIZERS[kind] = finalizer


@dataclass(frozen=True)
class WriteResult:
    """What a write returns: the HTTP status ARM answers with, the body, and the operation (if any)."""

    status: int
    body: dict[str, Any] | None
    operation: lro.Operation | None = None


def rg_key(subscription: str, resource_group: str) -> str:
    return f"{subscription}/{resource_group}".lower()


def account_key(subscription: str, resource_group: str, name: str) -> str:
    return f"{subscription}/{resource_group}/{name}".lower()
