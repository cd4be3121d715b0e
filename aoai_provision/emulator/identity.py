"""The emulator's Entra ID tenant: a signing key, JWT access tokens (issue and verify), one service principal.

Reusable on its own (the data-plane emulator verifies the same tokens): ``Identity.load(directory)``
keeps the RSA key in ``directory/token-signing.pem``; ``Identity.ephemeral()`` shares one in-memory key
per process. ``verify`` raises ``TokenError`` carrying ARM's 401 code and wording.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from aoai_provision.emulator.certs import made_once, write_private

TENANT_ID = "7e1a0000-0000-4000-8000-00000000a0a1"
CLIENT_ID = "0a0a1c1e-0000-4000-8000-00000000a0a1"
CLIENT_SECRET = "aoai-provision-emulator-secret"  # well known, like Azurite's account key: local use only
SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"
MANAGEMENT_AUDIENCES = ("https://management.core.windows.net/", "https://management.core.windows.net",
                        "https://management.azure.com/", "https://management.azure.com")
FEDERATED_AUDIENCE = "api://AzureADTokenExchange"
TOKEN_LIFETIME_S = 3600
_KEY_FILE = "token-signing.pem"
_shared_key: rsa.RSAPrivateKey | None = None
_shared_lock = threading.Lock()
_VERIFIED: dict[tuple[str, str], dict[str, Any]] = {}  # (key id, token) -> claims whose signature checked out
_VERIFIED_MAX = 4096


class TokenError(Exception):
    """Why a bearer token was refused, in ARM's words (HTTP 401)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Claims:
    """What the emulator needs to know about a verified caller."""

    tenant_id: str
    object_id: str
    app_id: str
    audience: str
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class Identity:
    """One signing key and the issuer built from the authority URL the client used."""

    key: rsa.RSAPrivateKey

    @staticmethod
    def exists(directory: Path) -> bool:
        return (directory / _KEY_FILE).is_file()

    @classmethod
    def load(cls, directory: Path) -> Identity:
        """The key stored in ``directory`` (created on first use, owner-only permissions)."""
        path = directory / _KEY_FILE
        if path.is_file():
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if isinstance(loaded, rsa.RSAPrivateKey):
                return cls(loaded)
        with made_once(directory):  # processes (or a fleet's threads) starting at once share one key
            if path.is_file():
                loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
                if isinstance(loaded, rsa.RSAPrivateKey):
                    return cls(loaded)
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            write_private(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
        return cls(key)

    @classmethod
    def ephemeral(cls) -> Identity:
        """An in-memory key shared by every in-memory emulator of this process (made once)."""
        global _shared_key
        with _shared_lock:
            if _shared_key is None:
                _shared_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return cls(_shared_key)

    @functools.cached_property
    def kid(self) -> str:
        der = self.key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
        return base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:15]).decode().rstrip("=")

    def jwks(self) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                          "n": _b64int(numbers.n), "e": _b64int(numbers.e)}]}

    def issue(self, *, audience: str, issuer: str, tenant_id: str = TENANT_ID, app_id: str = CLIENT_ID,
              object_id: str | None = None, lifetime_s: int = TOKEN_LIFETIME_S, extra: dict[str, Any] | None = None,
              now: float | None = None) -> str:
        """A signed RS256 access token for ``audience`` (``tid``, ``oid``, ``aud``, ``exp`` and friends)."""
        issued = int(time.time() if now is None else now)
        claims: dict[str, Any] = {
            "aud": audience, "iss": issuer, "iat": issued, "nbf": issued, "exp": issued + lifetime_s,
            "tid": tenant_id, "oid": object_id or _object_id(tenant_id, app_id), "sub": object_id
            or _object_id(tenant_id, app_id), "appid": app_id, "azp": app_id, "idtyp": "app", "ver": "2.0",
            "uti": uuid.uuid4().hex[:22], "rh": "0.emulator",
        }
        claims.update(extra or {})
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def verify(self, token: str, audiences: tuple[str, ...] = MANAGEMENT_AUDIENCES) -> Claims:
        """The caller's claims, or ``TokenError`` with ARM's code and message.

        A token whose signature was verified before is not verified again (an RSA check costs more than
        the rest of a request); its expiry and audience are checked on every call.
        """
        claims = _VERIFIED.get((self.kid, token))
        if claims is None:
            claims = self._signed_claims(token)
            if len(_VERIFIED) >= _VERIFIED_MAX:
                _VERIFIED.clear()
            _VERIFIED[(self.kid, token)] = claims
        return self._check(claims, audiences)

    def _signed_claims(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenError("InvalidAuthenticationToken", "The access token is invalid.") from exc
        if header.get("alg") != "RS256":
            raise TokenError("InvalidAuthenticationToken", "The access token is invalid.")
        try:
            claims = jwt.decode(token, self.key.public_key(), algorithms=["RS256"],
                                options={"verify_aud": False, "verify_exp": False, "require": ["exp", "aud"]})
        except jwt.InvalidSignatureError as exc:
            raise TokenError("InvalidAuthenticationToken",
                             "The access token has an invalid signature.") from exc
        except jwt.PyJWTError as exc:
            raise TokenError("InvalidAuthenticationToken", "The access token is invalid.") from exc
        return dict(claims)

    @staticmethod
    def _check(claims: dict[str, Any], audiences: tuple[str, ...]) -> Claims:
        now = time.time()
        if float(claims["exp"]) < now:
            raise TokenError("ExpiredAuthenticationToken",
                             f"The access token expiry UTC time '{_arm_time(float(claims['exp']))}' is earlier "
                             f"than current UTC time '{_arm_time(now)}'.")
        audience = claims["aud"]
        if audience not in audiences:
            allowed = ",".join(f"'{a}'" for a in audiences)
            raise TokenError("InvalidAuthenticationTokenAudience",
                             f"The access token has been obtained for wrong audience or resource '{audience}'. "
                             f"It should exactly match with one of the allowed audiences {allowed}.")
        return Claims(str(claims.get("tid", "")), str(claims.get("oid", "")), str(claims.get("appid", "")),
                      str(audience), claims)


class EmulatorCredential:
    """A TokenCredential that mints tokens from an ``Identity`` in process (the in-process emulator)."""

    def __init__(self, identity: Identity, issuer: str = f"https://login.emulator.local/{TENANT_ID}/v2.0") -> None:
        self._identity = identity
        self._issuer = issuer

    def _mint(self, scopes: tuple[str, ...]) -> tuple[str, int]:
        audience = resource_of(scopes[0] if scopes else MANAGEMENT_AUDIENCES[2] + ".default")
        token = self._identity.issue(audience=audience, issuer=self._issuer)
        return token, int(time.time()) + TOKEN_LIFETIME_S

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken(*self._mint(scopes))

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(*self._mint(scopes))


def resource_of(scope: str) -> str:
    """The token audience for a v2.0 scope, as Entra ID derives it (``X//.default`` -> ``X/``)."""
    return scope[: -len("/.default")] if scope.endswith("/.default") else scope


def _object_id(tenant_id: str, app_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant_id}/{app_id}"))


def _b64int(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _arm_time(epoch: float) -> str:
    """ARM's invariant-culture time, e.g. ``11/30/2026 1:05:09 AM``."""
    moment = datetime.fromtimestamp(epoch, UTC)
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"
