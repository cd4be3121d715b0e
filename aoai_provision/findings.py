"""The one Finding type shared by validation, plan warnings and audit, with its source location."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):  # noqa: UP042 - str mixin keeps f-string output stable
    """How bad a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user's file: 1-based line and column, plus the dotted path of the value."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path}


@dataclass(frozen=True)
class Finding:
    """One problem or fact to report.

    ``code`` is a stable machine identifier (``AOAI101``-style or a short name); ``fix`` tells
    the user what to do; ``details`` carries structured extras (audit dates, sources, ...).
    """

    severity: Severity
    code: str
    message: str
    location: Location | None = None
    fix: str | None = None
    resource: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        loc = self.location
        return (
            loc.file if loc else "",
            loc.line if loc else 0,
            loc.column if loc else 0,
            -self.severity.rank,
            self.code,
        )

    def format_line(self) -> str:
        """`path:line:col: severity CODE: message` (the compiler-style line)."""
        where = f"{self.location}: " if self.location else (f"{self.resource}: " if self.resource else "")
        text = f"{where}{self.severity.value} {self.code}: {self.message}"
        if self.fix:
            text += f" (fix: {self.fix})"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "location": self.location.to_json() if self.location else None,
            "fix": self.fix,
            "resource": self.resource,
            "details": dict(self.details),
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings ordered by file, line, column, then severity (errors first)."""
    return sorted(findings, key=Finding.sort_key)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def has_warnings(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.WARNING for f in findings)
