"""Who may call a data-plane operation: Entra ID token (audience, tenant, expiry) or key, and data-plane roles."""

from __future__ import annotations

import base64
import hmac
import json
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator.backend_accounts import TENANT
from aoai_provision.emulator.dataplane import errors
from aoai_provision.emulator.dataplane.lookup import Target

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

AUDIENCES = ("https://cognitiveservices.azure.com", "https://cognitiveservices.azure.com/", "https://ai.azure.com")


def token_claims(token: str) -> dict[str, Any] | None:
    """The claims of a JWT (signature not checked here), or None when it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(payload)
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None


def authenticate(backend: Backend, headers: dict[str, str], target: Target) -> str | None:
    """The caller's principal object id (None for a key); raises 401/403 like Azure OpenAI."""
    key = headers.get("api-key")
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer ") and auth[7:].strip():
        claims = token_claims(auth[7:].strip())
        if claims is None or not _valid(claims, backend.now()):
            raise errors.bad_token()
        return str(claims.get("oid") or claims.get("sub") or "")
    if key:
        if target.disable_local_auth:
            raise errors.keys_disabled()
        if not any(hmac.compare_digest(key, k) for k in target.keys):
            raise errors.bad_key()
        return None
    raise errors.bad_token()


def _valid(claims: dict[str, Any], now: float) -> bool:
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if not any(a in AUDIENCES for a in audiences):
        return False
    if claims.get("tid") not in (None, TENANT):
        return False
    expires = claims.get("exp")
    return not (isinstance(expires, (int, float)) and expires < now)


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
