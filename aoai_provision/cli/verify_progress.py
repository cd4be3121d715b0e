"""verify progress, as apply shows it: a live bar on a terminal, timestamped lines in CI and pipes (stderr)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from aoai_provision.verify.model import Check, Outcome, VerifyResult

MARKS = {Outcome.OK: "ok", Outcome.FAILED: "FAILED", Outcome.SKIPPED: "skipped"}


class VerifyProgress:
    """Receives verify events from worker threads (``kind``: start, retry, done) and shows them."""

    def __init__(self, console: Any, *, live: bool) -> None:
        self.console = console
        self.live = live
        self._lock = threading.Lock()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> VerifyProgress:
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("verify"), BarColumn(bar_width=20),
                                      MofNCompleteColumn(), TextColumn("{task.description}"), console=self.console,
                                      transient=True)
            self._task = self._progress.add_task("", total=None)
            self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __call__(self, kind: str, check: Check, detail: Any) -> None:
        with self._lock:
            if self._progress is not None:
                self._live(kind, check, detail)
            elif kind != "start":
                self._line(kind, check, detail)

    def _live(self, kind: str, check: Check, detail: Any) -> None:
        if kind == "start":
            total = self._progress.tasks[0].total or 0
            self._progress.update(self._task, total=total + 1, description=f"{check.address} ...")
        elif kind == "retry":
            self._progress.update(self._task, description=f"{check.address} ({detail})")
        else:
            self._progress.update(self._task, advance=1, description=f"{check.address} {_state(detail)}")

    def _line(self, kind: str, check: Check, detail: Any) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        tail = f"... {detail}" if kind == "retry" else f"... {_state(detail)} ({detail.seconds:.1f}s)"
        self.console.print(f"{stamp} {check.address}: {check.probe.value} {tail}", markup=False, highlight=False,
                           soft_wrap=True)


def _state(result: VerifyResult) -> str:
    return MARKS[result.outcome]
