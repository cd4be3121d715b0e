"""What apply reports: progress events while it runs and a per-action result at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from aoai_provision.plan.actions import Action


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_STARTED = "not_started"  # an interrupt stopped the run before this write began


class EventKind(StrEnum):
    START = "start"  # a write began
    RETRY = "retry"  # a write is retried (conflict, dropped connection, failed operation)
    DONE = "done"  # a write finished
    FAILED = "failed"  # a write failed for good
    SKIPPED = "skipped"  # not attempted because an earlier write of its account failed


@dataclass(frozen=True)
class ApplyEvent:
    """One progress event; ``account`` groups events for the per-account display (None: resource group)."""

    kind: EventKind
    action: Action
    seconds: float = 0.0
    message: str = ""
    attempt: int = 1

    @property
    def account(self) -> str | None:
        return self.action.account if self.action.account else (
            self.action.name if self.action.resource_type.value == "account" else None)


EventCallback = Callable[[ApplyEvent], None]


@dataclass(frozen=True)
class ActionResult:
    """The outcome of one planned action."""

    action: Action
    status: Status
    seconds: float = 0.0
    error: str | None = None
    code: str | None = None
    request_id: str | None = None
    fix: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class ApplyResult:
    """All action outcomes of one apply or destroy, in plan order."""

    results: tuple[ActionResult, ...] = ()
    seconds: float = 0.0
    engine: str = "sdk"
    messages: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(r.status is Status.OK for r in self.results)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def failed(self) -> tuple[ActionResult, ...]:
        return tuple(r for r in self.results if r.status is Status.FAILED)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "results": [
                {"address": r.action.address, "kind": r.action.kind.value, "status": r.status.value,
                 "seconds": round(r.seconds, 3), "error": r.error, "code": r.code,
                 "request_id": r.request_id, "attempts": r.attempts}
                for r in self.results
            ],
        }
