"""Turn Azure SDK exceptions into AzureCallError once, keeping ARM's code, message, status and request id."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from aoai_provision.errors import AzureCallError

T = TypeVar("T")

LOGIN_FIX = (
    "log in with `az login` (then `az account set --subscription <id>`), use a managed identity or "
    "workload identity in CI (AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_FEDERATED_TOKEN_FILE), "
    "or add --emulator to run against the embedded offline emulator"
)

FIX_HINTS: dict[str, str] = {
    "InsufficientQuota": "lower the deployment's capacity / rate_limit, free quota by deleting deployments, "
    "or request more quota for that model and region in the Azure portal (Quotas)",
    "RequestConflict": "another operation is running on this account (the portal or another pipeline); "
    "wait for it to finish and re-run apply",
    "CustomDomainInUse": "pick another custom_subdomain, or purge the soft-deleted account that still holds it "
    "(az cognitiveservices account purge)",
    "FlagMustBeSetForRestore": "an account of this name was soft-deleted: set `restore: true` on it to recover it, "
    "or purge it first (az cognitiveservices account purge)",
    "AuthorizationFailed": "the signed-in identity lacks permission; grant it 'Cognitive Services Contributor' "
    "on the resource group (and 'Contributor' to create the resource group)",
    "ResourceGroupNotFound": "check resource_group and the subscription, or let apply create the group",
    "SubscriptionNotFound": "check --subscription / the file's `subscription`",
    "InvalidSubscriptionId": "check --subscription / the file's `subscription`",
    "DeploymentModelNotSupported": "check the model and version with `aoai-provision models --region <region>`",
    "InvalidResourceProperties": "the model, version or SKU is not offered there; see "
    "`aoai-provision models --region <region>`",
    "MissingSubscriptionRegistration": "register the provider: az provider register -n Microsoft.CognitiveServices",
    "ConnectionError": "check the network connection (or the --endpoint address) and re-run; apply continues "
    "where it stopped",
    "TooManyRequests": "Azure Resource Manager is throttling this subscription; wait a minute and re-run",
}


# Entra ID's sign-in errors (AADSTS codes) that point at one setting; the Azure Identity troubleshooting guide's wording.
SIGN_IN_FIXES: dict[str, str] = {
    "7000215": "the client secret is wrong: set AZURE_CLIENT_SECRET to the secret's value (not its ID), or create "
    "a new client secret for the app registration",
    "7000222": "the client secret has expired: create a new client secret for the app registration and set "
    "AZURE_CLIENT_SECRET to it",
    "700016": "no such application in that tenant: check AZURE_CLIENT_ID and AZURE_TENANT_ID",
    "90002": "no such tenant: check AZURE_TENANT_ID (and AZURE_AUTHORITY_HOST for another cloud)",
}
_AADSTS = re.compile(r"AADSTS(\d+):.*")
_CREDENTIAL = re.compile(r"^(\w+Credential):")
_TRACE = re.compile(r"^Trace ID: (\S+)")


def sign_in_failure(text: str) -> tuple[str, str | None]:
    """Why sign-in failed, from an azure-identity message, and the first AADSTS code in it.

    DefaultAzureCredential's message starts with a generic line and names each credential it tried on its own
    line; Entra ID's reason (``AADSTS7000215: Invalid client secret provided. ...``) is on one of those, with
    its trace id, correlation id and timestamp on the next lines. Keeps each reason with the credential that got
    it and the Entra trace id; without an AADSTS code, the first line.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").splitlines() if line.strip()]
    reasons, codes, trace = [], [], None
    for line in lines:
        found = _AADSTS.search(line)
        if found:
            credential = _CREDENTIAL.match(line)
            reasons.append(f"{credential.group(1)}: {found.group(0)}" if credential else found.group(0))
            codes.append(found.group(1))
        elif trace is None and (traced := _TRACE.match(line)):
            trace = traced.group(1)
    if not reasons:
        return (lines[0] if lines else ""), None
    return " ".join(reasons) + (f" (Entra ID trace id {trace})" if trace else ""), codes[0]


def _request_id(exc: Any) -> str | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    for key in ("x-ms-request-id", "x-ms-correlation-request-id"):
        value = headers.get(key)
        if value:
            return str(value)
    return None


def error_code(exc: BaseException) -> str | None:
    """ARM's error code of an SDK exception (``e.error.code``), without wrapping it."""
    if isinstance(exc, AzureCallError):
        return exc.code
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None)
    return str(code) if code else None


CA_FIX = ("the endpoint's TLS certificate is not trusted: pass --ca-bundle with the `ca_bundle` path that "
          "`aoai-provision emulator serve` printed (or set AOAI_PROVISION_CA_BUNDLE)")


def wrap_sdk_error(exc: BaseException, *, resource: str | None = None, action: str | None = None) -> AzureCallError:
    """One AzureCallError for any exception raised by an Azure SDK call (idempotent on AzureCallError)."""
    if isinstance(exc, AzureCallError):
        return exc
    from azure.core.exceptions import (
        ClientAuthenticationError,
        HttpResponseError,
        ServiceRequestError,
        ServiceResponseError,
    )

    where = f" ({action} {resource})" if action and resource else (f" ({resource})" if resource else "")
    if isinstance(exc, ClientAuthenticationError) and getattr(exc, "status_code", None) is None:
        reason, aadsts = sign_in_failure(str(exc))
        fix = CA_FIX if "CERTIFICATE_VERIFY_FAILED" in str(exc) else SIGN_IN_FIXES.get(aadsts or "", LOGIN_FIX)
        return AzureCallError(f"Not signed in to Azure: {reason or type(exc).__name__}",
                              code=f"AADSTS{aadsts}" if aadsts else "AuthenticationFailed", resource=resource, fix=fix)
    if isinstance(exc, (ServiceRequestError, ServiceResponseError)):
        fix = FIX_HINTS["ConnectionError"]
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            fix = CA_FIX
        return AzureCallError(f"Connection to Azure Resource Manager failed{where}: {exc}",
                              code="ConnectionError", resource=resource, fix=fix)
    if isinstance(exc, HttpResponseError):
        code = error_code(exc)
        error = getattr(exc, "error", None)
        message = getattr(error, "message", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        status = getattr(exc, "status_code", None)
        if status == 401:
            return AzureCallError(f"Azure rejected the credentials{where}: {message}", code=code or "Unauthorized",
                                  status=status, request_id=_request_id(exc), resource=resource, fix=LOGIN_FIX)
        if code is None and status == 429:
            code = "TooManyRequests"
        return AzureCallError(f"Azure returned {code or f'HTTP {status}'}{where}: {message}", code=code,
                              status=status, request_id=_request_id(exc), resource=resource,
                              fix=FIX_HINTS.get(code or ""))
    return AzureCallError(f"Azure call failed{where}: {type(exc).__name__}: {exc}", resource=resource)


def azure_call(func: Callable[..., T], *args: Any, resource: str | None = None, action: str | None = None,
               **kwargs: Any) -> T:
    """Call an SDK function; any SDK exception becomes an AzureCallError."""
    from azure.core.exceptions import AzureError

    try:
        return func(*args, **kwargs)
    except AzureError as exc:
        raise wrap_sdk_error(exc, resource=resource, action=action) from exc
