"""The layering docs/architecture.md describes, checked on the source: who may import whom, who may touch SQLite,
and who may read node ids. A change that crosses a layer fails here with the module and the import that crossed it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: What each unit (a package of graphapp, or a top-level module) may import from the project: docs/architecture.md.
ALLOWED = {
    "extractors": set(),
    "graphapp.model": set(),
    "graphapp.paths": set(),
    "graphapp.safe": set(),
    "graphapp.nodes": {"extractors"},
    "graphapp.evidence": {"extractors", "graphapp.model"},
    "graphapp.ingest": {"graphapp.model", "graphapp.safe"},
    "graphapp.store": {"graphapp.model", "graphapp.paths"},
    "graphapp.deeplink": {"graphapp.nodes"},
    "graphapp.corrections": {"graphapp.model", "graphapp.store"},
    "graphapp.analysis": set(),
    "graphapp.textindex": {"graphapp.analysis", "graphapp.store"},
    "graphapp.semanticindex": {"graphapp.analysis", "graphapp.store"},
    "graphapp.pipeline": {
        "extractors", "graphapp.corrections", "graphapp.evidence", "graphapp.ingest", "graphapp.model",
        "graphapp.store", "graphapp.textindex", "graphapp.semanticindex",
    },
    "graphapp.parallel": {"extractors", "graphapp.model", "graphapp.pipeline"},
    "graphapp.fetch": {
        "extractors", "graphapp.ingest", "graphapp.model", "graphapp.paths", "graphapp.pipeline", "graphapp.store",
    },
    "graphapp.graph": {"graphapp.model", "graphapp.nodes", "graphapp.store"},
    "graphapp.queries": {
        "extractors", "graphapp.analysis", "graphapp.graph", "graphapp.model", "graphapp.nodes", "graphapp.store",
        "graphapp.textindex", "graphapp.semanticindex",
    },
    "graphapp.export": {"graphapp.graph", "graphapp.model", "graphapp.nodes", "graphapp.safe"},
    "graphapp.render": {"graphapp.graph", "graphapp.nodes", "graphapp.safe"},
    "graphapp.viewmodel": {
        "graphapp.graph", "graphapp.model", "graphapp.nodes", "graphapp.render", "graphapp.safe", "graphapp.store",
    },
    "graphapp.services": {
        "graphapp.fetch", "graphapp.graph", "graphapp.model", "graphapp.nodes", "graphapp.pipeline",
        "graphapp.queries", "graphapp.safe", "graphapp.store", "graphapp.viewmodel",
    },
}  # fmt: skip
#: Entry points and the app's pages sit on top: they may import anything below them, but nothing imports them.
TOP = {"graphapp.cli", "graphapp.__main__", "graphapp.app", "graphapp.ui", "graphapp.component", "graphapp.launch"}


def unit(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "extractors":
        return "extractors"
    if parts[0] != "graphapp" or len(parts) == 1:
        return None
    return f"graphapp.{parts[1]}"


def sources() -> list[tuple[str, Path]]:
    found = []
    for path in sorted([*ROOT.joinpath("graphapp").rglob("*.py"), *ROOT.joinpath("extractors").rglob("*.py")]):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found.append((module, path))
    return found


def imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            if node.module == "graphapp":
                names += [f"graphapp.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


@pytest.mark.parametrize(("module", "path"), sources(), ids=[module for module, _ in sources()])
def test_each_module_imports_only_the_layers_below_it(module, path):
    mine = unit(module)
    if mine in TOP:
        return
    for name in imports(path):
        theirs = unit(name)
        if theirs is None or theirs == mine:
            continue
        assert mine in ALLOWED, f"{module}: a new package; add it to ALLOWED here and to docs/architecture.md"
        assert theirs in ALLOWED[mine], f"{module} imports {name}: {mine} may import only {sorted(ALLOWED[mine])}"
        assert theirs not in TOP, f"{module} imports {name}: nothing below the app and the CLI imports them"


def test_only_the_store_touches_sqlite():
    for module, path in sources():
        if unit(module) == "graphapp.store":
            continue
        text = path.read_text("utf-8")
        assert "sqlite3" not in imports(path), f"{module} imports sqlite3: SQL belongs in graphapp.store"
        code = "\n".join(line for line in text.splitlines() if not line.startswith(("from ", "import ")))
        assert not re.search(r"(?<!queries)\.(_?connection)\b", code), f"{module} reaches into a store's connection"


def test_only_graphapp_nodes_reads_node_ids():
    pattern = re.compile(r"""(split|partition|rpartition)\(\s*["']:["']|\[[56]:\]|startswith\(\s*["'](paper|repo):""")
    for module, path in sources():
        if module == "graphapp.nodes" or unit(module) in ("extractors",):
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            assert not pattern.search(line), f"{module}:{number} reads a node id by hand: use graphapp.nodes.NodeId"
