"""Text edits of environment files: scalars swapped in place (quoting and comments kept), overrides added."""

from __future__ import annotations

from aoai_provision.audit.upgrade import Edit
from aoai_provision.audit.yaml_edit import apply_edits, detect_indent
from aoai_provision.findings import Location


def at(line: int, column: int) -> Location:
    return Location("f.yaml", line, column)


def test_in_place_keeps_quote_style_and_comment_column() -> None:
    text = (
        "a:\n"
        "  version: \"2024-10-01\"   # double\n"
        "  other: {model: old-model, version: '001'}  # flow\n"
        "  plain: 2024-10-01\n"
        "  multi: {\n"
        "    version: 0613,\n"
        "  }\n"
    )
    edits = [
        Edit("in-place", "version", "2025-08-28", location=at(2, 12)),
        Edit("in-place", "model", "gpt-realtime", location=at(3, 18)),
        Edit("in-place", "version", "002", location=at(3, 38)),
        Edit("in-place", "plain", "2025-01-01", location=at(4, 3)),  # location at the key: value follows
        Edit("in-place", "version", "1106", location=at(6, 14)),
    ]
    out = apply_edits(text, edits).splitlines()
    assert out[1] == '  version: "2025-08-28"   # double'
    assert out[2] == "  other: {model: gpt-realtime, version: '002'}  # flow"
    assert out[3] == "  plain: 2025-01-01"
    assert out[5] == "    version: 1106,"


def test_values_that_would_change_type_are_quoted() -> None:
    out = apply_edits("v: x\n", [Edit("in-place", "v", "yes: no", location=at(1, 4))])
    assert out == "v: 'yes: no'\n"


def test_overrides_are_added_under_an_existing_region_key_with_the_files_indentation() -> None:
    text = (
        "# head\n"
        "deployments:\n"
        "- name: voice      # no sequence offset in this file\n"
        "  model: m\n"
        "overrides:\n"
        "  Sweden Central:  # display name\n"
        "    deployments:\n"
        "      voice: {capacity: 2}\n"
    )
    assert detect_indent(text) == (2, 2, 0)
    out = apply_edits(text, [Edit("override", "version", "2024-12-17", region="swedencentral", deployment="voice"),
                             Edit("override", "model", "m2", region="swedencentral", deployment="voice"),
                             Edit("override", "version", "2024-12-17", region="eastus2", deployment="voice")])
    assert out.startswith("# head\ndeployments:\n- name: voice      # no sequence offset in this file\n")
    assert "  Sweden Central:  # display name\n    deployments:\n      voice: {capacity: 2, model: m2, version: " \
           "'2024-12-17'}\n" in out
    assert out.endswith("  eastus2:\n    deployments:\n      voice:\n        version: '2024-12-17'\n")
