"""Who may call a data-plane operation: Entra ID token (audience, tenant, expiry) or key, and data-plane roles."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from aoai_provision.emulator.dataplane import errors
from aoai_provision.emulator.dataplane.lookup import Target
from aoai_provision.emulator.identity import TENANT_ID, Identity, TokenError

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

AUDIENCES = ("https://cognitiveservices.azure.com", "https://cognitiveservices.azure.com/", "https://ai.azure.com")


def authenticate(identity: Identity, headers: dict[str, str], target: Target) -> str | None:
    """The caller's principal object id (None for a key); raises 401/403 like Azure OpenAI.

    Tokens are the emulator's own signed JWTs (``identity.py``): signature, expiry, the Cognitive
    Services audience and the emulator's tenant are checked.
    """
    key = headers.get("api-key")
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer ") and auth[7:].strip():
        try:
            claims = identity.verify(auth[7:].strip(), AUDIENCES)
        except TokenError as error:
            raise errors.bad_token() from error
        if claims.tenant_id != TENANT_ID:
            raise errors.bad_token()
        return claims.object_id
    if key:
        if target.disable_local_auth:
            raise errors.keys_disabled()
        if not any(hmac.compare_digest(key, k) for k in target.keys):
            raise errors.bad_key()
        return None
    raise errors.bad_token()


def authorize(backend: Backend, target: Target, principal: str | None, data_action: str, method: str,
              path: str) -> None:
    """Keyless accounts need a data-plane role for the caller when the emulator knows role assignments."""
    if principal is None or not target.disable_local_auth:
        return
    allowed = has_data_plane_role(backend, target, principal)
    if allowed is False:
        raise errors.lacks_data_action(principal, data_action, method, path)


def has_data_plane_role(backend: Backend, target: Target, principal: str) -> bool | None:
    """True/False from the emulator's role assignments at the account's scope or above; None: none known
    (an emulator nobody granted anything in lets every valid token through)."""
    scope = str(target.account["id"])
    if not backend.list_role_assignments(scope):
        return None
    return backend.has_data_plane_role(principal, scope)
