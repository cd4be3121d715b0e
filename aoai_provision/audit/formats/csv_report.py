"""CSV: one row per finding with the deployment's facts, for spreadsheets and simple scripts."""

from __future__ import annotations

import csv
import io

from aoai_provision.audit.model import AuditReport
from aoai_provision.audit.rules import rule_for

COLUMNS = (
    "severity", "code", "rule", "environment", "account", "region", "deployment", "model", "version",
    "sku", "capacity", "lifecycle_status", "deprecation_date", "retirement_date", "retirement_qualifier",
    "days_left", "upgrade_policy", "consequence", "replacement", "retirement_source", "file", "line",
    "gated", "message",
)


def render_csv(report: AuditReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in report.shown:
        d = f.details
        life = d.get("lifecycle") or {}
        rep = d.get("replacement")
        rule = rule_for(f.code)
        writer.writerow([
            f.severity.value, f.code, rule.name if rule else "", d.get("environment", ""), d.get("account", ""),
            d.get("region", ""), d.get("deployment", ""), d.get("model", ""), d.get("version", ""),
            d.get("sku", ""), _s(d.get("capacity")), _s(life.get("status")), _s(life.get("deprecation_date")),
            _s(life.get("retirement_date")), _s(life.get("retirement_qualifier")), _s(life.get("days_left")),
            _s(d.get("upgrade_policy")), _s(d.get("consequence")),
            f"{rep['model']} {rep['version']}" if rep else "", _s((d.get("sources") or {}).get("retirement_date")),
            f.location.file if f.location else "", _s(f.location.line if f.location else None),
            "yes" if report.is_gated(f) else "no", f.message,
        ])
    return out.getvalue()


def _s(value: object) -> str:
    return "" if value is None else str(value)
