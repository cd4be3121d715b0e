#!/usr/bin/env python3
"""Build aoai_provision/catalog/data/catalog.json from the reference catalog and real models lists.

Usage: python scripts/build_catalog.py REFERENCE_DIR [--out PATH]

REFERENCE_DIR holds catalog/models_lifecycle.json and models-lists/*.json (see their README and
SOURCES.md). Every fact keeps its source; lifecycle resolution happens at load time in
aoai_provision.catalog.resolve, so the JSON holds facts, not conclusions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog_sources import (  # noqa: E402
    DOC_SOURCES,
    LIST_COMMIT,
    LIST_SOURCES,
    MATRIX_PATH,
    REALTIME_URI,
    SEED,
    availability_source,
    capabilities_for,
    default_version,
    facts_from_row,
    matrix_capabilities,
    row_keys,
)

from aoai_provision.catalog.codec import dump  # noqa: E402
from aoai_provision.catalog.endpoint_forms import PREVIEW_REALTIME_API_VERSION, REALTIME_WEBSOCKETS  # noqa: E402
from aoai_provision.catalog.models_list import parse_models_list  # noqa: E402
from aoai_provision.catalog.resolve import resolve  # noqa: E402
from aoai_provision.catalog.types import FixedLimits, LifecycleFact, ModelVersion, SkuOffer, Source  # noqa: E402

LIST_REGIONS = ("swedencentral", "japaneast", "westus2")
# Fixed per-deployment limits of the 2024-12-17 audio/realtime previews (Feb-2025 docs, the seed).
FIXED_PREVIEWS = ("gpt-4o-realtime-preview", "gpt-4o-mini-realtime-preview", "gpt-4o-audio-preview",
                  "gpt-4o-mini-audio-preview")
# A sibling whose real list entry lends capacity bounds / per-unit limits when a version has none.
SIBLINGS = {"gpt-4o-mini-audio-preview": "gpt-4o-audio-preview"}


def load_lists(reference: Path) -> dict[tuple[str, str], ModelVersion]:
    """Every OpenAI-format model version of the real lists, offers merged across regions."""
    merged: dict[tuple[str, str], ModelVersion] = {}
    for region in LIST_REGIONS:
        items = json.loads((reference / "models-lists" / f"{region}.json").read_text(encoding="utf-8"))
        for mv in parse_models_list(items, region, LIST_SOURCES[region]):
            if mv.format != "OpenAI":
                continue
            key = (mv.model, mv.version)
            if key in merged:
                old = merged[key]
                merged[key] = ModelVersion(
                    model=old.model, version=old.version, format=old.format,
                    capabilities={**mv.capabilities, **old.capabilities},
                    lifecycle=resolve((*old.lifecycle.facts, *mv.lifecycle.facts)),
                    offers={**old.offers, **mv.offers}, availability_source=old.availability_source,
                    is_default_version=old.is_default_version or mv.is_default_version,
                    max_capacity=old.max_capacity,
                )
            else:
                merged[key] = mv
    return merged


def template_offer(
    key: tuple[str, str], sku: str, lists: dict[tuple[str, str], ModelVersion]
) -> tuple[SkuOffer, tuple[str, str]] | None:
    """A real list entry to borrow capacity bounds and per-unit limits from, and whose it is.

    Tried in order: the same model version in another region, its sibling model (same version),
    then another version of the same model (newest first).
    """
    others = sorted((k for k in lists if k[0] == key[0] and k != key), key=lambda k: k[1], reverse=True)
    for candidate in (key, (SIBLINGS.get(key[0], ""), key[1]), *others):
        mv = lists.get(candidate)
        for region in LIST_REGIONS if mv is not None else ():
            offer = mv.offer(region, sku)  # type: ignore[union-attr]
            if offer is not None:
                return offer, candidate
    return None


def derived_offer(key: tuple[str, str], sku: str, avail: Source, lists: dict[tuple[str, str], ModelVersion]) -> SkuOffer:
    found = template_offer(key, sku, lists)
    usage = f"OpenAI.{sku}.{key[0]}"
    if found is None or found[0].source is None:
        return SkuOffer(name=sku, usage_name=usage, source=avail)
    template, donor = found
    listed = template.source
    assert listed is not None
    borrowed = "" if donor == key else f" of {donor[0]} {donor[1]}"
    source = Source(
        key=f"{avail.key}+{listed.key}" + ("" if donor == key else f"+{donor[0]}@{donor[1]}"),
        title=f"{avail.title}; capacity bounds and per-unit limits{borrowed} from {listed.title} (as of {listed.as_of})",
        as_of=avail.as_of,
        url=avail.url,
    )
    return SkuOffer(
        name=sku, usage_name=usage, capacity_default=template.capacity_default,
        capacity_min=template.capacity_min, capacity_max=template.capacity_max,
        capacity_step=template.capacity_step, tpm_per_unit=template.tpm_per_unit,
        rpm_per_unit=template.rpm_per_unit, source=source,
    )


def build(reference: Path) -> dict[str, object]:
    rows = json.loads((reference / "catalog" / "models_lifecycle.json").read_text(encoding="utf-8"))
    lists = load_lists(reference)
    documented = matrix_capabilities((reference / MATRIX_PATH).read_text(encoding="utf-8"))
    facts: dict[tuple[str, str | None], list[LifecycleFact]] = {}
    availability: dict[tuple[str, str], dict[tuple[str, str], Source]] = {}
    categories: dict[tuple[str, str], tuple[str, bool]] = {}
    defaults: dict[str, tuple[str, str]] = {}  # model -> (as_of, default version) from the default-version tables
    for row in rows:
        default = default_version(row)
        if default and default[0] > defaults.get(str(row["model"]), ("", ""))[0]:
            defaults[str(row["model"])] = default
        for key in row_keys(row, lists):
            facts.setdefault(key, []).extend(facts_from_row(row, key))
            if key[1] is None:
                continue
            categories.setdefault((key[0], key[1]), (row.get("category") or "", bool(row.get("is_audio_or_realtime"))))
            for entry in row.get("availability") or []:
                source = availability_source(entry["source"])
                for region in entry["regions"]:
                    slot = availability.setdefault((key[0], key[1]), {})
                    current = slot.get((entry["sku"], region))
                    if current is None or current.as_of < source.as_of:
                        slot[(entry["sku"], region)] = source
    # The seed's "global deployments in East US 2 and Sweden Central" covered the then-current
    # realtime preview 2024-10-01 as well (it retired later, on 2025-03-26).
    for region in ("eastus2", "swedencentral"):
        availability.setdefault(("gpt-4o-realtime-preview", "2024-10-01"), {})[("GlobalStandard", region)] = SEED

    keys = {k for k in facts if k[1] is not None} | set(lists)
    versions: list[ModelVersion] = []
    for model, version in sorted(k for k in keys if k[1] is not None):  # type: ignore[type-var]
        key = (model, version)
        listed = lists.get(key)
        all_facts = [*facts.get(key, []), *facts.get((model, None), []), *(listed.lifecycle.facts if listed else [])]
        offers: dict[str, list[SkuOffer]] = {r: list(o) for r, o in (listed.offers.items() if listed else [])}
        for (sku, region), avail in sorted(availability.get(key, {}).items()):
            if not any(o.name.lower() == sku.lower() for o in offers.get(region, [])):
                offers.setdefault(region, []).append(derived_offer(key, sku, avail, lists))
        category, audio_or_rt = categories.get(key, ("", False))
        caps = capabilities_for(model, category, audio_or_rt, dict(listed.capabilities) if listed else {},
                                documented.get(key))
        realtime = caps.get("realtime") == "true"
        fixed = FixedLimits(100_000, 1_000, SEED) if model in FIXED_PREVIEWS and version == "2024-12-17" else None
        # Only preview realtime models take an api-version (the GA form is /openai/v1/realtime?model=).
        rt_version, rt_source = (None, None)
        if realtime and model.endswith("-preview"):
            rt_version, rt_source = (("2024-10-01-preview", REALTIME_URI) if version == "2024-10-01"
                                     else (PREVIEW_REALTIME_API_VERSION, REALTIME_WEBSOCKETS))
        versions.append(ModelVersion(
            model=model, version=version, format="OpenAI", capabilities=caps,
            lifecycle=resolve(all_facts), offers={r: tuple(o) for r, o in sorted(offers.items())},
            availability_source=listed.availability_source if listed else None,
            fixed_limits=fixed, realtime_api_version=rt_version, realtime_api_version_source=rt_source,
            is_default_version=(version == defaults[model][1]) if model in defaults
            else (listed.is_default_version if listed else False),
            max_capacity=listed.max_capacity if listed else None,
        ))
    as_of = max(s.as_of for s in DOC_SOURCES.values() if s.as_of[:4].isdigit() and len(s.as_of) == 10)
    note = (f"Lifecycle facts from MicrosoftDocs/azure-ai-docs sources up to {as_of}; GlobalStandard "
            f"availability as of 2026-07-23; SKUs, capacity bounds and per-unit limits from real "
            f"`az cognitiveservices model list` output of 2025-04-10 (ayuina/ainaba-csa-blog@{LIST_COMMIT[:8]}).")
    return dump(versions, as_of, note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="the reference folder (holds catalog/ and models-lists/)")
    default_out = Path(__file__).resolve().parent.parent / "aoai_provision" / "catalog" / "data" / "catalog.json"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    data = build(args.reference)
    args.out.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['models'])} model versions, as of {data['as_of']})")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
