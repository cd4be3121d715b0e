"""`aoai-provision schema` and the committed environment.schema.json (kept up to date, usable by editors)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from aoai_provision.spec.jsonschema import schema_text


class _Yaml12Loader(yaml.SafeLoader):
    """Like an editor's YAML 1.2 view: dates stay strings (PyYAML's 1.1 resolver would make them dates)."""


_Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def test_committed_schema_is_up_to_date(h) -> None:
    committed = (h.REPO / "environment.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: aoai-provision schema --output environment.schema.json"


def test_schema_command_prints_it(cli, h) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "aoai-provision environment file"
    assert schema["additionalProperties"] is False
    assert "K and M suffixes" in json.dumps(schema["$defs"]["RateLimit"])


@pytest.mark.parametrize("name", ["prod.yaml", "dev.yaml"])
def test_examples_carry_the_modeline_and_match_the_schema(h, name) -> None:
    text = (h.REPO / "environments" / name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../environment.schema.json"
    schema = json.loads((h.REPO / "environment.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.load(text, Loader=_Yaml12Loader), schema)


def test_schema_rejects_unknown_keys_and_bad_rates(h) -> None:
    schema = json.loads(schema_text())
    base = {"environment": "dev", "resource_group": "rg"}
    jsonschema.validate({**base, "deployments": [{"name": "a", "model": "m", "version": "1",
                                                  "rate_limit": {"tpm": "1.5M", "rpm": 600}}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**base, "deploymets": []}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**base, "deployments": [{"name": "a", "model": "m", "version": "1",
                                                      "rate_limit": {"tpm": "lots"}}]}, schema)


def test_output_into_a_missing_directory_is_a_user_error(cli, tmp_path) -> None:
    result = cli("schema", "--output", str(tmp_path / "no-such-dir" / "schema.json"))
    assert result.exit_code == 1
    assert "Internal error" not in result.output and "Traceback" not in result.output
    assert "no-such-dir" in result.output and "create the directory" in result.output
