"""The architecture rules of the project brief, checked on the source with ast (nothing is imported)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "aoai_provision"
LAYOUT = ("cli", "spec", "catalog", "azure", "plan", "apply", "render", "audit", "emulator")
CORE = ("spec", "catalog", "plan", "audit")  # pure: no I/O, no click, no SDK, mypy --strict
MAX_LINES = 400  # "100-300 lines, one job each"; past this a module needs a reason here
SIZE_EXCEPTIONS: dict[str, str] = {}
# Core modules allowed one kind of I/O, with the reason.
CORE_IO_EXCEPTIONS = {
    "aoai_provision/catalog/bundled.py": "reads the catalog shipped inside the package (importlib.resources), "
                                         "never a user's file",
}
# Importing these from a core module means I/O, a front end or the cloud.
CORE_FORBIDDEN_IMPORTS = ("os", "sys", "shutil", "subprocess", "socket", "tempfile", "urllib.request", "http",
                          "click", "azure", "openai", "websockets", "requests", "httpx")
CORE_FORBIDDEN_PACKAGES = ("cli", "azure", "apply", "render", "emulator", "api", "importer", "verify", "files")
IO_CALLS = {"open", "print", "input", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink",
            "rmdir", "touch", "iterdir", "glob", "rglob", "exists", "is_file", "is_dir", "urlopen", "getenv"}
# The SDKs whose clients only aoai_provision/azure builds.
SDK_CLIENT_PACKAGES = ("azure.mgmt", "azure.identity", "openai")
# What the CLI must reach through aoai_provision.api, never directly: the engines and the cloud.
CLI_FORBIDDEN = ("aoai_provision.spec.loader", "aoai_provision.spec.compile", "aoai_provision.plan.planner",
                 "aoai_provision.apply.executor", "aoai_provision.apply.arm_engine", "aoai_provision.audit.engine",
                 "aoai_provision.emulator.backend")
CLI_AZURE_ALLOWED = ("aoai_provision.azure.target",)  # where to point: a value, no client
# Outside emulator/, only these wire the emulator in: as a target (transports) and as a command.
EMULATOR_WIRING = ("aoai_provision.cli.emulator", "aoai_provision.azure.clients", "aoai_provision.azure.dataplane")


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    lines: int

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    def in_package(self, *packages: str) -> bool:
        return any(self.name == f"{PACKAGE}.{p}" or self.name.startswith(f"{PACKAGE}.{p}.") for p in packages)


@dataclass(frozen=True)
class Import:
    target: str  # a module of the package, or the dotted name of an outside module
    line: int
    deferred: bool  # inside a function (runs when called, not when the module loads)


@cache
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        text = path.read_text(encoding="utf-8")
        name = ".".join(parts)
        found[name] = Module(name, path, ast.parse(text, str(path)), len(text.splitlines()))
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk_imports(node: ast.AST, deferred: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement under ``node`` that runs, skipping `if TYPE_CHECKING:` blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, deferred
        elif isinstance(child, ast.If) and _is_type_checking(child):
            yield from (i for n in child.orelse for i in _walk_imports(n, deferred))
        else:
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from _walk_imports(child, inner)


def _owning_module(dotted: str) -> str:
    """The package module a dotted name lives in (`a.b.c` -> `a.b` when `c` is a name in it)."""
    known = modules()
    while dotted and dotted not in known:
        dotted = dotted.rpartition(".")[0]
    return dotted


@cache
def imports(name: str) -> tuple[Import, ...]:
    module = modules()[name]
    is_package = module.path.name == "__init__.py"
    out = []
    for node, deferred in _walk_imports(module.tree, False):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules() else base for a in node.names]
        for target in targets:
            inside = _owning_module(target) if target.split(".")[0] == PACKAGE else ""
            out.append(Import(inside or target, node.lineno, deferred))
    return tuple(out)


def _graph(with_deferred: bool) -> dict[str, dict[str, Import]]:
    graph: dict[str, dict[str, Import]] = {}
    for name in modules():
        edges = graph.setdefault(name, {})
        for imp in imports(name):
            if imp.target in modules() and imp.target != name and (with_deferred or not imp.deferred):
                edges.setdefault(imp.target, imp)
    return graph


def _cycles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """One shortest circle through each strongly connected group of modules (Tarjan, then BFS)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph)))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    cycles = []
    for group in groups:
        start = min(group)
        paths = {start: [start]}
        queue = [start]
        while queue:
            v = queue.pop(0)
            for w in sorted(graph[v]):
                if w == start:
                    cycles.append(paths[v] + [start])
                    queue = []
                    break
                if w in group and w not in paths:
                    paths[w] = paths[v] + [w]
                    queue.append(w)
    return cycles


def _describe(cycle: list[str], graph: dict[str, dict[str, Import]]) -> str:
    steps = []
    for a, b in zip(cycle, cycle[1:], strict=False):
        imp = graph[a][b]
        steps.append(f"{modules()[a].rel}:{imp.line} imports {b}{' (inside a function)' if imp.deferred else ''}")
    return "\n    ".join(steps)


def test_the_package_has_the_layout_of_the_brief() -> None:
    missing = [p for p in LAYOUT if not (ROOT / PACKAGE / p / "__init__.py").is_file()]
    assert not missing, f"packages missing from aoai_provision/: {missing}"


def test_no_import_cycles_when_modules_load() -> None:
    graph = _graph(with_deferred=False)
    cycles = [_describe(c, graph) for c in _cycles(graph)]
    assert not cycles, "modules import each other at load time:\n  " + "\n  ".join(cycles)


def test_no_import_cycles_hidden_in_functions() -> None:
    """A function-level import that closes a circle is still a circle: modules that need each other."""
    graph = _graph(with_deferred=True)
    cycles = [_describe(c, graph) for c in _cycles(graph)]
    assert not cycles, ("modules import each other (a deferred import only hides the circle; move what both "
                        "need into a module of its own, or pass it in):\n  " + "\n  ".join(cycles))


def test_core_packages_do_no_io_and_know_no_front_end() -> None:
    problems = []
    for module in modules().values():
        if not module.in_package(*CORE):
            continue
        for imp in imports(module.name):
            outside = imp.target.split(".")[0] != PACKAGE
            if outside and any(imp.target == f or imp.target.startswith(f + ".") for f in CORE_FORBIDDEN_IMPORTS):
                problems.append(f"{module.rel}:{imp.line} imports {imp.target}")
            if not outside and any(imp.target == f"{PACKAGE}.{p}" or imp.target.startswith(f"{PACKAGE}.{p}.")
                                   for p in CORE_FORBIDDEN_PACKAGES):
                problems.append(f"{module.rel}:{imp.line} imports {imp.target} (core must not depend on it)")
        if module.rel in CORE_IO_EXCEPTIONS:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if called in IO_CALLS:
                    problems.append(f"{module.rel}:{node.lineno} calls {called}() (I/O belongs in api/, cli/ "
                                    "or azure/)")
    assert not problems, "core packages (spec, catalog, plan, audit) must stay pure:\n  " + "\n  ".join(problems)


def test_only_azure_builds_sdk_clients() -> None:
    problems = []
    for module in modules().values():
        if module.in_package("azure"):
            continue
        for imp in imports(module.name):
            if any(imp.target == s or imp.target.startswith(s + ".") for s in SDK_CLIENT_PACKAGES):
                problems.append(f"{module.rel}:{imp.line} imports {imp.target}")
    assert not problems, "only aoai_provision/azure builds SDK clients:\n  " + "\n  ".join(problems)


def test_the_tool_reaches_the_emulator_only_as_a_target() -> None:
    problems = [f"{m.rel}:{i.line} imports {i.target}" for m in modules().values()
                if not m.in_package("emulator") and m.name not in EMULATOR_WIRING
                for i in imports(m.name) if i.target.startswith(f"{PACKAGE}.emulator")]
    assert not problems, ("only the emulator command and the transports of the emulator target import "
                          "aoai_provision.emulator:\n" + "\n".join(problems))


def test_click_only_in_cli() -> None:
    problems = [f"{m.rel}:{i.line} imports click" for m in modules().values() if not m.in_package("cli")
                for i in imports(m.name) if i.target.split(".")[0] == "click"]
    assert not problems, "\n".join(problems)


def test_cli_reaches_engines_and_azure_only_through_the_library() -> None:
    problems = []
    for module in modules().values():
        if not module.in_package("cli"):
            continue
        for imp in imports(module.name):
            if imp.target in CLI_FORBIDDEN or (imp.target.startswith(f"{PACKAGE}.azure.")
                                               and imp.target not in CLI_AZURE_ALLOWED):
                problems.append(f"{module.rel}:{imp.line} imports {imp.target} (call a function of "
                                "aoai_provision.api instead)")
    assert not problems, "\n".join(problems)


def test_every_module_starts_with_a_one_line_docstring() -> None:
    problems = []
    for module in modules().values():
        doc = ast.get_docstring(module.tree)
        if not doc:
            problems.append(f"{module.rel}:1 has no docstring")
        elif len(doc.splitlines()) > 1 and doc.splitlines()[1].strip():
            problems.append(f"{module.rel}:1 the docstring's first line runs on (one summary line, then a blank "
                            "line before any detail)")
    assert not problems, "\n".join(problems)


def test_modules_stay_small() -> None:
    big = [f"{m.rel}: {m.lines} lines" for m in modules().values()
           if m.lines > MAX_LINES and m.rel not in SIZE_EXCEPTIONS]
    assert not big, f"modules over {MAX_LINES} lines (split them by job, or give a reason in SIZE_EXCEPTIONS):\n" \
        + "\n".join(big)
    stale = [rel for rel in SIZE_EXCEPTIONS if rel not in {m.rel for m in modules().values()
                                                           if m.lines > MAX_LINES}]
    assert not stale, f"SIZE_EXCEPTIONS lists modules that are now small or gone: {stale}"


def test_type_hints_throughout() -> None:
    problems = []
    for module in modules().values():
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            a = node.args
            params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(p for p in (a.vararg, a.kwarg) if p)]
            missing = [p.arg for p in params if p.annotation is None and p.arg not in ("self", "cls")]
            if node.returns is None:
                missing.append("return")
            if missing:
                problems.append(f"{module.rel}:{node.lineno} {node.name}: no type for {', '.join(missing)}")
    assert not problems, "\n".join(problems)


def test_one_finding_type() -> None:
    """Validation, plan warnings and audit all report aoai_provision.findings.Finding."""
    rivals = {"Finding", "Problem", "Diagnostic", "Issue", "Violation", "LintWarning"}
    problems = [f"{m.rel}:{n.lineno} class {n.name}" for m in modules().values() if m.name != f"{PACKAGE}.findings"
                for n in ast.walk(m.tree) if isinstance(n, ast.ClassDef)
                and (n.name in rivals or n.name.endswith("Finding"))]
    assert not problems, "a second finding type (use aoai_provision.findings.Finding):\n" + "\n".join(problems)
