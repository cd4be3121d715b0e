"""The `models` command's library side: filter the catalog and describe it as stable JSON."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from aoai_provision.catalog.catalog import Catalog
from aoai_provision.catalog.lifecycle import Assessment, assess
from aoai_provision.catalog.regions import normalize_region, suggest_region
from aoai_provision.catalog.resolve import lifecycle_for
from aoai_provision.catalog.types import ModelVersion, Source
from aoai_provision.errors import CatalogError, InputError

if TYPE_CHECKING:
    from aoai_provision.azure.target import Target

# Friendly capability names -> models.list capability keys.
CAPABILITY_ALIASES = {
    "chat": "chatCompletion",
    "chat-completion": "chatCompletion",
    "embedding": "embeddings",
    "image": "imageGenerations",
    "images": "imageGenerations",
    "image-generation": "imageGenerations",
}


@dataclass(frozen=True)
class ModelRow:
    mv: ModelVersion
    assessment: Assessment
    regions: tuple[str, ...]  # regions shown (the filtered one, or all that offer it)


@dataclass(frozen=True)
class ModelsReport:
    rows: tuple[ModelRow, ...]
    catalog_as_of: str
    as_of: date
    region: str | None
    capability: str | None
    model: str | None


def _did_you_mean(close: list[str]) -> str:
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def capability_names(catalog: Catalog) -> list[str]:
    """Capabilities some model version has ("true"), plus the friendly aliases."""
    names = {k for mv in catalog.all() for k, v in mv.capabilities.items() if str(v).lower() == "true"}
    return sorted(names | set(CAPABILITY_ALIASES))


def resolve_capability(name: str, catalog: Catalog) -> str:
    known = capability_names(catalog)
    lowered = {k.lower(): k for k in known}
    key = lowered.get(name.strip().lower())
    if key is None:
        close = difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.6)
        raise CatalogError(
            f"Unknown capability '{name}'.{_did_you_mean([lowered[c] for c in close])}",
            fix=f"use one of: {', '.join(known)}",
        )
    return CAPABILITY_ALIASES.get(key, key)


def resolve_region(name: str) -> str:
    arm = normalize_region(name)
    if arm is None:
        close = suggest_region(name)
        raise CatalogError(f"Unknown region '{name}'.{_did_you_mean(close)}", fix="use an Azure region name such as eastus2 or 'Sweden Central'")
    return arm


def list_models(
    catalog: Catalog,
    *,
    region: str | None = None,
    capability: str | None = None,
    model: str | None = None,
    as_of: date | None = None,
    warn_within_days: int = 90,
) -> ModelsReport:
    """The catalog rows matching the filters; raises CatalogError (with suggestions) for unknown names."""
    day = as_of or date.today()
    arm = resolve_region(region) if region else None
    cap = resolve_capability(capability, catalog) if capability else None
    if model and not catalog.versions(model):
        close = catalog.suggest_model(model)
        raise CatalogError(f"Unknown model '{model}'.{_did_you_mean(close)}", fix="run `aoai-provision models` to list the catalog")
    rows = []
    for mv in catalog.all():
        if model and mv.model != model:
            continue
        if cap and not mv.has_capability(cap):
            continue
        regions = tuple(sorted(r for r, offers in mv.offers.items() if offers))
        if arm is not None:
            if arm not in regions:
                continue
            regions = (arm,)
        rows.append(ModelRow(mv, assess(mv, day, warn_within_days), regions))
    return ModelsReport(tuple(rows), catalog.as_of, day, arm, cap, model)


def with_live_region(catalog: Catalog, target: Target, region: str, *, read_on: date | None = None) -> Catalog:
    """``catalog`` with ``region``'s live models.list (from Azure or the emulator) laid over it."""
    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.readers import read_region_models
    from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION

    arm = resolve_region(region)
    subscription = target.subscription or (EMULATOR_SUBSCRIPTION if target.emulator else None)
    if not subscription:
        raise InputError("--live needs a subscription to read the models list with",
                         fix="pass --subscription ID or set AZURE_SUBSCRIPTION_ID")
    items = read_region_models(build_clients(target, subscription), arm)
    day = (read_on or date.today()).isoformat()
    source = Source(key=f"live:{arm}", title=f"live models list ({arm})", as_of=day, live=True)
    return catalog.with_live(arm, items, source)


def _source(source: Source | None) -> str | None:
    return source.key if source else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def report_json(report: ModelsReport) -> dict[str, Any]:
    """Stable JSON of a models report; sources are referenced by key and listed once under `sources`."""
    sources: dict[str, Source] = {}

    def ref(source: Source | None) -> str | None:
        if source is not None:
            sources.setdefault(source.key, source)
        return _source(source)

    models = []
    for row in report.rows:
        mv, a = row.mv, row.assessment
        lc = mv.lifecycle
        models.append({
            "model": mv.model,
            "version": mv.version,
            "format": mv.format,
            "capabilities": dict(sorted(mv.capabilities.items())),
            "lifecycle": {
                "state": a.state,
                "status": lc.status,
                "deprecation_date": _day(lc.deprecation_date),
                "retirement_date": _day(a.retirement_date),
                "qualifier": a.qualifier,
                "days_left": a.days_left,
                "confirmed_retired": lc.confirmed_retired,
                "replacements": list(a.replacements),
                "auto_upgrade_target": lc.auto_upgrade_target,
                "source": ref(a.source),
                "message": a.message,
                "facts": [
                    {"source": ref(f.source), "status": f.lifecycle_status,
                     "deprecation_date": _day(f.deprecation_date), "retirement_date": _day(f.retirement_date),
                     "qualifier": f.retirement_qualifier, "replacement": f.replacement, "skus": list(f.skus)}
                    for f in lc.facts
                ],
                # deployment SKUs whose retirement differs (gpt-4o-mini Standard retired earlier)
                "per_sku": [
                    {"sku": sku, "retirement_date": _day(lifecycle_for(mv, sku).retirement_date),
                     "source": ref(lifecycle_for(mv, sku).retirement_source)}
                    for sku in mv.sku_specific()
                ],
            },
            "fixed_limits": (
                {"tpm": mv.fixed_limits.tpm, "rpm": mv.fixed_limits.rpm, "source": ref(mv.fixed_limits.source)}
                if mv.fixed_limits else None
            ),
            "realtime_api_version": mv.realtime_api_version,
            "offers": [
                {"region": region, "sku": o.name, "usage_name": o.usage_name,
                 "capacity": {"default": o.capacity_default, "minimum": o.capacity_min,
                              "maximum": o.capacity_max, "step": o.capacity_step},
                 "tpm_per_unit": o.tpm_per_unit, "rpm_per_unit": o.rpm_per_unit,
                 "limits_known": o.tpm_per_unit is not None,  # else no source gives per-unit limits
                 "source": ref(o.source)}
                for region in row.regions for o in mv.offers.get(region, ())
            ],
        })
    return {
        "catalog_as_of": report.catalog_as_of,
        "as_of": report.as_of.isoformat(),
        "filters": {"region": report.region, "capability": report.capability, "model": report.model},
        "count": len(models),
        "models": models,
        "sources": {
            key: {"title": s.title, "as_of": s.as_of, "url": s.url, "live": s.live}
            for key, s in sorted(sources.items())
        },
    }
