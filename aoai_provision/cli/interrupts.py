"""Ctrl-C and SIGTERM while writes run: the first stops new writes and waits, the second stops waiting.

No traceback however many signals arrive: the handlers never raise; a second signal prints which
operations go on in Azure and the per-resource summary, then leaves with exit 130 at once
(``os._exit``: worker threads blocked in the SDK are not joined).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from types import FrameType, TracebackType
from typing import Any

from aoai_provision.apply.interrupt import STOP
from aoai_provision.apply.result import ApplyEvent, EventCallback, EventKind
from aoai_provision.errors import EXIT_INTERRUPTED
from aoai_provision.plan.actions import Plan

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class EventTracker:
    """Forwards executor events and remembers which writes are done, failed or in flight."""

    def __init__(self, forward: EventCallback) -> None:
        self.forward = forward
        self.plan: Plan | None = None
        self._lock = threading.Lock()
        self._running: dict[str, ApplyEvent] = {}
        self._ended: dict[str, str] = {}

    def __call__(self, event: ApplyEvent) -> None:
        address = event.action.address
        with self._lock:
            if event.kind is EventKind.START:
                self._running[address] = event
            elif event.kind in (EventKind.DONE, EventKind.FAILED, EventKind.SKIPPED):
                self._running.pop(address, None)
                self._ended[address] = {EventKind.DONE: "done", EventKind.FAILED: "failed"}.get(
                    event.kind, "not started")
        self.forward(event)

    def in_flight(self) -> list[str]:
        with self._lock:
            return list(self._running)

    def summary(self) -> list[str]:
        """One line per planned resource: done, failed, in flight (goes on in Azure) or not started."""
        if self.plan is None:
            return []
        with self._lock:
            running, ended = set(self._running), dict(self._ended)
        lines = []
        for action in self.plan.actions:
            state = "in flight" if action.address in running else ended.get(action.address, "not started")
            lines.append(f"  {state:<12} {action.kind.symbol:<3} {action.address}")
        return lines


def _write(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stderr must not turn into a traceback
        pass


class InterruptHandler:
    """Installed (main thread only) from the moment writes may start until the run's result is in."""

    def __init__(self, tracker: EventTracker, verb: str, on_abandon: Any = None) -> None:
        self.tracker = tracker
        self.verb = verb
        self.on_abandon = on_abandon  # e.g. stop the live progress display before the last words
        self.count = 0
        self._previous: dict[int, Any] = {}

    @property
    def interrupted(self) -> bool:
        return self.count > 0

    def __enter__(self) -> InterruptHandler:
        STOP.clear()
        if threading.current_thread() is threading.main_thread():
            for sig in SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        if self.count:  # late signals during the summary are ignored, never a traceback
            for sig in SIGNALS:
                signal.signal(sig, signal.SIG_IGN)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        name = signal.Signals(signum).name
        if self.count == 1:
            STOP.request(name)
            running = self.tracker.in_flight()
            listed = f": {', '.join(running)}" if running else ""
            _write(f"\n{name}: stopping. No new writes start; waiting for {len(running)} operation(s) in flight "
                   f"to finish{listed}. Interrupt again to stop waiting (they go on in Azure).\n")
            return
        if self.count > 2:
            return
        for sig in SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        if self.on_abandon is not None:
            with contextlib.suppress(Exception):  # nothing may stop the exit now
                self.on_abandon()
        running = self.tracker.in_flight()
        text = f"\n{name} again: stopped waiting. "
        if running:
            text += (f"These {len(running)} operation(s) go on in Azure: {', '.join(running)}; check them with "
                     "`aoai-provision plan` before re-running.\n")
        else:
            text += "No operation was in flight.\n"
        text += "\n".join(self.tracker.summary()) + "\n"
        text += (f"{self.verb} interrupted. Re-run the same command to continue where it stopped.\n")
        _write(text)
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os._exit(EXIT_INTERRUPTED)
