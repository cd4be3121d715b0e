"""The route table: method + path regex -> spec operationId + handler; api-version rules; paging helpers.

Other modules add routes with ``register(...)``; modules named in ``EXTENSION_MODULES`` are imported by
``load_extensions()`` (the dispatcher calls it once) so they can register routes and operation finalizers.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aoai_provision.emulator import api_versions
from aoai_provision.emulator.errors import ArmError

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend
    from aoai_provision.emulator.identity import Claims, Identity

Reply = tuple[int, Any, dict[str, str]]
Handler = Callable[["Ctx"], Reply]

EXTENSION_MODULES = ["aoai_provision.emulator.template_deployments", "aoai_provision.emulator.handlers_tags",
                     "aoai_provision.emulator.handlers_access",
                     "aoai_provision.emulator.handlers_network"]

SUB = r"/subscriptions/(?P<sub>[^/]+)"
RG = SUB + r"/resourcegroups/(?P<rg>[^/]+)"
CS = "/providers/Microsoft.CognitiveServices"
ACCOUNT = RG + CS + r"/accounts/(?P<account>[^/]+)"
LOCATION = SUB + CS + r"/locations/(?P<location>[^/]+)"


@dataclass
class Ctx:
    """One parsed request as handlers see it."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    api_version: str
    base_url: str
    body: Any
    backend: Backend
    identity: Identity | None = None
    caller: Claims | None = None
    raw: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        """A request header by case-insensitive name ("" when absent)."""
        return self.headers.get(name.lower(), "")

    def json_body(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be "
                                                         "deserialized: a JSON object is required.")
        return self.body

    def url(self, path: str, **query: str) -> str:
        """An absolute URL on this emulator with ``api-version`` (polling URLs must carry it)."""
        params = {"api-version": self.api_version, **query}
        return f"{self.base_url}{path}?{urlencode(params, safe='$')}"

    def page(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        """A list body with ``nextLink`` paging (``$skiptoken`` offset; other query parameters kept)."""
        size = self.backend.config.page_size
        try:
            start = max(int(self.query.get("$skiptoken", "0")), 0)
        except ValueError:
            start = 0
        body: dict[str, Any] = {"value": items[start:start + size]}
        if start + size < len(items):
            query = {k: v for k, v in self.query.items() if k not in ("api-version", "$skiptoken")}
            body["nextLink"] = self.url(self.path, **query, **{"$skiptoken": str(start + size)})
        return body


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    operation: str
    handler: Handler
    family: str = "cognitive"
    polling: bool = False
    tags: tuple[str, ...] = field(default=())
    anonymous: bool = False


ROUTES: list[Route] = []


def register(method: str, path_regex: str, operation: str, handler: Handler, *, family: str = "cognitive",
             polling: bool = False, anonymous: bool = False) -> Route:
    """Add a route; ``path_regex`` is matched case-insensitively against the whole path.

    ``family`` names the api-version list (see ``api_versions``; "identity" routes take none);
    ``anonymous`` routes answer without a bearer token (cloud metadata, Entra ID, managed identity).
    """
    route = Route(method.upper(), re.compile(f"^{path_regex}/?$", re.IGNORECASE), operation, handler, family,
                  polling, anonymous=anonymous)
    ROUTES.append(route)
    return route


def route(method: str, path_regex: str, operation: str, **kw: Any) -> Callable[[Handler], Handler]:
    """Decorator form of ``register``."""

    def decorate(handler: Handler) -> Handler:
        register(method, path_regex, operation, handler, **kw)
        return handler

    return decorate


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for ``method path`` and its path parameters; raises 405-style ArmError on wrong method."""
    other = False
    for candidate in ROUTES:
        found = candidate.pattern.match(path)
        if found is None:
            continue
        if candidate.method == method.upper():
            return candidate, {k: v for k, v in found.groupdict().items() if v is not None}
        other = True
    if other:
        raise ArmError(405, "HttpMethodNotSupported",
                       f"The requested resource does not support http method '{method.upper()}'.")
    return None


def check_api_version(family: str, api_version: str | None, params: dict[str, str] | None = None,
                      body: Any = None) -> None:
    """ARM's error for a missing or unpublished api-version ("identity" routes take none)."""
    if family == "identity":
        return
    params = params or {}
    location = params.get("location") or (body.get("location") if isinstance(body, dict) else None) or "global"
    resource_type = "deployments" if "deployment" in params else "accounts"
    api_versions.check(family, api_version, resource_type=resource_type, location=str(location))


_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def check_subscription(subscription: str | None) -> None:
    """ARM refuses a subscription id that is not a GUID (400 InvalidSubscriptionId) before anything else."""
    if subscription is not None and not _GUID.match(subscription):
        raise ArmError(400, "InvalidSubscriptionId",
                       f"The provided subscription identifier '{subscription}' is malformed or invalid.")


_loaded = False
_load_lock = threading.Lock()


def load_extensions() -> None:
    """Import the built-in handler modules and any extension module that exists (once, thread-safe)."""
    global _loaded
    with _load_lock:
        if _loaded:
            return
        _load_modules()
        _loaded = True


def _load_modules() -> None:
    for name in ["aoai_provision.emulator.handlers_identity", "aoai_provision.emulator.handlers_resources",
                 "aoai_provision.emulator.handlers_cognitive", "aoai_provision.emulator.handlers_account_reads",
                 *EXTENSION_MODULES]:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
