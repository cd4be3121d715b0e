"""Compact JSON form of the bundled catalog (written by scripts/build_catalog.py, read at startup)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from aoai_provision.catalog.resolve import resolve
from aoai_provision.catalog.types import FixedLimits, LifecycleFact, ModelVersion, SkuOffer, Source

FORMAT_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _trim(row: list[Any]) -> list[Any]:
    while row and row[-1] is None:
        row.pop()
    return row


def dump(versions: Sequence[ModelVersion], as_of: str, note: str = "") -> dict[str, Any]:
    """Catalog -> JSON-able dict. Sources are stored once and referenced by key."""
    sources: dict[str, Source] = {}

    def ref(source: Source | None) -> str | None:
        if source is None:
            return None
        known = sources.setdefault(source.key, source)
        if known != source:
            raise ValueError(f"two different sources share the key {source.key!r}")
        return source.key

    models = []
    for mv in versions:
        row: dict[str, Any] = {"m": mv.model, "v": mv.version}
        if mv.format != "OpenAI":
            row["f"] = mv.format
        if mv.capabilities:
            row["c"] = dict(mv.capabilities)
        if mv.is_default_version:
            row["d"] = True
        if mv.max_capacity is not None:
            row["x"] = mv.max_capacity
        row["l"] = [
            _trim([ref(f.source), f.lifecycle_status, _day(f.deprecation_date), _day(f.retirement_date),
                   f.retirement_qualifier, f.replacement, f.auto_upgrade_target, _day(f.auto_upgrade_date),
                   list(f.skus) or None])
            for f in mv.lifecycle.facts
        ]
        row["o"] = {
            region: [
                _trim([o.name, o.usage_name, o.capacity_default, o.capacity_min, o.capacity_max, o.capacity_step,
                       o.tpm_per_unit, o.rpm_per_unit, _day(o.deprecation_date), ref(o.source)])
                for o in offers
            ]
            for region, offers in sorted(mv.offers.items())
        }
        if mv.availability_source:
            row["a"] = ref(mv.availability_source)
        if mv.fixed_limits:
            row["fl"] = [mv.fixed_limits.tpm, mv.fixed_limits.rpm, ref(mv.fixed_limits.source)]
        if mv.realtime_api_version:
            row["rt"] = _trim([mv.realtime_api_version, ref(mv.realtime_api_version_source)])
        models.append(row)
    return {
        "format": FORMAT_VERSION,
        "as_of": as_of,
        "note": note,
        "sources": {k: _trim([s.title, s.as_of, s.url]) for k, s in sorted(sources.items())},
        "models": models,
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _pad(row: Sequence[Any], size: int) -> list[Any]:
    return list(row) + [None] * (size - len(row))


def load(data: Mapping[str, Any]) -> tuple[list[ModelVersion], str]:
    """JSON dict -> (model versions, as_of)."""
    sources = {
        key: Source(key=key, title=v[0], as_of=v[1], url=v[2] if len(v) > 2 else None)
        for key, v in data["sources"].items()
    }

    def src(key: str | None) -> Source | None:
        return sources[key] if key else None

    versions = []
    for row in data["models"]:
        facts = []
        for raw in row.get("l", ()):
            s, status, dep, ret, qual, repl, up, up_date, skus = _pad(raw, 9)
            facts.append(LifecycleFact(
                source=sources[s], lifecycle_status=status, deprecation_date=_date(dep),
                retirement_date=_date(ret), retirement_qualifier=qual, replacement=repl,
                auto_upgrade_target=up, auto_upgrade_date=_date(up_date), skus=tuple(skus or ()),
            ))
        offers = {}
        for region, raws in row.get("o", {}).items():
            parsed = []
            for raw in raws:
                name, usage, default, cmin, cmax, step, tpm, rpm, dep, s = _pad(raw, 10)
                parsed.append(SkuOffer(
                    name=name, usage_name=usage, capacity_default=default, capacity_min=cmin or 1,
                    capacity_max=cmax, capacity_step=step or 1, tpm_per_unit=tpm, rpm_per_unit=rpm,
                    deprecation_date=_date(dep), source=src(s),
                ))
            offers[region] = tuple(parsed)
        fixed = row.get("fl")
        rt = _pad(row.get("rt") or [], 2)
        versions.append(ModelVersion(
            model=row["m"], version=row["v"], format=row.get("f", "OpenAI"),
            capabilities=row.get("c", {}), lifecycle=resolve(facts), offers=offers,
            availability_source=src(row.get("a")),
            fixed_limits=FixedLimits(fixed[0], fixed[1], sources[fixed[2]]) if fixed else None,
            realtime_api_version=rt[0], realtime_api_version_source=src(rt[1]),
            is_default_version=bool(row.get("d")), max_capacity=row.get("x"),
        ))
    return versions, str(data["as_of"])
