"""What the app's views and the CLI's commands do, as functions that return plain data; ``ui/`` only lays it out.

- :func:`ingest_upload` (with :func:`upload_suffix`): an uploaded file into the store, safely.
- :func:`link_table`: the Code and models table: links filtered by group, origin and text, with repo metadata.
- :func:`paper_view`, :func:`related`, :func:`connection`: the Paper view's abstract, entities, related papers
  and the explained path to another paper; the CLI's ``related`` and ``path`` print the same data.

Everything a test would check about a view is computed here (or in :mod:`graphapp.viewmodel` and
:mod:`graphapp.queries`), so tests import this module, never ``graphapp.ui``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from graphapp.fetch.enrich import describe, metadata_for, repository_metadata
from graphapp.graph import build_graph
from graphapp.model import Paper
from graphapp.nodes import NodeId, node_type
from graphapp.queries.links import LinkRow
from graphapp.queries.path import paper_path, path_steps
from graphapp.queries.related import related_papers
from graphapp.store import Store
from graphapp.viewmodel import (
    EntityRow,
    PathLink,
    Segment,
    abstract_segments,
    explain_path,
    node_label,
    node_name,
    paper_entities,
)

if TYPE_CHECKING:
    from graphapp.pipeline import IngestReport

#: File extensions an upload may have (the last two count: ``.jsonl.gz``).
ACCEPTED = [
    *("txt", "jsonl", "ndjson", "json", "csv", "xml", "atom", "rss", "bib", "biblatex", "ris", "nbib", "yaml", "yml"),
    "gz",
]


def upload_suffix(name: str) -> str:
    """The file name's known extensions only (``.jsonl.gz``), so that nothing else of a user's name reaches the disk.

    >>> upload_suffix("../../etc/passwd.jsonl.gz"), upload_suffix("papers"), upload_suffix("x.exe")
    ('.jsonl.gz', '', '')
    """
    suffixes = [suffix.lower() for suffix in PurePath(name).suffixes[-2:]]
    return "".join(suffix for suffix in suffixes if suffix.lstrip(".") in ACCEPTED)


def ingest_upload(db: Path, name: str, content: bytes, fmt: str | None, max_bytes: int | None = None) -> IngestReport:
    """Write the upload to a private temporary directory, ingest it with its own store connection, delete it.

    Messages and the stored papers name the user's file, not the temporary path; content over ``max_bytes``
    (counted after gzip, so a small compressed bomb is refused too) is refused whole.
    """
    from graphapp.pipeline import ingest_file  # the extractor loads only when it is needed

    folder = Path(tempfile.mkdtemp(prefix="pge-upload-"))
    try:
        path = folder / f"upload{upload_suffix(name)}"
        path.write_bytes(content)
        with Store(db) as store:
            return ingest_file(store, path, fmt=fmt, source=name, max_bytes=max_bytes)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- the Code and models table -------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    """``hf_model`` -> "HF model", ``github_repo`` -> "GitHub repo", anything else spelled out.

    >>> kind_label("hf_dataset"), kind_label("github_repo"), kind_label("")
    ('HF dataset', 'GitHub repo', 'link')
    """
    if kind == "github_repo":
        return "GitHub repo"
    if kind.startswith("hf_"):
        return "HF " + kind.removeprefix("hf_").replace("_", " ")
    return kind.replace("_", " ") or "link"


@dataclass(frozen=True, slots=True)
class LinkLine:
    """One row of the links table: the paper's title on its first link only, the link and what is known of it."""

    paper: str
    url: str
    label: str
    """The URL without its scheme: what the link shows."""
    kind: str
    origin: str
    about: str | None
    """Stars or likes, language, licence, description (``fetch enrich``); None when the link was never looked up."""


@dataclass(frozen=True, slots=True)
class LinkTable:
    """The links a filter lets through: the first ``limit`` as lines, and how many there are in all."""

    lines: list[LinkLine]
    links: int
    papers: int

    @property
    def truncated(self) -> bool:
        return len(self.lines) < self.links


def link_table(
    store: Store,
    rows: Collection[LinkRow],
    *,
    groups: Collection[str] = ("repo", "hf", "link"),
    origins: Collection[str] = ("text", "metadata"),
    query: str = "",
    limit: int | None = None,
) -> LinkTable:
    """The links among ``rows`` whose node type is in ``groups``, found in one of ``origins`` and whose paper title
    or URL contains ``query`` (any case); the first ``limit`` as table lines with any stored repo metadata."""
    query = query.strip().casefold()
    shown = [
        row
        for row in rows
        if node_type("url", row.kind) in groups
        and any(origin in row.origin.split("+") for origin in origins)
        and (not query or query in row.title.casefold() or query in row.url.casefold())
    ]
    listed = shown if limit is None else shown[:limit]
    metadata = repository_metadata(store) if listed else {}
    lines, previous = [], None
    for row in listed:
        meta = metadata_for(row.url, metadata)
        label = row.url.removeprefix("https://").removeprefix("http://")
        title = row.title if row.paper_id != previous else ""
        previous = row.paper_id
        about = describe(meta) if meta else None
        lines.append(LinkLine(title, row.url, label, kind_label(row.kind), row.origin, about))
    return LinkTable(lines, len(shown), len({row.paper_id for row in shown}))


# -- the Paper view ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaperView:
    """One paper as the Paper view shows it: the abstract in highlighted segments and one row per entity."""

    node: str
    paper: Paper
    segments: list[Segment]
    entities: list[EntityRow]


def paper_view(store: Store, node: str | NodeId) -> PaperView | None:
    """The paper behind ``node`` with its highlighted abstract and entities; None when no such paper is stored."""
    wanted = NodeId.parse(node)
    paper = store.paper(wanted.key) if wanted.is_paper else None
    if paper is None:
        return None
    mentions = list(store.mentions([paper.id]))
    return PaperView(str(wanted), paper, abstract_segments(paper.abstract, mentions), paper_entities(mentions))


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """A related paper as a reader sees it: its title, the score and the names of what they share (rarest first)."""

    node: str
    title: str
    score: float
    shared: tuple[str, ...]


def related(store: Store, node: str | NodeId, limit: int = 10) -> list[RelatedItem]:
    """:func:`~graphapp.queries.related.related_papers` with titles and entity names (KeyError for no paper)."""
    found = related_papers(store, node, limit=limit)
    titles = {paper.id: paper.title for paper in store.papers(NodeId.parse(item.paper).key for item in found)}
    return [
        RelatedItem(
            item.paper,
            titles.get(NodeId.parse(item.paper).key) or node_name(item.paper),
            item.score,
            tuple(node_name(entity) for entity in item.shared),
        )
        for item in found
    ]


@dataclass(frozen=True, slots=True)
class Connection:
    """How two papers connect: the path, its hops as (from, relation, to) labels, and each shared entity explained."""

    path: list[str]
    steps: list[tuple[str, str, str]]
    links: list[PathLink]
    labels: dict[str, str]
    """Every node on the path: a paper's title, an entity's name."""

    @property
    def hops(self) -> int:
        """Papers crossed: two papers sharing one entity are one hop apart."""
        return (len(self.path) - 1) // 2


def connection(store: Store, source: str | NodeId, target: str | NodeId) -> Connection | None:
    """The cheapest path between two nodes (:func:`~graphapp.queries.path.paper_path`) with what each hop says;
    None when nothing connects them. KeyError for a node not in the store."""
    path = paper_path(store, source, target)
    if path is None:
        return None
    steps = [NodeId.parse(step) for step in path]
    graph = build_graph(store, [step.key for step in steps if step.is_paper])  # edges and evidence
    labels = {node: node_label(graph, node) for node in path}
    hops = [(labels[one], relation, labels[other]) for one, relation, other in path_steps(store, path)]
    return Connection(path, hops, explain_path(graph, path), labels)
