"""Content filters: accounts/raiPolicies (with Microsoft's built-ins), raiBlocklists and raiBlocklistItems.

Writes are synchronous (200/201; deletes 200/204) and, like every write to an account, refused with
409 RequestConflict while an operation on the account runs. Error codes: an invalid content filter is
400 ``Resource has invalid content filter`` as ARM answered in Azure/terraform-azurerm-avm-res-
cognitiveservices-account#118; the other messages are the emulator's wording (ARM's is not published).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors, lro
from aoai_provision.emulator.backend_base import WriteResult, account_key, register_finalizer
from aoai_provision.emulator.backend_deleted import register_account_children
from aoai_provision.emulator.errors import ArmError
from aoai_provision.spec import rai_vocab

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

POLICIES, BLOCKLISTS, ITEMS = "rai_policies", "rai_blocklists", "rai_blocklist_items"
COLLECTIONS = (POLICIES, BLOCKLISTS, ITEMS)
TYPES = {POLICIES: "Microsoft.CognitiveServices/accounts/raiPolicies",
         BLOCKLISTS: "Microsoft.CognitiveServices/accounts/raiBlocklists",
         ITEMS: "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems"}
# The policy properties the emulator checks and normalises; any other one (safetyProviders, customTopics,
# whatever a newer api-version adds) is stored and returned as sent, as ARM does for a property it knows.
POLICY_FIELDS = ("type", "mode", "basePolicyName", "contentFilters", "customBlocklists")
_FILTER_NAMES = {rai_vocab.filter_key(f.name): f for f in rai_vocab.FILTERS}
_BUILTIN_FILTERS = [("Hate", "Medium"), ("Sexual", "Medium"), ("Violence", "Medium"), ("Selfharm", "Medium")]


def children(data: Any, collection: str, parent: str) -> list[tuple[str, Any]]:
    """Records of ``collection`` whose key is ``parent/<name>`` (an indexed query)."""
    found: list[tuple[str, Any]] = data[collection].children(parent)
    return found


def builtin_policy(account_id: str, name: str) -> dict[str, Any]:
    """Microsoft's SystemManaged policy ``name`` as every account lists it."""
    filters = [{"name": n, "blocking": True, "enabled": True, "severityThreshold": level, "source": source}
               for n, level in _BUILTIN_FILTERS for source in rai_vocab.SOURCES]
    if name == rai_vocab.DEFAULT_POLICY:
        filters += [{"name": "Jailbreak", "blocking": True, "enabled": True, "source": "Prompt"},
                    {"name": "Protected Material Text", "blocking": True, "enabled": True, "source": "Completion"},
                    {"name": "Protected Material Code", "blocking": False, "enabled": True, "source": "Completion"}]
    return {"id": f"{account_id}/raiPolicies/{name}", "name": name, "type": TYPES[POLICIES],
            "properties": {"type": "SystemManaged", "mode": "Blocking", "contentFilters": filters}}


def _invalid_filter(message: str) -> ArmError:
    return ArmError(400, "Resource has invalid content filter", message)


def _check_name(kind: str, name: str) -> None:
    if not (1 <= len(name) <= rai_vocab.MAX_NAME and rai_vocab.RESOURCE_NAME.match(name)):
        raise errors.bad_request(f"The {kind} name '{name}' is invalid. It must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$.",
                                 "InvalidResourceName")


def _check_filters(props: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for f in props.get("contentFilters") or []:
        kind = _FILTER_NAMES.get(rai_vocab.filter_key(str(f.get("name") or "")))
        source = f.get("source")
        if kind is None:
            raise _invalid_filter(f"The content filter '{f.get('name')}' is not supported.")
        if source not in rai_vocab.SOURCES or (kind.source and source != kind.source):
            raise _invalid_filter(f"The content filter '{kind.name}' does not support source '{source}'.")
        level = f.get("severityThreshold")
        if kind.multi_level and level not in rai_vocab.SEVERITIES:
            raise _invalid_filter(f"The content filter '{kind.name}' needs severityThreshold Low, Medium or High.")
        item = {"name": kind.name, "blocking": bool(f.get("blocking", False)), "enabled": bool(f.get("enabled", True)),
                "source": source}
        if kind.multi_level:
            item["severityThreshold"] = level
        out.append(item)
    return out


class RaiMixin:
    """raiPolicies / raiBlocklists / raiBlocklistItems operations (mixed into the Backend)."""

    def _account_for_child(self: Backend, data: Any, subscription: str, rg: str, account: str,
                           write: bool) -> tuple[str, dict[str, Any]]:
        record = self._require_account(data, subscription, rg, account)
        key = account_key(subscription, rg, account)
        if write:
            self.assert_no_write_running(data, key)
        return key, record

    def _put_child(self: Backend, data: Any, collection: str, key: str, rid: str, name: str,
                   body: dict[str, Any], properties: dict[str, Any], meta: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        existing = data[collection].get(key)
        out: dict[str, Any] = {"id": rid, "name": name, "type": TYPES[collection], "properties": properties}
        if body.get("tags") is not None:
            out["tags"] = dict(body["tags"])
        if existing is not None:
            out["systemData"] = existing["body"].get("systemData")
        self.stamp(out, created=existing is None)
        data[collection][key] = {"body": out, "meta": meta}
        return (200 if existing else 201), copy.deepcopy(out)

    # -- policies --------------------------------------------------------------------------------
    def put_rai_policy(self: Backend, subscription: str, rg: str, account: str, name: str,
                       body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_name("RAI policy", name)
        if rai_vocab.is_builtin_policy(name):
            raise errors.bad_request(f"The RAI policy '{name}' is managed by Microsoft and cannot be changed.",
                                     "InvalidResourceProperties")
        props = dict(body.get("properties") or {})
        mode = props.get("mode")
        if mode is not None and mode not in rai_vocab.MODES:
            raise errors.bad_request(f"The RAI policy mode '{mode}' is invalid.", "InvalidResourceProperties")
        base = props.get("basePolicyName")
        if base and not rai_vocab.is_builtin_policy(str(base)):
            raise errors.bad_request(f"The base policy '{base}' does not exist.", "InvalidResourceProperties")
        filters = _check_filters(props)
        with self.tx() as data:
            akey, acct = self._account_for_child(data, subscription, rg, account, write=True)
            lists = []
            for b in props.get("customBlocklists") or []:
                bname = str(b.get("blocklistName") or "")
                if f"{akey}/{bname.lower()}" not in data[BLOCKLISTS]:
                    raise errors.bad_request(f"The blocklist '{bname}' referenced by RAI policy '{name}' does not "
                                             "exist.", "InvalidResourceProperties")
                if b.get("source") not in rai_vocab.SOURCES:
                    raise errors.bad_request(f"The blocklist source '{b.get('source')}' is invalid.",
                                             "InvalidResourceProperties")
                lists.append({"blocklistName": bname, "blocking": bool(b.get("blocking", False)),
                              "source": b["source"]})
            out = {**{k: v for k, v in props.items() if k not in POLICY_FIELDS},  # e.g. safetyProviders, kept
                   "type": "UserManaged", "mode": mode or "Default", "basePolicyName": base or rai_vocab.DEFAULT_POLICY,
                   "contentFilters": filters, "customBlocklists": lists}
            return self._put_child(data, POLICIES, f"{akey}/{name.lower()}", f"{acct['body']['id']}/raiPolicies/{name}",
                                   name, body, out, {"subscription": subscription})

    def get_rai_policy(self: Backend, subscription: str, rg: str, account: str, name: str) -> dict[str, Any]:
        with self.tx() as data:
            akey, acct = self._account_for_child(data, subscription, rg, account, write=False)
            builtin = next((p for p in rai_vocab.BUILTIN_POLICIES if p.lower() == name.lower()), None)
            if builtin is not None:
                return builtin_policy(acct["body"]["id"], builtin)
            record = data[POLICIES].get(f"{akey}/{name.lower()}")
            if record is None:
                raise errors.resource_not_found(TYPES[POLICIES], f"{account}/{name}", rg)
            return copy.deepcopy(record["body"])

    def list_rai_policies(self: Backend, subscription: str, rg: str, account: str) -> list[dict[str, Any]]:
        with self.tx() as data:
            akey, acct = self._account_for_child(data, subscription, rg, account, write=False)
            own = [copy.deepcopy(r["body"]) for _, r in children(data, POLICIES, akey)]
            return [builtin_policy(acct["body"]["id"], p) for p in rai_vocab.BUILTIN_POLICIES] + own

    def _delete_child(self: Backend, data: Any, collection: str, key: str, akey: str) -> WriteResult:
        """202 and an operation that removes the record when it ends (deletes are long-running in ARM)."""
        acct = data["accounts"][akey]
        op = self.start_operation(data, kind="rai_delete", subscription=acct["meta"]["subscription"],
                                  location=acct["meta"]["region"],
                                  target={"collection": collection, "key": key, "account": akey})
        return WriteResult(202, None, op)

    def delete_rai_policy(self: Backend, subscription: str, rg: str, account: str, name: str) -> WriteResult:
        with self.tx() as data:
            akey, _ = self._account_for_child(data, subscription, rg, account, write=True)
            key = f"{akey}/{name.lower()}"
            if key not in data[POLICIES]:
                return WriteResult(204, None)
            users = [r["body"]["name"] for _, r in children(data, "deployments", akey)
                     if str(r["body"]["properties"].get("raiPolicyName", "")).lower() == name.lower()]
            if users:
                raise ArmError(409, "Conflict", f"The RAI policy '{name}' is used by deployment(s) "
                                                f"{', '.join(sorted(users))} and cannot be deleted.")
            return self._delete_child(data, POLICIES, key, akey)

    def require_rai_policy(self: Backend, data: Any, akey: str, name: str | None) -> None:
        """For deployments: 400 when ``raiPolicyName`` names no policy of the account nor a built-in one."""
        if not name or rai_vocab.is_builtin_policy(name) or f"{akey}/{name.lower()}" in data[POLICIES]:
            return
        raise errors.bad_request(f"The RAI policy '{name}' does not exist in this account.",
                                 "InvalidResourceProperties")


def _finish_delete(backend: Backend, data: Any, op: dict[str, Any]) -> None:
    def remove(state: Any, key: str) -> None:
        if op["target"]["collection"] == BLOCKLISTS:
            for item_key, _ in children(state, ITEMS, key):
                del state[ITEMS][item_key]
        del state[op["target"]["collection"]][key]

    lro.settle(data, op, remove)


def _account_children(data: Any, akey: str) -> list[tuple[str, str]]:
    out = [(POLICIES, k) for k, _ in children(data, POLICIES, akey)]
    for key, _ in children(data, BLOCKLISTS, akey):
        out += [(BLOCKLISTS, key)] + [(ITEMS, k) for k, _ in children(data, ITEMS, key)]
    return out


def register() -> None:
    register_finalizer("rai_delete", _finish_delete)
    register_account_children(_account_children)
