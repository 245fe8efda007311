"""``paper-graph`` (or ``python -m graphapp``): ingest, extract, export, stats, queries and the app, from the shell."""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import networkx as nx
from tqdm import tqdm

from extractors import Extractor
from graphapp.analysis.scoring import MIN_SCORE, MIN_SCORE_PAPERS
from graphapp.export import EXPORT_FORMATS, FORMAT_LABELS, export_graph
from graphapp.fetch.command import add_fetch_command
from graphapp.fetch.enrich import annotate_graph
from graphapp.graph import build_graph
from graphapp.ingest import FORMATS, read_papers
from graphapp.ingest.textio import display_name
from graphapp.launch import DEFAULT_HOST, is_exposed, streamlit_command
from graphapp.model import IngestError, IngestNotice
from graphapp.nodes import ENTITY_NODE_TYPES, NodeId
from graphapp.parallel import ENGINES, DaskRunner, ProcessRunner, SerialRunner, make_runner
from graphapp.paths import BUNDLED_PAPERS, DEFAULT_DB
from graphapp.pipeline import DEFAULT_BATCH_SIZE, Batches, ingest_file, predict_all
from graphapp.queries.clusters import clusters
from graphapp.queries.connections import connection
from graphapp.queries.cousage import cousage
from graphapp.queries.entities import entity_counts, papers_naming
from graphapp.queries.lookup import has_node
from graphapp.queries.neighbourhood import ego
from graphapp.queries.origin import introduced_by
from graphapp.queries.paper_map import map_graph, paper_map
from graphapp.queries.related import related
from graphapp.queries.search import search
from graphapp.queries.trends import PERIODS, trends
from graphapp.store import SchemaError, Store, StoreError, store_errors
from graphapp.textindex import update_text_index


def _extractor(args: argparse.Namespace) -> Extractor:
    return Extractor.default(extra_vocab=args.vocab)


def _runner(args: argparse.Namespace) -> SerialRunner | ProcessRunner | DaskRunner:
    """Where ``--workers``, ``--engine`` and ``--scheduler`` say learning and extraction run."""
    try:
        return make_runner(args.engine, workers=args.workers, scheduler=args.scheduler)
    except ValueError as err:
        raise SystemExit(str(err)) from err


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
    with _runner(args) as runner, Store(args.db, on_wait=say_waiting) as store:
        for path in args.inputs or [BUNDLED_PAPERS]:
            name = display_name(Path(path).name)
            with tqdm(desc=f"ingest {name}", unit=" papers", file=sys.stderr, disable=None) as bar:
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
    """One JSON line per paper with its entities: the format ../shared/tools/score_extraction.py reads.

    The file is read twice, as ingest reads it (learn, then extract), in this process or, with ``--workers N``, in a
    reader process and N worker processes (or on a Dask cluster: ``--engine dask``); the same lines in the same order
    either way."""
    extractor = _extractor(args)
    batches = Batches(functools.partial(read_papers, args.input, args.format), args.batch_size)
    errors: list[IngestError] = []
    notices: list[IngestNotice] = []
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with (
        _runner(args) as runner,
        out.open("w", encoding="utf-8") as handle,
        tqdm(desc="extract", unit=" papers", file=sys.stderr, disable=None) as bar,
    ):
        for batch in predict_all(extractor, batches, runner):
            for entry in batch:
                if isinstance(entry, str):
                    handle.write(entry)
                    written += 1
                elif isinstance(entry, IngestError):
                    errors.append(entry)  # a record not read, or a paper whose extraction failed: not fatal
                else:
                    notices.append(entry)
            bar.update(len(batch))
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
    hits = [hit for hit in search(store, name, limit=50).hits if hit.node_type == "paper" or not paper]
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
            hits = search(store, args.search, limit=MAX_SEARCH_PAPERS, kinds="papers").hits
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


def _print_json(value: Any) -> None:
    """Dataclasses (and lists of them) as indented JSON on stdout."""
    plain = [asdict(item) for item in value] if isinstance(value, list) else asdict(value)
    print(json.dumps(plain, ensure_ascii=False, indent=2))


def _titles(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    """Titles of the paper nodes among ``nodes``."""
    ids = [NodeId.parse(node).key for node in nodes if NodeId.parse(node).is_paper]
    return {str(NodeId.paper(paper.id)): paper.title for paper in store.papers(ids)}


def _warn_without_text_index(store: Store) -> None:
    if store.text_model_stamp() is None:
        print("note: this store has no text index yet; run `python -m graphapp reindex`", file=sys.stderr)


def cmd_related(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        _warn_without_text_index(store)
        found = related(store, _node(store, args.paper, paper=True), limit=args.limit, min_score=args.min_score)
        if args.json:
            _print_json(found)
            return 0
        if not found:
            print("no closely related paper (none scores the minimum); `--min-score 0` shows the closest ones")
        titles = _titles(store, (r.paper for r in found))
        for item in found:
            print(f"{item.score:6.3f}  {titles[item.paper]}\n        {item.why()}")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        _warn_without_text_index(store)
        source, target = _node(store, args.source, paper=True), _node(store, args.target, paper=True)
        avoid = [_node(store, name) for name in args.avoid]
        found = connection(store, source, target, avoid=avoid, alternatives=args.alternatives)
        if args.json:
            _print_json(found)
            return 0 if found.paths else 1
        titles = _titles(store, (node for path in found.paths for node in path.nodes))
        print(f"{found.verdict}: {found.reason}")
        for number, path in enumerate(found.paths, 1):
            print(f"\n#{number}  {titles[path.steps[0].source] if path.steps else titles[source]}")
            for step in path.steps:
                print(f"      -- {step.describe()} --> {titles[step.target]}")
    return 0 if found.paths else 1


def cmd_map(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        _warn_without_text_index(store)
        found = paper_map(store, _node(store, args.paper, paper=True), size=args.size)
    if args.out:
        if args.format == "json":
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps(found.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
            path = Path(args.out)
        else:
            path = export_graph(map_graph(found), args.format, args.out)
        print(f"{path}: {len(found.nodes)} papers, {len(found.links)} links ({args.format})")
    elif args.json:
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    else:
        for node in found.nodes:
            print(f"{node.x:6.2f} {node.y:6.2f}  c{node.cluster:<2} {node.date:10}  {node.label}  {node.title}")
    return 0


def cmd_clusters(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        _warn_without_text_index(store)
        found = clusters(store, resolution=args.resolution, min_size=args.min_size, limit=args.limit)
    if args.json:
        _print_json(found)
        return 0
    for cluster in found:
        print(f"#{cluster.number} {cluster.size} papers: {cluster.label}")
        for title in cluster.titles[:3]:
            print(f"    {title}")
    return 0


def cmd_trends(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        found = trends(store, node_type=args.type, since=args.since, period=args.period, limit=args.limit)
    if args.json:
        _print_json(found)
        return 0
    if not found:
        print(f"no {args.type} bursts" + (f" since {args.since}" if args.since else ""))
    for trend in found:
        print(
            f"{trend.name}: burst {trend.burst_start} .. {trend.burst_end} ({trend.papers_in_burst} papers; "
            f"{trend.papers_before} before), weight {trend.weight:.1f}"
        )
    return 0


def cmd_cousage(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        found = cousage(store, _node(store, args.entity), limit=args.limit)
    if args.json:
        _print_json(found)
        return 0
    print(f"{NodeId.parse(found.node).key}: {found.papers} papers")
    for title, rows in (("used with", found.datasets), ("models evaluated on it", found.models)):
        named = ", ".join(f"{NodeId.parse(row.node).key} ({row.papers}, lift {row.lift:g})" for row in rows)
        print(f"  {title}: {named or '-'}")
    return 0


def cmd_introduced(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db, readonly=True) as store:
        found = introduced_by(store, _node(store, args.entity))
    if args.json:
        _print_json(found)
        return 0
    how = "proposed in" if found.proposed else "first named (no stored paper proposes it) in"
    print(f"{NodeId.parse(found.node).key} ({found.papers} papers): {how} {found.title} ({found.date or 'undated'})")
    print(f"  {found.evidence}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    _require_store(args)
    with Store(args.db) as store, store.transaction():
        done = update_text_index(store)
    print(f"{args.db}: text index rebuilt over {done.papers} papers")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    app_args = []
    if args.max_papers is not None:
        app_args += ["--max-papers", str(args.max_papers)]
    from_env = os.environ.get("PGE_MAX_UPLOAD_MB", "").strip()
    upload_mb = args.max_upload_mb or (int(from_env) if from_env.isdigit() else None)
    if is_exposed(args.host):
        print(
            f"warning: the app listens on {args.host}:{args.port}, reachable from other machines: anyone who can "
            "reach it can read the store, add papers to it and start fetches. Leave out --host to keep it on "
            "this machine only.",
            file=sys.stderr,
        )
    command = streamlit_command(
        args.db, port=args.port, host=args.host, headless=args.headless, max_upload_mb=upload_mb, app_args=app_args
    )
    return subprocess.call(command)


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

    def runner_options(sub: argparse.ArgumentParser) -> None:
        """Where learning and extraction run: the same output wherever."""
        sub.add_argument(
            "--workers", type=_positive, default=1, help="extraction processes (local) or cluster size (dask)"
        )
        sub.add_argument("--engine", choices=ENGINES, default="local", help="local processes or a Dask cluster")
        sub.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: start a local cluster)")
        sub.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE, help="papers per batch")

    sub = command("ingest", cmd_ingest, "read input files into the store (default: the bundled papers)")
    sub.add_argument("inputs", nargs="*", metavar="INPUT")
    sub.add_argument("--format", choices=FORMATS, help="input format (default: by extension or content)")
    vocab_option(sub)
    runner_options(sub)

    sub = command("extract", cmd_extract, "write the entities of each paper as JSON lines", store=False)
    sub.add_argument("input", metavar="INPUT")
    sub.add_argument("--out", required=True, metavar="PRED.jsonl")
    sub.add_argument("--format", choices=FORMATS)
    vocab_option(sub)
    runner_options(sub)

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

    def json_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--json", action="store_true", help="print the answer as JSON")

    sub = command("related", cmd_related, "papers related to one paper (similar text, rare shared entities) and why")
    sub.add_argument("paper", metavar="PAPER")
    sub.add_argument("--limit", type=_positive, default=10)
    sub.add_argument(
        "--min-score",
        type=float,
        default=None,
        help=f"least score shown (default {MIN_SCORE} in a store of {MIN_SCORE_PAPERS}+ papers, else 0); above 0, "
        "a result must also overlap the paper on its problem (alike titles, close texts, or a shared task or dataset)",
    )
    json_option(sub)

    sub = command("path", cmd_path, "how two papers are connected: specific chains, or a verdict that it is weak")
    sub.add_argument("source", metavar="PAPER_A")
    sub.add_argument("target", metavar="PAPER_B")
    sub.add_argument("--avoid", action="append", default=[], metavar="NAME", help="never go through this entity")
    sub.add_argument("--alternatives", type=_positive, default=3, help="chains offered at most (default 3)")
    json_option(sub)

    sub = command("map", cmd_map, "a map of one paper's most related papers, positioned by similarity")
    sub.add_argument("paper", metavar="PAPER")
    sub.add_argument("--size", type=_positive, default=40, help="papers beside the seed (default 40)")
    sub.add_argument("--out", metavar="PATH", help="write the map to a file")
    sub.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="format of --out (default json)")
    json_option(sub)

    sub = command("clusters", cmd_clusters, "communities of papers (Leiden), labelled by their distinctive entities")
    sub.add_argument("--resolution", type=float, default=1.0, help="higher gives smaller clusters (default 1)")
    sub.add_argument("--min-size", type=_positive, default=5)
    sub.add_argument("--limit", type=_positive, default=30)
    json_option(sub)

    sub = command("trends", cmd_trends, "entities rising now: bursts of their share of papers (Kleinberg)")
    sub.add_argument("--type", choices=ENTITY_NODE_TYPES, default="dataset")
    sub.add_argument("--since", metavar="DATE", help="only bursts lasting until this date or later (YYYY-MM-DD)")
    sub.add_argument("--period", choices=PERIODS, default="week")
    sub.add_argument("--limit", type=_positive, default=20)
    json_option(sub)

    sub = command("cousage", cmd_cousage, "datasets used with a dataset, and the models evaluated on it")
    sub.add_argument("entity", metavar="DATASET")
    sub.add_argument("--limit", type=_positive, default=10)
    json_option(sub)

    sub = command("introduced", cmd_introduced, "the paper that introduced an entity (else the first to name it)")
    sub.add_argument("entity", metavar="ENTITY")
    json_option(sub)

    command("reindex", cmd_reindex, "rebuild the text index (text model, nearest papers) of the store")

    add_fetch_command(commands)

    sub = command("app", cmd_app, "start the Streamlit explorer")
    sub.add_argument("--port", type=int, default=8501)
    sub.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; 0.0.0.0 opens it to the network)",
    )
    sub.add_argument("--headless", action="store_true", help="do not open a browser")
    sub.add_argument(
        "--max-upload-mb",
        type=_positive,
        help="largest upload in MB (default 50, or PGE_MAX_UPLOAD_MB); also the server's",
    )
    sub.add_argument("--max-papers", type=int, help="papers in one graph view (default 400, or PGE_MAX_PAPERS)")
    return parser


def say_waiting(message: str) -> None:
    """What a writer prints while another process holds the store's write lock."""
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a problem of the store file (busy, full, read-only, damaged, not a store, newer
    than this release) is one line on stderr and exit status 2, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        with store_errors(getattr(args, "db", "the store")):
            return args.handler(args)
    except (StoreError, SchemaError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
