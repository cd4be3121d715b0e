"""`${VAR}` / `${VAR:-default}` substitution from a given environment, with located errors."""

from __future__ import annotations

from aoai_provision.spec.interpolate import interpolate
from aoai_provision.spec.loader import parse_yaml
from aoai_provision.spec.nodes import to_plain


def _run(text: str, environ: dict[str, str]) -> tuple[object, list[str], list]:
    parsed = parse_yaml(text, "f.yaml")
    assert parsed.root is not None
    findings = interpolate(parsed.root, environ, "f.yaml")
    return to_plain(parsed.root), [f.code for f in findings], findings


def test_variables_and_defaults() -> None:
    plain, found, _ = _run(
        "sub: ${SUB}\nrg: rg-${ENV:-dev}-x\nempty: ${EMPTY:-fallback}\nliteral: $${SUB}\nq: \"${SUB}\"\n",
        {"SUB": "1234", "EMPTY": ""})
    assert found == []
    assert plain == {"sub": "1234", "rg": "rg-dev-x", "empty": "fallback", "literal": "${SUB}", "q": "1234"}


def test_set_variable_wins_over_default() -> None:
    plain, _, _ = _run("rg: ${ENV:-dev}\n", {"ENV": "prod"})
    assert plain == {"rg": "prod"}


def test_unresolved_variable_names_it_and_its_location() -> None:
    _, found, findings = _run("environment: prod\nsubscription: x-${AZURE_SUBSCRIPTION_ID}\n", {})
    assert found == ["unresolved-variable"]
    finding = findings[0]
    assert "AZURE_SUBSCRIPTION_ID" in finding.message
    assert (finding.location.line, finding.location.column) == (2, 17)
    assert finding.location.path == "subscription"


def test_malformed_reference_is_an_error() -> None:
    _, found, _ = _run("a: ${not closed\nb: ${1BAD}\n", {})
    assert found == ["invalid-variable", "invalid-variable"]


def test_keys_are_not_interpolated_and_values_keep_their_location() -> None:
    parsed = parse_yaml("${KEY}: ${VAL}\n", "f.yaml")
    interpolate(parsed.root, {"KEY": "k", "VAL": "v"}, "f.yaml")
    assert to_plain(parsed.root) == {"${KEY}": "v"}
    assert parsed.root.items[0][1].column == 9


def test_interpolation_happens_before_typing(compile_yaml) -> None:
    compiled = compile_yaml("""
        regions: [swedencentral]
        deployments:
          - {name: e, model: text-embedding-3-large, version: "1", sku: GlobalStandard, capacity: "${CAP:-7}"}
        """, header=True, environ={})
    assert compiled.state is not None
    assert compiled.state.accounts[0].deployments[0].capacity == 7


def test_an_unresolved_value_gets_one_error_not_a_cascade(compile_yaml, h) -> None:
    compiled = compile_yaml('environment: ${ENV}\nresource_group: rg\nregions: ["${REGION}"]\n')
    assert h.codes(compiled.findings) == ["unresolved-variable", "unresolved-variable"]


def test_unquoted_variable_in_a_flow_list_suggests_quoting(compile_yaml, h) -> None:
    finding = h.only(compile_yaml("environment: dev\nregions: [${REGION}]\n").findings, "yaml-syntax")
    assert '"${VAR}"' in finding.fix
