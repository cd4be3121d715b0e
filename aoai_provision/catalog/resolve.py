"""Resolve every source's lifecycle facts about a model version into one `Lifecycle` (the risk view)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from aoai_provision.catalog.types import Lifecycle, LifecycleFact, ModelVersion, Source

# Sources that describe the current retirement schedule (see the catalog README): the retirement
# schedule page (S1 include, S2 rendered page), the classic table (S3) and the retired-models table
# (S6). Older documents (S4, S5, the Feb-2025 seed, the April-2025 models lists) are kept as facts
# but decide dates only when no current source gives one.
CURRENT_SOURCES = frozenset({"S1", "S2", "S3", "S6"})

_STATUS_ALIASES = {
    "ga": "GenerallyAvailable",
    "generallyavailable": "GenerallyAvailable",
    "generally available": "GenerallyAvailable",
    "stable": "Stable",
    "preview": "Preview",
    "deprecating": "Deprecating",
    "deprecated": "Deprecated",
    "legacy": "Legacy",
    "retired": "Retired",
    "deprecated/retired": "Retired",
}

DEPRECATED_STATUSES = frozenset({"Deprecating", "Deprecated", "Legacy"})


def normalize_status(status: str | None) -> str | None:
    if not status:
        return None
    return _STATUS_ALIASES.get(status.strip().lower())


def _as_of_key(source: Source) -> str:
    """Sortable as-of key; live facts sort after every document."""
    return ("9999" if source.live else "") + source.as_of


def _newest_first(facts: Iterable[LifecycleFact]) -> list[LifecycleFact]:
    return sorted(facts, key=lambda f: _as_of_key(f.source), reverse=True)


def _pick_retirement(facts: Sequence[LifecycleFact]) -> LifecycleFact | None:
    """The deciding retirement fact: confirmed > live > earliest current date (NET dates refined).

    ``facts`` are those that apply to the SKU asked about; a live SKU-specific date beats the
    live list's model-level date (models.list gives both).
    """
    confirmed = [f for f in facts if f.retirement_qualifier == "retired"]
    if confirmed:
        return min(_newest_first(confirmed), key=lambda f: f.retirement_date or date.max)
    dated = [f for f in facts if f.retirement_date is not None]
    if not dated:
        return None
    live = [f for f in dated if f.source.live]
    if live:
        return sorted(_newest_first(live), key=lambda f: not f.skus)[0]
    dated = _newest_first(dated)
    current = [f for f in dated if f.source.key in CURRENT_SOURCES]
    if not current:
        newest = dated[0].source
        current = [f for f in dated if f.source == newest]
    # A "no earlier than" date is consistent with a later firm date of a newer source: that firm
    # date refines it rather than conflicting with it.
    firm = [f for f in current if f.retirement_qualifier != "no-earlier-than"]
    kept = [
        f for f in current
        if f.retirement_qualifier != "no-earlier-than"
        or not any(
            g.retirement_date is not None and f.retirement_date is not None
            and g.retirement_date >= f.retirement_date and g.source.as_of > f.source.as_of
            for g in firm
        )
    ]
    # Earliest date wins (the risk date); on a tie prefer a firm date, then the newest source
    # (min keeps the first of equal keys and ``kept`` is newest first).
    return min(kept, key=lambda f: (f.retirement_date, f.retirement_qualifier == "no-earlier-than"))


def split_replacements(text: str | None) -> list[str]:
    """ "a 1 or b 2" -> ["a 1", "b 2"] (facts keep alternatives joined by " or ")."""
    return [part.strip() for part in (text or "").split(" or ") if part.strip()]


def resolve(facts: Sequence[LifecycleFact], sku: str | None = None) -> Lifecycle:
    """One lifecycle from all facts: risk date with its deciding source, newest status, replacements.

    Facts limited to some SKUs count only when ``sku`` is one of them; ``facts`` is kept whole.
    """
    ordered = _newest_first(f for f in facts if f.applies_to(sku))
    decider = _pick_retirement(ordered)
    confirmed = decider is not None and decider.retirement_qualifier == "retired"
    status = next((f.lifecycle_status for f in ordered if f.lifecycle_status), None)
    if confirmed:
        status = "Retired"
    group = [f for f in ordered if f.source.live or f.source.key in CURRENT_SOURCES] or ordered
    replacements: list[str] = []
    for pool in (group, ordered):
        for fact in pool:
            for item in split_replacements(fact.replacement):
                if item and item not in replacements:
                    replacements.append(item)
        if replacements:
            break
    upgrade = next((f for f in group if f.auto_upgrade_target), None) or next(
        (f for f in ordered if f.auto_upgrade_target), None
    )
    deprecations = [f.deprecation_date for f in group if f.deprecation_date is not None]
    deprecation: date | None = min(deprecations) if deprecations else None
    return Lifecycle(
        status=status,
        deprecation_date=deprecation,
        retirement_date=decider.retirement_date if decider else None,
        qualifier=("retired" if confirmed else (decider.retirement_qualifier or "scheduled")) if decider else None,
        confirmed_retired=confirmed,
        replacements=tuple(replacements),
        auto_upgrade_target=upgrade.auto_upgrade_target if upgrade else None,
        auto_upgrade_date=upgrade.auto_upgrade_date if upgrade else None,
        retirement_source=decider.source if decider else None,
        facts=tuple(facts),
    )


def lifecycle_for(mv: ModelVersion, sku: str | None) -> Lifecycle:
    """The lifecycle of ``mv``'s deployments on ``sku``: SKU-specific facts count with the general ones."""
    if sku is None or not any(f.skus for f in mv.lifecycle.facts):
        return mv.lifecycle
    return resolve(mv.lifecycle.facts, sku)
