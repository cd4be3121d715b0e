"""Catalog rules: region, model, version and SKU exist; offered there; capacity bounds; rate limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from aoai_provision.catalog import regions as region_names
from aoai_provision.catalog import units
from aoai_provision.catalog.types import ModelVersion, SkuOffer
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment
from aoai_provision.spec.skus import known_skus
from aoai_provision.spec.typecheck import did_you_mean, suggest

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog


def _at(d: DesiredDeployment, name: str) -> Location | None:
    return d.locations.get(name, d.location)


def _finding(severity: Severity, code: str, message: str, location: Location | None, account: DesiredAccount,
             d: DesiredDeployment, fix: str | None = None) -> Finding:
    return Finding(severity, code, message, location, fix=fix, resource=f"{account.name}/{d.name}")


def catalog_findings(account: DesiredAccount, catalog: Catalog, skus: list[str] | None = None) -> Iterator[Finding]:
    """Every catalog problem of ``account``'s deployments."""
    skus = skus if skus is not None else known_skus(catalog)
    region_known = region_names.normalize_region(account.region) is not None
    for d in account.deployments:
        if not d.model or not d.version:
            continue
        mv = catalog.get(d.model, d.version)
        if mv is None:
            yield from _unknown_model_or_version(account, d, catalog)
            continue
        if d.sku and d.sku not in skus:
            hint = suggest(d.sku, skus)
            yield _finding(Severity.ERROR, codes.UNKNOWN_SKU, f"unknown deployment SKU '{d.sku}'"
                           + (f"; did you mean '{hint}'?" if hint else ""), _at(d, "sku"), account, d,
                           fix=f"one of: {', '.join(skus)}")
            continue
        if not region_known or not d.sku:
            continue
        offer = mv.offer(account.region, d.sku)
        if offer is None:
            yield _not_offered(account, d, mv)
            continue
        yield from _capacity(account, d, mv, offer)


def _unknown_model_or_version(account: DesiredAccount, d: DesiredDeployment, catalog: Catalog) -> Iterator[Finding]:
    if not catalog.versions(d.model):
        close = catalog.suggest_model(d.model)
        hint = did_you_mean(close)
        yield _finding(Severity.ERROR, codes.UNKNOWN_MODEL, f"unknown model '{d.model}'{hint}", _at(d, "model"),
                       account, d, fix="`aoai-provision models` lists the catalog")
        return
    close = catalog.suggest_version(d.model, d.version)
    known = ", ".join(mv.version for mv in catalog.versions(d.model)[:6])
    hint = did_you_mean(close)
    yield _finding(Severity.ERROR, codes.UNKNOWN_VERSION, f"unknown version '{d.version}' of {d.model}{hint}",
                   _at(d, "version"), account, d, fix=f"known versions (newest first): {known}")


def _not_offered(account: DesiredAccount, d: DesiredDeployment, mv: ModelVersion) -> Finding:
    region = region_names.display_name(account.region)
    elsewhere = [region_names.display_name(r) for r in mv.regions_for(d.sku)]
    here = [o.name for o in mv.offers.get(account.region, ())]
    message = f"{d.model} {d.version} is not offered on {d.sku} in {region}"
    parts = []
    if here:
        parts.append(f"in {region} it is offered on {', '.join(here)}")
    if elsewhere:
        parts.append(f"on {d.sku} it is offered in {', '.join(elsewhere)}")
    if not parts:
        regions = sorted(region_names.display_name(r) for r, offers in mv.offers.items() if offers)
        parts.append(f"it is offered in {', '.join(regions)}" if regions else "the catalog lists no region for it")
    sku_at = d.locations.get("sku")
    where = sku_at if sku_at is not None and not sku_at.path.startswith("defaults") else _at(d, "model")
    return _finding(Severity.ERROR, codes.MODEL_NOT_OFFERED, message, where, account, d, fix="; ".join(parts))


def _capacity(account: DesiredAccount, d: DesiredDeployment, mv: ModelVersion, offer: SkuOffer) -> Iterator[Finding]:
    where = _at(d, "capacity")
    lo, hi, step = offer.capacity_min, offer.capacity_max, offer.capacity_step
    if d.capacity < lo or (hi is not None and d.capacity > hi) or (step > 1 and d.capacity % step):
        bounds = f"{lo}..{hi}" if hi is not None else f"at least {lo}"
        step_text = f" in steps of {step}" if step > 1 else ""
        tpu = units.tpm_per_unit(offer)
        yield _finding(Severity.ERROR, codes.CAPACITY_OUT_OF_BOUNDS,
                       f"capacity {d.capacity} is outside {d.sku}'s bounds for {d.model} {d.version}: "
                       f"{bounds}{step_text} units (1 unit = {units.format_quantity(tpu)} TPM)",
                       where, account, d, fix="change capacity or rate_limit to fit the bounds")
    fixed = mv.fixed_limits
    if fixed is not None:
        yield from _fixed(account, d, mv, offer)
        return
    yield from _consistency(account, d, offer)


def _consistency(account: DesiredAccount, d: DesiredDeployment, offer: SkuOffer) -> Iterator[Finding]:
    where = _at(d, "rate_limit")
    tpu = units.tpm_per_unit(offer)
    q = units.format_quantity
    if d.requested_tpm is not None and units.tpm_for(d.capacity, offer) != d.requested_tpm:
        yield _finding(Severity.ERROR, codes.RATE_LIMIT_MISMATCH,
                       f"tpm {q(d.requested_tpm)} does not match {d.capacity} units: {d.model} on {d.sku} gives "
                       f"{q(tpu)} TPM per unit, so {d.capacity} units give {q(units.tpm_for(d.capacity, offer))} TPM",
                       where, account, d, fix=_tpm_fix(d, offer))
        return
    rpm = d.requested_rpm
    if rpm is not None and offer.rpm_per_unit and units.capacity_for_rpm(rpm, offer) != d.capacity:
        derived = units.rpm_for(d.capacity, offer)
        yield _finding(Severity.ERROR, codes.RATE_LIMIT_MISMATCH,
                       f"rpm {q(rpm)} does not match the TPM: {d.model} on {d.sku} gives "
                       f"{offer.rpm_per_unit:g} RPM per unit ({q(tpu)} TPM), so {d.capacity} units give "
                       f"{q(derived)} RPM", where, account, d,
                       fix=f"set rpm: {q(derived)} or drop rpm (it follows from the TPM)")


def _tpm_fix(d: DesiredDeployment, offer: SkuOffer) -> str:
    """The fix for a TPM that disagrees with the capacity: not a whole number of units, or a different capacity."""
    q = units.format_quantity
    tpu = units.tpm_per_unit(offer)
    if d.requested_tpm is not None and d.requested_tpm % tpu == 0:
        return (f"capacity {d.capacity} and tpm {q(d.requested_tpm)} disagree: set tpm: "
                f"{q(units.tpm_for(d.capacity, offer))}, or give only one of capacity and rate_limit")
    return f"use a multiple of {q(tpu)} TPM"


def _fixed(account: DesiredAccount, d: DesiredDeployment, mv: ModelVersion, offer: SkuOffer) -> Iterator[Finding]:
    fixed = mv.fixed_limits
    assert fixed is not None
    q = units.format_quantity
    asked_tpm = d.requested_tpm if d.requested_tpm is not None else units.tpm_for(d.capacity, offer)
    differs = []
    if fixed.tpm is not None and asked_tpm != fixed.tpm:
        differs.append(f"{q(asked_tpm)} TPM")
    if fixed.rpm is not None and d.requested_rpm is not None and d.requested_rpm != fixed.rpm:
        differs.append(f"{q(d.requested_rpm)} RPM")
    if not differs:
        return
    enforced = " and ".join(p for p in (f"{q(fixed.tpm)} TPM" if fixed.tpm else "",
                                        f"{q(fixed.rpm)} RPM" if fixed.rpm else "") if p)
    yield _finding(Severity.WARNING, codes.FIXED_RATE_LIMIT,
                   f"{d.model} {d.version} has fixed limits: the service enforces {enforced} per deployment "
                   f"whatever is requested ({' and '.join(differs)} asked; {fixed.source.cite()})",
                   _at(d, "rate_limit") if "rate_limit" in d.locations else _at(d, "capacity"), account, d,
                   fix=f"request {enforced} to match what you get")
