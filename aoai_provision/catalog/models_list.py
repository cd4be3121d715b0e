"""Read and write ARM `models.list` items (REST and `az cognitiveservices model list` shapes)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from aoai_provision.catalog.resolve import DEPRECATED_STATUSES, lifecycle_for, normalize_status, resolve
from aoai_provision.catalog.types import LifecycleFact, ModelVersion, SkuOffer, Source

DEPLOYABLE_KINDS = ("OpenAI", "AIServices")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_when(value: object) -> date | None:
    """A date from ``2025-06-30``, ``2025-06-30T00:00:00Z`` or an offset form (``+09:00``), in UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _DATE.match(text):
        return date.fromisoformat(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def rest_datetime(day: date) -> str:
    """The REST form of a date-time: ``2025-06-30T00:00:00Z``."""
    return f"{day.isoformat()}T00:00:00Z"


def _map(value: object) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one (live lists and config files may be odd)."""
    return value if isinstance(value, Mapping) else {}


def _int(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    return None


def _per_minute(limits: object, key: str) -> float | None:
    for limit in limits if isinstance(limits, list) else []:
        if isinstance(limit, Mapping) and limit.get("key") == key:
            count, period = limit.get("count"), limit.get("renewalPeriod")
            if isinstance(count, (int, float)) and isinstance(period, (int, float)) and period > 0:
                return float(count) * 60.0 / float(period)
    return None


def parse_sku(raw: Mapping[str, Any], source: Source) -> SkuOffer:
    capacity = _map(raw.get("capacity"))
    tpm = _per_minute(raw.get("rateLimits"), "token")
    rpm = _per_minute(raw.get("rateLimits"), "request")
    return SkuOffer(
        name=str(raw.get("name") or ""),
        usage_name=str(raw.get("usageName") or ""),
        capacity_default=_int(capacity.get("default")),
        capacity_min=_int(capacity.get("minimum")) or 1,
        capacity_max=_int(capacity.get("maximum")),
        capacity_step=_int(capacity.get("step")) or 1,
        tpm_per_unit=round(tpm) if tpm is not None else None,
        rpm_per_unit=round(rpm, 3) if rpm is not None else None,
        deprecation_date=parse_when(raw.get("deprecationDate")),
        source=source,
    )


def _fact(model: Mapping[str, Any], source: Source) -> LifecycleFact:
    raw_status = model.get("lifecycleStatus")
    status = normalize_status(raw_status if isinstance(raw_status, str) else None)
    deprecation = _map(model.get("deprecation"))
    replacement = _map(model.get("replacementConfig"))
    target = " ".join(
        str(replacement[k]) for k in ("targetModelName", "targetModelVersion") if replacement.get(k)
    ) or None
    tentative = str(deprecation.get("deprecationStatus") or "").lower() == "tentative"
    return LifecycleFact(
        source=source,
        lifecycle_status=status,
        retirement_date=parse_when(deprecation.get("inference")),
        # ARM `Deprecated`: inference calls return 410, i.e. the version is retired.
        retirement_qualifier="retired" if status == "Deprecated" else ("no-earlier-than" if tentative else "scheduled"),
        replacement=target,
        auto_upgrade_target=target,
        auto_upgrade_date=parse_when(replacement.get("autoUpgradeStartDate")),
    )


def _sku_facts(model: Mapping[str, Any], offers: tuple[SkuOffer, ...], source: Source) -> list[LifecycleFact]:
    """SKU-limited retirement facts where a SKU's `deprecationDate` differs from the model's date."""
    general = parse_when(_map(model.get("deprecation")).get("inference"))
    return [
        LifecycleFact(source=source, retirement_date=o.deprecation_date, retirement_qualifier="scheduled",
                      skus=(o.name,))
        for o in offers
        if o.deprecation_date is not None and general is not None and o.deprecation_date != general
    ]


def parse_models_list(items: Iterable[Mapping[str, Any]], region: str, source: Source) -> list[ModelVersion]:
    """Model versions offered in ``region`` by a models.list response (REST or az CLI shape).

    Items of kind OpenAI and AIServices describe the same model versions: their SKUs and
    capabilities are merged. Other kinds (MaaS) are not account deployments and are skipped.
    """
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, Mapping) or item.get("kind", "OpenAI") not in DEPLOYABLE_KINDS:
            continue
        model = item.get("model")
        if not isinstance(model, Mapping) or not model.get("name") or model.get("version") is None:
            continue
        key = (str(model["name"]), str(model["version"]))
        entry = merged.setdefault(key, {"model": model, "skus": {}, "caps": {}})
        skus = model.get("skus")
        for sku in skus if isinstance(skus, list) else []:
            if isinstance(sku, Mapping) and sku.get("name"):
                entry["skus"].setdefault(str(sku["name"]), sku)
        for name, value in _map(model.get("capabilities")).items():
            entry["caps"].setdefault(str(name), str(value).lower() if isinstance(value, bool) else str(value))
    versions = []
    for (name, version), entry in merged.items():
        model = entry["model"]
        offers = tuple(parse_sku(sku, source) for sku in entry["skus"].values())
        versions.append(
            ModelVersion(
                model=name,
                version=version,
                format=str(model.get("format") or "OpenAI"),
                capabilities=dict(entry["caps"]),
                lifecycle=resolve([_fact(model, source), *_sku_facts(model, offers, source)]),
                offers={region: offers} if offers else {},
                availability_source=source,
                is_default_version=bool(model.get("isDefaultVersion")),
                max_capacity=_int(model.get("maxCapacity")),
            )
        )
    return versions


def _arm_status(status: str | None) -> str:
    if status in DEPRECATED_STATUSES:
        # Documents say "Deprecated" for versions that still serve until retirement: ARM's Deprecating.
        return "Legacy" if status == "Legacy" else "Deprecating"
    return status if status in ("Preview", "GenerallyAvailable", "Stable") else "GenerallyAvailable"


def render_sku(offer: SkuOffer, deprecation: date | None) -> dict[str, Any]:
    """One models.list SKU; ``deprecation`` is the SKU's retirement date (else the offer's own)."""
    capacity: dict[str, Any] = {}
    if offer.capacity_default is not None:
        capacity["default"] = offer.capacity_default
    if offer.capacity_max is not None:
        capacity["maximum"] = offer.capacity_max
    if offer.capacity_min > 1 or offer.capacity_step > 1:
        capacity["minimum"] = offer.capacity_min
        capacity["step"] = offer.capacity_step
    sku: dict[str, Any] = {"name": offer.name, "usageName": offer.usage_name, "capacity": capacity}
    limits = []
    if offer.rpm_per_unit is not None:
        limits.append({"key": "request", "renewalPeriod": 60.0, "count": float(offer.rpm_per_unit)})
    if offer.tpm_per_unit is not None:
        limits.append({"key": "token", "renewalPeriod": 60.0, "count": float(offer.tpm_per_unit)})
    if limits:
        sku["rateLimits"] = limits
    deprecation = deprecation or offer.deprecation_date
    if deprecation is not None:
        sku["deprecationDate"] = rest_datetime(deprecation)
    return sku


def render_items(mv: ModelVersion, region: str, kinds: Iterable[str] = DEPLOYABLE_KINDS) -> list[dict[str, Any]]:
    """REST models.list items (one per account kind) for a model version offered in ``region``."""
    offers = mv.offers.get(region, ())
    if not offers:
        return []
    lifecycle = mv.lifecycle
    model: dict[str, Any] = {
        "format": mv.format,
        "name": mv.model,
        "version": mv.version,
        "isDefaultVersion": mv.is_default_version,
        "maxCapacity": mv.max_capacity if mv.max_capacity is not None else 3,
        "lifecycleStatus": _arm_status(lifecycle.status),
        "capabilities": dict(mv.capabilities),
    }
    if lifecycle.retirement_date is not None:
        deprecation: dict[str, Any] = {"inference": rest_datetime(lifecycle.retirement_date)}
        if lifecycle.qualifier == "no-earlier-than":
            deprecation["deprecationStatus"] = "Tentative"
        model["deprecation"] = deprecation
    model["skus"] = [render_sku(o, lifecycle_for(mv, o.name).retirement_date) for o in offers]
    system: dict[str, Any] = {"createdBy": "Microsoft", "createdByType": "Application"}
    if _DATE.match(mv.version):
        system["createdAt"] = rest_datetime(date.fromisoformat(mv.version))
    system.update({"lastModifiedBy": "Microsoft", "lastModifiedByType": "Application"})
    if "createdAt" in system:
        system["lastModifiedAt"] = system["createdAt"]
    model["systemData"] = system
    return [{"kind": kind, "skuName": "S0", "model": copy.deepcopy(model)} for kind in kinds]
