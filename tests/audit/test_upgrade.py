"""`upgrade FILE`: the proposed diff, --write keeping comments, matrix overrides, and refusals."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from aoai_provision.api.environment import load_environment
from aoai_provision.api.upgrade import upgrade
from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.catalog.catalog import Catalog
from aoai_provision.errors import InputError
from aoai_provision.findings import Severity

AS_OF = "2026-11-24"


def comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#.*$", text, flags=re.M)]


def test_upgrade_prints_a_diff_and_leaves_the_file_alone(work: Path, cli) -> None:
    before = (work / "realtime-retired.yaml").read_text()
    result = cli("upgrade", "realtime-retired.yaml", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert "-    model: gpt-4o-realtime-preview   # realtime model" in result.stdout
    assert "+    model: gpt-realtime              # realtime model" in result.stdout
    assert "+    version: '2025-08-28'            # pinned when we launched" in result.stdout
    assert "--write" in result.stderr
    assert (work / "realtime-retired.yaml").read_text() == before


def test_upgrade_write_moves_off_the_retired_version_and_audits_clean(work: Path, cli, audit_json) -> None:
    path = work / "realtime-retired.yaml"
    before = path.read_text()
    result = cli("upgrade", "realtime-retired.yaml", "--as-of", AS_OF, "--write")
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert comments(after) == comments(before)  # every comment, in order
    assert after.count("\n") == before.count("\n")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 2  # only the model and version lines
    loaded = load_environment(path, as_of=date.fromisoformat(AS_OF))
    assert not [f for f in loaded.findings if f.severity is Severity.ERROR]
    dep = loaded.state.accounts[0].deployments[0]
    assert (dep.model, dep.version) == ("gpt-realtime", "2025-08-28")
    # 2025-08-28 retires 2027-02-28: 96 days after 2026-11-24, outside the 90-day window.
    code, report = audit_json("realtime-retired.yaml", "--as-of", AS_OF, "--fail-within", "90")
    assert code == 0
    assert [f for f in report["findings"] if f["severity"] in ("error", "warning")] == []
    # Running it again proposes nothing.
    again = cli("upgrade", "realtime-retired.yaml", "--as-of", AS_OF)
    assert again.exit_code == 0 and "no deployment needs an upgrade" in again.stdout


def test_upgrade_prefers_a_newer_version_of_the_same_model(work: Path, cli, audit_json) -> None:
    # On 2025-06-01 gpt-4o-realtime-preview 2024-12-17 is offered and retires only on 2026-02-02.
    result = cli("upgrade", "realtime-retired.yaml", "--as-of", "2025-06-01", "--write")
    assert result.exit_code == 0
    text = (work / "realtime-retired.yaml").read_text()
    assert "    model: gpt-4o-realtime-preview   # realtime model\n" in text
    assert "    version: '2024-12-17'            # pinned when we launched\n" in text
    code, report = audit_json("realtime-retired.yaml", "--as-of", "2025-06-01", "--fail-within", "90")
    assert code == 0
    # only "this is a preview" remains (and the note that no content filter is named)
    assert {f["code"] for f in report["findings"]} == {"AOAI605", "AOAI620"}


def test_upgrade_edits_explicit_accounts_in_flow_mappings(work: Path, cli) -> None:
    path = work / "explicit-retired.yaml"
    before = path.read_text()
    assert cli("upgrade", "explicit-retired.yaml", "--as-of", AS_OF, "--write").exit_code == 0
    after = path.read_text()
    assert '      - {name: voice, model: gpt-realtime, version: "2025-08-28", sku: GlobalStandard, capacity: 1}  # old' \
        in after
    assert comments(after) == comments(before)


def test_matrix_with_different_targets_per_region_gets_overrides(work: Path) -> None:
    # A catalog in which Sweden Central no longer offers gpt-4o-realtime-preview 2024-12-17: East US 2
    # moves to that version, Sweden Central to the documented alternative (the mini preview).
    base = bundled_catalog()
    trimmed = [
        replace(mv, offers={r: o for r, o in mv.offers.items() if r != "swedencentral"})
        if (mv.model, mv.version) == ("gpt-4o-realtime-preview", "2024-12-17") else mv
        for mv in base.all()
    ]
    catalog = Catalog(trimmed, base.as_of)
    path = work / "matrix.yaml"
    path.write_text((work / "realtime-retired.yaml").read_text().replace("regions: [eastus2]",
                                                                         "regions: [eastus2, Sweden Central]"))
    before = path.read_text()
    result = upgrade(path, as_of=date(2025, 6, 1), write=True, catalog=catalog)
    targets = {p.subject.region: (p.target.model, p.target.version) for p in result.proposals}
    assert targets == {"eastus2": ("gpt-4o-realtime-preview", "2024-12-17"),
                       "swedencentral": ("gpt-4o-mini-realtime-preview", "2024-12-17")}
    after = path.read_text()
    assert "version: '2024-10-01'            # pinned when we launched" in after  # matrix entry untouched
    assert comments(after) == comments(before)
    assert "overrides:\n  eastus2:\n    deployments:\n      voice:\n        version: '2024-12-17'" in after
    assert ("  swedencentral:\n    deployments:\n      voice:\n        model: gpt-4o-mini-realtime-preview\n"
            "        version: '2024-12-17'") in after
    loaded = load_environment(path, catalog=catalog, as_of=date(2025, 6, 1))
    got = {a.region: (a.deployments[0].model, a.deployments[0].version) for a in loaded.state.accounts}
    assert got == targets


def test_upgrade_refuses_when_nothing_is_offered(work: Path, cli) -> None:
    before = (work / "previews.yaml").read_text()
    result = cli("upgrade", "previews.yaml", "--as-of", AS_OF, "--write")
    assert result.exit_code == 1
    assert "aoai-prod-swedencentral/audio: gpt-4o-mini-audio-preview 2024-12-17 is past-earliest" in result.stderr
    assert "no newer version or documented replacement is offered in swedencentral on GlobalStandard" in result.stderr
    assert (work / "previews.yaml").read_text() == before


def test_upgrade_moves_what_it_can_and_names_what_it_cannot(work: Path, cli) -> None:
    """One deployment without a successor does not block the edits the others can have."""
    path = work / "mixed.yaml"
    path.write_text("""# a retired realtime preview next to a preview with no documented successor
environment: mixed
subscription: 00000000-0000-0000-0000-000000000000
resource_group: rg-mixed
accounts:
  - name: aoai-mixed-eastus2
    region: eastus2
    deployments:
      - {name: voice, model: gpt-4o-realtime-preview, version: '2024-10-01', sku: GlobalStandard, capacity: 1}
      - {name: audio, model: gpt-4o-mini-audio-preview, version: '2024-12-17', sku: GlobalStandard, capacity: 100}
""")
    result = cli("upgrade", "mixed.yaml", "--as-of", AS_OF, "--write")
    assert result.exit_code == 1
    assert "cannot propose an upgrade for 1 deployment(s); the other proposals were written" in result.stderr
    assert "aoai-mixed-eastus2/audio: gpt-4o-mini-audio-preview 2024-12-17" in result.stderr
    assert "-      - {name: voice, model: gpt-4o-realtime-preview, version: '2024-10-01'" in result.stdout
    after = path.read_text()
    assert "version: '2024-10-01'" not in after and "# a retired realtime preview" in after
    assert "{name: audio, model: gpt-4o-mini-audio-preview, version: '2024-12-17'" in after
    assert not list(work.glob(".mixed.yaml.*"))  # written via a temporary file that is renamed into place


def test_upgrade_of_a_missing_file_is_an_error(work: Path) -> None:
    with pytest.raises(InputError) as info:
        upgrade(work / "nope.yaml", as_of=date(2026, 11, 24))
    assert "nope.yaml" in str(info.value)


def test_upgrade_keeps_windows_line_endings(work: Path, cli) -> None:
    path = work / "crlf.yaml"
    path.write_bytes((work / "realtime-retired.yaml").read_bytes().replace(b"\n", b"\r\n"))
    assert cli("upgrade", "crlf.yaml", "--as-of", AS_OF, "--write").exit_code == 0
    data = path.read_bytes()
    assert b"version: '2025-08-28'            # pinned when we launched\r\n" in data
    assert data.count(b"\r\n") == data.count(b"\n")


def test_an_invalid_file_is_refused_by_upgrade_in_its_own_words(work: Path, cli) -> None:
    (work / "typo.yaml").write_text("environment: dev\nresource_group: rg\nregions: [swedencentral]\ndeploymnets: []\n")
    result = cli("upgrade", "typo.yaml", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "typo.yaml: cannot upgrade: the file has errors" in result.stderr and "cannot audit" not in result.stderr
    assert "unknown key 'deploymnets'" in result.stderr
