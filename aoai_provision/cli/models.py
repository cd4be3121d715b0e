"""`aoai-provision models`: list the model catalog (lifecycle, SKUs, regions) as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options, format_option, output_option

if TYPE_CHECKING:
    from aoai_provision.api.models import ModelsReport

HEADERS = ("MODEL", "VERSION", "LIFECYCLE", "RETIREMENT", "SKUS", "REGIONS")
_SKU_ORDER = ("GlobalStandard", "Standard", "DataZoneStandard")
_QUALIFIER_TEXT = {"no-earlier-than": "no earlier than", "retired": "retired", "scheduled": "scheduled"}


def _list_cell(items: tuple[str, ...], limit: int = 3) -> str:
    if len(items) <= limit:
        return ", ".join(items) or "-"
    return f"{', '.join(items[:limit])} +{len(items) - limit}"


def _cells(report: ModelsReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for row in report.rows:
        a = row.assessment
        retirement = "-"
        if a.retirement_date is not None:
            retirement = f"{a.retirement_date.isoformat()} ({_QUALIFIER_TEXT.get(a.qualifier or '', a.qualifier)})"
        status = a.state if a.state != "ok" else (row.mv.lifecycle.status or "ok")
        skus = sorted({o.name for region in row.regions for o in row.mv.offers.get(region, ())},
                      key=lambda name: (_SKU_ORDER.index(name) if name in _SKU_ORDER else len(_SKU_ORDER), name))
        rows.append((row.mv.model, row.mv.version, status, retirement, _list_cell(tuple(skus)),
                     _list_cell(row.regions)))
    return rows


def _summary(report: ModelsReport) -> str:
    filters = ", ".join(f"{k} {v}" for k, v in (("region", report.region), ("capability", report.capability),
                                                  ("model", report.model)) if v)
    return (f"{len(report.rows)} model version(s){' for ' + filters if filters else ''}; lifecycle as of "
            f"{report.as_of.isoformat()}; bundled catalog data as of {report.catalog_as_of}.")


def render_table(report: ModelsReport) -> str:
    """Plain aligned text: one line per model version, then a summary line naming the data's date."""
    lines = _cells(report)
    widths = [max([len(h), *(len(line[i]) for line in lines)]) for i, h in enumerate(HEADERS)]
    out = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(HEADERS)).rstrip()]
    out += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines]
    out += ["", _summary(report) + " Use --format json for sources and capacity details."]
    return "\n".join(out) + "\n"


def render_markdown(report: ModelsReport) -> str:
    """A GitHub-flavoured Markdown table (for PR comments and step summaries)."""
    titles = ["SKUs" if h == "SKUS" else h.title() for h in HEADERS]  # not "Skus"
    out = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(f"`{c}`" if i < 2 else c for i, c in enumerate(line)) + " |" for line in _cells(report)]
    return "\n".join([*out, "", _summary(report)]) + "\n"


@click.command("models")
@click.option("--region", default=None, help="Only model versions offered in this region (ARM or display name).")
@click.option("--capability", default=None, metavar="NAME",
              help="Only models with this capability: realtime, audio, chat, embeddings, completion, ...")
@click.option("--model", "model", default=None, help="Only this model (all its versions).")
@click.option("--as-of", "as_of", metavar="DATE", default=None, help="Judge lifecycle as of this date (default today).")
@click.option("--warn-within", type=click.IntRange(min=0), default=90, show_default=True, metavar="DAYS",
              help="Call a version 'retiring' when it retires within this many days.")
@click.option("--live", is_flag=True, help="Read the region's live models list (Azure or --emulator); needs --region.")
@format_option("text", "table", "json", "markdown", default="text")
@output_option
@azure_target_options
@handle_errors
def models(region: str | None, capability: str | None, model: str | None, as_of: str | None, warn_within: int,
           live: bool, fmt: str, output: Path | None, **target_options: object) -> None:
    """List the model catalog: versions, lifecycle, retirement dates, SKUs and regions.

    \b
      aoai-provision models --region "East US 2" --capability realtime
      aoai-provision models --model gpt-4o-mini-realtime-preview --format json
      aoai-provision models --region swedencentral --live --subscription $AZURE_SUBSCRIPTION_ID

    Data is the catalog bundled with this release (its as-of date is printed); every fact in
    the JSON output names its source. With --live the region's models list is read from Azure
    (or the emulator) and its facts take precedence.
    """
    from aoai_provision.api.models import list_models, report_json, with_live_region
    from aoai_provision.catalog.bundled import bundled_catalog
    from aoai_provision.cli.audit import parse_as_of  # one --as-of parser for every command
    from aoai_provision.errors import InputError

    day = parse_as_of(as_of)
    catalog = bundled_catalog()
    if live:
        if not region:
            raise InputError("--live reads one region's models list", fix="add --region, e.g. --region eastus2")
        from aoai_provision.azure.target import Target

        catalog = with_live_region(catalog, Target.from_options(read_only=True, **target_options), region)  # type: ignore[arg-type]
    report = list_models(catalog, region=region, capability=capability, model=model,
                         as_of=day, warn_within_days=warn_within)
    kind = fmt.lower()
    if kind == "json":
        text = json.dumps(report_json(report), indent=2) + "\n"
    else:
        text = render_markdown(report) if kind == "markdown" else render_table(report)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
