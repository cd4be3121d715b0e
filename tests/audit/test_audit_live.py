"""Live audits against the emulator through the real SDK: live dates win, drift, `audit --subscription`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from azure.mgmt.cognitiveservices.models import (
    Account,
    AccountProperties,
    Deployment,
    DeploymentModel,
    DeploymentProperties,
    Sku,
)

from aoai_provision.azure.clients import AzureClients, build_clients
from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target
from aoai_provision.spec.model import ownership_tags

AS_OF = "2026-11-24"
OTHER_SUB = "11111111-1111-1111-1111-111111111111"

LIVE_FILE = """\
environment: prod
subscription: 00000000-0000-0000-0000-000000000000
resource_group: rg-aoai-prod
defaults:
  deployment: {sku: GlobalStandard, version_upgrade: NoAutoUpgrade}
regions: [eastus2]
account_name: aoai-{environment}-{region}
deployments:
  - name: realtime
    model: gpt-4o-mini-realtime-preview
    version: "2024-12-17"
    capacity: 1
"""


@pytest.fixture
def emulator(work: Path) -> tuple[list[str], Any]:
    """CLI options for the emulator (state file + config seeding eastus2's models list) and an SDK factory."""
    state, config = work / "emulator.json", work / "emulator.yaml"
    target = Target.from_options(emulator=True, emulator_state=state, emulator_config=config)

    def clients(subscription: str = EMULATOR_SUBSCRIPTION) -> AzureClients:
        return build_clients(target, subscription)

    return ["--emulator-state", str(state), "--emulator-config", str(config)], clients


def make_account(c: AzureClients, rg: str, name: str, region: str, kind: str = "OpenAI",
                 tags: dict[str, str] | None = None) -> None:
    c.resources.resource_groups.create_or_update(rg, {"location": region})
    c.cognitive.accounts.begin_create(rg, name, Account(
        kind=kind, sku=Sku(name="S0"), location=region, tags=tags,
        properties=AccountProperties(custom_sub_domain_name=name))).result()


def make_deployment(c: AzureClients, rg: str, account: str, name: str, model: str, version: str,
                    policy: str = "NoAutoUpgrade") -> None:
    c.cognitive.deployments.begin_create_or_update(rg, account, name, Deployment(
        sku=Sku(name="GlobalStandard", capacity=1),
        properties=DeploymentProperties(model=DeploymentModel(format="OpenAI", name=model, version=version),
                                        version_upgrade_option=policy))).result()


@pytest.fixture
def deployed(work: Path, emulator) -> tuple[list[str], AzureClients]:
    """live.yaml written, and its account and realtime deployment created in the emulator via the SDK."""
    options, clients = emulator
    (work / "live.yaml").write_text(LIVE_FILE)
    c = clients()
    make_account(c, "rg-aoai-prod", "aoai-prod-eastus2", "eastus2", tags=ownership_tags("prod"))
    make_deployment(c, "rg-aoai-prod", "aoai-prod-eastus2", "realtime", "gpt-4o-mini-realtime-preview", "2024-12-17")
    return options, c


def test_live_audit_uses_the_live_models_list_dates(work: Path, deployed, audit_json) -> None:
    options, _ = deployed

    _, offline = audit_json("live.yaml", "--as-of", AS_OF)
    assert offline["deployments"][0]["lifecycle"]["retirement_date"] == "2026-02-28"  # bundled
    assert offline["catalog"]["live_regions"] == []

    code, live = audit_json("live.yaml", "--live", "--as-of", AS_OF, "--fail-within", "90", *options)
    (dep,) = live["deployments"]
    assert live["catalog"]["live_regions"] == ["eastus2"]
    assert dep["lifecycle"]["retirement_date"] == "2027-06-30"  # the seeded live list's date
    assert dep["lifecycle"]["state"] == "preview"
    assert dep["sources"]["retirement_date"].startswith("live models API (eastus2)")
    assert dep["deployed_version"] == "2024-12-17"
    assert live["notices"] == []  # live data was used: no stale-bundled-data notice
    assert code == 0  # 2027-06-30 is far beyond 90 days
    assert [f["code"] for f in live["findings"]] == ["AOAI620", "AOAI605"]  # 620 (entry line): no content filter


def test_live_audit_reports_what_azure_runs_beyond_the_file(work: Path, deployed, audit_json) -> None:
    options, c = deployed
    make_deployment(c, "rg-aoai-prod", "aoai-prod-eastus2", "handmade", "gpt-realtime", "2025-08-28",
                    policy="OnceCurrentVersionExpired")
    _, live = audit_json("live.yaml", "--live", "--as-of", AS_OF, "--warn-within", "120", *options)
    by_name = {d["deployment"]: d for d in live["deployments"]}
    extra = by_name["handmade"]
    assert extra["origin"] == "azure" and extra["upgrade_policy"] == "OnceCurrentVersionExpired"
    assert extra["lifecycle"]["retirement_date"] == "2027-02-28"
    assert extra["consequence"].startswith("auto-upgrades to") and "2027-02-28" in extra["consequence"]
    assert any(f["code"] == "AOAI603" and f["deployment"].endswith("/handmade") for f in live["findings"])


def test_audit_subscription_lists_every_openai_account(work: Path, emulator, cli, audit_json) -> None:
    options, clients = emulator
    c = clients(OTHER_SUB)
    make_account(c, "rg-one", "team-a-eus2", "eastus2")
    make_deployment(c, "rg-one", "team-a-eus2", "voice", "gpt-4o-mini-realtime-preview", "2024-12-17")
    make_deployment(c, "rg-one", "team-a-eus2", "rt", "gpt-realtime", "2025-08-28")
    make_account(c, "rg-two", "team-b-eus2", "eastus2", kind="AIServices", tags=ownership_tags("staging"))
    make_deployment(c, "rg-two", "team-b-eus2", "audio", "gpt-4o-mini-audio-preview", "2024-12-17")
    make_account(c, "rg-two", "not-openai", "eastus2", kind="TextAnalytics")

    args = ("--subscription", OTHER_SUB, "--as-of", AS_OF, "--warn-within", "120", *options)
    code, report = audit_json(*args, "--fail-within", "100")
    rows = {(d["resource_group"], d["account"], d["deployment"]): d for d in report["deployments"]}
    assert set(rows) == {("rg-one", "team-a-eus2", "voice"), ("rg-one", "team-a-eus2", "rt"),
                         ("rg-two", "team-b-eus2", "audio")}
    assert all(d["origin"] == "azure" and d["subscription"] == OTHER_SUB for d in rows.values())
    assert rows[("rg-two", "team-b-eus2", "audio")]["environment"] == "staging"
    # The seeded live models list decides the dates, not the bundled catalog (2026-02-28).
    assert rows[("rg-one", "team-a-eus2", "voice")]["lifecycle"]["retirement_date"] == "2027-06-30"
    assert rows[("rg-two", "team-b-eus2", "audio")]["lifecycle"]["retirement_date"] == "2027-06-30"
    assert report["catalog"]["live_regions"] == ["eastus2"]
    assert report["inputs"] == [f"subscription {OTHER_SUB}"]
    # gpt-realtime 2025-08-28 retires 2027-02-28, 96 days after AS_OF: a warning (and, pinned with
    # NoAutoUpgrade, an error saying it stops working then), gated within 100 days.
    gated = {(f["code"], f["deployment"].split("/")[-1]) for f in report["findings"] if f["gated"]}
    assert gated == {("AOAI603", "rt"), ("AOAI607", "rt")}
    assert code == 3
    assert audit_json(*args, "--fail-within", "90")[0] == 0
    table = cli("audit", *args)
    assert "team-a-eus2/rt: warning AOAI603: gpt-realtime 2025-08-28 retires on 2027-02-28" in table.stdout


def test_upgrade_live_records_the_version_azure_auto_upgraded_to(work: Path, cli) -> None:
    # The emulator's default offers (the bundled catalog) carry both gpt-realtime-mini versions.
    state = work / "default-emulator.json"
    c = build_clients(Target.from_options(emulator=True, emulator_state=state), EMULATOR_SUBSCRIPTION)
    (work / "mini.yaml").write_text(
        "environment: dev  # small\n"
        "subscription: 00000000-0000-0000-0000-000000000000\n"
        "resource_group: rg-aoai-dev\n"
        "regions: [eastus2]\n"
        "account_name: aoai-{environment}-{region}\n"
        "deployments:\n"
        "  - name: voice\n"
        "    model: gpt-realtime-mini\n"
        "    version: 2025-10-06   # the floor; Azure moves it forward\n"
        "    sku: GlobalStandard\n"
        "    capacity: 1\n"
        "    version_upgrade: OnceNewDefaultVersionAvailable\n")
    make_account(c, "rg-aoai-dev", "aoai-dev-eastus2", "eastus2", tags=ownership_tags("dev"))
    make_deployment(c, "rg-aoai-dev", "aoai-dev-eastus2", "voice", "gpt-realtime-mini", "2025-12-15",
                    policy="OnceNewDefaultVersionAvailable")
    offline = cli("upgrade", "mini.yaml", "--as-of", "2026-03-01")
    assert "no deployment needs an upgrade" in offline.stdout
    live = cli("upgrade", "mini.yaml", "--as-of", "2026-03-01", "--live", "--emulator-state", str(state), "--write")
    assert live.exit_code == 0, live.output
    assert "-    version: 2025-10-06   # the floor; Azure moves it forward" in live.stdout
    assert "+    version: 2025-12-15   # the floor; Azure moves it forward" in live.stdout
    assert "[recorded-auto-upgrade]" in live.stderr
    assert "version: 2025-12-15   # the floor" in (work / "mini.yaml").read_text()
