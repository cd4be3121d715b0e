"""`aoai-provision render FILE --format bicep|arm`: writes the template set and prints the paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aoai_provision.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "render"


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    target = tmp_path / "environments" / "secure.yaml"
    target.parent.mkdir()
    shutil.copy(DATA / "secure.yaml", target)
    return target


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["render", *args], catch_exceptions=False)


def test_render_bicep_writes_main_bicep_and_params(env_file: Path, tmp_path: Path, bicep_reader: Any) -> None:
    out = tmp_path / "tpl"
    result = run(str(env_file), "--format", "bicep", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.split() == [str(out / "main.bicep"), str(out / "main.bicepparam")]
    bicep = (out / "main.bicep").read_text("utf-8")
    assert bicep_reader.problems(bicep) == []
    names = [r["name"] for r in bicep_reader.resources(bicep)]
    assert names == ["aoai-secure-eastus2", "aoai-secure-eastus2/realtime", "aoai-secure-eastus2/audio",
                     "aoai-secure-swedencentral", "aoai-secure-swedencentral/realtime",
                     "aoai-secure-swedencentral/audio"]


def test_render_arm_defaults_to_out_environment(env_file: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(str(env_file), "--format", "arm")
    assert result.exit_code == 0, result.output
    out = Path("out") / "secure"
    assert result.output.split() == [str(out / "azuredeploy.json"), str(out / "azuredeploy.parameters.json")]
    template = json.loads((out / "azuredeploy.json").read_text("utf-8"))
    account = template["resources"][0]
    assert account["properties"]["publicNetworkAccess"] == "Disabled"
    assert account["properties"]["disableLocalAuth"] is True
    assert account["identity"] == {"type": "SystemAssigned"}
    assert account["properties"]["networkAcls"]["defaultAction"] == "Deny"
    parameters = json.loads((out / "azuredeploy.parameters.json").read_text("utf-8"))["parameters"]
    assert set(parameters) == set(template["parameters"])  # every declared parameter, with the file's value
    assert parameters["capacities"]["value"]["aoai-secure-eastus2/realtime"] == 100


def test_rendering_twice_gives_identical_files(env_file: Path, tmp_path: Path) -> None:
    for fmt in ("bicep", "arm"):
        first, second = tmp_path / f"{fmt}1", tmp_path / f"{fmt}2"
        assert run(str(env_file), "--format", fmt, "--out", str(first)).exit_code == 0
        assert run(str(env_file), "--format", fmt, "--out", str(second)).exit_code == 0
        for path in first.iterdir():
            assert path.read_bytes() == (second / path.name).read_bytes()


def test_templates_dir_option_is_used(env_file: Path, tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    (custom / "bicep").mkdir(parents=True)
    (custom / "bicep" / "main.bicepparam.j2").write_text("using 'main.bicep'\n// team {{ environment }}\n")
    out = tmp_path / "tpl"
    result = run(str(env_file), "--format", "bicep", "--out", str(out), "--templates-dir", str(custom))
    assert result.exit_code == 0, result.output
    assert (out / "main.bicepparam").read_text("utf-8") == "using 'main.bicep'\n// team secure\n"


def test_invalid_file_is_an_error_with_location_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("environment: x\nresource_group: rg\nlocation: eastus2\naccounts:\n"
                   "  - {name: a1, region: eastus2, kindd: OpenAI}\n", encoding="utf-8")
    result = run(str(bad), "--format", "arm", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{bad}:5:" in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("body, message", [
    ("// ok\n{% if %}\n", "Expected an expression"),
    ("// ok\n{{ no_such_variable.name }}\n", "'no_such_variable' is undefined"),
])
def test_a_broken_override_template_names_its_path_and_line(env_file: Path, tmp_path: Path,
                                                            body: str, message: str) -> None:
    custom = tmp_path / "custom"
    (custom / "bicep").mkdir(parents=True)
    broken = custom / "bicep" / "main.bicep.j2"
    broken.write_text(body, encoding="utf-8")
    result = run(str(env_file), "--format", "bicep", "--out", str(tmp_path / "o"), "--templates-dir", str(custom))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{broken}:2" in result.output and message in result.output
    assert "Fix:" in result.output
