"""What the app keeps in its URL, so that a copied link reopens the same view on the same paper or entity.

Pure functions between the app's state and the URL's query parameters; :mod:`graphapp.ui.state` reads them once
per session and writes them after every run. Anything not understood in a URL is ignored, never trusted: the view
must be one of the app's, the node is only a lookup key, numbers are clamped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from graphapp.nodes import NODE_TYPES, NodeId


@dataclass(frozen=True, slots=True)
class Link:
    """The part of the app's state a URL carries."""

    view: str | None = None
    node: str | None = None
    """The selected node (``paper:2106.09685``, ``dataset:CIFAR-10``)."""
    focus: bool = False
    radius: int | None = None
    search: str = ""
    target: str | None = None
    """The other end of a path (the Paper view's "How is it connected to…"), or the paper a map was first opened
    on (the Map view's trail leads back to it)."""


def slug(view: str) -> str:
    """A view's name as it appears in a URL.

    >>> slug("Code and models")
    'code-and-models'
    """
    return view.lower().replace(" ", "-")


def parse(params: Mapping[str, str], views: Sequence[str]) -> Link:
    """The state a URL's query parameters ask for; unknown views and malformed values are dropped.

    >>> parse({"view": "paper", "node": "paper:2106.09685", "radius": "9"}, ["Graph", "Paper"])
    Link(view='Paper', node='paper:2106.09685', focus=False, radius=3, search='', target=None)
    >>> parse({"view": "nope", "node": "no-colon"}, ["Graph"]).view is None
    True
    """
    by_slug = {slug(view): view for view in views}
    node = NodeId.parse(params.get("node", ""))
    target = NodeId.parse(params.get("to", ""))
    radius = params.get("radius", "")
    return Link(
        view=by_slug.get(params.get("view", "").lower()),
        node=str(node) if node.type in NODE_TYPES and node.key else None,
        focus=params.get("focus") == "1",
        radius=min(3, max(1, int(radius))) if radius.isdigit() else None,
        search=params.get("q", "")[:200],
        target=str(target) if target.is_paper and target.key else None,
    )


def params(link: Link) -> dict[str, str]:
    """The query parameters of a state: only what differs from a fresh start, so links stay short.

    >>> params(Link(view="Paper", node="paper:1", target="paper:2"))
    {'view': 'paper', 'node': 'paper:1', 'to': 'paper:2'}
    >>> params(Link(view="Graph"))
    {}
    """
    found = {
        "view": slug(link.view) if link.view and link.view != "Graph" else "",
        "node": link.node or "",
        "focus": "1" if link.focus and link.node else "",
        "radius": str(link.radius) if link.focus and link.node and link.radius else "",
        "q": link.search,
        "to": link.target or "",
    }
    return {key: value for key, value in found.items() if value}


def query_string(link: Link) -> str:
    """``?view=paper&node=...`` (empty for a fresh start): what to append to the app's address.

    >>> query_string(Link(view="Entity", node="dataset:CIFAR-10"))
    '?view=entity&node=dataset%3ACIFAR-10'
    """
    found = params(link)
    return "?" + urlencode(found) if found else ""
