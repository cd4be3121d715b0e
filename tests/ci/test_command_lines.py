"""Every `aoai-provision` command line in examples/, docs/ and the README parses with the real CLI."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = "PLACEHOLDER"
SCRIPT_KEYS = {"run", "script", "bash", "pwsh", "powershell", "inlineScript"}
SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", ";;", "|&"}
YAML_PREFIX = re.compile(r"^\s*(?:-\s+)?(?:run|script|bash|inlineScript)\s*:\s*[|>]?[-+]?\s*")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")          # GitHub / Azure Pipelines template expressions
MACRO = re.compile(r"\$\([A-Za-z_][\w.]*\)")        # Azure Pipelines $(Variable.Name) macros
ANGLE = re.compile(r"<[A-Za-z][\w-]*>")             # <env>-style placeholders in docs


@dataclass(frozen=True)
class CommandLine:
    where: str   # path:line
    args: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.where}: aoai-provision {shlex.join(self.args)}"


def _tokens(line: str) -> list[str]:
    text = ANGLE.sub(PLACEHOLDER, MACRO.sub(PLACEHOLDER, EXPRESSION.sub(PLACEHOLDER, line)))
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:  # unbalanced quotes: a fragment of a larger script; skip it
        return []


def _segments(tokens: list[str]) -> Iterator[list[str]]:
    """Simple commands of a shell line: split at ; && || | ( ), without redirections."""
    current: list[str] = []
    skip_next = False
    for token in tokens:
        if skip_next:
            skip_next = False
            continue
        if token in SEPARATORS:
            yield current
            current = []
        elif token and set(token) <= set("<>&|") and token[0] in "<>":
            if current and current[-1].isdigit():
                current.pop()                     # the fd of `2>`
            skip_next = True                       # the redirection target
        else:
            current.append(token)
    yield current


def commands_in_shell(text: str, where: str, first_line: int = 1, console: bool = False) -> Iterator[CommandLine]:
    """aoai-provision invocations in a shell script (backslash continuations joined)."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        start = index
        line = lines[index]
        while line.rstrip().endswith("\\") and index + 1 < len(lines):
            index += 1
            line = line.rstrip()[:-1] + " " + lines[index].strip()
        index += 1
        if console:
            if not line.lstrip().startswith("$ "):
                continue
            line = line.lstrip()[2:]
        line = YAML_PREFIX.sub("", line)
        if "aoai-provision" not in line and "aoai_provision" not in line:
            continue
        for segment in _segments(_tokens(line)):
            while segment and re.fullmatch(r"[A-Za-z_]\w*=.*", segment[0]):
                segment = segment[1:]          # VAR=value prefixes
            if segment[:1] == ["aoai-provision"]:
                yield CommandLine(f"{where}:{first_line + start}", tuple(segment[1:]))
            elif segment[:3] in (["python", "-m", "aoai_provision"], ["python3", "-m", "aoai_provision"]):
                yield CommandLine(f"{where}:{first_line + start}", tuple(segment[3:]))


def _scripts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SCRIPT_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _scripts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _scripts(item)


def commands_in_yaml(path: Path) -> Iterator[CommandLine]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    rel = path.relative_to(ROOT).as_posix()
    cursor = 0
    for script in _scripts(yaml.safe_load(text)):
        first = next((line.strip() for line in script.splitlines() if line.strip()), "")
        # Scripts come in document order: find each one's first line after the previous one.
        found = next((n for n in range(cursor, len(lines)) if first and first in lines[n]), cursor)
        cursor = found + 1
        skipped = next((n for n, line in enumerate(script.splitlines()) if line.strip()), 0)
        yield from commands_in_shell(script, rel, found + 1 - skipped)


def commands_in_markdown(path: Path) -> Iterator[CommandLine]:
    rel = path.relative_to(ROOT).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    fence: str | None = None
    lang = ""
    block: list[str] = []
    block_start = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if fence is None:
            match = re.match(r"^(`{3,}|~{3,})\s*([\w+-]*)", stripped)
            if match:
                fence, lang, block, block_start = match.group(1), match.group(2).lower(), [], number + 1
        elif stripped.startswith(fence):
            yield from commands_in_shell("\n".join(block), rel, block_start, console=lang == "console")
            fence = None
        else:
            block.append(line)


def collect() -> list[CommandLine]:
    found: list[CommandLine] = []
    examples = ROOT / "examples"
    for path in sorted([*examples.rglob("*.yml"), *examples.rglob("*.yaml")]):
        found.extend(commands_in_yaml(path))
    for path in sorted(examples.rglob("*.sh")):
        found.extend(commands_in_shell(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix()))
    markdown = [*sorted(examples.rglob("*.md")), *sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
    for path in markdown:
        if path.is_file():
            found.extend(commands_in_markdown(path))
    return found


COMMAND_LINES = collect()


def _sample_value(param: click.Parameter) -> str:
    """A valid value of the option's type, standing in for a ${{ }} / $VAR placeholder."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, click.IntRange | click.FloatRange):
        return str(kind.min if kind.min is not None else 1)
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "1"
    if isinstance(kind, click.DateTime):
        return "2026-01-01"
    return "value"


def _is_placeholder(value: str) -> bool:
    return PLACEHOLDER in value or "$" in value


def _with_samples(command: click.Command, args: list[str]) -> list[str]:
    options = {opt: p for p in command.params if isinstance(p, click.Option) for opt in (*p.opts, *p.secondary_opts)}
    out: list[str] = []
    for index, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if eq and name in options and _is_placeholder(value):
            out.append(f"{name}={_sample_value(options[name])}")
            continue
        previous = options.get(args[index - 1]) if index else None
        if previous is not None and not previous.is_flag and _is_placeholder(arg):
            out.append(_sample_value(previous))
            continue
        out.append(arg)
    return out


def _touch_paths(args: list[str]) -> None:
    """Create the files the line names (relative to the temporary cwd) so `exists=True` holds."""
    for arg in args:
        if arg.startswith("-") or "/" not in arg and not re.search(r"\.(ya?ml|json|sarif|xml|md)$", arg):
            continue
        path = Path(arg.split("=", 1)[-1])
        if path.is_absolute() or ".." in path.parts:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text("{}\n", encoding="utf-8")


def parse_with_cli(args: tuple[str, ...]) -> None:
    """Resolve the subcommand through aoai_provision.cli.main and parse its options for real."""
    from aoai_provision.cli import main

    group: click.Group = main
    ctx = group.make_context("aoai-provision", list(args), resilient_parsing=False)
    rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
    while rest:
        name, command, rest = group.resolve_command(ctx, rest)
        assert command is not None, f"no command {name!r}"
        rest = _with_samples(command, rest)
        _touch_paths(rest)
        ctx = command.make_context(name, rest, parent=ctx, resilient_parsing=False)
        if not isinstance(command, click.Group):
            return
        group = command
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]


def test_the_examples_and_docs_have_command_lines() -> None:
    commands = {line.args[0] for line in COMMAND_LINES if line.args}
    # The CI examples use the main job's commands; a broken extractor would find none of them.
    assert {"validate", "plan", "apply", "audit"} <= commands, commands
    where = {line.where.split(":")[0] for line in COMMAND_LINES}
    assert any(w.startswith("examples/ci/github-actions/") for w in where)
    assert any(w.startswith("examples/ci/azure-pipelines/") for w in where)
    assert "docs/ci.md" in where


@pytest.mark.parametrize("line", COMMAND_LINES, ids=[line.where for line in COMMAND_LINES])
def test_command_line_parses(line: CommandLine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("AZURE_SUBSCRIPTION_ID", "AOAI_PROVISION_EMULATOR_CONFIG", "AOAI_PROVISION_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    try:
        parse_with_cli(line.args)
    except click.exceptions.Exit as done:  # --help / --version
        assert done.exit_code == 0, str(line)
    except click.ClickException as exc:
        pytest.fail(f"{line}\n  -> {exc.format_message()}")


def test_extractor_reads_shell_like_a_shell() -> None:
    script = (
        'set +e\naoai-provision plan "environments/$ENV.yaml" --format markdown \\\n'
        "  --detailed-exitcode > plan.md 2>&1; code=$?\n"
        "pip install . && aoai-provision apply ${{ matrix.f }} --yes\n"
        "az resource tag --tags managed-by=aoai-provision\n"
        "FOO=1 aoai-provision audit $(Build.SourcesDirectory)/x.yaml | tee out\n"
    )
    found = [line.args for line in commands_in_shell(script, "x")]
    assert found == [
        ("plan", "environments/$ENV.yaml", "--format", "markdown", "--detailed-exitcode"),
        ("apply", PLACEHOLDER, "--yes"),
        ("audit", f"{PLACEHOLDER}/x.yaml"),
    ]


def test_an_unknown_option_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(click.NoSuchOption):
        parse_with_cli(("plan", "environments/prod.yaml", "--no-such-option"))
    with pytest.raises(click.UsageError):
        parse_with_cli(("no-such-command", "x"))
