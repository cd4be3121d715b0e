"""Credentials for the SDK clients: DefaultAzureCredential for Azure, a static token for the emulator."""

from __future__ import annotations

import time
from typing import Any

from aoai_provision.errors import InputError


class StaticTokenCredential:
    """A TokenCredential that always returns the same bearer token (the emulator accepts any token)."""

    def __init__(self, token: str = "aoai-provision-emulator") -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken(self._token, int(time.time()) + 3600)

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(self._token, int(time.time()) + 3600)


def azure_credential() -> Any:
    """DefaultAzureCredential (az login, managed identity, workload identity, environment variables)."""
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError as exc:  # pragma: no cover - azure-identity is a dependency
        raise InputError("azure-identity is not installed", fix="pip install azure-identity") from exc
    return DefaultAzureCredential(exclude_interactive_browser_credential=True)
