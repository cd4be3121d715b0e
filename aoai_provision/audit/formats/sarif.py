"""SARIF 2.1.0 output: one run, the audit rules with help, results at the YAML line of each deployment."""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import PurePath
from typing import Any

from aoai_provision import __version__
from aoai_provision.audit.model import AuditReport
from aoai_provision.audit.rules import RULES, rule_for
from aoai_provision.findings import Finding, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def relative_uri(file: str, root: str | None) -> str:
    """``file`` as a forward-slash URI reference relative to ``root`` (the working directory)."""
    path = PurePath(file)
    if root and path.is_absolute():
        try:
            path = path.relative_to(PurePath(root))
        except ValueError:
            return path.as_uri()
    text = posixpath.normpath(path.as_posix())
    return text.replace(" ", "%20")


def report_to_sarif(report: AuditReport, *, root: str | None = None) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log; ``root`` is the absolute working directory."""
    index = {rule.code: i for i, rule in enumerate(RULES)}
    results = [_result(f, index, root, report) for f in report.shown]
    notifications = [{"level": "warning", "message": {"text": text}} for text in report.notices]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "aoai-provision",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule",
                "rules": [
                    {
                        "id": rule.code,
                        "name": rule.name,
                        "shortDescription": {"text": rule.summary},
                        "fullDescription": {"text": rule.help},
                        "help": {"text": rule.help, "markdown": f"**{rule.summary}**\n\n{rule.help}"},
                        "helpUri": rule.help_uri,
                        "defaultConfiguration": {"level": LEVELS[rule.severity]},
                    }
                    for rule in RULES
                ],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": results,
        "properties": {
            "asOf": report.as_of.isoformat(),
            "catalogAsOf": report.catalog_as_of,
            "liveRegions": list(report.live_regions),
        },
    }
    if root:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": PurePath(root).as_uri().rstrip("/") + "/"}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _result(f: Finding, index: dict[str, int], root: str | None, report: AuditReport) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS[f.severity],
        "message": {"text": f.message + (f" Fix: {f.fix}." if f.fix else "")},
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    location: dict[str, Any] = {}
    if f.location is not None and f.location.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": relative_uri(f.location.file, root)}}
        if root and not physical["artifactLocation"]["uri"].startswith("file:"):
            physical["artifactLocation"]["uriBaseId"] = "SRCROOT"
        if f.location.line:
            physical["region"] = {"startLine": f.location.line, "startColumn": max(f.location.column, 1)}
        location["physicalLocation"] = physical
    if f.resource:
        location["logicalLocations"] = [{"fullyQualifiedName": f.resource, "kind": "resource"}]
    if location:
        result["locations"] = [location]
    identity = f"{f.code}|{f.details.get('key', f.resource)}|{f.details.get('version', '')}"
    result["partialFingerprints"] = {"aoaiProvision/v1": hashlib.sha256(identity.encode()).hexdigest()[:32]}
    props = {k: f.details.get(k) for k in ("environment", "account", "region", "deployment", "model", "version",
                                           "sku", "date", "consequence") if f.details.get(k) is not None}
    rule = rule_for(f.code)
    if rule is not None:
        props["rule"] = rule.name
    props["gated"] = report.is_gated(f)
    result["properties"] = props
    return result


def render_sarif(report: AuditReport, *, root: str | None = None) -> str:
    return json.dumps(report_to_sarif(report, root=root), indent=2) + "\n"
