"""Audit report formatters: table, json, markdown, sarif, junit and csv (strings or rich renderables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aoai_provision.findings import Finding

if TYPE_CHECKING:
    from aoai_provision.audit.model import AuditReport

FORMATS = ("table", "json", "markdown", "sarif", "junit", "csv")


def finding_cells(f: Finding) -> list[str]:
    """The columns both tables show for a finding: deployment, model, region/SKU, retirement, days, target, where."""
    d = f.details
    life = d.get("lifecycle") or {}
    rep = d.get("replacement")
    retire = str(life.get("retirement_date") or "")
    if retire and life.get("retirement_qualifier") == "no-earlier-than":
        retire = f"no earlier than {retire}"
    return [
        f"{d.get('account')}/{d.get('deployment')}",
        f"{d.get('model')} {d.get('version')}",
        f"{d.get('region')} / {d.get('sku')}",
        retire,
        "" if life.get("days_left") is None else str(life.get("days_left")),
        f"{rep['model']} {rep['version']}" if rep else "",
        str(f.location) if f.location else (f.resource or ""),
    ]


def sources_text(report: AuditReport, separator: str) -> str:
    """Where the facts came from: the bundled catalog (with its date), then the live regions."""
    sources = f"bundled catalog as of {report.catalog_as_of}" if report.catalog_as_of else "bundled catalog"
    if report.live_regions:
        sources += f"{separator}live models API for {', '.join(report.live_regions)}"
    return sources
