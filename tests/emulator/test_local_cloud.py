"""The emulator as a local Azure: api-versions, lenient bodies, cloud metadata, Entra ID tokens, 401s."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import pytest

from aoai_provision.emulator import api_versions
from aoai_provision.emulator.app import EmuRequest, EmuResponse
from aoai_provision.emulator.handlers_identity import IDENTITY_HEADER
from aoai_provision.emulator.identity import CLIENT_ID, CLIENT_SECRET, TENANT_ID

BASE = "https://management.azure.com"
ACCOUNTS = "/providers/Microsoft.CognitiveServices/accounts"


def call(emu: Any, method: str, path: str, *, body: bytes = b"", headers: dict[str, str] | None = None) -> EmuResponse:
    return emu.transport.app.handle(EmuRequest(method, f"{BASE}{path}", headers or {}, body))


def token_request(emu: Any, **form: str) -> EmuResponse:
    fields = {"grant_type": "client_credentials", "client_id": CLIENT_ID,
              "scope": "https://management.core.windows.net//.default", **form}
    return call(emu, "POST", f"/{TENANT_ID}/oauth2/v2.0/token", body=urlencode(fields).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})


# -- api-versions ----------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2026-05-15-preview", "2026-09-01", "2026-09-15-preview", "2017-04-18",
                                     "2023-10-01-preview"])
def test_every_published_cognitive_services_version_is_accepted(ready: Any, version: str) -> None:
    answer = ready.raw("GET", f"/subscriptions/{ready.SUB}{ACCOUNTS}", api=version)
    assert answer.status == 200, answer.body
    assert json.loads(answer.body)["value"][0]["name"] == "acct1"


def test_an_unpublished_version_gets_arms_error_with_the_list(ready: Any) -> None:
    answer = ready.raw("GET", f"/subscriptions/{ready.SUB}/resourceGroups/rg1{ACCOUNTS}/acct1", api="2025-08-01")
    error = json.loads(answer.body)["error"]
    assert answer.status == 400 and error["code"] == "NoRegisteredProviderFound"
    assert error["message"].startswith("No registered resource provider found for location 'global' and API "
                                       "version '2025-08-01' for type 'accounts'. The supported api-versions are "
                                       "'2016-02-01-preview, 2017-04-18, ")
    rg = ready.raw("GET", f"/subscriptions/{ready.SUB}/resourcegroups/rg1", api="2024-12-01")
    assert json.loads(rg.body)["error"] == {"code": "InvalidApiVersionParameter", "message": (
        "The api-version '2024-12-01' is invalid. The supported versions are '"
        + ",".join(reversed(api_versions.RESOURCES)) + "'.")}


def test_what_current_clients_send_is_accepted() -> None:
    from aoai_provision.arm_versions import COGNITIVE_SERVICES

    for family, version in [("cognitive", COGNITIVE_SERVICES),("cognitive", "2026-05-15-preview"), ("resources", "2024-11-01"),
                            ("resources", "2026-06-01"), ("subscriptions", "2022-12-01"), ("metadata", "2022-09-01")]:
        api_versions.check(family, version)


# -- bodies ----------------------------------------------------------------------------------------
def test_bodies_are_read_as_arm_reads_them(emu: Any) -> None:
    emu.rg()
    body = b"""{
      // az sends JSONC: comments, unquoted names, trailing commas
      Location: 'swedencentral', KIND: "OpenAI", "Sku": {"Name": "S0",},
      properties: {customsubdomainname: "lenient"},
      tags: {"Owner": "me"},
    }"""
    path = f"/subscriptions/{emu.SUB}/resourceGroups/rg1{ACCOUNTS}/lenient?api-version=2025-09-01"
    created = call(emu, "PUT", path, body=body, headers={"Authorization": f"Bearer {emu.token()}"})
    assert created.status in (200, 201), created.body
    account = emu.cognitive.accounts.get("rg1", "lenient")
    assert (account.kind, account.sku.name, account.properties.custom_sub_domain_name) == ("OpenAI", "S0", "lenient")
    assert account.tags == {"Owner": "me"}  # the caller's own names keep their case
    broken = call(emu, "PUT", path, body=b"{location: ", headers={"Authorization": f"Bearer {emu.token()}"})
    assert broken.status == 400 and json.loads(broken.body)["error"]["code"] == "InvalidRequestContent"


# -- sign-in ---------------------------------------------------------------------------------------
def test_cloud_metadata_is_anonymous_and_names_the_emulator_as_authority(emu: Any) -> None:
    answer = call(emu, "GET", "/metadata/endpoints?api-version=2022-09-01")
    cloud = json.loads(answer.body)
    assert answer.status == 200 and cloud["authentication"]["loginEndpoint"] == f"{BASE}/"
    assert cloud["resourceManager"] == f"{BASE}/" and cloud["authentication"]["audiences"]
    listed = json.loads(call(emu, "GET", "/metadata/endpoints?api-version=2019-05-01").body)
    assert isinstance(listed, list) and listed[0]["name"] == cloud["name"]


def test_oidc_discovery_and_a_client_secret_token_that_arm_accepts(emu: Any) -> None:
    config = json.loads(call(emu, "GET", "/organizations/v2.0/.well-known/openid-configuration").body)
    assert config["token_endpoint"] == f"{BASE}/{TENANT_ID}/oauth2/v2.0/token"
    keys = json.loads(call(emu, "GET", f"/{TENANT_ID}/discovery/v2.0/keys").body)
    answer = token_request(emu, client_secret=CLIENT_SECRET)
    access = json.loads(answer.body)["access_token"]
    signing = jwt.PyJWKSet.from_dict(keys).keys[0].key
    claims = jwt.decode(access, signing, algorithms=["RS256"], audience="https://management.core.windows.net/")
    assert claims["tid"] == TENANT_ID and claims["oid"] and claims["exp"] > time.time()
    listed = call(emu, "GET", "/subscriptions?api-version=2022-12-01", headers={"Authorization": f"Bearer {access}"})
    assert json.loads(listed.body)["value"][0]["tenantId"] == TENANT_ID
    tenants = call(emu, "GET", "/tenants?api-version=2022-12-01", headers={"Authorization": f"Bearer {access}"})
    assert json.loads(tenants.body)["value"][0]["tenantId"] == TENANT_ID


def test_wrong_secrets_and_unknown_tenants_get_entra_errors(emu: Any) -> None:
    wrong = token_request(emu, client_secret="nope")
    body = json.loads(wrong.body)
    assert wrong.status == 401 and body["error"] == "invalid_client" and body["error_codes"] == [7000215]
    # Entra's wording and layout (Azure/sap-automation#418): the reason, then CRLF-separated trace lines
    assert body["error_description"] == (
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client "
        f"secret value, not the client secret ID, for a secret added to app '{CLIENT_ID}'.\r\n"
        f"Trace ID: {body['trace_id']}\r\nCorrelation ID: {body['correlation_id']}\r\nTimestamp: {body['timestamp']}")
    assert body["error_uri"] == "https://login.microsoftonline.com/error?code=7000215"
    stranger = token_request(emu, client_id="11111111-1111-1111-1111-111111111111", client_secret=CLIENT_SECRET)
    assert json.loads(stranger.body)["error"] == "unauthorized_client"
    elsewhere = call(emu, "GET", "/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration")
    assert elsewhere.status == 400 and "AADSTS90002" in json.loads(elsewhere.body)["error_description"]


def test_workload_identity_assertion_and_refresh_token(emu: Any) -> None:
    now = int(time.time())
    assertion = jwt.encode({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:main",
                            "aud": "api://AzureADTokenExchange", "iat": now, "exp": now + 300}, "k" * 32)
    answer = token_request(emu, client_assertion=assertion,
                           client_assertion_type="urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    assert answer.status == 200 and json.loads(answer.body)["token_type"] == "Bearer"
    stale = jwt.encode({"iss": "x", "sub": "y", "aud": "api://AzureADTokenExchange", "exp": now - 10}, "k" * 32)
    expired = token_request(emu, client_assertion=stale,
                            client_assertion_type="urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    assert expired.status == 400 and json.loads(expired.body)["error_codes"] == [700024]
    refresh = emu.transport.app.identity.issue(audience=CLIENT_ID, issuer="x", extra={"typ": "refresh"})
    renewed = token_request(emu, grant_type="refresh_token", refresh_token=refresh)
    assert renewed.status == 200 and json.loads(renewed.body)["refresh_token"] != refresh
    forged = token_request(emu, grant_type="refresh_token", refresh_token=refresh[:-4] + "AAAA")
    assert forged.status == 400 and json.loads(forged.body)["error"] == "invalid_grant"


def test_managed_identity_endpoints_in_app_service_and_imds_styles(emu: Any) -> None:
    query = "?api-version=2019-08-01&resource=https://management.azure.com/"
    app_service = call(emu, "GET", "/msi/token" + query, headers={"X-IDENTITY-HEADER": IDENTITY_HEADER})
    imds = call(emu, "GET", "/metadata/identity/oauth2/token" + query, headers={"Metadata": "true"})
    for answer in (app_service, imds):
        access = json.loads(answer.body)["access_token"]
        ok = call(emu, "GET", f"/subscriptions/{emu.SUB}/resourcegroups?api-version=2024-11-01",
                  headers={"Authorization": f"Bearer {access}"})
        assert ok.status == 200
    assert call(emu, "GET", "/metadata/identity/oauth2/token" + query).status == 400
    assert call(emu, "GET", "/msi/token" + query, headers={"X-IDENTITY-HEADER": "guess"}).status == 401


# -- 401s ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["garbage", "forged", "expired", "audience", "scheme"])
def test_tokens_are_verified_on_arm_routes_with_arms_wording(emu: Any, case: str) -> None:
    identity = emu.transport.app.identity
    good = identity.issue(audience="https://management.azure.com/", issuer="x")
    tokens = {"garbage": "Bearer not-a-jwt", "forged": f"Bearer {good[:-6]}AAAAAA",
              "expired": f"Bearer {identity.issue(audience='https://management.azure.com/', issuer='x', now=0)}",
              "audience": f"Bearer {identity.issue(audience='https://vault.azure.net', issuer='x')}",
              "scheme": f"Basic {good}"}
    answer = call(emu, "GET", f"/subscriptions/{emu.SUB}/resourcegroups?api-version=2024-11-01",
                  headers={"Authorization": tokens[case]})
    error = json.loads(answer.body)["error"]
    expected = {"garbage": "InvalidAuthenticationToken", "forged": "InvalidAuthenticationToken",
                "expired": "ExpiredAuthenticationToken", "audience": "InvalidAuthenticationTokenAudience",
                "scheme": "AuthenticationFailed"}[case]
    assert answer.status == 401 and error["code"] == expected and "WWW-Authenticate" in answer.headers
    if case == "expired":
        assert "The access token expiry UTC time '1/1/1970 1:00:00 AM' is earlier than current UTC time" \
            in error["message"]
    if case == "audience":
        assert error["message"].startswith("The access token has been obtained for wrong audience or resource "
                                           "'https://vault.azure.net'.")
