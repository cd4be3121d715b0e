"""GitHub Actions workflow-command annotations (`::error file=…,line=…::msg`) for findings."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from aoai_provision.findings import Finding, Severity

# GitHub's annotation levels; our `info` is GitHub's `notice`.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (after `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`): also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_path(file: str, workspace: str | None = None) -> str:
    """The path GitHub matches against the repository: relative to GITHUB_WORKSPACE, with `/`.

    A path inside the workspace (absolute, or relative to the current directory) becomes
    relative to it; anything else is kept as given, minus a leading `./` (GitHub then lists the
    annotation on the run instead of on a file).
    """
    workspace = workspace if workspace is not None else os.environ.get("GITHUB_WORKSPACE", "")
    if workspace:
        relative = os.path.relpath(os.path.abspath(file), os.path.abspath(workspace))
        if relative != ".." and not relative.startswith(".." + os.sep):
            return relative.replace(os.sep, "/")
    path = file.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def format_annotation(finding: Finding, *, workspace: str | None = None) -> str:
    """One `::level file=…,line=…,col=…,title=CODE::message` line for a finding."""
    props: list[tuple[str, str]] = []
    loc = finding.location
    if loc is not None and loc.file:
        props.append(("file", annotation_path(loc.file, workspace)))
        if loc.line:
            props.append(("line", str(loc.line)))
            if loc.column:
                props.append(("col", str(loc.column)))
    props.append(("title", finding.code))
    message = finding.message
    if (loc is None or not loc.file) and finding.resource:
        message = f"{finding.resource}: {message}"
    if finding.fix:
        message += f"\nFix: {finding.fix}"
    prop_text = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{LEVELS[finding.severity]} {prop_text}::{escape_data(message)}"


def emit_github_annotations(findings: Iterable[Finding], stream: TextIO | None = None) -> int:
    """Print one annotation line per finding to `stream` (default stdout); returns the count.

    Findings with a location annotate that line of the file in the pull request / run view;
    findings without one appear in the run's annotation list. The runner reads workflow
    commands on stdout and stderr alike.
    """
    out = stream if stream is not None else sys.stdout
    count = 0
    for finding in findings:
        out.write(format_annotation(finding) + "\n")
        count += 1
    out.flush()
    return count


def github_annotate(findings: Iterable[Finding], stream: TextIO | None = None) -> int:
    """Emit annotations only inside GitHub Actions (no-op elsewhere); stderr by default.

    Call this from a command after it has its findings: stderr keeps machine-readable stdout
    (`--format json|sarif|junit`) clean, and GitHub reads workflow commands on either stream.
    """
    from aoai_provision.cli.console import in_github_actions

    if not in_github_actions():
        return 0
    return emit_github_annotations(findings, stream if stream is not None else sys.stderr)
