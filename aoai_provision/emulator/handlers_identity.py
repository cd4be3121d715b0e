"""The local cloud around ARM: cloud metadata, Entra ID discovery and token endpoints, managed identity.

All of these answer without a bearer token, as their Azure counterparts do. Tokens come from the
emulator's ``Identity``; clients reach them through the emulator's own address as the authority.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import jwt

from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.identity import (
    CLIENT_ID,
    CLIENT_SECRET,
    FEDERATED_AUDIENCE,
    MANAGEMENT_AUDIENCES,
    SUBSCRIPTION_ID,
    TENANT_ID,
    TOKEN_LIFETIME_S,
    TokenError,
    resource_of,
)
from aoai_provision.emulator.routes import Ctx, Reply, route

TENANT_ALIASES = {"common", "organizations", TENANT_ID, "emulator.local"}
MSI_CLIENT_ID = "0a0a1c1e-0000-4000-8000-0000000005e1"
IDENTITY_HEADER = "aoai-provision-emulator-identity-header"
REFRESH_LIFETIME_S = 90 * 24 * 3600
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
AUTHORITY = r"/(?P<tenant>[^/]+)"


class OAuthError(ArmError):
    """An Entra ID error body (``error``, ``error_description``, ``error_codes``, ``error_uri``), not ARM's.

    The layout is Entra's: the description's trace, correlation id and timestamp each on their own CRLF line,
    the same ids repeated as fields (as Entra answered a wrong client secret in Azure/sap-automation#418).
    """

    def __init__(self, status: int, error: str, code: int, description: str) -> None:
        super().__init__(status, error, description)
        trace, correlation, now = str(uuid.uuid4()), str(uuid.uuid4()), _now_iso()
        self.oauth = {"error": error,
                      "error_description": f"AADSTS{code}: {description}\r\nTrace ID: {trace}\r\n"
                                           f"Correlation ID: {correlation}\r\nTimestamp: {now}",
                      "error_codes": [code], "timestamp": now, "trace_id": trace, "correlation_id": correlation,
                      "error_uri": f"https://login.microsoftonline.com/error?code={code}"}

    def body(self) -> dict[str, Any]:
        return self.oauth


# -- cloud metadata --------------------------------------------------------------------------------
def cloud_metadata(base_url: str) -> dict[str, Any]:
    """This emulator described as an Azure cloud (the shape of ARM's /metadata/endpoints)."""
    return {
        "name": "AoaiProvisionEmulator",
        "portal": f"{base_url}/",
        "authentication": {"loginEndpoint": f"{base_url}/", "audiences": list(MANAGEMENT_AUDIENCES[::2]),
                           "tenant": "common", "identityProvider": "AAD"},
        "resourceManager": f"{base_url}/",
        "gallery": f"{base_url}/",
        "media": "https://rest.media.azure.net", "graphAudience": "https://graph.windows.net/",
        "graph": "https://graph.windows.net/", "batch": "https://batch.core.windows.net/",
        "microsoftGraphResourceId": "https://graph.microsoft.com/",
        "activeDirectoryDataLake": "https://datalake.azure.net/",
        "sqlManagement": "https://management.core.windows.net:8443/",
        "vmImageAliasDoc": "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/"
                           "quickstart-templates/aliases.json",
        "appInsightsResourceId": "https://api.applicationinsights.io",
        "logAnalyticsResourceId": "https://api.loganalytics.io",
        "suffixes": {"storage": "core.windows.net", "keyVaultDns": "vault.azure.net",
                     "sqlServerHostname": "database.windows.net", "acrLoginServer": "azurecr.io",
                     "azureDataLakeStoreFileSystem": "azuredatalakestore.net",
                     "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
                     "mhsmDns": "managedhsm.azure.net", "attestationEndpoint": "attest.azure.net",
                     "synapseAnalytics": "dev.azuresynapse.net"},
    }


@route("GET", "/metadata/endpoints", "Metadata_Endpoints", family="metadata", anonymous=True)
def metadata_endpoints(ctx: Ctx) -> Reply:
    cloud = cloud_metadata(ctx.base_url)
    if ctx.api_version == "2015-01-01":  # the original flat shape
        return 200, {"galleryEndpoint": cloud["gallery"], "graphEndpoint": cloud["graph"],
                     "portalEndpoint": cloud["portal"], "authentication": cloud["authentication"]}, {}
    if ctx.api_version == "2019-05-01":  # a list of clouds
        return 200, [cloud], {}
    return 200, cloud, {}


# -- Entra ID: discovery, keys, tokens -------------------------------------------------------------
def _tenant(ctx: Ctx) -> str:
    tenant = ctx.params["tenant"]
    if tenant.lower() not in {t.lower() for t in TENANT_ALIASES}:
        raise OAuthError(400, "invalid_tenant", 90002,
                         f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are "
                         "signing into the correct cloud.")
    return TENANT_ID


def issuer(base_url: str) -> str:
    return f"{base_url}/{TENANT_ID}/v2.0"


def _openid_configuration(ctx: Ctx) -> Reply:
    _tenant(ctx)
    base, tenant = ctx.base_url, TENANT_ID
    return 200, {
        "token_endpoint": f"{base}/{tenant}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": f"{base}/{tenant}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer(base),
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": f"{base}/oidc/userinfo",
        "authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/devicecode",
        "http_logout_supported": True, "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/{tenant}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "tid", "oid", "ver"],
        "tenant_region_scope": "EU", "cloud_instance_name": "emulator.local",
        "cloud_graph_host_name": "graph.windows.net", "msgraph_host": "graph.microsoft.com",
    }, {}


route("GET", AUTHORITY + r"/v2\.0/\.well-known/openid-configuration", "Entra_OpenIdConfiguration",
      family="identity", anonymous=True)(_openid_configuration)
route("GET", AUTHORITY + r"/\.well-known/openid-configuration", "Entra_OpenIdConfigurationV1",
      family="identity", anonymous=True)(_openid_configuration)


@route("GET", AUTHORITY + r"/discovery/(v2\.0/)?keys", "Entra_Keys", family="identity", anonymous=True)
def signing_keys(ctx: Ctx) -> Reply:
    return 200, ctx.identity.jwks(), {}


@route("POST", AUTHORITY + r"/oauth2/v2\.0/token", "Entra_Token", family="identity", anonymous=True)
def token(ctx: Ctx) -> Reply:
    """Client credentials (secret or assertion) and refresh tokens, as Entra ID's v2.0 endpoint."""
    _tenant(ctx)
    form = dict(parse_qsl(ctx.raw.decode("utf-8", "replace"), keep_blank_values=True))
    grant = form.get("grant_type", "")
    audience = _audience(form.get("scope", ""))
    if grant == "client_credentials":
        client_id = _authenticate_client(ctx, form)
        return 200, _token_response(ctx, audience, client_id), {}
    if grant == "refresh_token":
        client_id = _redeem_refresh_token(ctx, form)
        body = _token_response(ctx, audience, client_id)
        body["refresh_token"] = _refresh_token(ctx, client_id)
        return 200, body, {}
    raise OAuthError(400, "unsupported_grant_type", 70003,
                     f"The app requested an unsupported grant type '{grant}'.")


def _audience(scope: str) -> str:
    scopes = [s for s in scope.split() if s not in ("openid", "profile", "offline_access")]
    if not scopes:
        raise OAuthError(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                                                        "'scope'.")
    return resource_of(scopes[0])


def _authenticate_client(ctx: Ctx, form: dict[str, str]) -> str:
    client_id = form.get("client_id", "")
    if client_id != CLIENT_ID:
        raise OAuthError(400, "unauthorized_client", 700016,
                         f"Application with identifier '{client_id}' was not found in the directory "
                         f"'{TENANT_ID}'. This can happen if the application has not been installed by the "
                         "administrator of the tenant or consented to by any user in the tenant.")
    if "client_secret" in form:
        if form["client_secret"] != CLIENT_SECRET:
            raise OAuthError(401, "invalid_client", 7000215,
                             "Invalid client secret provided. Ensure the secret being sent in the request is the "
                             f"client secret value, not the client secret ID, for a secret added to app "
                             f"'{client_id}'.")
        return client_id
    if form.get("client_assertion_type") == ASSERTION_TYPE and form.get("client_assertion"):
        _check_assertion(ctx, form["client_assertion"])
        return client_id
    raise OAuthError(401, "invalid_client", 7000218,
                     "The request body must contain the following parameter: 'client_assertion' or "
                     "'client_secret'.")


def _check_assertion(ctx: Ctx, assertion: str) -> None:
    """A federated (workload identity) or certificate assertion: a current JWT for this token endpoint.

    Its signature is not checked: the emulator has no trust configured for outside issuers.
    """
    try:
        claims = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise OAuthError(400, "invalid_client", 50027, "JWT token is invalid or malformed.") from exc
    audiences = claims.get("aud")
    audiences = audiences if isinstance(audiences, list) else [audiences]
    endpoint = f"{ctx.base_url}/{ctx.params['tenant']}/oauth2/v2.0/token"
    if not any(a in (FEDERATED_AUDIENCE, endpoint, f"{ctx.base_url}/{TENANT_ID}/oauth2/v2.0/token")
               for a in audiences):
        raise OAuthError(400, "invalid_client", 700212,
                         f"No matching federated identity record found for presented assertion audience "
                         f"'{audiences[0]}'.")
    if not claims.get("iss") or not claims.get("sub"):
        raise OAuthError(400, "invalid_client", 50027, "JWT token is invalid or malformed.")
    if float(claims.get("exp", 0)) < time.time():
        raise OAuthError(400, "invalid_client", 700024,
                         "Client assertion is not within its valid time range.")


def _redeem_refresh_token(ctx: Ctx, form: dict[str, str]) -> str:
    try:
        claims = ctx.identity.verify(form.get("refresh_token", ""), audiences=(CLIENT_ID,)).raw
    except TokenError as exc:
        raise OAuthError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.") from exc
    if claims.get("typ") != "refresh":
        raise OAuthError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
    return str(claims.get("appid", CLIENT_ID))


def _refresh_token(ctx: Ctx, client_id: str) -> str:
    return ctx.identity.issue(audience=client_id, issuer=issuer(ctx.base_url), app_id=client_id,
                                      lifetime_s=REFRESH_LIFETIME_S, extra={"typ": "refresh"})


def _token_response(ctx: Ctx, audience: str, client_id: str) -> dict[str, Any]:
    access = ctx.identity.issue(audience=audience, issuer=issuer(ctx.base_url), app_id=client_id)
    return {"token_type": "Bearer", "expires_in": TOKEN_LIFETIME_S, "ext_expires_in": TOKEN_LIFETIME_S,
            "access_token": access}


# -- managed identity: App Service (IDENTITY_ENDPOINT) and IMDS styles -----------------------------
def _msi_token(ctx: Ctx) -> dict[str, Any]:
    resource = ctx.query.get("resource", "")
    if not resource:
        raise OAuthError(400, "invalid_request", 900144, "Required query variable 'resource' is missing")
    client_id = ctx.query.get("client_id") or MSI_CLIENT_ID
    access = ctx.identity.issue(audience=resource, issuer=issuer(ctx.base_url), app_id=client_id,
                                        extra={"idtyp": "app", "xms_mirid": "/emulator/managedIdentity"})
    now = int(time.time())
    return {"access_token": access, "client_id": client_id, "expires_in": str(TOKEN_LIFETIME_S),
            "expires_on": str(now + TOKEN_LIFETIME_S), "ext_expires_in": str(TOKEN_LIFETIME_S),
            "not_before": str(now), "resource": resource, "token_type": "Bearer"}


@route("GET", "/msi/token", "ManagedIdentity_AppService", family="identity", anonymous=True)
def app_service_token(ctx: Ctx) -> Reply:
    if ctx.header("x-identity-header") != IDENTITY_HEADER:
        raise OAuthError(401, "invalid_request", 700016, "The X-IDENTITY-HEADER header is missing or wrong.")
    return 200, _msi_token(ctx), {}


@route("GET", "/metadata/identity/oauth2/token", "ManagedIdentity_Imds", family="identity", anonymous=True)
def imds_token(ctx: Ctx) -> Reply:
    if ctx.header("metadata").lower() != "true":
        raise OAuthError(400, "invalid_request", 900144, "Required metadata header not specified")
    return 200, _msi_token(ctx), {}


# -- subscriptions and tenants ---------------------------------------------------------------------
def subscription_body(subscription_id: str) -> dict[str, Any]:
    return {"id": f"/subscriptions/{subscription_id}", "authorizationSource": "RoleBased", "managedByTenants": [],
            "subscriptionId": subscription_id, "tenantId": TENANT_ID, "displayName": "aoai-provision emulator",
            "state": "Enabled", "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01",
                                                         "quotaId": "PayAsYouGo_2014-09-01",
                                                         "spendingLimit": "Off"}}


@route("GET", "/subscriptions", "Subscriptions_List", family="subscriptions")
def list_subscriptions(ctx: Ctx) -> Reply:
    return 200, {"value": [subscription_body(SUBSCRIPTION_ID)]}, {}


@route("GET", r"/subscriptions/(?P<sub>[^/]+)", "Subscriptions_Get", family="subscriptions")
def get_subscription(ctx: Ctx) -> Reply:
    return 200, subscription_body(ctx.params["sub"]), {}


@route("GET", "/tenants", "Tenants_List", family="subscriptions")
def list_tenants(ctx: Ctx) -> Reply:
    return 200, {"value": [{"id": f"/tenants/{TENANT_ID}", "tenantId": TENANT_ID, "countryCode": "US",
                            "displayName": "aoai-provision emulator", "domains": ["emulator.local"],
                            "tenantCategory": "Home", "defaultDomain": "emulator.local", "tenantType": "AAD"}]}, {}


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
