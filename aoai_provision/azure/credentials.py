"""Credentials for the SDK clients: DefaultAzureCredential for Azure, a real sign-in for an emulator endpoint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aoai_provision.errors import InputError

# The well-known service principal of `aoai-provision emulator serve` (local use only, like Azurite's key).
EMULATOR_TENANT_ID = "7e1a0000-0000-4000-8000-00000000a0a1"
EMULATOR_CLIENT_ID = "0a0a1c1e-0000-4000-8000-00000000a0a1"
EMULATOR_CLIENT_SECRET = "aoai-provision-emulator-secret"
MICROSOFT_LOGIN_HOSTS = ("login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
                         "login.partner.microsoftonline.cn")


def azure_credential(**kwargs: Any) -> Any:
    """DefaultAzureCredential (az login, managed identity, workload identity, environment variables)."""
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError as exc:  # pragma: no cover - azure-identity is a dependency
        raise InputError("azure-identity is not installed", fix="pip install azure-identity") from exc
    return DefaultAzureCredential(exclude_interactive_browser_credential=True, **kwargs)


def endpoint_credential(endpoint: str, ca_bundle: Path | None, environ: dict[str, str] | None = None) -> Any:
    """How the tool signs in to an ARM-compatible endpoint such as `emulator serve`.

    With ``AZURE_CLIENT_ID`` set, DefaultAzureCredential reads the usual environment variables
    (``AZURE_TENANT_ID``, ``AZURE_CLIENT_SECRET`` or ``AZURE_FEDERATED_TOKEN_FILE``,
    ``AZURE_AUTHORITY_HOST``); otherwise the emulator's well-known service principal signs in at
    ``endpoint`` as its authority. Either way the token comes from a real OAuth exchange.
    """
    env = os.environ if environ is None else environ
    transport: dict[str, Any] = {"connection_verify": str(ca_bundle)} if ca_bundle is not None else {}
    if env.get("AZURE_CLIENT_ID"):
        authority = env.get("AZURE_AUTHORITY_HOST", "")
        custom = bool(authority) and urlsplit(authority).hostname not in MICROSOFT_LOGIN_HOSTS
        return azure_credential(disable_instance_discovery=custom or None, **transport) if custom \
            else azure_credential(**transport)
    from azure.identity import ClientSecretCredential

    return ClientSecretCredential(EMULATOR_TENANT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET,
                                  authority=endpoint.rstrip("/"), disable_instance_discovery=True, **transport)
