"""`validate` as a library call: load several environment files and summarise their findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoai_provision.api.environment import LoadResult, load_environment
from aoai_provision.findings import Finding, Severity, has_errors, has_warnings
from aoai_provision.spec.rules_lifecycle import DEFAULT_WARN_WITHIN_DAYS

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ValidationReport:
    """The result of validating files; ``strict`` makes warnings count as failures."""

    results: tuple[LoadResult, ...]
    strict: bool = False

    def file_valid(self, result: LoadResult) -> bool:
        return not has_errors(result.findings) and not (self.strict and has_warnings(result.findings))

    @property
    def valid(self) -> bool:
        return all(self.file_valid(r) for r in self.results)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def counts(self) -> dict[str, int]:
        findings = self.findings
        valid = sum(1 for r in self.results if self.file_valid(r))
        return {
            "files": len(self.results),
            "valid": valid,
            "invalid": len(self.results) - valid,
            "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
            "info": sum(1 for f in findings if f.severity is Severity.INFO),
        }

    def summary_line(self) -> str:
        c = self.counts()
        verdict = "valid" if self.valid else "INVALID"
        strict = " (--strict: warnings fail)" if self.strict and c["warnings"] else ""
        return (f"{verdict}: {_count(c['files'], 'file')} checked, {c['invalid']} invalid; "
                f"{_count(c['errors'], 'error')}, {_count(c['warnings'], 'warning')}, {c['info']} info{strict}")

    def to_json(self) -> dict[str, Any]:
        """Stable envelope: {"format_version": 1, "files": [...], "summary": {...}}."""
        return {
            "format_version": FORMAT_VERSION,
            "files": [{"path": r.source, "valid": self.file_valid(r),
                       "findings": [f.to_json() for f in r.findings]} for r in self.results],
            "summary": {**self.counts(), "valid_overall": self.valid, "strict": self.strict},
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def validate_files(paths: Sequence[Path], *, environ: Mapping[str, str] | None = None,
                   catalog: Catalog | None = None, as_of: date | None = None, strict: bool = False,
                   warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS,
                   subscription: str | None = None) -> ValidationReport:
    """Validate every file in ``paths`` (offline: bundled catalog unless ``catalog`` is given)."""
    if catalog is None:
        from aoai_provision.catalog.bundled import bundled_catalog

        catalog = bundled_catalog()
    results = tuple(load_environment(p, environ=environ, catalog=catalog, as_of=as_of,
                                     warn_within_days=warn_within_days, subscription=subscription) for p in paths)
    return ValidationReport(results, strict)
