"""The only place that builds Azure SDK clients: credential, transport, cloud, retry, polling, user agent."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aoai_provision import USER_AGENT
from aoai_provision.arm_versions import COGNITIVE_SERVICES
from aoai_provision.azure.guard import WriteGuard
from aoai_provision.azure.target import Target, default_emulator_state
from aoai_provision.errors import InputError

EMULATOR_CONFIG_ENV = "AOAI_PROVISION_EMULATOR_CONFIG"
# One retry policy for Azure and the emulator (in process or served): azure-core retries 5xx and dropped
# connections 10 times, waiting the response's Retry-After / retry-after-ms when it has one, else an
# exponential backoff from 0.8 s up to 120 s (about 7 minutes in all). The emulator being faster is not a
# reason to give up sooner: an `emulator serve` restarting, or a seeded fault streak, gets the same patience.
# Throttling (429) is waited out before that by the pacing policy (azure/pacing.py) and never uses this budget.
RETRY_TOTAL = 10
RETRY_POLICY: dict[str, Any] = {"retry_total": RETRY_TOTAL, "retry_backoff_factor": 0.8, "retry_backoff_max": 120}


DEFAULT_CONFLICT_SECONDS = 300.0


@dataclass(frozen=True)
class RetrySettings:
    """Step-level retry settings for the executor (azure-core's own retry handles 429/5xx underneath)."""

    # RequestConflict caused by someone else (another pipeline's operation on the account) is retried
    # with backoff for a time budget, not a count: ``conflict_seconds``, scaled up by the writes in
    # flight beyond ``writes_per_budget`` (more writes in flight, longer queues on each account).
    conflict_seconds: float = DEFAULT_CONFLICT_SECONDS
    writes_per_budget: int = 10
    conflict_backoff: float = 5.0  # seconds, doubled per attempt
    backoff_max: float = 60.0
    connection_retries: int = 3  # dropped connections after azure-core gave up
    failed_operation_retries: int = 1  # an LRO that ended Failed

    def conflict_budget(self, writes_in_flight: int) -> float:
        """Seconds a write keeps retrying RequestConflict, given the writes in flight now."""
        return self.conflict_seconds * max(1.0, writes_in_flight / self.writes_per_budget)


@dataclass
class AzureClients:
    """The management clients for one subscription, sharing one transport and credential."""

    cognitive: Any  # CognitiveServicesManagementClient
    resources: Any  # ResourceManagementClient
    deployments: Any  # DeploymentsMgmtClient (azure-mgmt-resource-deployments)
    subscription: str
    target: Target
    retry: RetrySettings
    transport: Any = None
    polling_interval: float = 5.0  # seconds between polls when ARM sends no Retry-After
    guard: WriteGuard = field(default_factory=WriteGuard)  # checks ownership before every write
    authorization_factory: Any = None  # builds the AuthorizationManagementClient on first use
    _authorization: Any = None

    @property
    def emulator(self) -> bool:
        return self.target.emulator

    @property
    def authorization(self) -> Any:
        """The AuthorizationManagementClient (role assignments), imported and built only when first used."""
        if self._authorization is None:
            if self.authorization_factory is None:
                raise RuntimeError("these clients were built without role-assignment support")
            self._authorization = self.authorization_factory()
        return self._authorization


def _emulator_transport(target: Target) -> Any:
    try:
        from aoai_provision.emulator.transport import EmulatorTransport
    except ImportError as exc:
        raise InputError("the embedded emulator is not available in this installation") from exc
    config = None
    config_path = target.emulator_config or (Path(os.environ[EMULATOR_CONFIG_ENV])
                                             if os.environ.get(EMULATOR_CONFIG_ENV) else None)
    if config_path is not None:
        from aoai_provision.emulator.config import load_config

        if not config_path.exists():
            raise InputError(f"emulator config {config_path} does not exist")
        config = load_config(config_path)
    state = target.emulator_state or default_emulator_state()
    if not target.read_only:
        state.parent.mkdir(parents=True, exist_ok=True)
    return EmulatorTransport(state, config, read_only=target.read_only)


def _check_endpoint(endpoint: str) -> None:
    """--endpoint must be an https:// URL (the SDK sends bearer tokens over TLS only)."""
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise InputError(f"--endpoint {endpoint!r} is not an https:// URL",
                         fix="pass the `endpoint` that `aoai-provision emulator serve` prints, "
                             "e.g. --endpoint https://127.0.0.1:8443 --ca-bundle PATH")


# Connections kept per host. azure-core's default transport keeps 10 per client, so with `--parallelism 32`
# and three clients most requests of a large apply opened a new TLS connection (and threw it away after).
POOL_SIZE = 128  # the highest --parallelism


def http_transport(endpoint: str, connection_verify: str | None = None) -> Any:
    """One requests transport for ``endpoint``, shared by all clients of a target (``http_session.ArmSession``)."""
    from azure.core.pipeline.transport import RequestsTransport

    from aoai_provision.azure.http_session import ArmSession, environment_ca_bundle

    session = ArmSession(endpoint, POOL_SIZE)
    options: dict[str, Any] = {"session": session, "session_owner": False}
    verify = connection_verify if connection_verify is not None else environment_ca_bundle()
    if verify is not None:
        options["connection_verify"] = verify
    return RequestsTransport(**options)


def client_kwargs(target: Target, transport: Any = None) -> dict[str, Any]:
    """Keyword arguments shared by every management client for ``target``."""
    from aoai_provision.azure.credentials import azure_credential, endpoint_credential

    kwargs: dict[str, Any] = {"user_agent": USER_AGENT, "base_url": target.base_url}
    if target.emulator and not target.endpoint:
        transport = transport if transport is not None else _emulator_transport(target)
        kwargs.update(credential=transport.credential(), transport=transport, **RETRY_POLICY, polling_interval=0.2,
                      credential_scopes=["https://management.azure.com/.default"])
        return kwargs
    if target.endpoint:  # an `emulator serve` address (or any ARM-compatible endpoint) over HTTPS
        _check_endpoint(target.endpoint)
        kwargs.update(credential=endpoint_credential(target.endpoint, target.ca_bundle), **RETRY_POLICY,
                      polling_interval=0.2, credential_scopes=["https://management.azure.com/.default"])
        if target.ca_bundle is not None:
            kwargs["connection_verify"] = str(target.ca_bundle)
        if transport is not None:
            kwargs["transport"] = transport
        return kwargs
    kwargs.update(credential=azure_credential(), credential_scopes=[target.scope], **RETRY_POLICY, polling_interval=5)
    if transport is not None:
        kwargs["transport"] = transport
    return kwargs


def build_clients(target: Target, subscription: str, *, transport: Any = None,
                  retry: RetrySettings | None = None) -> AzureClients:
    """Build the CognitiveServices, Resources and Deployments clients for ``target`` and ``subscription``."""
    from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
    from azure.mgmt.resource.deployments import DeploymentsMgmtClient
    from azure.mgmt.resource.resources import ResourceManagementClient

    from aoai_provision.azure.pacing import PacingPolicy

    kwargs = client_kwargs(target, transport)
    credential = kwargs.pop("credential")
    given = kwargs.get("transport")  # the in-process emulator's, or the caller's
    if given is None:  # Azure or `emulator serve`: one connection pool for every client, as big as the workers
        kwargs["transport"] = http_transport(target.base_url, kwargs.get("connection_verify"))
    # Each in-process emulator has its own buckets, as each ARM endpoint has.
    in_process = target.emulator and not target.endpoint
    endpoint = f"in-process:{id(kwargs['transport'])}" if in_process else target.base_url
    kwargs["custom_hook_policy"] = PacingPolicy(endpoint, subscription)

    def authorization() -> Any:
        # azure-mgmt-authorization is imported here only: `--help`, `validate` and plans without role
        # assignments never load it (bench/README.md records its cost).
        from azure.mgmt.authorization import AuthorizationManagementClient

        return AuthorizationManagementClient(credential, subscription, **kwargs)

    local = target.emulator or bool(target.endpoint)
    if retry is None:
        budget = target.conflict_timeout if target.conflict_timeout is not None else DEFAULT_CONFLICT_SECONDS
        retry = (RetrySettings(conflict_seconds=budget, conflict_backoff=0.05, backoff_max=0.5) if local
                 else RetrySettings(conflict_seconds=budget))
    return AzureClients(
        cognitive=CognitiveServicesManagementClient(credential, subscription, api_version=COGNITIVE_SERVICES,
                                                    **kwargs),
        resources=ResourceManagementClient(credential, subscription, **kwargs),
        deployments=DeploymentsMgmtClient(credential, subscription, **kwargs),
        subscription=subscription,
        target=target,
        retry=retry,
        transport=given,
        polling_interval=float(kwargs.get("polling_interval", 5.0)),
        authorization_factory=authorization,
    )
