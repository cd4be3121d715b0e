"""Rules for private endpoints, diagnostic settings and customer-managed keys: id shapes, zones, categories, keys."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aoai_provision.catalog import network as facts
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredAccount, DesiredState
from aoai_provision.spec.model_network import split_key_uri
from aoai_provision.spec.typecheck import suggest

ENDPOINT_NAME = re.compile(r"^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$")


def _at(account: DesiredAccount, key: str) -> Location | None:
    while key:
        if key in account.locations:
            return account.locations[key]
        key = key.rpartition(".")[0]
    return account.location


def _shape(account: DesiredAccount, key: str, value: str, kind: str) -> Iterator[Finding]:
    if not facts.RESOURCE_ID_SHAPES[kind].match(value):
        yield Finding(Severity.ERROR, codes.INVALID_RESOURCE_ID, f"'{value}' is not the resource id of a {kind}",
                      _at(account, key), resource=account.name, fix=f"use {facts.EXAMPLE_IDS[kind]}")


def check_network(state: DesiredState) -> Iterator[Finding]:
    """Every rule over the accounts' private_endpoint, diagnostics and encryption settings."""
    for account in state.accounts:
        yield from _endpoint(account)
        yield from _diagnostics(account)
        yield from _encryption(account)
        if account.public_network_access == "Disabled" and account.private_endpoint is None:
            yield Finding(Severity.INFO, codes.UNREACHABLE,
                          f"account '{account.name}' has public_network_access Disabled and no private_endpoint: "
                          "only private endpoints made outside this file can reach it",
                          account.locations.get("public_network_access", account.location), resource=account.name,
                          fix="add `private_endpoint: {subnet_id: ..., dns_zone_ids: [...]}` to the account")


def _endpoint(account: DesiredAccount) -> Iterator[Finding]:
    pe = account.private_endpoint
    if pe is None:
        return
    if not ENDPOINT_NAME.match(pe.name):
        yield Finding(Severity.ERROR, codes.INVALID_NAME, f"private endpoint name '{pe.name}' is not valid",
                      _at(account, "private_endpoint.name"), resource=account.name,
                      fix="1-80 letters, digits, `_`, `.` or `-`, starting with a letter or digit")
    yield from _shape(account, "private_endpoint.subnet_id", pe.subnet_id, "subnet")
    if pe.dns_zone_ids is None:
        return
    wanted = facts.ZONES_BY_KIND.get(account.kind.lower(), ())
    seen: dict[str, int] = {}
    for i, zone_id in enumerate(pe.dns_zone_ids):
        key = f"private_endpoint.dns_zone_ids.{i}"
        shape = list(_shape(account, key, zone_id, "private DNS zone"))
        yield from shape
        if shape:
            continue
        zone = facts.last_segment(zone_id).lower()
        if zone in seen:
            yield Finding(Severity.ERROR, codes.DUPLICATE_NAME, f"private DNS zone {zone} is listed twice "
                          f"(also item {seen[zone] + 1})", _at(account, key), resource=account.name,
                          fix="a zone group holds one zone per name; remove one")
        seen.setdefault(zone, i)
        if wanted and zone not in wanted:
            close = suggest(zone, list(wanted))
            yield Finding(Severity.WARNING, codes.UNUSED_DNS_ZONE,
                          f"private DNS zone {zone} is not a zone {account.kind} accounts use"
                          + (f"; did you mean {close}?" if close else ""), _at(account, key), resource=account.name,
                          fix=f"{account.kind} accounts use {', '.join(wanted)}")
    for zone in wanted:
        if zone not in seen:
            yield Finding(Severity.WARNING, codes.MISSING_DNS_ZONE,
                          f"account '{account.name}' ({account.kind}) needs private DNS zone {zone}, which "
                          "dns_zone_ids does not list: names in it will not resolve to the private endpoint",
                          _at(account, "private_endpoint.dns_zone_ids"), resource=account.name,
                          fix=f"add the resource id of your {zone} zone to dns_zone_ids")


def _diagnostics(account: DesiredAccount) -> Iterator[Finding]:
    diag = account.diagnostics
    if diag is None:
        return
    yield from _shape(account, "diagnostics.workspace_id", diag.workspace_id, "Log Analytics workspace")
    offered = facts.LOG_CATEGORIES + facts.LOG_CATEGORY_GROUPS
    for field, values, allowed in (("logs", diag.logs, offered), ("metrics", diag.metrics, facts.METRIC_CATEGORIES)):
        for i, value in enumerate(values):
            if value in allowed:
                continue
            close = suggest(value, list(allowed))
            hint = f"; did you mean '{close}'?" if close else ""
            yield Finding(Severity.ERROR, codes.UNKNOWN_CATEGORY,
                          f"Microsoft.CognitiveServices/accounts has no {field[:-1]} category '{value}'{hint}",
                          _at(account, f"diagnostics.{field}.{i}"), resource=account.name,
                          fix=f"use {', '.join(allowed)} (source: {facts.CATEGORY_SOURCE})",
                          details={"source": facts.CATEGORY_SOURCE})
    if not diag.logs and not diag.metrics:
        yield Finding(Severity.ERROR, codes.MISSING_VALUE, "diagnostics sends nothing: logs and metrics are empty",
                      _at(account, "diagnostics"), resource=account.name, fix="list at least one log or metric category")


def _encryption(account: DesiredAccount) -> Iterator[Finding]:
    enc = account.encryption
    if enc is None:
        return
    yield from _shape(account, "encryption.identity", enc.identity, "user-assigned identity")
    parts = split_key_uri(enc.key_vault_key_id)
    if parts is None:
        yield Finding(Severity.ERROR, codes.INVALID_KEY_URI, f"'{enc.key_vault_key_id}' is not a Key Vault key URI",
                      _at(account, "encryption.key_vault_key_id"), resource=account.name,
                      fix="use https://<vault>.vault.azure.net/keys/<key> (add /<version> to pin a version)")
        return
    host = parts[0][len("https://"):-1].lower()
    if not host.endswith(facts.KEY_VAULT_SUFFIXES):
        yield Finding(Severity.WARNING, codes.INVALID_KEY_URI, f"'{host}' is not a Key Vault or Managed HSM host",
                      _at(account, "encryption.key_vault_key_id"), resource=account.name,
                      fix="use the key identifier Key Vault shows (https://<vault>.vault.azure.net/keys/<key>)")
