"""`aoai-provision schema`: print the JSON Schema of environment files (for editors and CI)."""

from __future__ import annotations

from pathlib import Path

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import output_option
from aoai_provision.spec.jsonschema import schema_text


@click.command("schema")
@output_option
@handle_errors
def schema(output: Path | None) -> None:
    """Print the JSON Schema of environment files.

    Point editors at it with a first line `# yaml-language-server: $schema=../environment.schema.json`.
    """
    text = schema_text()
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
