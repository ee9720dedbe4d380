"""The rooms of the house lean one way: no two domain packages import each other, even through
a third, and the shared floor (the modules directly in `ifs_pwa/`) stands on no domain.

A cycle means neither domain can be read, changed or left out on its own, so a shared piece
belongs one floor down. The check reads the source with `ast` (nothing is imported), so every
import counts: at the top of a module, inside a function, or only for type checking.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ifs_pwa"
# The account every row belongs to: the one domain the shared floor may lean on.
FOUNDATION = {"auth"}
# The app factory puts the rooms together, so it alone imports all of them.
COMPOSITION_ROOT = "__init__"


def unit_of(module: str) -> str | None:
    """`ifs_pwa.parts.views` → "parts"; `ifs_pwa.records` → "records"; elsewhere → None."""
    names = module.split(".")
    if names[0] != "ifs_pwa" or len(names) < 2:
        return None
    return names[1]


def imported_modules(path: Path, package: Path) -> set[str]:
    """Every module a file imports, relative imports resolved; `from x import y` also counts
    x.y, which is how `from .. import htmx` names a module."""
    relative = path.relative_to(package.parent).with_suffix("")
    dotted = list(relative.parts)
    here = dotted if path.name == "__init__.py" else dotted[:-1]
    if here and here[-1] == "__init__":
        here = here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def domains(package: Path) -> set[str]:
    return {p.parent.name for p in package.glob("*/__init__.py")}


def unit_graph(package: Path) -> dict[str, dict[str, set[str]]]:
    """unit → {unit it imports → the files that do}; the app factory left out."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted(package.rglob("*.py")):
        inside = path.relative_to(package)
        unit = inside.parts[0] if len(inside.parts) > 1 else inside.stem
        if unit == COMPOSITION_ROOT:
            continue
        for module in imported_modules(path, package):
            target = unit_of(module)
            if target and target != unit and target != COMPOSITION_ROOT:
                graph[unit][target].add(str(inside))
    return graph


def cycles(graph: dict[str, dict[str, set[str]]], among: set[str]) -> list[list[str]]:
    """Each strongly connected group of two or more units (Tarjan), sorted for a stable
    message."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in among:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(among):
        if node not in index:
            visit(node)
    return sorted(groups)


def describe(graph, group: list[str]) -> str:
    lines = [" ↔ ".join(group)]
    for unit in group:
        for target in sorted(set(graph.get(unit, {})) & set(group)):
            lines.append(f"  {unit} → {target}: {', '.join(sorted(graph[unit][target]))}")
    return "\n".join(lines)


def domain_cycles(package: Path = PACKAGE) -> list[str]:
    graph = unit_graph(package)
    return [describe(graph, group) for group in cycles(graph, domains(package))]


def floor_leaning_on_domains(package: Path = PACKAGE) -> list[str]:
    graph = unit_graph(package)
    rooms = domains(package)
    floor = {unit for unit in graph if unit not in rooms}
    return [f"{unit} → {target}: {', '.join(sorted(files))}"
            for unit in sorted(floor)
            for target, files in sorted(graph[unit].items())
            if target in rooms - FOUNDATION]


def test_no_import_cycle_between_domain_packages():
    found = domain_cycles()
    assert not found, "Domain packages importing each other:\n" + "\n".join(found)


def test_the_shared_floor_stands_on_no_domain():
    found = floor_leaning_on_domains()
    assert not found, "Shared modules importing a domain:\n" + "\n".join(found)


def write(root: Path, files: dict[str, str]) -> Path:
    package = root / "ifs_pwa"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


def test_the_check_sees_a_cycle_through_a_third_package_and_a_late_import(tmp_path):
    package = write(tmp_path, {
        "__init__.py": "from . import a, b, c\n",
        "a/__init__.py": "", "b/__init__.py": "", "c/__init__.py": "",
        "a/views.py": "from ..b.models import Thing\n",
        "b/models.py": "from ifs_pwa.c import helpers\n",
        "c/helpers.py": "def late():\n    from ..a import views\n",
        "records.py": "from .b.models import Thing\n",
        "htmx.py": "",
    })
    found = domain_cycles(package)
    assert len(found) == 1 and found[0].startswith("a ↔ b ↔ c")
    assert "c → a: c/helpers.py" in found[0]
    assert floor_leaning_on_domains(package) == ["records → b: records.py"]


def test_the_check_is_quiet_when_imports_lean_one_way(tmp_path):
    package = write(tmp_path, {
        "__init__.py": "from .a import views\nfrom .b import models\n",
        "a/__init__.py": "", "b/__init__.py": "", "auth/__init__.py": "",
        "a/views.py": "from .. import htmx\nfrom ..b.models import Thing\n",
        "b/models.py": "from ..auth import models\nfrom ..records import Owned\n",
        "auth/models.py": "", "records.py": "from .auth.models import User\n", "htmx.py": "",
    })
    assert domain_cycles(package) == [] and floor_leaning_on_domains(package) == []
