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
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import networkx as nx

from graphapp.fetch.enrich import describe, metadata_for, repository_metadata
from graphapp.graph import build_graph
from graphapp.model import Paper
from graphapp.nodes import NodeId, node_type
from graphapp.queries.connections import connection as find_connection
from graphapp.queries.links import LinkRow
from graphapp.queries.related import related as related_ranked
from graphapp.queries.trends import Trend, period_start, trends
from graphapp.safe import shown_address
from graphapp.store import Store
from graphapp.viewmodel import (
    EntityRow,
    Segment,
    abstract_segments,
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


def ingest_upload(
    db: Path,
    name: str,
    content: bytes,
    fmt: str | None,
    max_bytes: int | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Write the upload to a private temporary directory, ingest it with its own store connection, delete it.

    Messages and the stored papers name the user's file, not the temporary path; content over ``max_bytes``
    (counted after gzip, so a small compressed bomb is refused too) is refused whole. ``on_wait`` is told when
    the write waits for another process's ingest.
    """
    from graphapp.pipeline import ingest_file  # the extractor loads only when it is needed

    folder = Path(tempfile.mkdtemp(prefix="pge-upload-"))
    try:
        path = folder / f"upload{upload_suffix(name)}"
        path.write_bytes(content)
        with Store(db, on_wait=on_wait) as store:
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
    """The URL without its scheme, its host as the browser resolves it (punycode): what the link shows."""
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
    offset: int = 0,
) -> LinkTable:
    """The links among ``rows`` whose node type is in ``groups``, found in one of ``origins`` and whose paper title
    or URL contains ``query`` (any case); ``limit`` of them from ``offset`` as table lines with any stored repo
    metadata."""
    query = query.strip().casefold()
    shown = [
        row
        for row in rows
        if node_type("url", row.kind) in groups
        and any(origin in row.origin.split("+") for origin in origins)
        and (not query or query in row.title.casefold() or query in row.url.casefold())
    ]
    listed = shown[offset:] if limit is None else shown[offset : offset + limit]
    metadata = repository_metadata(store) if listed else {}
    lines, previous = [], None
    for row in listed:
        meta = metadata_for(row.url, metadata)
        label = shown_address(row.url)
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
    """A related paper as a reader sees it: its title, the score, the names of the specific entities both name
    (most telling first) and the one line saying why (shared entities, text similarity and its words)."""

    node: str
    title: str
    score: float
    shared: tuple[str, ...]
    why: str


def related(store: Store, node: str | NodeId, limit: int = 10) -> list[RelatedItem]:
    """:func:`~graphapp.queries.related.related` (text and rare entities, the CLI's `related`) with titles
    (KeyError for no paper)."""
    found = related_ranked(store, node, limit=limit)
    titles = {paper.id: paper.title for paper in store.papers(NodeId.parse(item.paper).key for item in found)}
    return [
        RelatedItem(
            item.paper,
            titles.get(NodeId.parse(item.paper).key) or node_name(item.paper),
            item.score,
            tuple(entity.name for entity in item.shared if entity.node not in item.hubs),
            item.why(),
        )
        for item in found
    ]


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a chain as a reader follows it: the two papers, what links them (an entity both name, or
    similar text: ``via`` is None), that link in words, and each paper's own sentence naming the entity."""

    left: str
    right: str
    via: str | None
    describe: str
    left_relation: str = ""
    left_evidence: str = ""
    right_relation: str = ""
    right_evidence: str = ""


@dataclass(frozen=True, slots=True)
class Connection:
    """How two papers connect (:mod:`graphapp.queries.connections`): the verdict and why, how many
    chains were found, and the chosen one: its nodes, its hops explained, every node's label, and its graph."""

    verdict: str
    reason: str
    chains: int
    path: list[str]
    hops: list[Hop]
    labels: dict[str, str]
    """Every node on the chain: a paper's title, an entity's name."""
    graph: nx.DiGraph
    """The chain's papers and everything they name, with each edge's evidence, and a "similar text" edge for each
    step made by text alone: what the Paper view draws."""


def connection(store: Store, source: str | NodeId, target: str | NodeId, *, chain: int = 0) -> Connection:
    """How two papers connect, with chain number ``chain`` (0 is the cheapest) laid out for reading and drawing.
    KeyError for a paper not in the store."""
    found = find_connection(store, source, target)
    if not found.paths:
        return Connection(found.verdict, found.reason, 0, [], [], {}, nx.DiGraph())
    chosen = found.paths[min(max(chain, 0), len(found.paths) - 1)]
    graph = build_graph(store, [NodeId.parse(node).key for node in chosen.nodes if NodeId.parse(node).is_paper])
    hops = []
    for step in chosen.steps:
        if step.via is None:
            words = ", ".join(step.terms)
            graph.add_edge(step.source, step.target, relation="similar text", evidence=words, origin="text")
            hops.append(Hop(step.source, step.target, None, step.describe()))
            continue
        left, right = graph.get_edge_data(step.source, step.via) or {}, graph.get_edge_data(step.target, step.via) or {}
        hops.append(Hop(
            step.source, step.target, step.via, step.describe(), left.get("relation", ""), left.get("evidence", ""),
            right.get("relation", ""), right.get("evidence", ""),
        ))  # fmt: skip
    labels = {node: node_label(graph, node) for node in chosen.nodes}
    return Connection(found.verdict, found.reason, len(found.paths), list(chosen.nodes), hops, labels, graph)


# -- the Trends view ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rising:
    """The entities of one type whose mentions burst in the last ``recent`` periods of the store's papers:
    ``since`` is the first of those periods and ``last`` the newest (None for a store without dated papers)."""

    trends: list[Trend]
    since: str | None
    last: str | None


def rising(store: Store, node_type: str, period: str, recent: int, limit: int | None = None) -> Rising:
    """What is rising: :func:`~graphapp.queries.trends.trends` of ``node_type`` whose burst reaches the last
    ``recent`` periods (weeks or months) up to the newest dated paper, the strongest first."""
    days = []
    for text in store.paper_dates().values():
        try:
            days.append(date.fromisoformat(text[:10]))
        except ValueError:  # a date trends cannot read either: the paper counts as undated
            continue
    if not days:
        return Rising([], None, None)
    last = period_start(max(days), period)
    since = last
    for _ in range(max(1, recent) - 1):
        since = period_start(since - timedelta(days=1), period)
    found = trends(store, node_type=node_type, since=since.isoformat(), period=period, limit=limit)
    return Rising(found, since.isoformat(), last.isoformat())
