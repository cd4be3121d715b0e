"""The model catalog: lookups with suggestions, a live models.list overlay, emulator model lists."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any

from aoai_provision.catalog.models_list import parse_models_list, render_items
from aoai_provision.catalog.resolve import resolve
from aoai_provision.catalog.types import LifecycleFact, ModelVersion, SkuOffer, Source

_DATE_IN = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def version_sort_key(version: str) -> tuple[int, str, str]:
    """Versions with a date sort by that date (then spelling); undated ones sort below, lexically."""
    found = _DATE_IN.search(version)
    return (1, found.group(0), version) if found else (0, version.lower().zfill(8), version)


class Catalog:
    """Immutable set of model versions; ``as_of`` is the date the bundled data describes."""

    def __init__(self, versions: Iterable[ModelVersion], as_of: str, live_regions: Iterable[str] = ()) -> None:
        self.as_of = as_of
        self.live_regions: frozenset[str] = frozenset(live_regions)
        self._all = sorted(versions, key=lambda mv: (mv.model, version_sort_key(mv.version)))
        self._by_key: dict[tuple[str, str], ModelVersion] = {(mv.model, mv.version): mv for mv in self._all}
        self._by_model: dict[str, list[ModelVersion]] = {}
        for mv in self._all:
            self._by_model.setdefault(mv.model, []).append(mv)
        for group in self._by_model.values():
            group.sort(key=lambda mv: version_sort_key(mv.version), reverse=True)

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, model: str, version: str) -> ModelVersion | None:
        return self._by_key.get((model, str(version)))

    def versions(self, model: str) -> list[ModelVersion]:
        """All versions of ``model``, newest first."""
        return list(self._by_model.get(model, ()))

    def models(self) -> list[str]:
        return sorted(self._by_model)

    def all(self) -> list[ModelVersion]:
        return list(self._all)

    def regions(self) -> list[str]:
        """Regions where any model version is offered."""
        return sorted({region for mv in self._all for region, offers in mv.offers.items() if offers})

    @cached_property
    def _sku_names(self) -> tuple[str, ...]:
        names: dict[str, str] = {}
        for mv in self._all:
            for offers in mv.offers.values():
                for offer in offers:
                    names.setdefault(offer.name.lower(), offer.name)
        return tuple(names.values())

    def sku_names(self) -> tuple[str, ...]:
        """Every SKU name the offers use (first spelling seen per case-insensitive name); computed once."""
        return self._sku_names

    def suggest_model(self, name: str, n: int = 3) -> list[str]:
        """Close model names for a mistyped one (case-insensitive)."""
        lowered = {m.lower(): m for m in self._by_model}
        if name.lower() in lowered and lowered[name.lower()] != name:
            return [lowered[name.lower()]]
        matches = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)
        return [lowered[m] for m in matches]

    def suggest_version(self, model: str, version: str, n: int = 3) -> list[str]:
        """Versions of ``model`` close to ``version``; all its versions (newest first) when none is close."""
        known = [mv.version for mv in self.versions(model)]
        lowered = {v.lower(): v for v in known}
        text = str(version)
        if text.lower() in lowered:
            return [lowered[text.lower()]]
        close = difflib.get_close_matches(text.lower(), list(lowered), n=n, cutoff=0.6)
        return [lowered[v] for v in close] or known[:5]

    # -- live data and emulator data -------------------------------------------------------------
    def with_live(self, region: str, items: list[dict[str, Any]], source: Source) -> Catalog:
        """A new catalog with a region's live models.list response laid over the bundled data.

        For that region, offers come from the live list only. Live lifecycle facts (status,
        deprecation and retirement dates, replacement) are added and take precedence. A version
        the bundled data offered there but the live list lacks is no longer offered there, and is
        confirmed retired when the list still serves other versions of the model or the bundled
        retirement date lies before the list's as-of date.
        """
        live = {(mv.model, mv.version): mv for mv in parse_models_list(items, region, source)}
        live_models = {model for model, _ in live}
        read_on = _iso_date(source.as_of)
        out: list[ModelVersion] = []
        for mv in self._all:
            found = live.pop((mv.model, mv.version), None)
            if found is not None:
                out.append(_merge_live(mv, found, region))
                continue
            had_offer = bool(mv.offers.get(region))
            offers = {r: o for r, o in mv.offers.items() if r != region}
            if not had_offer:
                out.append(mv if offers == dict(mv.offers) else replace(mv, offers=offers))
                continue
            facts = mv.lifecycle.facts
            retired_before = mv.lifecycle.retirement_date is not None and read_on is not None and (
                mv.lifecycle.retirement_date <= read_on
            )
            if mv.model in live_models or retired_before:
                when = mv.lifecycle.retirement_date if retired_before else read_on
                facts = (*facts, LifecycleFact(source=source, retirement_date=when, retirement_qualifier="retired"))
            out.append(replace(mv, offers=offers, lifecycle=resolve(facts)))
        out.extend(live.values())
        return Catalog(out, self.as_of, self.live_regions | {region})

    def models_list(self, region: str) -> list[dict[str, Any]]:
        """REST models.list items for ``region``: every offered version except confirmed-retired ones."""
        items: list[dict[str, Any]] = []
        for mv in self._all:
            if not mv.lifecycle.confirmed_retired:
                items.extend(render_items(mv, region))
        return items


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _merge_live(bundled: ModelVersion, live: ModelVersion, region: str) -> ModelVersion:
    offers: dict[str, tuple[SkuOffer, ...]] = dict(bundled.offers)
    offers[region] = _fill_limits(live.offers.get(region, ()), bundled.offers)
    capabilities: Mapping[str, str] = {**bundled.capabilities, **live.capabilities}
    return replace(
        bundled,
        capabilities=capabilities,
        offers=offers,
        lifecycle=resolve((*bundled.lifecycle.facts, *live.lifecycle.facts)),
        is_default_version=live.is_default_version,
        max_capacity=live.max_capacity if live.max_capacity is not None else bundled.max_capacity,
    )


def _fill_limits(live: tuple[SkuOffer, ...], bundled: Mapping[str, tuple[SkuOffer, ...]]) -> tuple[SkuOffer, ...]:
    """Keep bundled per-unit limits for live SKUs that do not state them (live values win)."""
    known = {o.name.lower(): o for offers in bundled.values() for o in offers if o.tpm_per_unit or o.rpm_per_unit}
    filled = []
    for offer in live:
        other = known.get(offer.name.lower())
        if other is not None and (offer.tpm_per_unit is None or offer.rpm_per_unit is None):
            offer = replace(
                offer,
                tpm_per_unit=offer.tpm_per_unit if offer.tpm_per_unit is not None else other.tpm_per_unit,
                rpm_per_unit=offer.rpm_per_unit if offer.rpm_per_unit is not None else other.rpm_per_unit,
            )
        filled.append(offer)
    return tuple(filled)
