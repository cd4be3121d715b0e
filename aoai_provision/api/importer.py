"""Library facade of `import`: read a resource group and write the environment file that describes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aoai_provision.azure.target import Target
from aoai_provision.errors import InputError
from aoai_provision.findings import Finding
from aoai_provision.importer.document import MODEL_KINDS, ImportedFile, build_document

STDOUT = "<stdout>"  # the name of a file written to standard output, in messages


@dataclass(frozen=True)
class ImportOutcome:
    """The file's text, what it holds, and what `validate` says about it."""

    text: str
    imported: ImportedFile
    accounts: int
    deployments: int
    findings: tuple[Finding, ...]


def _header(imported: ImportedFile, subscription: str, resource_group: str, target: Target, when: str,
            file: str) -> list[str]:
    where = f"the emulator ({target.emulator_state})" if target.emulator else (target.endpoint or target.cloud)
    lines = [f"Imported by `aoai-provision import` on {when} from resource group {resource_group},",
             f"subscription {subscription}, on {where}.",
             "Review it, then bring the resources under management (plan shows only the adoption):",
             f"  aoai-provision plan {file} --adopt  &&  aoai-provision apply {file} --adopt"]
    if imported.matrix_regions:
        lines.append(f"Region matrix: {', '.join(imported.matrix_regions)}"
                     + (f"; explicit accounts: {', '.join(imported.explicit_accounts)}."
                        if imported.explicit_accounts else "."))
    lines += [f"Note: {n}" for n in imported.notes]
    return lines


def import_environment(target: Target, resource_group: str, *, environment: str | None = None,
                       now: datetime | None = None, output: Path | None = None,
                       force: bool = False) -> ImportOutcome:
    """Read ``resource_group`` through the SDK and build its environment file, written to ``output``
    when given (never over an existing file unless ``force``; checked before anything is read).

    InputError when the group does not exist or holds no OpenAI/AIServices account."""
    from aoai_provision.api.plan import connect
    from aoai_provision.azure.import_reads import read_resource_group

    if output is not None and output.exists() and not force:
        raise InputError(f"{output} exists; import does not overwrite it",
                         fix="choose another --output, or add --force to replace it")
    name = str(output) if output is not None else STDOUT
    clients = connect(target, None)
    observed = read_resource_group(clients, resource_group)
    where = f"subscription {clients.subscription}"
    if not observed.resource_group_exists:
        raise InputError(f"resource group {resource_group} does not exist in {where}",
                         fix=f"check the name and the subscription: `az group list --subscription "
                             f"{clients.subscription} -o table`")
    if not any(a.kind.lower() in MODEL_KINDS for a in observed.accounts):
        found = ", ".join(f"{a.name} ({a.kind})" for a in observed.accounts)
        raise InputError(f"resource group {resource_group} in {where} holds no OpenAI or AIServices account"
                         + (f" (it holds {found})" if found else " (it is empty)"),
                         fix="name the resource group that holds the accounts: `az cognitiveservices account "
                             "list --query \"[].{name:name, group:resourceGroup, kind:kind}\" -o table`")
    from aoai_provision.catalog.bundled import bundled_catalog

    catalog = bundled_catalog()
    imported = build_document(observed, environment=environment, subscription=clients.subscription,
                              known=lambda model, version: catalog.get(model, version) is not None)
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    from aoai_provision.importer.yaml_text import to_yaml

    file = name if name != STDOUT else "FILE"
    text = to_yaml(imported.document, _header(imported, clients.subscription, resource_group, target, stamp, file))
    accounts = [a for a in observed.accounts if a.kind.lower() in MODEL_KINDS]
    outcome = ImportOutcome(text, imported, len(accounts), imported.deployments, _check(text, name, catalog))
    if output is not None:
        from aoai_provision.api.render import write_files

        write_files(output.parent, {output.name: text})
    return outcome


def _check(text: str, name: str, catalog: Any) -> tuple[Finding, ...]:
    """What `validate` says about the written text (the file is written even when it finds problems)."""
    from datetime import date

    from aoai_provision.spec.compile import compile_text

    compiled: Any = compile_text(text, name, environ={}, catalog=catalog, as_of=date.today())
    return tuple(compiled.findings)
