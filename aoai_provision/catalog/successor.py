"""Recommend a replacement offered in a region and SKU: a newer version, else the documented successor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from aoai_provision.catalog.catalog import version_sort_key
from aoai_provision.catalog.lifecycle import assess

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog
    from aoai_provision.catalog.lifecycle import Assessment
    from aoai_provision.catalog.types import ModelVersion

@dataclass(frozen=True)
class Replacement:
    """A recommended target offered in the deployment's region and SKU."""

    model: str
    version: str
    reason: str  # "newer-version" | "documented-replacement"
    retirement_date: date | None = None
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "version": self.version,
            "reason": self.reason,
            "retirement_date": self.retirement_date.isoformat() if self.retirement_date else None,
            "source": self.source,
        }


# Lifecycle states a recommended target may be in: neither retired, nor past a date, nor retiring.
ACCEPTABLE = ("ok", "preview")
MAX_CHAIN = 4


def recommend(
    catalog: Catalog,
    model: str,
    version: str,
    region: str,
    sku: str,
    as_of: date,
    warn_within: int,
) -> Replacement | None:
    """The target a deployment of (model, version) in (region, sku) should move to, or None.

    First the newest newer version of the same model that is offered there and not itself
    retiring; otherwise the documented replacement model (following the replacement chain when
    the documented one is itself retiring), again only if offered in that region and SKU.
    """
    newer = _newest_acceptable(catalog, model, region, sku, as_of, warn_within, newer_than=version)
    if newer is not None:
        return _make(*newer, "newer-version")
    seen: set[tuple[str, str]] = {(model, version)}
    queue = _documented(catalog.get(model, version))
    for _ in range(MAX_CHAIN):
        next_queue: list[tuple[str, str | None]] = []
        for rep_model, rep_version in queue:
            candidates = _candidates(catalog, rep_model, rep_version)
            for mv in candidates:
                if (mv.model, mv.version) in seen:
                    continue
                seen.add((mv.model, mv.version))
                if mv.offer(region, sku) is not None:
                    fit = _acceptable(mv, as_of, warn_within, sku)
                    if fit is not None:
                        return _make(mv, fit, "documented-replacement")
                next_queue.extend(_documented(mv))
        if not next_queue:
            break
        queue = next_queue
    return None


def parse_replacement(text: str) -> tuple[str, str | None]:
    """"gpt-4.1 2025-04-14" -> ("gpt-4.1", "2025-04-14"); "gpt-realtime" -> ("gpt-realtime", None)."""
    parts = text.strip().split()
    if len(parts) >= 2:
        return parts[0], parts[1].strip("()")
    return (parts[0] if parts else text.strip()), None


def _documented(mv: ModelVersion | None) -> list[tuple[str, str | None]]:
    """The replacements documented for ``mv`` (what ``assess`` cites too), parsed."""
    if mv is None:
        return []
    return [parse_replacement(r) for r in mv.lifecycle.replacements if r and r.strip()]


def _candidates(catalog: Catalog, model: str, version: str | None) -> list[ModelVersion]:
    if version is not None:
        exact = catalog.get(model, version)
        if exact is not None:
            return [exact]
    return list(catalog.versions(model))


def _newest_acceptable(
    catalog: Catalog,
    model: str,
    region: str,
    sku: str,
    as_of: date,
    warn_within: int,
    newer_than: str | None = None,
) -> tuple[ModelVersion, Assessment] | None:
    for mv in catalog.versions(model):  # newest first
        if newer_than is not None and version_sort_key(mv.version) <= version_sort_key(newer_than):
            continue
        if mv.offer(region, sku) is not None:
            fit = _acceptable(mv, as_of, warn_within, sku)
            if fit is not None:
                return mv, fit
    return None


def _acceptable(mv: ModelVersion, as_of: date, warn_within: int, sku: str) -> Assessment | None:
    """``mv``'s assessment on ``sku`` when it may be recommended, else None."""
    assessment = assess(mv, as_of, warn_within, sku)
    return assessment if assessment.state in ACCEPTABLE else None


def _make(mv: ModelVersion, assessment: Assessment, reason: str) -> Replacement:
    source = assessment.source or mv.availability_source
    return Replacement(
        model=mv.model,
        version=mv.version,
        reason=reason,
        retirement_date=assessment.retirement_date,
        source=source.cite() if source is not None else None,
    )
