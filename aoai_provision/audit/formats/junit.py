"""JUnit XML: one test case per audited deployment; errors and gated findings are failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from aoai_provision.audit.model import AuditedDeployment, AuditReport
from aoai_provision.findings import Finding, Severity


def _case_name(d: AuditedDeployment) -> str:
    s = d.subject
    origin = " [azure]" if s.origin == "azure" else ""
    return f"{s.account}/{s.deployment} ({s.model} {s.version}, {s.region} {s.sku}){origin}"


def render_junit(report: AuditReport) -> str:
    """A <testsuites> document with one <testsuite> per environment."""
    by_env: dict[str, list[AuditedDeployment]] = defaultdict(list)
    for d in report.deployments:
        by_env[d.subject.environment or d.subject.subscription or "subscription"].append(d)
    root = ET.Element("testsuites", name="aoai-provision audit")
    total_failures = 0
    for env, deployments in by_env.items():
        suite = ET.SubElement(root, "testsuite", name=f"audit {env}", timestamp=report.as_of.isoformat())
        failures = 0
        for d in deployments:
            case = ET.SubElement(suite, "testcase", name=_case_name(d), classname=f"aoai-provision.audit.{env}")
            if d.subject.location is not None:
                case.set("file", d.subject.location.file)
                if d.subject.location.line:
                    case.set("line", str(d.subject.location.line))
            found = report.findings_for(d)
            failing = [f for f in found if f.severity is Severity.ERROR or report.is_gated(f)]
            if failing:
                failures += 1
                first = failing[0]
                failure = ET.SubElement(case, "failure", message=first.message, type=first.code)
                failure.text = "\n".join(_line(f, report) for f in failing)
            others = [f for f in found if f not in failing]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(f, report) for f in others)
        suite.set("tests", str(len(deployments)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_failures += failures
    root.set("tests", str(len(report.deployments)))
    root.set("failures", str(total_failures))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _line(f: Finding, report: AuditReport) -> str:
    gate = " [within --fail-within]" if report.is_gated(f) else ""
    return f.format_line() + gate
