"""The stable JSON audit report (`format_version: 1`, documented in docs/audit-json.md)."""

from __future__ import annotations

import json
from typing import Any

from aoai_provision import __version__
from aoai_provision.audit.model import FORMAT_VERSION, AuditReport
from aoai_provision.audit.rules import rule_for


def report_to_json(report: AuditReport) -> dict[str, Any]:
    """The report as a JSON-ready dict; keys and meanings are stable within a format_version."""
    shown = report.shown
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "aoai-provision", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "warn_within_days": report.warn_within,
        "fail_within_days": report.fail_within,
        "min_severity": report.min_severity.value,
        "inputs": list(report.inputs),
        "catalog": {
            "bundled_as_of": report.catalog_as_of or None,
            "live_regions": list(report.live_regions),
        },
        "notices": list(report.notices),
        "summary": {
            "deployments": len(report.deployments),
            "findings": len(shown),
            **report.counts(),
            "gated": len(report.gated),
            "exit_code": report.exit_code,
        },
        "deployments": [d.to_json() for d in report.deployments],
        "findings": [
            {
                "severity": f.severity.value,
                "code": f.code,
                "rule": (rule.name if (rule := rule_for(f.code)) else None),
                "message": f.message,
                "fix": f.fix,
                "resource": f.resource,
                "location": f.location.to_json() if f.location else None,
                "date": f.details.get("date"),
                "gated": report.is_gated(f),
                "deployment": f.details.get("key"),
            }
            for f in shown
        ],
    }


def render_json(report: AuditReport) -> str:
    return json.dumps(report_to_json(report), indent=2, sort_keys=False) + "\n"
