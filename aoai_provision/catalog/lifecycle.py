"""The one lifecycle rule (PRODUCT.md §5): a model version's state as of a date, with its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aoai_provision.catalog.resolve import DEPRECATED_STATUSES, lifecycle_for
from aoai_provision.catalog.types import ModelVersion, Source

# States, most severe first.
STATES = ("retired", "past-scheduled", "past-earliest", "retiring", "deprecated", "preview", "ok")


@dataclass(frozen=True)
class Assessment:
    """Lifecycle verdict for one model version on one date."""

    state: str  # one of STATES
    retirement_date: date | None
    qualifier: str | None  # "scheduled" | "no-earlier-than" | "retired"
    days_left: int | None  # negative when the date has passed
    replacements: tuple[str, ...]
    source: Source | None  # the source of the deciding fact
    message: str
    status: str | None = None  # lifecycle status (Preview, GenerallyAvailable, Deprecated, Legacy, ...)

    @property
    def severity_rank(self) -> int:
        return STATES.index(self.state)


def _cite(source: Source | None) -> str:
    return f" ({source.cite()})" if source else ""


def _use(replacements: tuple[str, ...]) -> str:
    return f"; documented replacement: {' or '.join(replacements)}" if replacements else ""


def _retirement_tail(qualifier: str | None, when: date | None) -> str:
    if when is None:
        return ""
    return f"; retirement {'no earlier than' if qualifier == 'no-earlier-than' else 'on'} {when.isoformat()}"


def assess(mv: ModelVersion, as_of: date, warn_within_days: int = 90, sku: str | None = None) -> Assessment:
    """Classify ``mv`` (on ``sku``, when given) on ``as_of``: one of STATES."""
    lc = lifecycle_for(mv, sku)
    name = f"{mv.model} {mv.version}" + (f" ({sku})" if sku and mv.sku_specific() else "")
    when = lc.retirement_date
    days = (when - as_of).days if when is not None else None
    src = lc.retirement_source
    repl = lc.replacements

    def verdict(state: str, message: str, source: Source | None = src) -> Assessment:
        return Assessment(state, when, lc.qualifier, days, repl, source, message, lc.status)

    if lc.confirmed_retired and (days is None or days <= 0):
        on = f" on {when.isoformat()}" if when else ""
        return verdict("retired", f"{name} was retired{on}{_cite(src)}; deployments of it fail{_use(repl)}.")
    if when is not None and days is not None:
        if days < 0 and lc.qualifier == "no-earlier-than":
            return verdict(
                "past-earliest",
                f"{name} may retire at any time: its earliest retirement date {when.isoformat()} passed "
                f"{-days} days ago{_cite(src)}{_use(repl)}.",
            )
        if days < 0:
            return verdict(
                "past-scheduled",
                f"{name} was scheduled to retire on {when.isoformat()} ({-days} days ago){_cite(src)}; it is "
                f"probably retired — the live models list decides{_use(repl)}.",
            )
        if days <= warn_within_days:
            kind = "no earlier than" if lc.qualifier == "no-earlier-than" else "on"
            return verdict(
                "retiring",
                f"{name} retires {kind} {when.isoformat()}, in {days} days{_cite(src)}{_use(repl)}.",
            )
    status = lc.status or ""
    if status in DEPRECATED_STATUSES:
        fact = next((f for f in lc.facts if f.lifecycle_status == status), None)
        source = fact.source if fact else src
        tail = f"; it retires on {when.isoformat()}" if when else ""
        return verdict("deprecated", f"{name} is {status.lower()}{_cite(source)}{tail}{_use(repl)}.", source)
    if lc.is_preview:
        fact = next((f for f in lc.facts if f.lifecycle_status == "Preview"), None)
        tail = _retirement_tail(lc.qualifier, when)
        return verdict("preview", f"{name} is a preview version{_cite(fact.source if fact else src)}{tail}.",
                       fact.source if fact else src)
    return verdict("ok", f"{name} is generally available{_retirement_tail(lc.qualifier, when)}{_cite(src)}.")
