"""Graph node ids: ``NodeId(type, key)``, written ``"type:key"`` wherever an id leaves Python.

A node is a paper (``paper:2106.09685``) or an entity some paper names: ``dataset:CIFAR-10``, ``model:ViT``,
``method:LoRA``, ``task:...``, ``citation:...``, and the links: ``repo:`` (a GitHub repository; every link
into it shares its node), ``hf:`` (Hugging Face) and ``link:`` (any other URL). The string form is what
graphs, exports, the browser and the URL hold; this module is the only place that builds or reads it.

>>> node = NodeId.parse("dataset:CIFAR-10")
>>> node.type, node.key, str(node)
('dataset', 'CIFAR-10', 'dataset:CIFAR-10')
>>> NodeId.parse("link:https://example.org/a:b").key
'https://example.org/a:b'
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.links import repo_root

#: Node types in drawing order; url entities become repo, hf or link nodes by their kind.
NODE_TYPES = ("paper", "dataset", "model", "method", "task", "repo", "hf", "link", "citation")
ENTITY_NODE_TYPES = NODE_TYPES[1:]
#: Node types whose entities are stored as URLs (told apart by the entity's kind).
URL_NODE_TYPES = ("repo", "hf", "link")


def node_type(entity_type: str, kind: str | None) -> str:
    """The graph node type of a stored entity: urls split into repo (GitHub), hf (Hugging Face) and link.

    >>> node_type("url", "hf_dataset"), node_type("url", "github_repo"), node_type("dataset", None)
    ('hf', 'repo', 'dataset')
    """
    if entity_type != "url":
        return entity_type
    if kind == "github_repo":
        return "repo"
    if kind and kind.startswith("hf_"):
        return "hf"
    return "link"


@dataclass(frozen=True, slots=True, order=True)
class NodeId:
    """One node of the graph: its type (``paper`` or an entity node type) and its key (paper id, name or URL)."""

    type: str
    key: str

    def __str__(self) -> str:
        return f"{self.type}:{self.key}"

    @classmethod
    def parse(cls, text: str | NodeId) -> NodeId:
        """The node id written as ``"type:key"`` (the key may hold colons).

        Text from outside (a URL, a click, a typed name) may be no node id at all: it parses to a type
        no node has and an empty key, so lookups simply find nothing.

        >>> NodeId.parse("nonsense")
        NodeId(type='nonsense', key='')
        """
        if isinstance(text, NodeId):
            return text
        node_type_, _, key = text.partition(":")
        return cls(node_type_, key)

    @classmethod
    def paper(cls, paper_id: str) -> NodeId:
        return cls("paper", paper_id)

    @classmethod
    def entity(cls, entity_type: str, name: str, kind: str | None = None) -> NodeId:
        """The node of a stored entity; links into a GitHub repo (…/tree/main/x) share the repo's node.

        >>> str(NodeId.entity("url", "https://github.com/a/b/tree/main/src", "github_repo"))
        'repo:https://github.com/a/b'
        """
        if kind == "github_repo":
            name = repo_root(name) or name
        return cls(node_type(entity_type, kind), name)

    @property
    def is_paper(self) -> bool:
        return self.type == "paper"

    @property
    def entity_type(self) -> str:
        """The stored entity type behind the node: ``url`` for repo, hf and link nodes."""
        return "url" if self.type in URL_NODE_TYPES else self.type
