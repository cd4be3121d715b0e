"""The emulator's configuration file (YAML or JSON): latency, LRO durations, throttling, quota, faults, models."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aoai_provision.errors import InputError

CONFIG_ENV = "AOAI_PROVISION_EMULATOR_CONFIG"
CONFIG_MAX_BYTES = 4 * 1024 * 1024

FaultKind = Literal["throttle", "server_error", "connection_reset", "operation_failed"]
DEFAULT_FAULT_KINDS: tuple[FaultKind, ...] = ("throttle", "server_error")


class _Strict(BaseModel):
    # strict: no true/false or "1" where a number belongs; no inf or NaN (`.inf` in YAML, Infinity in JSON)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


FilePath = Annotated[Path, Field(strict=False)]  # written as a string in the file


class LroSeconds(_Strict):
    """How long each kind of long-running operation stays in progress (seconds)."""

    account_create: Annotated[float, Field(ge=0)] = 0.0
    account_update: Annotated[float, Field(ge=0)] = 0.0
    account_delete: Annotated[float, Field(ge=0)] = 0.0
    deployment_create: Annotated[float, Field(ge=0)] = 0.0
    deployment_update: Annotated[float, Field(ge=0)] = 0.0
    deployment_delete: Annotated[float, Field(ge=0)] = 0.0


class Bucket(_Strict):
    """A token bucket: ``bucket`` tokens, refilled at ``refill_per_s`` tokens per second."""

    bucket: Annotated[int, Field(ge=1)]
    refill_per_s: Annotated[float, Field(gt=0)]


class Throttle(_Strict):
    reads: Bucket | None = None
    writes: Bucket | None = None


class Quota(_Strict):
    """Per subscription and region quota limits, keyed ``"<region>/<usage name>"``."""

    default_limit: Annotated[float, Field(ge=0)] = 1000.0
    limits: dict[str, float] = Field(default_factory=dict)


class Faults(_Strict):
    """Seeded fault injection: each eligible request fails with probability ``rate``."""

    seed: int = 0
    rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    kinds: list[FaultKind] = Field(default_factory=lambda: list(DEFAULT_FAULT_KINDS))


DataPlaneFaultKind = Literal["server_error", "unavailable", "throttle", "content_filter", "slow"]


class DataPlaneFault(_Strict):
    """A fault on one deployment's data plane: ``kind`` on a ``rate`` share of its requests."""

    kind: DataPlaneFaultKind
    rate: Annotated[float, Field(ge=0, le=1)] = 1.0
    latency_ms: Annotated[float, Field(ge=0)] = 0.0  # for ``slow``


class DataPlane(_Strict):
    """The accounts' data plane (inference endpoints): rate limits from capacity, faults per deployment."""

    rate_limits: bool = True
    seed: int = 0
    faults: dict[str, DataPlaneFault] = Field(default_factory=dict)  # "<account>/<deployment>", "*" matches any


class SeedResource(_Strict):
    """A resource the emulator holds from the start (created when missing, with its resource group)."""

    id: str
    location: str | None = None
    tags: dict[str, str] | None = None
    properties: dict[str, Any] = Field(default_factory=dict)


class EmulatorConfig(_Strict):
    """Everything is optional; the defaults give an instant, unthrottled, fault-free emulator."""

    latency_ms: Annotated[float, Field(ge=0)] = 0.0
    lro_seconds: LroSeconds = Field(default_factory=lambda: LroSeconds())
    retry_after_ms: Annotated[int, Field(ge=1)] = 1000
    throttle: Throttle = Field(default_factory=lambda: Throttle())
    quota: Quota = Field(default_factory=lambda: Quota())
    faults: Faults = Field(default_factory=lambda: Faults())
    models: dict[str, FilePath] = Field(default_factory=dict)
    page_size: Annotated[int, Field(ge=1)] = 100
    request_log: FilePath | None = None
    dataplane: DataPlane = Field(default_factory=lambda: DataPlane())
    seed: list[SeedResource] = Field(default_factory=list)


def load_config(path: Path) -> EmulatorConfig:
    """Read an emulator configuration file (YAML or JSON); relative paths inside resolve from its folder."""
    from aoai_provision.files import read_regular_file

    try:
        text = read_regular_file(path, limit=CONFIG_MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"Cannot read emulator config {path}: {reason}",
                         fix="name a YAML or JSON file (docs/emulator.md lists its settings)") from exc
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InputError(f"Emulator config {path} is not valid YAML/JSON: {exc}") from exc
    raw = raw or {}
    if not isinstance(raw, dict):
        raise InputError(f"Emulator config {path} must be a mapping of settings.")
    base = path.parent
    for key in ("request_log",):
        if isinstance(raw.get(key), str):
            raw[key] = str(base / raw[key])
    if isinstance(raw.get("models"), dict):
        raw["models"] = {region: str(base / str(p)) for region, p in raw["models"].items()}
    try:
        return EmulatorConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']} (got {e['input']!r})"
                             for e in exc.errors()[:5])
        raise InputError(f"Emulator config {path} is invalid: {problems}",
                         fix="correct those settings (docs/emulator.md lists each with its type)") from exc


def config_from_env(environ: dict[str, str] | None = None) -> EmulatorConfig:
    """The config named by ``AOAI_PROVISION_EMULATOR_CONFIG``, or the defaults."""
    env = os.environ if environ is None else environ
    value = env.get(CONFIG_ENV)
    return load_config(Path(value)) if value else EmulatorConfig()
