"""Model deployments: availability, capacity bounds, quota, one write at a time per account, LROs."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors, lro, quota
from aoai_provision.emulator.backend_base import WriteResult, account_key, register_finalizer
from aoai_provision.emulator.offers import model_sku

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

DEPLOYMENT_TYPE = "Microsoft.CognitiveServices/accounts/deployments"
# Properties ARM computes; every other property a PUT sends is kept as sent (as ARM does), even ones
# newer than any SDK model.
READ_ONLY = ("model", "provisioningState", "capabilities", "rateLimits", "callRateLimit", "currentCapacity",
             "dynamicThrottlingEnabled")


def _check_settings(data: dict[str, Any], subscription: str, resource_group: str, account: str, name: str,
                    sku: str, props: dict[str, Any]) -> None:
    """spilloverDeploymentName must name another deployment of the account (spillover how-to, 2026-03-04);
    deploymentState Paused only on Standard, DataZoneStandard and GlobalStandard (2026-05-01 schema)."""
    target = props.get("spilloverDeploymentName")
    if target:
        found = data["deployments"].get(deployment_key(subscription, resource_group, account, str(target)))
        if found is None or str(target).lower() == name.lower():
            raise errors.bad_request(f"The spillover deployment '{target}' was not found in account '{account}'.",
                                     "InvalidResourceProperties")
    if str(props.get("deploymentState") or "").lower() == "paused" and sku.lower() not in (
            "standard", "datazonestandard", "globalstandard"):
        raise errors.bad_request(f"Pause is not supported for deployments of SKU '{sku}'.", "InvalidResourceProperties")


def deployment_key(subscription: str, resource_group: str, account: str, name: str) -> str:
    return f"{subscription}/{resource_group}/{account}/{name}".lower()


class DeploymentsMixin:
    """Deployment operations of the Backend."""

    def put_deployment(self: Backend, subscription: str, resource_group: str, account: str, name: str,
                       body: dict[str, Any]) -> WriteResult:
        """Deployments_CreateOrUpdate: 201 (new) or 200 (existing), never 202, plus an operation."""
        with self.tx() as data:
            acct = self._require_account(data, subscription, resource_group, account)
            akey = account_key(subscription, resource_group, account)
            key = deployment_key(subscription, resource_group, account, name)
            existing = data["deployments"].get(key)
            self.assert_no_write_running(data, akey)
            wanted = (body.get("properties") or {}).get("model") or {}
            fmt, model_name, version = wanted.get("format"), wanted.get("name"), wanted.get("version")
            if not fmt or not model_name:
                raise errors.bad_request("The deployment must name a model: properties.model.format and "
                                         "properties.model.name are required.", "InvalidResourceProperties")
            if existing is not None:
                old = existing["body"]["properties"]["model"]
                if (old["format"], old["name"]) != (fmt, model_name):
                    raise errors.bad_request(
                        f"The model of deployment '{name}' cannot be changed from '{old['name']}' to "
                        f"'{model_name}'; only the version can change.", "InvalidResourceProperties")
            region = acct["meta"]["region"]
            model = self.offers.find_model(region, acct["body"]["kind"], fmt, model_name, version)
            if model is None:
                raise errors.model_not_supported(fmt, model_name, version or "", wanted.get("publisher", ""),
                                                 wanted.get("source", ""))
            sku_name = (body.get("sku") or {}).get("name") or "Standard"
            offer = model_sku(model, sku_name)
            if offer is None:
                raise errors.sku_not_in_region(sku_name, model_name, str(model["version"]), region)
            capacity = self._capacity(offer, (body.get("sku") or {}).get("capacity"))
            usage_name = offer.get("usageName") or f"OpenAI.{sku_name}.{model_name}"
            quota.check(data, self.config.quota, subscription=subscription, region=region,
                        usage_name=usage_name, capacity=capacity, deployment_key=key)
            props: dict[str, Any] = {k: v for k, v in (body.get("properties") or {}).items() if k not in READ_ONLY}
            self.require_rai_policy(data, akey, props.get("raiPolicyName"))
            _check_settings(data, subscription, resource_group, account, name, offer["name"], props)
            props.setdefault("versionUpgradeOption", "OnceNewDefaultVersionAvailable")
            props.setdefault("raiPolicyName", "Microsoft.DefaultV2")
            props.setdefault("deploymentState", "Running")
            model_out = {"format": model["format"], "name": model["name"], "version": str(model["version"])}
            model_out.update({k: wanted[k] for k in ("publisher", "source", "sourceAccount") if wanted.get(k)})
            props.update({"model": model_out, "provisioningState": "Accepted", "currentCapacity": capacity,
                          "capabilities": dict(model.get("capabilities") or {}),
                          "rateLimits": _rate_limits(offer, capacity), "dynamicThrottlingEnabled": False})
            deployment: dict[str, Any] = {
                "id": f"{acct['body']['id']}/deployments/{name}", "name": name, "type": DEPLOYMENT_TYPE,
                "sku": {"name": offer["name"], "capacity": capacity}, "properties": props,
            }
            if body.get("tags") is not None:
                deployment["tags"] = dict(body["tags"])
            if existing is not None:
                deployment["systemData"] = existing["body"].get("systemData")
            self.stamp(deployment, created=existing is None)
            meta = {"subscription": subscription, "resource_group": acct["meta"]["resource_group"],
                    "account": acct["body"]["name"], "region": region, "usage_name": usage_name}
            data["deployments"][key] = {"body": deployment, "meta": meta}
            op = self._deployment_op(data, key, akey, "deployment_update" if existing else "deployment_create")
            return WriteResult(200 if existing else 201, copy.deepcopy(deployment), op)

    def _capacity(self: Backend, offer: dict[str, Any], requested: Any) -> int:
        bounds = offer.get("capacity") or {}
        capacity = int(requested) if requested is not None else int(bounds.get("default") or
                                                                     bounds.get("minimum") or 1)
        minimum, maximum = int(bounds.get("minimum") or 1), int(bounds.get("maximum") or 1_000_000)
        step = int(bounds.get("step") or 1)
        allowed = bounds.get("allowedValues")
        if capacity < minimum or capacity > maximum or capacity % step or (allowed and capacity not in allowed):
            raise errors.capacity_out_of_range(capacity, minimum, maximum, step)
        return capacity

    def _deployment_op(self: Backend, data: dict[str, Any], key: str, akey: str, kind: str) -> Any:
        meta = data["deployments"][key]["meta"]
        return self.start_operation(data, kind=kind, subscription=meta["subscription"], location=meta["region"],
                                    target={"collection": "deployments", "key": key, "account": akey})

    def _require_deployment(self: Backend, data: dict[str, Any], subscription: str, resource_group: str,
                            account: str, name: str) -> dict[str, Any]:
        self._require_account(data, subscription, resource_group, account)
        record = data["deployments"].get(deployment_key(subscription, resource_group, account, name))
        if record is None:
            raise errors.deployment_not_found(name)
        result: dict[str, Any] = record
        return result

    def update_deployment(self: Backend, subscription: str, resource_group: str, account: str, name: str,
                          patch: dict[str, Any]) -> WriteResult:
        """Deployments_Update (PATCH ``{tags, sku}``): 202 with Location and Azure-AsyncOperation."""
        with self.tx() as data:
            record = self._require_deployment(data, subscription, resource_group, account, name)
            akey = account_key(subscription, resource_group, account)
            self.assert_no_write_running(data, akey)
            deployment, meta = record["body"], record["meta"]
            capacity = (patch.get("sku") or {}).get("capacity")
            if capacity is not None:
                model = deployment["properties"]["model"]
                acct = data["accounts"][akey]
                found = self.offers.find_model(meta["region"], acct["body"]["kind"], model["format"],
                                               model["name"], model["version"])
                offer = model_sku(found, deployment["sku"]["name"]) if found else None
                capacity = self._capacity(offer or {}, capacity)
                quota.check(data, self.config.quota, subscription=subscription, region=meta["region"],
                            usage_name=meta["usage_name"], capacity=capacity,
                            deployment_key=deployment_key(subscription, resource_group, account, name))
                deployment["sku"]["capacity"] = capacity
                deployment["properties"]["currentCapacity"] = capacity
                if offer:
                    deployment["properties"]["rateLimits"] = _rate_limits(offer, capacity)
            if patch.get("tags") is not None:
                deployment["tags"] = dict(patch["tags"])
            deployment["properties"]["provisioningState"] = "Accepted"
            self.stamp(deployment, created=False)
            key = deployment_key(subscription, resource_group, account, name)
            return WriteResult(202, None, self._deployment_op(data, key, akey, "deployment_update"))

    def get_deployment(self: Backend, subscription: str, resource_group: str, account: str,
                       name: str) -> dict[str, Any]:
        with self.read() as data:
            return copy.deepcopy(self._require_deployment(data, subscription, resource_group, account, name)["body"])

    def list_deployments(self: Backend, subscription: str, resource_group: str, account: str) -> list[dict[str, Any]]:
        with self.tx() as data:
            self._require_account(data, subscription, resource_group, account)
            bodies: list[dict[str, Any]] = data["deployments"].bodies_of_children(
                account_key(subscription, resource_group, account))  # untracked copies, nothing to deep-copy
            return [copy.deepcopy(b) for b in bodies] if data.nested else bodies

    def delete_deployment(self: Backend, subscription: str, resource_group: str, account: str,
                          name: str) -> WriteResult:
        """Deployments_Delete: 202 plus an operation, or 204 when there is no such deployment."""
        with self.tx() as data:
            self._require_account(data, subscription, resource_group, account)
            key = deployment_key(subscription, resource_group, account, name)
            record = data["deployments"].get(key)
            if record is None:
                return WriteResult(204, None)
            akey = account_key(subscription, resource_group, account)
            self.assert_no_write_running(data, akey)
            record["body"]["properties"]["provisioningState"] = "Deleting"
            return WriteResult(202, None, self._deployment_op(data, key, akey, "deployment_delete"))

    def list_deployment_skus(self: Backend, subscription: str, resource_group: str, account: str,
                             name: str) -> list[dict[str, Any]]:
        """Deployments_ListSkus: the SKUs the deployment's model version offers in the account's region."""
        with self.tx() as data:
            record = self._require_deployment(data, subscription, resource_group, account, name)
            acct = data["accounts"][account_key(subscription, resource_group, account)]
            model = record["body"]["properties"]["model"]
            found = self.offers.find_model(record["meta"]["region"], acct["body"]["kind"], model["format"],
                                           model["name"], model["version"]) or {}
            items = []
            for sku in found.get("skus", []):
                bounds = sku.get("capacity") or {}
                current = record["body"]["sku"]
                capacity = current["capacity"] if sku["name"] == current["name"] else bounds.get("default")
                item: dict[str, Any] = {"resourceType": DEPLOYMENT_TYPE, "sku": {"name": sku["name"]},
                                        "capacity": {k: bounds[k] for k in
                                                     ("minimum", "maximum", "step", "default", "allowedValues")
                                                     if bounds.get(k) is not None}}
                if capacity is not None:
                    item["sku"]["capacity"] = capacity
                items.append(item)
            return items


def _rate_limits(offer: dict[str, Any], capacity: int) -> list[dict[str, Any]]:
    """The deployment's limits: the SKU's per-unit rateLimits times its capacity."""
    rules = []
    for rule in offer.get("rateLimits") or []:
        if isinstance(rule, dict) and rule.get("key") and rule.get("count") is not None:
            rules.append({"key": rule["key"], "renewalPeriod": rule.get("renewalPeriod", 60.0),
                          "count": float(rule["count"]) * capacity})
    return rules


def _finish_deployment(backend: Backend, data: dict[str, Any], op: dict[str, Any]) -> None:
    lro.settle(data, op, lambda state, key: state["deployments"].pop(key, None))


def register() -> None:
    for kind in ("deployment_create", "deployment_update", "deployment_delete"):
        register_finalizer(kind, _finish_deployment)
