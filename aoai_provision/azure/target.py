"""Which Azure a command talks to: real ARM (a cloud), the in-process emulator, or an HTTPS endpoint."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_EMULATOR_STATE = Path(".aoai-provision/emulator.db")
FORMER_DEFAULT_STATE = Path(".aoai-provision/emulator.json")  # the default's name before the state was SQLite


def default_emulator_state() -> Path:
    """``.aoai-provision/emulator.db``; or the former default ``emulator.json`` while only that one exists.

    An existing state keeps working under its old name (a JSON state in it is migrated as before); a
    note on stderr says how to rename it.
    """
    if not DEFAULT_EMULATOR_STATE.exists() and FORMER_DEFAULT_STATE.is_file():
        sys.stderr.write(f"note: using {FORMER_DEFAULT_STATE}, the emulator state's former default name; "
                         f"rename it to {DEFAULT_EMULATOR_STATE.name} (with its -wal and -shm files, if any) "
                         f"when no emulator is running\n")
        return FORMER_DEFAULT_STATE
    return DEFAULT_EMULATOR_STATE
EMULATOR_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

CLOUD_ENDPOINTS = {
    "AzureCloud": ("https://management.azure.com", "https://management.azure.com/.default"),
    "AzureUSGovernment": ("https://management.usgovcloudapi.net", "https://management.usgovcloudapi.net/.default"),
    "AzureChinaCloud": ("https://management.chinacloudapi.cn", "https://management.chinacloudapi.cn/.default"),
}


@dataclass(frozen=True)
class Target:
    """Resolved connection settings for the Azure SDK clients."""

    emulator: bool = False
    emulator_state: Path | None = None
    emulator_config: Path | None = None
    endpoint: str | None = None
    ca_bundle: Path | None = None
    cloud: str = "AzureCloud"
    subscription: str | None = None
    read_only: bool = False  # a command that only reads: the emulator state file is never written
    conflict_timeout: float | None = None  # apply/destroy --conflict-timeout: seconds of RequestConflict retries

    @classmethod
    def from_options(
        cls,
        *,
        emulator: bool = False,
        emulator_state: Path | None = None,
        emulator_config: Path | None = None,
        endpoint: str | None = None,
        ca_bundle: Path | None = None,
        cloud: str = "AzureCloud",
        subscription: str | None = None,
        read_only: bool = False,
        conflict_timeout: float | None = None,
    ) -> Target:
        use_emulator = emulator or emulator_state is not None
        return cls(
            emulator=use_emulator,
            emulator_state=(emulator_state or default_emulator_state()) if use_emulator else None,
            emulator_config=emulator_config,
            endpoint=endpoint,
            ca_bundle=ca_bundle,
            cloud=cloud,
            subscription=subscription,
            read_only=read_only,
            conflict_timeout=conflict_timeout,
        )

    @property
    def base_url(self) -> str:
        if self.endpoint:
            return self.endpoint.rstrip("/")
        if self.emulator:
            return "https://management.azure.com"
        return CLOUD_ENDPOINTS[self.cloud][0]

    @property
    def scope(self) -> str:
        return CLOUD_ENDPOINTS[self.cloud][1]
