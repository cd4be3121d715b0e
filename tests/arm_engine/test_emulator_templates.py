"""The emulator's Microsoft.Resources/deployments, driven by the real SDK: create, operations, what-if,
validate; the same backend as the direct API (quota, conflicts); unsupported templates refused up front."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError

from aoai_provision.azure.clients import build_clients
from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target
from aoai_provision.emulator.clock import VirtualClock
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.transport import EmulatorTransport
from aoai_provision.render.engine import render_arm_template
from aoai_provision.spec.model import (
    DesiredAccount,
    DesiredDeployment,
    DesiredState,
    Identity,
    ownership_tags,
)

RG = "rg-aoai-t"
EMBED = DesiredDeployment(name="embed", model="text-embedding-3-large", version="1", sku="Standard", capacity=20)
SMALL = DesiredDeployment(name="small", model="text-embedding-ada-002", version="2", sku="Standard", capacity=10)


def state(*deployments: DesiredDeployment) -> DesiredState:
    account = DesiredAccount(name="aoai-t-swc", region="swedencentral", public_network_access="Disabled",
                             disable_local_auth=True, identity=Identity("SystemAssigned"),
                             tags=ownership_tags("t"), deployments=deployments)
    return DesiredState(environment="t", resource_group=RG, location="swedencentral", accounts=(account,))


def clients_for(**config: Any) -> Any:
    transport = EmulatorTransport(config=EmulatorConfig(**config), clock=VirtualClock())
    clients = build_clients(Target(emulator=True), EMULATOR_SUBSCRIPTION, transport=transport)
    clients.resources.resource_groups.create_or_update(RG, {"location": "swedencentral"})
    return clients


def deploy(clients: Any, template: dict[str, Any], name: str = "d1", **properties: Any) -> Any:
    body = {"properties": {"mode": "Incremental", "template": template, **properties}}
    return clients.deployments.deployments.begin_create_or_update(RG, name, body).result()


def names(clients: Any) -> list[str]:
    return sorted(d.name for a in clients.cognitive.accounts.list_by_resource_group(RG)
                  for d in clients.cognitive.deployments.list(RG, a.name))


def test_template_deployment_creates_resources_and_reports_operations() -> None:
    clients = clients_for()
    result = deploy(clients, render_arm_template(state(EMBED, SMALL)))
    assert result.properties.provisioning_state == "Succeeded"
    assert names(clients) == ["embed", "small"]
    ops = list(clients.deployments.deployment_operations.list(RG, "d1"))
    assert [(o.properties.target_resource.resource_name, o.properties.provisioning_state, o.properties.status_code)
            for o in ops] == [("aoai-t-swc", "Succeeded", "Created"), ("aoai-t-swc/embed", "Succeeded", "Created"),
                              ("aoai-t-swc/small", "Succeeded", "Created")]
    account = clients.cognitive.accounts.get(RG, "aoai-t-swc")
    assert account.properties.public_network_access == "Disabled" and account.properties.disable_local_auth
    assert [d.name for d in clients.deployments.deployments.list_by_resource_group(RG)] == ["d1"]


@pytest.mark.parametrize(("where", "value", "message"), [
    (("sku", "capacity"), "[add(10, 10)]", "the expression [add(10, 10)] is not supported"),
    (("properties", "model", "version"), "[variables('v')]", "is not supported by the emulator"),
    (("properties", "raiPolicyName"), "[parameters('missing')]", "parameter 'missing' is not found"),
])
def test_unsupported_expression_is_refused_before_anything_is_applied(where: tuple[str, ...], value: str,
                                                                      message: str) -> None:
    clients = clients_for()
    template = render_arm_template(state(EMBED, SMALL))
    node = template["resources"][2]  # the last resource: the account and `embed` come first
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    with pytest.raises(HttpResponseError) as caught:
        deploy(clients, template)
    assert caught.value.status_code == 400 and caught.value.error.code == "InvalidTemplate"
    assert message in caught.value.error.message
    assert list(clients.cognitive.accounts.list_by_resource_group(RG)) == []
    assert list(clients.deployments.deployments.list_by_resource_group(RG)) == []


def test_unknown_dependency_and_resource_type_are_refused() -> None:
    clients = clients_for()
    template = render_arm_template(state(EMBED))
    template["resources"][1]["dependsOn"] = ["[resourceId('Microsoft.CognitiveServices/accounts', 'nope')]"]
    with pytest.raises(HttpResponseError, match="'.*nope.*' is not defined in the template"):
        deploy(clients, template)
    other = {"resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
                            "name": "st1", "location": "swedencentral"}]}
    with pytest.raises(HttpResponseError, match="Microsoft.Storage/storageAccounts' is not supported"):
        deploy(clients, other)
    assert list(clients.cognitive.accounts.list_by_resource_group(RG)) == []


def test_dependency_cycle_is_refused_and_names_are_accepted_as_dependencies() -> None:
    clients = clients_for()
    template = render_arm_template(state(EMBED, SMALL))
    template["resources"][1]["dependsOn"].append("aoai-t-swc/small")  # embed <-> small
    with pytest.raises(HttpResponseError, match="Circular dependency"):
        deploy(clients, template)
    template["resources"][1]["dependsOn"] = ["aoai-t-swc"]  # a plain resource name works too
    assert deploy(clients, template).properties.provisioning_state == "Succeeded"


def test_parameters_are_substituted() -> None:
    clients = clients_for()
    template = render_arm_template(state(EMBED))
    template["parameters"] = {"cap": {"type": "int", "defaultValue": 5}}
    template["resources"][1]["sku"]["capacity"] = "[parameters('cap')]"
    deploy(clients, template, parameters={"cap": {"value": 7}})
    assert clients.cognitive.deployments.get(RG, "aoai-t-swc", "embed").sku.capacity == 7


def test_quota_shortfall_fails_that_resource_and_skips_what_depends_on_it() -> None:
    clients = clients_for(quota={"limits": {"swedencentral/OpenAI.Standard.text-embedding-3-large": 10}})
    with pytest.raises(HttpResponseError) as caught:
        deploy(clients, render_arm_template(state(EMBED, SMALL)))
    assert caught.value.error.code == "DeploymentFailed"
    ops = {o.properties.target_resource.resource_name: o.properties
           for o in clients.deployments.deployment_operations.list(RG, "d1")}
    assert ops["aoai-t-swc"].provisioning_state == "Succeeded"
    assert ops["aoai-t-swc/embed"].provisioning_state == "Failed"
    assert ops["aoai-t-swc/embed"].status_message.error.code == "InsufficientQuota"
    assert "aoai-t-swc/small" not in ops  # it depends on `embed`, so ARM never starts it
    assert names(clients) == []
    failed = clients.deployments.deployments.get(RG, "d1")
    assert failed.properties.provisioning_state == "Failed"


def test_unchained_deployments_of_one_account_conflict_like_azure() -> None:
    """Without the dependsOn chain, two writes hit one account at once: the second gets RequestConflict."""
    clients = clients_for(lro_seconds={"deployment_create": 30, "account_create": 1})
    template = render_arm_template(state(EMBED, SMALL))
    template["resources"][2]["dependsOn"] = template["resources"][2]["dependsOn"][:1]  # only the account
    with pytest.raises(HttpResponseError):
        deploy(clients, template)
    codes = {o.properties.target_resource.resource_name: (o.properties.status_message.error.code
                                                          if o.properties.status_message else None)
             for o in clients.deployments.deployment_operations.list(RG, "d1")}
    assert sorted(codes.values(), key=str) == [None, None, "RequestConflict"]


def test_what_if_reports_create_modify_nochange_and_ignore() -> None:
    clients = clients_for()
    first = render_arm_template(state(EMBED, SMALL))

    def what_if(template: dict[str, Any]) -> dict[str, Any]:
        body = {"properties": {"mode": "Incremental", "template": template}}
        result = clients.deployments.deployments.begin_what_if(RG, "w", body).result()
        return {c.resource_id.rsplit("/", 1)[-1]: c for c in result.changes}

    assert {k: getattr(c.change_type, "value", c.change_type) for k, c in what_if(first).items()} == {
        "aoai-t-swc": "Create", "embed": "Create", "small": "Create"}
    deploy(clients, first)
    second = copy.deepcopy(render_arm_template(state(EMBED)))
    second["resources"][1]["sku"]["capacity"] = 30
    changes = what_if(second)
    assert {k: getattr(c.change_type, "value", c.change_type) for k, c in changes.items()} == {
        "aoai-t-swc": "NoChange", "embed": "Modify", "small": "Ignore"}
    assert [(d.path, d.before, d.after) for d in changes["embed"].delta] == [("sku.capacity", 20, 30)]
    assert names(clients) == ["embed", "small"]  # what-if changed nothing


def test_validate_accepts_the_rendered_template_and_names_its_resources() -> None:
    clients = clients_for()
    body = {"properties": {"mode": "Incremental", "template": render_arm_template(state(EMBED))}}
    result = clients.deployments.deployments.begin_validate(RG, "v", body).result()
    assert [r.id.rsplit("/", 1)[-1] for r in result.properties.validated_resources] == ["aoai-t-swc", "embed"]
    assert names(clients) == []


def test_rendered_template_with_parameters_and_outputs_deploys_and_reports_the_endpoint() -> None:
    """The whole `render --format arm` output (parameters file included) deploys; its outputs come back as
    ARM reports them: the account's endpoint read after the write, the realtime URI of `outputs`."""
    import json

    from aoai_provision.catalog.bundled import bundled_catalog
    from aoai_provision.render.engine import render_templates

    realtime = DesiredDeployment(name="rt", model="gpt-realtime", version="2025-08-28", sku="GlobalStandard",
                                 capacity=5)
    files = render_templates(state(EMBED, realtime), "arm", catalog=bundled_catalog())
    template = json.loads(files["azuredeploy.json"])
    parameters = json.loads(files["azuredeploy.parameters.json"])["parameters"]
    parameters["capacities"]["value"]["aoai-t-swc/embed"] = 7  # the parameters file decides
    clients = clients_for()
    result = deploy(clients, template, parameters=parameters)
    assert result.properties.provisioning_state == "Succeeded"
    account = clients.cognitive.accounts.get(RG, "aoai-t-swc")
    outputs = result.properties.outputs
    assert outputs["acct_aoai_t_swc_endpoint"] == {"type": "String", "value": account.properties.endpoint}
    assert outputs["dep_aoai_t_swc_rt_realtime_uri"]["value"] == \
        "wss://aoai-t-swc.openai.azure.com/openai/v1/realtime?model=rt"
    assert clients.cognitive.deployments.get(RG, "aoai-t-swc", "embed").sku.capacity == 7


def test_an_output_the_emulator_cannot_evaluate_is_refused_up_front() -> None:
    clients = clients_for()
    template = render_arm_template(state(EMBED))
    template["outputs"] = {"x": {"type": "string", "value": "[uniqueString(resourceGroup().id)]"}}
    with pytest.raises(HttpResponseError) as raised:
        deploy(clients, template)
    assert "InvalidTemplate" in str(raised.value) and "outputs.x.value" in str(raised.value)
    assert names(clients) == []
