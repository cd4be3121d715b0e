"""Template parameters and outputs: deployment capacities, account endpoints, realtime URIs.

Deployment capacities are a parameter (set in the parameters files); the outputs are per account its
endpoint and per realtime deployment its realtime URI, in the form `outputs` prints (catalog.endpoint_forms)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aoai_provision.catalog.endpoint_forms import deployment_endpoints, openai_host
from aoai_provision.render.bicep import bicep_string
from aoai_provision.render.resources_access import Expr
from aoai_provision.spec.model import DesiredState

CAPACITIES = "capacities"
CAPACITIES_HELP = ("Capacity of each deployment (thousands of tokens per minute, or PTUs), keyed "
                   "'<account>/<deployment>'; the environment file's values.")


@dataclass(frozen=True)
class TemplateParameter:
    """A parameter both template languages declare, with the file's value (the default and the parameters file)."""

    name: str
    type: str
    description: str
    value: Any


@dataclass(frozen=True)
class TemplateOutput:
    """An output both template languages declare: its Bicep expression and its ARM value."""

    name: str
    type: str
    bicep: str
    arm: str


def capacity_expr(account: str, deployment: str) -> Expr:
    """`capacities['<account>/<deployment>']` (Bicep) / `[parameters('capacities')['...']]` (ARM)."""
    key = f"{account}/{deployment}"
    arm_key = key.replace("'", "''")
    return Expr(bicep=f"{CAPACITIES}[{bicep_string(key)}]", arm=f"[parameters('{CAPACITIES}')['{arm_key}']]")


def template_parameters(state: DesiredState) -> list[TemplateParameter]:
    capacities = {f"{a.name}/{d.name}": d.capacity for a in state.accounts for d in a.deployments}
    return [TemplateParameter(CAPACITIES, "object", CAPACITIES_HELP, capacities)]


def template_outputs(state: DesiredState, resources: list[Any], catalog: Any = None) -> list[TemplateOutput]:
    """Per account `<symbol>_endpoint` (read from the account once written); per realtime deployment
    `<symbol>_realtime_uri` (public cloud host; the same URL `aoai-provision outputs` prints)."""
    symbols = {(r.parent.name if r.parent else None, r.name): r for r in resources
               if r.type.endswith("/accounts") or r.type.endswith("/accounts/deployments")}
    out: list[TemplateOutput] = []
    for account in state.accounts:
        acct = symbols.get((None, account.name))
        if acct is None:
            continue
        call = f"reference({acct.resource_id_expression()[1:-1]}, '{acct.api_version}').endpoint"
        out.append(TemplateOutput(f"{acct.symbol}_endpoint", "string", f"{acct.symbol}.properties.endpoint",
                                  f"[{call}]"))
        host = openai_host(account.custom_subdomain or account.name)
        for dep in account.deployments:
            rendered = symbols.get((account.name, dep.name))
            mv = catalog.get(dep.model, dep.version) if catalog is not None else None
            for form in deployment_endpoints(host, dep.name, dep.model, mv):
                if rendered is not None and form.name == "realtime_uri":
                    out.append(TemplateOutput(f"{rendered.symbol}_realtime_uri", "string", bicep_string(form.url),
                                              "[" + form.url if form.url.startswith("[") else form.url))
    return out
