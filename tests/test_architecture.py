"""The house keeps its shape: small modules, each with a docstring, and imports that flow one way.

Every ``import`` in ``h4og_kit`` counts, those inside functions and ``TYPE_CHECKING`` blocks too:
a cycle hidden in a function is still a cycle. Exports depend on the registry, never the reverse;
the pure parsers (IIIF) never reach anything that fetches; only ``h4og_kit/http.py`` imports
requests (one HTTP path); ``import h4og_kit`` stays light.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "h4og_kit"
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> tuple[set[str], set[str]]:
    """The kit's modules and the outside top-level packages that ``name`` imports, anywhere."""
    kit, outside = set(), set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if not target.startswith("h4og_kit"):
                outside.add(target.split(".")[0])
                continue
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                kit.add(target)
    return kit, outside


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}
GRAPH = {name: kit for name, (kit, _) in IMPORTS.items()}


def test_no_import_cycle_even_inside_functions():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_is_small_and_says_what_it_is_for(name):
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path} has over {MAX_LINES} lines: split it"
    assert ast.get_docstring(ast.parse(text)), f"{path} has no docstring at the top"


def test_exports_depend_on_the_registry_never_the_reverse():
    archive = "h4og_kit.registry.archive"
    users = {name for name, imported in GRAPH.items() if archive in imported}
    assert not {u for u in users if u.startswith("h4og_kit.registry.") and u not in (
        "h4og_kit.registry.cli",)}, users


def test_parsers_of_standard_formats_never_reach_the_network():
    reachable, todo = set(), ["h4og_kit.iiif"]
    while todo:
        name = todo.pop()
        for other in GRAPH[name] - reachable:
            reachable.add(other)
            todo.append(other)
    fetching = ("h4og_kit.http", "h4og_kit.sources", "h4og_kit.outbound", "h4og_kit.waits")
    assert not {name for name in reachable if name.startswith(fetching)}, sorted(reachable)
    assert not IMPORTS["h4og_kit.iiif"][1] & {"requests", "requests_cache", "urllib3"}


def test_one_http_path_only_http_imports_requests():
    users = sorted(name for name, (_, outside) in IMPORTS.items()
                   if outside & {"requests", "requests_cache"})
    assert users == ["h4og_kit.http"]


def test_import_h4og_kit_stays_light():
    code = ("import sys, h4og_kit; print(sorted(m for m in ('pandas', 'requests', 'h4og_kit.http', "
            "'h4og_kit.sources', 'importlib.metadata') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_cycle_would_be_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
