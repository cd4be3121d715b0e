"""verify reports: a text table, JSON for scripts, JUnit XML for CI test tabs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from aoai_provision.verify.model import Outcome, VerifyResult


def reason(result: VerifyResult) -> str:
    """`404 DeploymentNotFound: The API deployment ...` (or the skip reason)."""
    head = " ".join(x for x in (str(result.status) if result.status and result.status != 101 else "",
                                result.code or "") if x)
    return f"{head}: {result.message}" if head and result.message else (result.message or head)


def result_json(result: VerifyResult) -> dict[str, Any]:
    c = result.check
    return {"address": c.address, "account": c.account, "deployment": c.deployment, "probe": c.probe.value,
            "model": c.model, "version": c.version, "outcome": result.outcome.value,
            "status": result.status, "code": result.code, "message": result.message,
            "first_byte_ms": result.first_byte_ms, "seconds": round(result.seconds, 3),
            "attempts": result.attempts, "answered_model": result.answered_model,
            "answered_version": result.answered_version, "notes": list(result.notes)}


def render_json(results: list[VerifyResult]) -> str:
    counts = {o.value: sum(1 for r in results if r.outcome is o) for o in Outcome}
    return json.dumps({"ok": all(r.ok for r in results), "summary": counts,
                       "deployments": [result_json(r) for r in results]}, indent=2) + "\n"


def render_text(results: list[VerifyResult]) -> str:
    lines = []
    for r in results:
        c = r.check
        mark = {Outcome.OK: "ok", Outcome.FAILED: "FAILED", Outcome.SKIPPED: "skipped"}[r.outcome]
        latency = f"{r.first_byte_ms:.0f} ms" if r.first_byte_ms is not None else "-"
        answered = " ".join(x for x in (r.answered_model, r.answered_version) if x) or "-"
        lines.append(f"  {mark:<8} {c.address:<56} {c.probe.value:<13} {latency:>8}  {answered}")
        if r.outcome is not Outcome.OK:
            lines.append(f"           {reason(r)}")
        for note in r.notes:
            lines.append(f"           note: {note}")
    ok, failed, skipped = (sum(1 for r in results if r.outcome is o) for o in Outcome)
    verdict = "passed" if failed == 0 else "FAILED"
    lines.append(f"Verify {verdict}: {ok} ok, {failed} failed, {skipped} skipped.")
    return "\n".join(lines) + "\n"


def render_junit(results: list[VerifyResult], name: str = "aoai-provision verify") -> str:
    root = ET.Element("testsuites", name=name)
    suite = ET.SubElement(root, "testsuite", name=name)
    for r in results:
        c = r.check
        case = ET.SubElement(suite, "testcase", classname=f"aoai-provision.verify.{c.account}",
                             name=f"{c.deployment} ({c.probe.value}: {c.model} {c.version})",
                             time=f"{r.seconds:.3f}")
        if r.outcome is Outcome.FAILED:
            ET.SubElement(case, "failure", message=reason(r), type=r.code or "Failed").text = reason(r)
        elif r.outcome is Outcome.SKIPPED:
            ET.SubElement(case, "skipped", message=r.message or "skipped")
        if r.notes:
            ET.SubElement(case, "system-out").text = "\n".join(r.notes)
    failures = sum(1 for r in results if r.outcome is Outcome.FAILED)
    skipped = sum(1 for r in results if r.outcome is Outcome.SKIPPED)
    for element in (suite, root):
        element.set("tests", str(len(results)))
        element.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", f"{sum(r.seconds for r in results):.3f}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
