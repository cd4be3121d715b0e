"""Offline commands need no Azure identity: `${AZURE_SUBSCRIPTION_ID}` unset is a note, not an error."""

from __future__ import annotations

import json
from pathlib import Path

ENV = """\
environment: prod
subscription: ${AZURE_SUBSCRIPTION_ID}
resource_group: rg-aoai-prod
regions: [eastus2]
deployments:
  - {name: embed, model: text-embedding-3-small, version: "1", sku: GlobalStandard, capacity: 10}
"""
AS_OF = ("--as-of", "2026-11-24")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "prod.yaml"
    path.write_text(ENV, encoding="utf-8")
    return path


def test_offline_commands_work_with_the_subscription_variable_unset(cli, tmp_path) -> None:
    file = _file(tmp_path)
    validated = cli("validate", str(file), *AS_OF)
    assert validated.exit_code == 0, validated.output
    assert "info unresolved-variable" in validated.output and "AZURE_SUBSCRIPTION_ID" in validated.output
    rendered = cli("render", str(file), "--format", "bicep", "--out-dir", str(tmp_path / "out"))
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "out" / "main.bicep").is_file()
    audited = cli("audit", str(file), "--as-of", "2026-11-24")
    assert audited.exit_code == 0, audited.output
    upgraded = cli("upgrade", str(file), "--as-of", "2026-11-24")
    assert upgraded.exit_code == 0, upgraded.output
    assert cli("models", "--region", "eastus2").exit_code == 0
    assert cli("schema").exit_code == 0


def test_commands_that_talk_to_azure_still_need_a_subscription(cli, tmp_path) -> None:
    result = cli("plan", str(_file(tmp_path)))
    assert result.exit_code == 1
    assert "error unresolved-variable" in result.output and "AZURE_SUBSCRIPTION_ID" in result.output
    assert "--subscription" in result.output


def test_subscription_option_overrides_and_twice_is_an_error(cli, tmp_path) -> None:
    file = _file(tmp_path)
    given = cli("validate", str(file), *AS_OF, "--expanded", "--format", "json", "--subscription", "1234")
    assert given.exit_code == 0 and json.loads(given.stdout)["subscription"] == "1234"
    assert "unresolved-variable" not in given.output  # the override answers the note
    for command in (["validate"], ["render", "--format", "arm"], ["plan"], ["apply"], ["destroy"], ["outputs"],
                    ["audit"], ["upgrade"]):
        twice = cli(command[0], str(file), *command[1:], "--subscription", "a", "--subscription", "b")
        assert twice.exit_code != 0, command
        assert "given 2 times" in twice.output, (command, twice.output)


def test_render_spells_its_directory_out_dir_and_keeps_out_as_a_hidden_alias(cli, tmp_path) -> None:
    file = _file(tmp_path)
    help_text = cli("render", "--help").output
    assert "--out-dir DIR" in help_text and "--out " not in help_text
    old = cli("render", str(file), "--format", "arm", "--out", str(tmp_path / "old"))
    assert old.exit_code == 0 and (tmp_path / "old" / "azuredeploy.json").is_file()


def test_emulator_serve_spells_its_options_as_every_command_and_keeps_the_old_ones(cli, tmp_path) -> None:
    from aoai_provision.cli.emulator import serve

    help_text = cli("emulator", "serve", "--help").output
    assert "--emulator-state" in help_text and "--emulator-config" in help_text
    assert "--state" not in help_text.replace("--emulator-state", "")
    assert "--config" not in help_text.replace("--emulator-config", "")
    config = tmp_path / "emu.yaml"
    config.write_text("latency_ms: 0\n", encoding="utf-8")
    for spelling in (("--state", "--config"), ("--emulator-state", "--emulator-config")):
        ctx = serve.make_context("serve", [spelling[0], str(tmp_path / "s.json"), spelling[1], str(config)])
        assert ctx.params["state"] == tmp_path / "s.json" and ctx.params["config"] == config


def test_emulator_export_writes_to_output_file(cli, tmp_path) -> None:
    import json

    out = tmp_path / "export.json"
    result = cli("emulator", "export", "--emulator-state", str(tmp_path / "state.json"), "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), dict)
