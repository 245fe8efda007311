"""``paper-graph`` (or ``python -m graphapp``): ingest, extract, export, stats, queries and the app, from the shell."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
from tqdm import tqdm

from extractors import Extractor
from graphapp.export import EXPORT_FORMATS, FORMAT_LABELS, export_graph
from graphapp.fetch.command import add_fetch_command
from graphapp.fetch.enrich import annotate_graph
from graphapp.graph import build_graph
from graphapp.ingest import FORMATS, read_papers
from graphapp.launch import streamlit_command
from graphapp.model import IngestError, IngestNotice, Paper
from graphapp.nodes import ENTITY_NODE_TYPES, NodeId
from graphapp.parallel import ENGINES, make_runner
from graphapp.paths import BUNDLED_PAPERS, DEFAULT_DB
from graphapp.pipeline import DEFAULT_BATCH_SIZE, extract_batch, ingest_file
from graphapp.queries.entities import entity_counts, papers_naming
from graphapp.queries.lookup import has_node
from graphapp.queries.neighbourhood import ego
from graphapp.queries.search import search
from graphapp.services import connection, related
from graphapp.store import Store


def _extractor(args: argparse.Namespace) -> Extractor:
    return Extractor.default(extra_vocab=args.vocab)


#: Per input, at most this many skipped records and notices are listed one by one; the summary counts them all.
MAX_LISTED = 100


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _report_problems(label: str, problems: Sequence[IngestError | IngestNotice]) -> None:
    for problem in problems[:MAX_LISTED]:
        print(f"  {label}: {problem}", file=sys.stderr)
    if len(problems) > MAX_LISTED:
        print(f"  ... and {len(problems) - MAX_LISTED} more ({label})", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    extractor = _extractor(args)
    skipped = 0
    try:
        runner = make_runner(args.engine, workers=args.workers, scheduler=args.scheduler)
    except ValueError as err:
        raise SystemExit(str(err)) from err
    with runner, Store(args.db) as store:
        for path in args.inputs or [BUNDLED_PAPERS]:
            with tqdm(desc=f"ingest {Path(path).name}", unit=" papers", file=sys.stderr, disable=None) as bar:
                report = ingest_file(
                    store,
                    path,
                    fmt=args.format,
                    extractor=extractor,
                    progress=bar.update,
                    runner=runner,
                    batch_size=args.batch_size,
                )
            _report_problems("skipped", report.errors)
            _report_problems("note", report.notices)
            print(report.summary())
            skipped += len(report.errors)
        print(f"store {args.db}: {store.paper_count()} papers")
    return 1 if skipped else 0


def cmd_extract(args: argparse.Namespace) -> int:
    """One JSON line per paper with its entities: the format ../shared/tools/score_extraction.py reads."""
    extractor = _extractor(args)
    items = list(read_papers(args.input, args.format))
    papers = [item for item in items if isinstance(item, Paper)]
    errors = [item for item in items if isinstance(item, IngestError)]
    notices = [item for item in items if isinstance(item, IngestNotice)]
    extractor.learn(text for paper in papers for text in (paper.title, paper.abstract))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for paper in tqdm(papers, desc="extract", unit=" papers", file=sys.stderr, disable=None):
            (found,) = extract_batch(extractor, [paper])  # a paper whose extraction fails is reported, not fatal
            if isinstance(found, IngestError):
                errors.append(found)
                continue
            entities = [
                {
                    "type": occ.entity_type,
                    "name": occ.name,
                    "text": occ.surface,
                    "start": occ.start,
                    "end": occ.end,
                    "field": occ.field,
                    **{key: value for key in ("kind", "role", "family") if (value := getattr(occ, key))},
                }
                for occ in found
            ]
            handle.write(json.dumps({"id": paper.id, "entities": entities}, ensure_ascii=False) + "\n")
            written += 1
    _report_problems("skipped", errors)
    _report_problems("note", notices)
    print(f"{out}: {written} papers")
    return 1 if errors else 0


def _require_store(args: argparse.Namespace) -> None:
    if not Path(args.db).exists():
        raise SystemExit(f"no store at {args.db}: run `paper-graph ingest` first")


def _open_graph(args: argparse.Namespace) -> nx.DiGraph:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        graph = build_graph(store)
        annotate_graph(graph, store)  # stars, likes... of repos looked up by `fetch enrich` (none otherwise)
        return graph


def _node(store: Store, name: str, *, paper: bool = False) -> str:
    """Accept a node id, a paper id, or a title or entity name (any case) when it names one node only.

    With ``paper=True`` only papers are accepted.
    """
    if store.has_paper(name):
        return str(NodeId.paper(name))
    if has_node(store, name) and (NodeId.parse(name).is_paper or not paper):
        return name
    hits = [hit for hit in search(store, name, limit=50) if hit.node_type == "paper" or not paper]
    exact = [hit.node for hit in hits if hit.label.casefold() == name.casefold()]
    if len(exact) == 1:
        return exact[0]
    what = "paper" if paper else "node"
    hint = f"; candidates: {', '.join(hit.node for hit in hits[:5])}" if hits else ""
    raise SystemExit(f"no single {what} named {name!r}{hint}")


def _selection(args: argparse.Namespace) -> nx.DiGraph:
    """The graph to export: a node's neighbourhood (``--focus``), the papers whose title matches ``--search``
    with what they name, or the whole store."""
    if not (args.focus or args.search):
        return _open_graph(args)
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        if args.focus:
            graph = ego(store, _node(store, args.focus), radius=args.radius)
        else:
            hits = search(store, args.search, limit=MAX_SEARCH_PAPERS)
            graph = build_graph(store, [NodeId.parse(hit.node).key for hit in hits if hit.node_type == "paper"])
        annotate_graph(graph, store)
        return graph


#: The most papers ``export --search`` selects.
MAX_SEARCH_PAPERS = 100_000


def cmd_export(args: argparse.Namespace) -> int:
    graph = _selection(args)
    path = export_graph(graph, args.format, args.out)
    papers = sum(1 for _, data in graph.nodes(data=True) if data.get("type") == "paper")
    print(f"{path}: {graph.number_of_nodes()} nodes ({papers} papers), {graph.number_of_edges()} edges ({args.format})")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        print(f"no store at {args.db}: run `paper-graph ingest` first", file=sys.stderr)
        return 1
    with Store(args.db, readonly=True) as store:
        counts = store.counts()
        print(f"{counts['papers']} papers, {counts['mentions']} mentions")
        for node_type in ENTITY_NODE_TYPES:
            entities = entity_counts(store, node_type)
            if entities:
                top = ", ".join(f"{row.name} ({row.papers})" for row in entities[: args.top])
                print(f"{node_type:9} {len(entities):6}  top: {top}")
    return 0


def cmd_shared(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        for entity in entity_counts(store, args.type, limit=args.limit, min_papers=args.min_papers):
            print(f"{entity.name} ({entity.papers} papers)")
            for paper in sorted(papers_naming(store, entity.node), key=lambda ref: ref.paper_id):
                print(f"  {paper.paper_id}  {paper.title}")
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        for item in related(store, _node(store, args.paper, paper=True), limit=args.limit):
            print(f"{item.score:7.3f}  {item.title}  [shares: {', '.join(item.shared[:5])}]")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        source, target = _node(store, args.source, paper=True), _node(store, args.target, paper=True)
        found = connection(store, source, target)
        if found is None:
            print("not connected")
            return 1
        for one, hop, other in found.steps:
            print(f"{one}  --{hop}--  {other}")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    app_args = []
    if args.max_upload_mb is not None:
        app_args += ["--max-upload-mb", str(args.max_upload_mb)]
    if args.max_papers is not None:
        app_args += ["--max-papers", str(args.max_papers)]
    return subprocess.call(streamlit_command(args.db, port=args.port, headless=args.headless, app_args=app_args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paper-graph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_text: str, *, store: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if store:
            sub.add_argument("--db", default=str(DEFAULT_DB), help=f"SQLite store (default {DEFAULT_DB})")
        return sub

    def vocab_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--vocab", action="append", default=[], metavar="FILE", help="extra vocabulary (JSONL)")

    sub = command("ingest", cmd_ingest, "read input files into the store (default: the bundled papers)")
    sub.add_argument("inputs", nargs="*", metavar="INPUT")
    sub.add_argument("--format", choices=FORMATS, help="input format (default: by extension or content)")
    vocab_option(sub)
    sub.add_argument("--workers", type=_positive, default=1, help="extraction processes (local) or cluster size (dask)")
    sub.add_argument("--engine", choices=ENGINES, default="local", help="local processes or a Dask cluster")
    sub.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: start a local cluster)")
    sub.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE, help="papers per batch")

    sub = command("extract", cmd_extract, "write the entities of each paper as JSON lines", store=False)
    sub.add_argument("input", metavar="INPUT")
    sub.add_argument("--out", required=True, metavar="PRED.jsonl")
    sub.add_argument("--format", choices=FORMATS)
    vocab_option(sub)

    sub = command("export", cmd_export, "write the graph, a node's neighbourhood or a search's papers to a file")
    formats = "; ".join(f"{name}: {label}" for name, label in FORMAT_LABELS.items())
    sub.add_argument("--format", choices=EXPORT_FORMATS, default="graphml", help=formats)
    sub.add_argument("--out", required=True, metavar="PATH")
    selection = sub.add_mutually_exclusive_group()
    selection.add_argument("--focus", metavar="NODE", help="export only this node's neighbourhood")
    selection.add_argument("--search", metavar="TEXT", help="export only the papers whose title contains TEXT")
    sub.add_argument("--radius", type=int, default=1)

    sub = command("stats", cmd_stats, "counts per type and the most named entities")
    sub.add_argument("--top", type=int, default=5)

    sub = command("shared", cmd_shared, "entities of a type with the papers that share them")
    sub.add_argument("type", choices=ENTITY_NODE_TYPES)
    sub.add_argument("--min-papers", type=int, default=2)
    sub.add_argument("--limit", type=int, default=20)

    sub = command("related", cmd_related, "papers ranked by the rare entities they share with one paper")
    sub.add_argument("paper", metavar="PAPER")
    sub.add_argument("--limit", type=int, default=10)

    sub = command("path", cmd_path, "how two papers are connected, entity by entity")
    sub.add_argument("source", metavar="PAPER_A")
    sub.add_argument("target", metavar="PAPER_B")

    add_fetch_command(commands)

    sub = command("app", cmd_app, "start the Streamlit explorer")
    sub.add_argument("--port", type=int, default=8501)
    sub.add_argument("--headless", action="store_true", help="do not open a browser")
    sub.add_argument("--max-upload-mb", type=int, help="largest upload in MB (default 50, or PGE_MAX_UPLOAD_MB)")
    sub.add_argument("--max-papers", type=int, help="papers in one graph view (default 400, or PGE_MAX_PAPERS)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
