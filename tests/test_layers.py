"""The layer rule: lower layers never import higher ones, and no module imports itself back (no cycles, lazy
imports inside functions included). See docs/architecture.md for the table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "embodia"
RANK = {  # a module may import modules of its own or a lower rank
    "types": 0, "goals": 0, "sim": 1, "models": 1, "control": 2, "skills": 3, "perception": 4, "tasks": 5,
    "record": 5, "language": 5, "planning": 5, "brains": 6, "prompts": 6, "agent": 7, "kitchen": 7,
    "bench": 8, "mcp": 8, "hardware": 8, "cli": 9, "__init__": 9,
}


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("embodia"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("embodia")}
    return found


MODULES = {_module(p): p for p in SRC.rglob("*.py")}
# the root package is imported by every import of a submodule anyway; it is no edge of its own
GRAPH = {m: {i for i in _imports(p) if i in MODULES and i not in (m, "embodia")} for m, p in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_imports(module: str) -> None:
    layer = _layer(module)
    assert layer in RANK, f"new layer '{layer}': give it a rank in RANK and a row in docs/architecture.md"
    upward = sorted(i for i in GRAPH[module] if RANK.get(_layer(i), 99) > RANK[layer])
    assert not upward, f"{module} (rank {RANK[layer]}) imports higher layers: {upward}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(GRAPH[m]):
            if n.startswith(m + "."):  # a package's __init__ re-exporting its own modules is no cycle
                continue
            assert state.get(n) != 1, "import cycle: " + " -> ".join([*path, m, n])
            if n not in state:
                visit(n, [*path, m])
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [])
