"""Stopping a run: once a stop is requested no new write starts; writes in flight finish (or go on in Azure)."""

from __future__ import annotations

import threading

NOT_STARTED_NOTE = "not started: interrupted"


class StopRequest:
    """A process-wide flag the executor checks before starting each write (and each retry)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = ""

    def request(self, reason: str) -> None:
        self.reason = reason
        self._event.set()

    def requested(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True at once when a stop is requested (a retry then does not start)."""
        return self._event.wait(max(seconds, 0.0))

    def clear(self) -> None:
        self.reason = ""
        self._event.clear()


STOP = StopRequest()
