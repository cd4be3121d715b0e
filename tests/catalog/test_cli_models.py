"""`aoai-provision models`: table and JSON output, filters, and errors with suggestions."""

from __future__ import annotations

import json

from click.testing import CliRunner

from aoai_provision.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["models", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_filtered_by_region_display_name_and_capability() -> None:
    code, out, _ = _run("--region", "East US 2", "--capability", "realtime", "--as-of", "2026-11-24")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["MODEL", "VERSION", "LIFECYCLE", "RETIREMENT", "SKUS", "REGIONS"]
    row = next(line for line in lines if line.startswith("gpt-4o-mini-realtime-preview"))
    assert row.split()[:4] == ["gpt-4o-mini-realtime-preview", "2024-12-17", "past-earliest", "2026-02-28"]
    assert "(no earlier than)" in row and "GlobalStandard" in row and "eastus2" in row
    assert not any(line.startswith("text-embedding") for line in lines)
    assert "bundled catalog data as of 2026-09-02" in out


def test_json_is_stable_and_names_sources() -> None:
    code, out, _ = _run("--model", "gpt-4o-realtime-preview", "--format", "json", "--as-of", "2026-11-24")
    assert code == 0
    data = json.loads(out)
    assert data["catalog_as_of"] == "2026-09-02" and data["filters"]["model"] == "gpt-4o-realtime-preview"
    by_version = {m["version"]: m for m in data["models"]}
    retired = by_version["2024-10-01"]["lifecycle"]
    assert (retired["state"], retired["retirement_date"], retired["source"]) == ("retired", "2025-03-26", "S6")
    assert {f["source"] for f in retired["facts"]} >= {"S4", "S6"}
    assert data["sources"]["S6"]["as_of"] == "2026-04-23"
    preview = by_version["2024-12-17"]
    assert preview["fixed_limits"] == {"tpm": 100000, "rpm": 1000, "source": "seed-2025-02"}
    offer = next(o for o in preview["offers"] if o["region"] == "eastus2")
    assert offer["sku"] == "GlobalStandard" and offer["source"] in data["sources"]
    again = _run("--model", "gpt-4o-realtime-preview", "--format", "json", "--as-of", "2026-11-24")[1]
    assert again == out


def test_unknown_region_capability_and_model_fail_with_suggestions() -> None:
    code, out, err = _run("--region", "Sweden Centrl")
    assert code == 1 and out == ""
    assert "Unknown region 'Sweden Centrl'" in err and "swedencentral" in err and "Traceback" not in err
    code, _, err = _run("--capability", "realtme")
    assert code == 1 and "Did you mean 'realtime'" in err
    code, _, err = _run("--model", "gpt-4o-mini-realtime")
    assert code == 1 and "gpt-4o-mini-realtime-preview" in err
    code, _, err = _run("--as-of", "yesterday")
    assert code == 1 and "YYYY-MM-DD" in err


def test_chat_alias_and_output_file(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "models.json"
    code, out, _ = _run("--capability", "chat", "--region", "swedencentral", "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    names = {m["model"] for m in data["models"]}
    assert "gpt-4o" in names and "text-embedding-3-large" not in names


def test_live_reads_the_region_list_through_the_sdk_and_the_emulator(tmp_path: object) -> None:
    from pathlib import Path

    state = Path(str(tmp_path)) / "emulator.json"
    code, out, err = _run("--live", "--emulator-state", str(state), "--region", "Sweden Central",
                          "--model", "gpt-4o-mini-realtime-preview", "--format", "json", "--as-of", "2026-11-24")
    assert code == 0, err
    data = json.loads(out)
    row = data["models"][0]
    assert row["lifecycle"]["source"] == "live:swedencentral"
    assert data["sources"]["live:swedencentral"]["live"] is True
    assert row["lifecycle"]["state"] == "past-earliest"  # the emulator serves the bundled dates, as Tentative


def test_live_needs_a_region() -> None:
    code, _, err = _run("--live", "--emulator")
    assert code == 1 and "--region" in err


def test_markdown_table() -> None:
    code, out, _ = _run("--model", "gpt-4o-mini-audio-preview", "--format", "markdown", "--as-of", "2026-11-24")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| Model | Version | Lifecycle | Retirement | SKUs | Regions |"
    assert lines[2].startswith("| `gpt-4o-mini-audio-preview` | `2024-12-17` | past-earliest | 2026-02-28 (no earlier than)")


def test_filters_that_match_nothing_print_an_empty_table_not_an_internal_error() -> None:
    code, out, err = _run("--model", "text-embedding-3-large", "--capability", "realtime", "--as-of", "2026-11-24")
    assert code == 0, err
    assert "Internal error" not in err
    assert out.splitlines()[0].startswith("MODEL") and "0 model version(s)" in out
