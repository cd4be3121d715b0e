"""Custom blocklists (accounts/raiBlocklists) and their items; a blocklist a policy uses cannot be deleted."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors
from aoai_provision.emulator.backend_base import WriteResult
from aoai_provision.emulator.backend_rai import BLOCKLISTS, ITEMS, POLICIES, TYPES, _check_name, children
from aoai_provision.emulator.errors import ArmError
from aoai_provision.spec import rai_vocab

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend


class RaiBlocklistsMixin:
    """raiBlocklists and raiBlocklistItems operations (mixed into the Backend)."""

    def put_rai_blocklist(self: Backend, subscription: str, rg: str, account: str, name: str,
                          body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_name("blocklist", name)
        props = body.get("properties") or {}
        with self.tx() as data:
            akey, acct = self._account_for_child(data, subscription, rg, account, write=True)
            out = {k: v for k, v in props.items() if v is not None}  # description and any newer property
            return self._put_child(data, BLOCKLISTS, f"{akey}/{name.lower()}",
                                   f"{acct['body']['id']}/raiBlocklists/{name}", name, body, out,
                                   {"subscription": subscription})

    def _blocklist(self: Backend, data: Any, akey: str, rg: str, account: str, name: str) -> dict[str, Any]:
        record = data[BLOCKLISTS].get(f"{akey}/{name.lower()}")
        if record is None:
            raise errors.resource_not_found(TYPES[BLOCKLISTS], f"{account}/{name}", rg)
        found: dict[str, Any] = record
        return found

    def get_rai_blocklist(self: Backend, subscription: str, rg: str, account: str, name: str) -> dict[str, Any]:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=False)
            return copy.deepcopy(self._blocklist(data, akey, rg, account, name)["body"])

    def list_rai_blocklists(self: Backend, subscription: str, rg: str, account: str) -> list[dict[str, Any]]:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=False)
            return [copy.deepcopy(r["body"]) for _, r in children(data, BLOCKLISTS, akey)]

    def delete_rai_blocklist(self: Backend, subscription: str, rg: str, account: str, name: str) -> WriteResult:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=True)
            key = f"{akey}/{name.lower()}"
            if key not in data[BLOCKLISTS]:
                return WriteResult(204, None)
            users = [r["body"]["name"] for _, r in children(data, POLICIES, akey)
                     if any(b["blocklistName"].lower() == name.lower()
                            for b in r["body"]["properties"].get("customBlocklists") or [])]
            if users:
                raise ArmError(409, "Conflict", f"The blocklist '{name}' is used by RAI policy(ies) "
                                                f"{', '.join(sorted(users))} and cannot be deleted.")
            return self._delete_child(data, BLOCKLISTS, key, akey)

    # -- items ----------------------------------------------------------------------------------
    def put_rai_blocklist_item(self: Backend, subscription: str, rg: str, account: str, blocklist: str, name: str,
                               body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_name("blocklist item", name)
        props = body.get("properties") or {}
        pattern, regex = props.get("pattern"), bool(props.get("isRegex", False))
        if not isinstance(pattern, str) or not pattern:
            raise errors.bad_request("The blocklist item must have a 'pattern'.", "InvalidResourceProperties")
        if len(pattern) > rai_vocab.MAX_PATTERN:
            raise errors.bad_request(f"The pattern is longer than {rai_vocab.MAX_PATTERN} characters.",
                                     "InvalidResourceProperties")
        if regex:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise errors.bad_request(f"The pattern '{pattern}' is not a valid regular expression: {exc}.",
                                         "InvalidResourceProperties") from exc
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=True)
            parent = self._blocklist(data, akey, rg, account, blocklist)
            return self._put_child(data, ITEMS, f"{akey}/{blocklist.lower()}/{name.lower()}",
                                   f"{parent['body']['id']}/raiBlocklistItems/{name}", name, body,
                                   {"pattern": pattern, "isRegex": regex}, {"subscription": subscription})

    def get_rai_blocklist_item(self: Backend, subscription: str, rg: str, account: str, blocklist: str,
                               name: str) -> dict[str, Any]:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=False)
            self._blocklist(data, akey, rg, account, blocklist)
            record = data[ITEMS].get(f"{akey}/{blocklist.lower()}/{name.lower()}")
            if record is None:
                raise errors.resource_not_found(TYPES[ITEMS], f"{account}/{blocklist}/{name}", rg)
            return copy.deepcopy(record["body"])

    def list_rai_blocklist_items(self: Backend, subscription: str, rg: str, account: str,
                                 blocklist: str) -> list[dict[str, Any]]:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=False)
            self._blocklist(data, akey, rg, account, blocklist)
            return [copy.deepcopy(r["body"]) for _, r in children(data, ITEMS, f"{akey}/{blocklist.lower()}")]

    def delete_rai_blocklist_item(self: Backend, subscription: str, rg: str, account: str, blocklist: str,
                                  name: str) -> WriteResult:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=True)
            self._blocklist(data, akey, rg, account, blocklist)
            key = f"{akey}/{blocklist.lower()}/{name.lower()}"
            if key not in data[ITEMS]:
                return WriteResult(204, None)
            return self._delete_child(data, ITEMS, key, akey)
