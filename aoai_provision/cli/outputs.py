"""`aoai-provision outputs FILE`: endpoints per account, inference, realtime and audio URLs per deployment."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.fleet import expand_paths, fleet_option
from aoai_provision.cli.options import azure_target_options, format_option, output_option

# Per-deployment URL keys in the order they are printed, with their text labels.
URL_KEYS = {"inference_url": "inference", "chat_completions_url": "chat completions", "realtime_uri": "realtime",
            "webrtc_client_secrets_url": "webrtc client secrets", "webrtc_calls_url": "webrtc calls"}


def format_text(data: dict[str, Any]) -> str:
    lines: list[str] = []
    for acct in data["accounts"]:
        state = "" if acct["deployed"] else "  (not deployed yet)"
        lines.append(f"account {acct['name']} ({acct['region']}, {acct['kind']}): {acct['endpoint']}{state}")
        lines.append(f"  v1 base URL: {acct['openai_v1_base_url']}")
        for name, url in sorted(acct.get("endpoints", {}).items()):
            lines.append(f"  {name}: {url}")
        for dep in acct["deployments"]:
            flag = "" if dep["deployed"] else "  (not deployed yet)"
            lines.append(f"  {dep['name']}: {dep['model']} {dep['version']} {dep['sku']}{flag}")
            width = max(len(label) for key, label in URL_KEYS.items() if dep.get(key)) + 1
            for key, label in URL_KEYS.items():
                if dep.get(key):
                    lines.append(f"    {label + ':':<{width}} {dep[key]}")
    return "\n".join(lines) + "\n"


def _var(*parts: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", "_".join(parts).upper()).strip("_")


def format_dotenv(data: dict[str, Any]) -> str:
    """KEY="value" lines: AOAI_<ACCOUNT>_ENDPOINT, AOAI_<ACCOUNT>_<DEPLOYMENT>_REALTIME_URI, ..."""
    lines = [f"# aoai-provision outputs for environment {data['environment']} (no keys)"]

    def put(key: str, value: str) -> None:
        lines.append(f'{key}="{value}"')

    for acct in data["accounts"]:
        put(_var("AOAI", acct["name"], "ENDPOINT"), acct["endpoint"])
        put(_var("AOAI", acct["name"], "OPENAI_V1_BASE_URL"), acct["openai_v1_base_url"])
        for name, url in sorted(acct.get("endpoints", {}).items()):
            put(_var("AOAI", acct["name"], "ENDPOINTS", name), url)
        for dep in acct["deployments"]:
            put(_var("AOAI", acct["name"], dep["name"], "DEPLOYMENT"), dep["name"])
            for key in URL_KEYS:
                if dep.get(key):
                    put(_var("AOAI", acct["name"], dep["name"], key), dep[key])
    return "\n".join(lines) + "\n"


@click.command("outputs")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@format_option("text", "json", "dotenv")
@output_option
@fleet_option
@azure_target_options
@handle_errors
def outputs(files: tuple[str, ...], fmt: str, output: Path | None, fleet_limit: int, **target_options: Any) -> None:
    """Print what applications need to call FILE's deployments (no keys).

    Per account the endpoint, the v1 base URL and (Foundry accounts) the endpoint map Azure
    reports; per deployment the inference URL and, by model kind, the realtime wss:// URI and
    WebRTC URLs or the audio chat-completions URL, in the form the current docs give (each cited
    in --format json). --format dotenv writes KEY="value" lines for an application's .env.
    """
    from aoai_provision.api.plan import environment_outputs
    from aoai_provision.azure.target import Target

    target = Target.from_options(read_only=True, **target_options)
    paths = expand_paths(files)
    formats = {"json": lambda d: json.dumps(d, indent=2) + "\n", "dotenv": format_dotenv, "text": format_text}
    members = []
    if len(paths) == 1:
        text = formats[fmt](environment_outputs(paths[0], target))
    else:  # a fleet: one section (or JSON entry) per environment
        from aoai_provision.cli.fleet import report_member_error, run_members

        members = run_members(paths, lambda p: environment_outputs(p, target), limit=fleet_limit)
        if fmt == "json":
            text = json.dumps({"environments": [{"file": str(m.path), "outputs": m.result,
                                                 "error": m.error.message if m.error else None}
                                                for m in members]}, indent=2) + "\n"
        else:
            mark = "#" if fmt == "dotenv" else "==="
            text = "".join(f"{mark} {m.path}\n{formats[fmt](m.result)}" for m in members if m.result is not None)
        for m in members:
            if m.error is not None:
                report_member_error(m)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if members:
        from aoai_provision.cli.fleet import finish

        finish(members)
