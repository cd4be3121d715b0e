"""Render an environment's Bicep or ARM template set with Jinja2 (StrictUndefined, deterministic)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import jinja2

from aoai_provision import __version__
from aoai_provision.errors import RenderError
from aoai_provision.render.bicep import bicep_string, bicep_value
from aoai_provision.render.resources import (
    API_VERSION,
    arm_literal,
    arm_resource,
    rendered_resources,
    template_metadata,
)
from aoai_provision.spec.model import DesiredState

FORMATS = ("bicep", "arm")


@dataclass(frozen=True)
class TemplateSet:
    """Which template files one format consists of: output file name -> template name."""

    format: str
    files: tuple[tuple[str, str], ...]


TEMPLATE_SETS = {
    "bicep": TemplateSet("bicep", (("main.bicep", "bicep/main.bicep.j2"),
                                   ("main.bicepparam", "bicep/main.bicepparam.j2"))),
    "arm": TemplateSet("arm", (("azuredeploy.json", "arm/azuredeploy.json.j2"),
                               ("azuredeploy.parameters.json", "arm/azuredeploy.parameters.json.j2"))),
}


def builtin_templates_dir() -> Path:
    """The bundled templates: `aoai_provision/templates` in a wheel, the repo's `templates/` from source."""
    packaged = importlib_resources.files("aoai_provision") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parents[2] / "templates"
    if source_tree.is_dir():
        return source_tree
    raise RenderError("the bundled templates are missing from this installation",
                      fix="reinstall aoai-provision, or pass --templates-dir")


def arm_json(value: Any) -> str:
    """JSON for ARM files: key order kept, 2-space indent, UTF-8 characters as they are."""
    return json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False)


def make_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over ``templates_dir`` (user overrides) then the bundled templates."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        if not templates_dir.is_dir():
            raise RenderError(f"templates directory not found: {templates_dir}",
                              fix="pass a directory that holds bicep/*.j2 and/or arm/*.j2 files")
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["bicep"] = bicep_value
    env.filters["bicep_string"] = bicep_string
    env.filters["arm_json"] = arm_json
    return env


def template_context(state: DesiredState, catalog: Any = None) -> dict[str, Any]:
    """Everything the templates may use; the same for both formats (``catalog``: for the realtime URI forms)."""
    from aoai_provision.render.outputs import template_outputs, template_parameters

    resources = rendered_resources(state)
    declared = template_parameters(state)
    outputs = template_outputs(state, resources, catalog)
    return {
        "state": state,
        "environment": state.environment,
        "resource_group": state.resource_group,
        "source": state.source,
        "api_version": API_VERSION,
        "version": __version__,
        "metadata": template_metadata(state, __version__),
        "resources": resources,
        "accounts": [r for r in resources if r.parent is None],
        "arm_resources": [arm_resource(r) for r in resources],
        "template_parameters": declared,  # [TemplateParameter]: name, type, description, value
        "outputs": outputs,  # [TemplateOutput]: name, type, bicep, arm
        "arm_parameters": {p.name: {"type": p.type, "defaultValue": arm_literal(p.value),
                                    "metadata": {"description": p.description}} for p in declared},
        "arm_outputs": {o.name: {"type": o.type, "value": o.arm} for o in outputs},
        "parameters": {p.name: {"value": arm_literal(p.value)} for p in declared},  # the ARM parameters file's
    }


def render_templates(state: DesiredState, fmt: str, templates_dir: Path | None = None,
                     catalog: Any = None) -> dict[str, str]:
    """Render one template set; returns output file name -> text (ends with a newline)."""
    if fmt not in TEMPLATE_SETS:
        raise RenderError(f"unknown template format {fmt!r}", fix=f"use one of: {', '.join(FORMATS)}")
    env = make_environment(templates_dir)
    context = template_context(state, catalog)
    out: dict[str, str] = {}
    for file_name, template_name in TEMPLATE_SETS[fmt].files:
        try:
            text = env.get_template(template_name).render(context)
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"template not found: {exc.name}") from exc
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"template {exc.filename or template_name}:{exc.lineno}: {exc.message}",
                              fix="fix the Jinja2 syntax there (compare with the bundled template)") from exc
        except jinja2.UndefinedError as exc:
            raise RenderError(f"template {_where(exc, env, template_name)}: {exc.message}",
                              fix="use only the variables the bundled templates use") from exc
        except jinja2.TemplateError as exc:
            raise RenderError(f"template {_where(exc, env, template_name)}: {exc}") from exc
        out[file_name] = text if text.endswith("\n") else text + "\n"
    if fmt == "arm":
        _check_json(out)
    return out


def _where(exc: BaseException, env: jinja2.Environment, template_name: str) -> str:
    """``path:line`` of the template line that raised ``exc`` (jinja2 maps template frames to their source)."""
    try:
        path = env.get_template(template_name).filename
    except jinja2.TemplateError:
        path = None
    if not path:
        return template_name
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{path}:{line}" if line is not None else path


def _check_json(files: dict[str, str]) -> None:
    for name, text in files.items():
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise RenderError(f"{name} is not valid JSON after rendering: {exc}",
                              fix="check the template in --templates-dir") from exc


def render_arm_template(state: DesiredState) -> dict[str, Any]:
    """The bundled ARM template of ``state`` as a dict (what `--engine arm` submits; without outputs, which
    nothing reads there)."""
    template: dict[str, Any] = json.loads(render_templates(state, "arm")["azuredeploy.json"])
    template.pop("outputs", None)
    return template
