"""The house rules of the sources, IIIF and HTTP layers, checked on the source code itself.

- No import cycle: every ``import`` and ``from ... import`` counts, at the top of a module, inside
  functions and in ``TYPE_CHECKING`` blocks; checked module by module, and with each package of
  the kit as one node.
- Small modules: none of these holds more than 500 lines.
- One HTTP path: only ``h4og_kit/http.py`` imports requests.
- ``h4og_kit.iiif`` is a pure parser: nothing it imports, directly or not, fetches.
- ``import h4og_kit`` stays light: no pandas, no requests, no source module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "h4og_kit"
#: The layers these rules cover: the sources, the parsers and the HTTP path with its policies.
AREA = ("h4og_kit.sources", "h4og_kit.iiif", "h4og_kit.http", "h4og_kit.waits", "h4og_kit.errors",
        "h4og_kit.redaction", "h4og_kit.outbound", "h4og_kit.config", "h4og_kit.text",
        "h4og_kit.plugins")
FETCHING = ("h4og_kit.http", "h4og_kit.sources", "h4og_kit.outbound", "h4og_kit.waits")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def in_area(name: str) -> bool:
    return any(name == a or name.startswith(a + ".") for a in AREA)


def imports(name: str) -> tuple[set[str], set[str]]:
    """The kit modules and the outside top-level packages that ``name`` imports, anywhere in it."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    kit, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES:
                kit.add(target)
            elif not target.startswith("h4og_kit"):
                outside.add(target.split(".")[0])
    kit.discard(name)
    return kit, outside


GRAPH = {name: imports(name)[0] for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_module_by_module():
    assert [c for c in cycles(GRAPH) if any(in_area(m) for m in c)] == []


def test_no_import_cycle_between_packages():
    def top(name: str) -> str:
        return ".".join(name.split(".")[:2])

    packages: dict[str, set[str]] = {}
    for name, targets in GRAPH.items():
        packages.setdefault(top(name), set()).update(top(t) for t in targets if top(t) != top(name))
    assert [c for c in cycles(packages) if any(in_area(m) for m in c)] == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if in_area(n)))
def test_no_module_holds_more_than_500_lines(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= 500, f"{MODULES[name].relative_to(ROOT)} holds {lines} lines"


def test_only_the_http_module_imports_requests():
    users = sorted(n for n in MODULES if imports(n)[1] & {"requests", "requests_cache"})
    assert users == ["h4og_kit.http"]


def test_the_iiif_parser_imports_nothing_that_fetches():
    reached, todo = set(), ["h4og_kit.iiif"]
    while todo:
        for target in GRAPH[todo.pop()] - reached:
            reached.add(target)
            todo.append(target)
    assert not {m for m in reached if m.startswith(FETCHING)}, sorted(reached)
    assert not imports("h4og_kit.iiif")[1] & {"requests", "requests_cache", "urllib3"}


def test_import_h4og_kit_stays_light():
    code = ("import sys, h4og_kit; print(sorted(m for m in ('pandas', 'requests', 'h4og_kit.http', "
            "'h4og_kit.sources', 'importlib.metadata') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
