#!/usr/bin/env python
"""Drive the aoai-provision ARM emulator with nothing but the real Azure SDK, and check what ARM would do.

Against `aoai-provision emulator serve --emulator-config examples/emulator-demo.yaml` (HTTPS, local CA):

    aoai-provision emulator serve --emulator-config examples/emulator-demo.yaml --emulator-state /tmp/emu/state.json &
    python examples/emulator_sdk_demo.py --endpoint https://127.0.0.1:PORT --ca-bundle /tmp/emu/emulator-tls/ca.pem \
        [--request-log PATH-named-in-the-config]

Or in-process (the same emulator as an azure-core transport): --in-process --config examples/emulator-demo.yaml
The config must give: lro_seconds.deployment_create > 0 (so a second write overlaps the first), a reads
throttle bucket, quota.default_limit 50, page_size 2. Prints one line per step and "ALL OK".
"""

from __future__ import annotations

import argparse
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from azure.core.exceptions import HttpResponseError, ResourceExistsError
from azure.core.pipeline.policies import SansIOHTTPPolicy
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices.models import (
    Account,
    Deployment,
    DeploymentModel,
    DeploymentProperties,
    Sku,
)
from azure.mgmt.resource.resources import ResourceManagementClient

SUB = "00000000-0000-0000-0000-0000000000de"
REGION = "swedencentral"


class Recorder(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """Remembers every request the SDK really sent (retries included) and its answer."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, int, dict[str, str]]] = []

    def on_response(self, request: Any, response: Any) -> None:
        http = response.http_response
        self.seen.append((request.http_request.method, request.http_request.url, http.status_code,
                          dict(http.headers)))


def clients(args: argparse.Namespace, recorder: Recorder) -> tuple[Any, Any]:
    kw: dict[str, Any] = {"per_retry_policies": [recorder], "polling_interval": 0.2, "retry_backoff_factor": 0.05}
    if args.in_process:
        from aoai_provision.emulator.config import load_config
        from aoai_provision.emulator.transport import EmulatorTransport

        transport = EmulatorTransport(None, load_config(Path(args.config)))
        kw.update(base_url="https://management.azure.com", transport=transport)
        credential = transport.credential()
    else:  # sign in at the emulator's Entra ID token endpoint, as against Azure
        from azure.identity import ClientSecretCredential

        kw.update(base_url=args.endpoint, connection_verify=args.ca_bundle)
        credential = ClientSecretCredential(args.tenant_id, args.client_id, args.client_secret,
                                            authority=args.endpoint, disable_instance_discovery=True,
                                            connection_verify=args.ca_bundle)
    return (CognitiveServicesManagementClient(credential, SUB, **kw),
            ResourceManagementClient(credential, SUB, **kw))


def expect_error(code: str, call: Any) -> HttpResponseError:
    try:
        call()
    except HttpResponseError as exc:
        assert exc.error is not None and exc.error.code == code, (code, exc)
        return exc
    raise AssertionError(f"expected {code}")


def deployment(model: Any, sku: str, capacity: int, version: str | None = None) -> Deployment:
    return Deployment(sku=Sku(name=sku, capacity=capacity), properties=DeploymentProperties(
        model=DeploymentModel(format=model.format, name=model.name, version=version or model.version)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint")
    parser.add_argument("--ca-bundle")
    parser.add_argument("--request-log")
    # The well-known service principal that `emulator serve` prints (local use only).
    parser.add_argument("--tenant-id", default="7e1a0000-0000-4000-8000-00000000a0a1")
    parser.add_argument("--client-id", default="0a0a1c1e-0000-4000-8000-00000000a0a1")
    parser.add_argument("--client-secret", default="aoai-provision-emulator-secret")
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--config")
    args = parser.parse_args()
    recorder = Recorder()
    cs, rm = clients(args, recorder)
    tag = uuid.uuid4().hex[:8]
    rg, name = f"demo-{tag}", f"demo{tag}"

    rm.resource_groups.create_or_update(rg, {"location": REGION})
    account = cs.accounts.begin_create(rg, name, Account(location=REGION, kind="OpenAI", sku=Sku(name="S0"),
                                                         properties={"customSubDomainName": name})).result()
    assert account.properties.provisioning_state == "Succeeded"
    print("[1] resource group and account created through an LRO:", account.properties.endpoint)

    models = list(cs.models.list(REGION))
    offers = [m.model for m in models if m.kind == "OpenAI" and any(s.name == "GlobalStandard"
                                                                    for s in m.model.skus or [])]
    offer = next((m for m in offers if m.lifecycle_status in ("Stable", "GenerallyAvailable")), offers[0])
    assert all(s.usage_name for s in offer.skus), "models.list skus carry usageName"
    print(f"[2] models.list: {len(models)} items (paged); deploying {offer.name} {offer.version}")

    first = cs.deployments.begin_create_or_update(rg, name, "d1", deployment(offer, "GlobalStandard", 10)).result()
    assert first.properties.provisioning_state == "Succeeded"
    running = cs.deployments.begin_create_or_update(rg, name, "d2", deployment(offer, "GlobalStandard", 10))
    conflict = expect_error("RequestConflict", lambda: cs.deployments.begin_create_or_update(
        rg, name, "d3", deployment(offer, "GlobalStandard", 10)))
    assert isinstance(conflict, ResourceExistsError)
    running.result()
    print("[3] deployments created; a second concurrent write got 409 RequestConflict")

    quota = expect_error("InsufficientQuota", lambda: cs.deployments.begin_create_or_update(
        rg, name, "big", deployment(offer, "GlobalStandard", 45)))
    print("[4] InsufficientQuota:", quota.error.message[:80], "...")
    expect_error("DeploymentModelNotSupported", lambda: cs.deployments.begin_create_or_update(
        rg, name, "old", deployment(offer, "GlobalStandard", 1, version="1999-01-01")))
    print("[5] model version not offered: DeploymentModelNotSupported")
    expect_error("CustomDomainInUse", lambda: cs.accounts.begin_create(rg, name + "x", Account(
        location=REGION, kind="OpenAI", sku=Sku(name="S0"), properties={"customSubDomainName": name})))
    print("[6] taken subdomain: CustomDomainInUse")

    usages = {u.name.value: u for u in cs.usages.list(REGION)}
    used = usages[next(s.usage_name for s in offer.skus if s.name == "GlobalStandard")]
    assert used.current_value == 20 and used.unit == "Count" and used.name.localized_value.startswith("Tokens")
    print("[7] usages:", used.name.value, used.current_value, "/", used.limit)

    cs.accounts.begin_delete(rg, name).result()
    expect_error("FlagMustBeSetForRestore", lambda: cs.accounts.begin_create(rg, name, Account(
        location=REGION, kind="OpenAI", sku=Sku(name="S0"), properties={"customSubDomainName": name})))
    restored = cs.accounts.begin_create(rg, name, Account(location=REGION, kind="OpenAI", sku=Sku(name="S0"),
                                                          properties={"restore": True})).result()
    assert restored.properties.provisioning_state == "Succeeded"
    assert sorted(d.name for d in cs.deployments.list(rg, name)) == ["d1", "d2"]
    cs.accounts.begin_delete(rg, name).result()
    cs.deleted_accounts.begin_purge(REGION, rg, name).result()
    assert all(a.name != name for a in cs.deleted_accounts.list())
    print("[8] deleted (soft), FlagMustBeSetForRestore, restored with deployments, deleted and purged")

    for index in range(3):
        cs.accounts.begin_create(rg, f"{name}p{index}", Account(location=REGION, kind="OpenAI",
                                                                sku=Sku(name="S0"))).result()
    assert len(list(cs.accounts.list_by_resource_group(rg))) == 3
    assert any("$skiptoken=" in url for _, url, _, _ in recorder.seen)
    print("[9] paged through lists with nextLink")

    for _ in range(500):  # read until the bucket runs dry; the SDK waits Retry-After and retries
        rm.resource_groups.get(rg)
        if any(status == 429 for _, _, status, _ in recorder.seen):
            break
    rm.resource_groups.get(rg)
    throttled = [h for _, _, status, h in recorder.seen if status == 429]
    assert throttled and all(int(h["Retry-After"]) >= 1 for h in throttled)
    print(f"[10] throttled {len(throttled)} times with 429 + Retry-After, and recovered")

    if args.request_log:
        logged = Counter((e["method"], e["path"]) for e in map(json.loads, Path(args.request_log).read_text()
                                                                .splitlines()))
        sent = Counter((method, urlsplit(url).path) for method, url, _, _ in recorder.seen)
        assert not (sent - logged), f"requests missing from the log: {sent - logged}"
        print(f"[11] all {sum(sent.values())} requests are in the request log")
    print("ALL OK")


if __name__ == "__main__":
    main()
