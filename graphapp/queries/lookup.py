"""Which stored entities a node stands for, whether a node is in the graph, and how many papers name a node.

Shared by the query modules: an entity node is usually one stored entity, but a ``repo:`` node gathers
every stored link into that GitHub repository (``…/tree/main/x``, ``….git``).
"""

from __future__ import annotations

from collections.abc import Iterable

from extractors.links import repo_root
from graphapp.nodes import NodeId
from graphapp.store import Store
from graphapp.store.database import EntityRow


def _repo_links(store: Store, root: str) -> set[int]:
    """Every stored GitHub link into the repository ``root`` (its node gathers them all)."""
    return {eid for eid, name in store.github_links(root).items() if repo_root(name) == root}


def entity_ids(store: Store, node: str | NodeId) -> set[int]:
    """The store ids of the entities an entity node such as ``"dataset:CIFAR-10"`` stands for.

    One entity in general; every link into a GitHub repository for a ``repo:`` node. Empty when no
    stored paper names it (the node is not in the graph), and for a paper or text that is no node id.

    >>> with Store(":memory:") as store:
    ...     entity_ids(store, "dataset:CIFAR-10")
    set()
    """
    wanted = NodeId.parse(node)
    if wanted.is_paper:
        return set()
    if wanted.type == "repo":
        ids = _repo_links(store, wanted.key)
    else:
        ids = {
            eid
            for eid, kind in store.entities_named(wanted.entity_type, wanted.key)
            if NodeId.entity(wanted.entity_type, wanted.key, kind) == wanted
        }
    return ids if store.is_named(ids) else set()


def is_paper(store: Store, node: str | NodeId) -> bool:
    """Whether ``node`` is a stored paper's node."""
    wanted = NodeId.parse(node)
    return wanted.is_paper and store.has_paper(wanted.key)


def has_node(store: Store, node: str | NodeId) -> bool:
    """Whether ``node`` (a paper or an entity some paper names) is in the store's graph."""
    return is_paper(store, node) or bool(entity_ids(store, node))


def require_node(store: Store, node: str | NodeId) -> NodeId:
    """The node, parsed; KeyError when it is not in the store's graph."""
    if not has_node(store, node):
        raise KeyError(f"no node {str(node)!r} in the graph")
    return NodeId.parse(node)


def require_paper(store: Store, node: str | NodeId) -> NodeId:
    """The paper node, parsed; KeyError when it is not a stored paper."""
    if not is_paper(store, node):
        raise KeyError(f"no node {str(node)!r} in the graph")
    return NodeId.parse(node)


def group(store: Store, rows: Iterable[EntityRow]) -> dict[str, set[int]]:
    """Entity rows (id, type, name, kind) grouped into their nodes, each with all of its ids (not only those given)."""
    nodes: dict[str, set[int]] = {}
    for eid, etype, name, kind in rows:
        node = NodeId.entity(etype, name, kind)
        key = str(node)
        if key not in nodes:
            nodes[key] = _repo_links(store, node.key) if node.type == "repo" else set()
        nodes[key].add(eid)
    return nodes


def nodes_of(store: Store, ids: Iterable[int]) -> dict[str, set[int]]:
    """The entity nodes the given entity ids belong to, each with all of its ids."""
    return group(store, store.entity_rows(ids))


def nodes_of_paper(store: Store, paper_id: str) -> dict[str, set[int]]:
    """The entity nodes one paper names, each with all of its ids."""
    return group(store, store.entity_rows_of_paper(paper_id))


def degrees(store: Store, nodes: dict[str, set[int]]) -> dict[str, int]:
    """How many papers name each entity node (its in-degree in the graph)."""
    single = {next(iter(ids)): node for node, ids in nodes.items() if len(ids) == 1}
    found = {single[eid]: count for eid, count in store.paper_counts(single).items()}
    for node, ids in nodes.items():
        if len(ids) > 1:  # a repository's node: papers naming any link into it count once
            found[node] = len(store.papers_naming(ids))
    return found
