"""Fixtures for the emulator tests: real SDK clients over the in-process transport with a virtual clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices.models import (
    Account,
    Deployment,
    DeploymentModel,
    DeploymentProperties,
    Sku,
)
from azure.mgmt.resource.resources import ResourceManagementClient

from aoai_provision.emulator.app import EmuRequest, EmuResponse
from aoai_provision.emulator.clock import VirtualClock
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.identity import EmulatorCredential, Identity
from aoai_provision.emulator.transport import EmulatorTransport

DATA = Path(__file__).resolve().parents[1] / "data" / "emulator"
MODELS_EXTRACT = DATA / "models" / "swedencentral.EXTRACT-gpt-4o-and-realtime.json"
MODELS_FULL = DATA / "models" / "swedencentral.json"
SUB = "11111111-2222-3333-4444-555555555555"
OTHER_SUB = "99999999-8888-7777-6666-555555555555"
REGION = "swedencentral"
BASE = "https://management.azure.com"
CS_API = "2025-09-01"


class Cred(EmulatorCredential):
    """Tokens every in-memory emulator of this process accepts (they share one signing key)."""

    def __init__(self) -> None:
        super().__init__(Identity.ephemeral())


# Tiny retry/poll waits so SDK retries and polls cost nothing (the virtual clock makes them instant anyway).
FAST = {"retry_backoff_factor": 0.01, "retry_backoff_max": 0.05, "polling_interval": 0.01}


@dataclass
class Emu:
    """One emulator with real SDK clients; constants and helpers for the tests live here too."""

    SUB = SUB
    OTHER_SUB = OTHER_SUB
    REGION = REGION
    DATA = DATA
    MODELS_EXTRACT = MODELS_EXTRACT
    MODELS_FULL = MODELS_FULL

    transport: EmulatorTransport
    clock: VirtualClock
    cognitive: CognitiveServicesManagementClient
    resources: ResourceManagementClient

    def clients(self, subscription: str) -> tuple[CognitiveServicesManagementClient, ResourceManagementClient]:
        cred = self.transport.credential()
        return (CognitiveServicesManagementClient(cred, subscription, base_url=BASE, transport=self.transport, **FAST),
                ResourceManagementClient(cred, subscription, base_url=BASE, transport=self.transport, **FAST))

    def token(self) -> str:
        """A bearer token this emulator accepts (signed with its key, for ARM's audience)."""
        return str(self.transport.credential().get_token("https://management.azure.com/.default").token)

    def raw(self, method: str, path: str, body: Any = None, *, api: str = CS_API, auth: bool = True,
            query: str = "") -> EmuResponse:
        """One request straight to the emulator (to see status codes and headers as sent)."""
        sep = "&" if "?" in path else "?"
        url = f"{BASE}{path}{sep}api-version={api}{query}" if api else f"{BASE}{path}"
        headers = {"Authorization": f"Bearer {self.token()}"} if auth else {}
        data = json.dumps(body).encode() if body is not None else b""
        return self.transport.app.handle(EmuRequest(method, url, headers, data))

    def rg(self, name: str = "rg1", location: str = REGION) -> None:
        self.resources.resource_groups.create_or_update(name, {"location": location})

    def account(self, name: str = "acct1", rg: str = "rg1", subdomain: str | None = None, **props: Any) -> Any:
        properties = {"customSubDomainName": subdomain or name, **props}
        return self.cognitive.accounts.begin_create(rg, name, Account(
            location=REGION, kind="OpenAI", sku=Sku(name="S0"), properties=properties)).result()

    def deploy(self, name: str = "gpt-4o", account: str = "acct1", rg: str = "rg1", *, model: str = "gpt-4o",
               version: str | None = "2024-11-20", sku: str = "GlobalStandard", capacity: int | None = 10,
               **kw: Any) -> Any:
        return self.cognitive.deployments.begin_create_or_update(rg, account, name, deployment(
            model, version, sku, capacity), **kw)

    @staticmethod
    def deployment(*args: Any, **kw: Any) -> Deployment:
        return deployment(*args, **kw)


def deployment(model: str = "gpt-4o", version: str | None = "2024-11-20", sku: str = "GlobalStandard",
               capacity: int | None = 10) -> Deployment:
    return Deployment(sku=Sku(name=sku, capacity=capacity), properties=DeploymentProperties(
        model=DeploymentModel(format="OpenAI", name=model, version=version)))


def make_emu(config: EmulatorConfig | None = None, state_path: Path | None = None, **config_kw: Any) -> Emu:
    """An emulator offering the swedencentral gpt-4o extract; ``config_kw`` are EmulatorConfig fields."""
    clock = VirtualClock()
    config = config or EmulatorConfig(models={REGION: MODELS_EXTRACT}, **config_kw)
    transport = EmulatorTransport(state_path, config, clock=clock)
    emu = Emu(transport, clock, None, None)  # type: ignore[arg-type]
    emu.cognitive, emu.resources = emu.clients(SUB)
    return emu


@pytest.fixture
def emu_factory() -> Callable[..., Emu]:
    return make_emu


@pytest.fixture
def emu() -> Emu:
    return make_emu()


@pytest.fixture
def ready(emu: Emu) -> Emu:
    """An emulator with resource group rg1 and account acct1 (subdomain acct1) in swedencentral."""
    emu.rg()
    emu.account()
    return emu
