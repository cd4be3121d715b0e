"""What a data-plane probe gets back: an answer, or a failure with status, code and Retry-After."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


class ProbeFailed(Exception):
    """A probe's request was answered, but not as a working deployment answers."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message, self.status, self.code, self.retry_after = message, status, code, retry_after


@dataclass
class Answer:
    """What a successful request returned: the model it names and when its first byte came."""

    status: int
    model: str | None = None
    first_byte: float | None = None
    notes: list[str] = field(default_factory=list)


def retry_after(headers: Any) -> float | None:
    """Seconds to wait from retry-after-ms or retry-after (None when neither parses)."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value:
            try:
                return max(0.0, float(value) * scale)
            except ValueError:
                continue
    return None


def error_from_json(status: int, body: bytes, headers: Any) -> ProbeFailed:
    """A ProbeFailed from an HTTP error answer (e.g. a rejected websocket handshake)."""
    try:
        parsed = json.loads(body or b"{}")
    except ValueError:
        parsed = {}
    inner: dict[str, Any] = (parsed["error"] if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict)
                             else {})
    message = inner.get("message") or body.decode(errors="replace").strip() or f"HTTP {status}"
    code = inner.get("code")
    return ProbeFailed(str(message), status=status, code=str(code) if code is not None else None,
                       retry_after=retry_after(headers))
