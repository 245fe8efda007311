"""``python -m graphapp fetch hf-daily|arxiv|enrich``: the live sources from the shell.

Exit status: 0 when everything was stored, 1 when some records or lookups were skipped (each is listed),
2 when the fetch failed as a whole (one line on stderr saying why; the store is unchanged).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from tqdm import tqdm

from extractors import Extractor
from graphapp.fetch import ArxivSearch, FetchError, HfDaily, fetch_into_store, make_client
from graphapp.fetch.enrich import enrich_store
from graphapp.paths import DEFAULT_CACHE_DIR, DEFAULT_DB
from graphapp.store import Store


def _client(args: argparse.Namespace):
    return make_client(cache_dir=args.cache_dir, max_age=args.cache_ttl, offline=args.offline, refresh=args.refresh)


def _print_lines(lines: list, prefix: str) -> None:
    for line in lines:
        print(f"  {prefix}: {line}", file=sys.stderr)


def _enrich(store: Store, client, args: argparse.Namespace) -> int:
    with tqdm(desc="metadata", unit=" lookups", file=sys.stderr, disable=None) as bar:

        def advance(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = enrich_store(store, client, refresh=args.refresh, limit=args.limit, progress=advance)
    print(report.summary())
    _print_lines(report.notices, "note")
    _print_lines(report.errors, "failed")
    return len(report.errors)


def _request(args: argparse.Namespace) -> HfDaily | ArxivSearch | None:
    if args.source == "hf-daily":
        return HfDaily(date=args.date, days=args.days)
    if args.source == "arxiv":
        return ArxivSearch(query=args.query, category=args.category, max_results=args.max)
    return None


def cmd_fetch(args: argparse.Namespace) -> int:
    try:
        request = _request(args)
        with _client(args) as client, Store(args.db) as store:
            if request is None:
                return 1 if _enrich(store, client, args) else 0
            extractor = Extractor.default(extra_vocab=args.vocab)
            with tqdm(total=100, desc=args.source, unit="%", file=sys.stderr, disable=None) as bar:

                def advance(fraction: float, status: str) -> None:
                    bar.set_postfix_str(status, refresh=False)
                    bar.update(round(fraction * 100) - bar.n)

                report = fetch_into_store(store, request, client=client, extractor=extractor, progress=advance)
            print(report.summary())
            _print_lines(report.notices, "note")
            _print_lines(report.errors, "skipped")
            failed = len(report.errors)
            if args.enrich:
                failed += _enrich(store, client, args)
            print(f"store {args.db}: {store.paper_count()} papers")
            return 1 if failed else 0
    except (FetchError, ValueError) as error:
        print(f"fetch failed: {error}", file=sys.stderr)
        return 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def add_fetch_command(commands: argparse._SubParsersAction) -> None:
    """Register ``fetch`` and its three sources on the main parser's subcommands."""
    fetch = commands.add_parser("fetch", help="fetch live papers (Hugging Face, arXiv) or repo metadata into the store")
    fetch.set_defaults(handler=cmd_fetch)
    sources = fetch.add_subparsers(dest="source", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=str(DEFAULT_DB), help=f"SQLite store (default {DEFAULT_DB})")
    common.add_argument(
        "--cache-dir", metavar="DIR", help=f"response cache (default {DEFAULT_CACHE_DIR}, or PGE_FETCH_CACHE)"
    )
    common.add_argument(
        "--cache-ttl", type=float, default=3600.0, metavar="SECONDS", help="reuse cached answers this young (3600)"
    )
    network = common.add_mutually_exclusive_group()
    network.add_argument("--offline", action="store_true", help="use only cached answers; never touch the network")
    network.add_argument("--refresh", action="store_true", help="ignore the cache and ask the servers again")

    papers = argparse.ArgumentParser(add_help=False)
    papers.add_argument("--vocab", action="append", default=[], metavar="FILE", help="extra vocabulary (JSONL)")
    papers.add_argument(
        "--enrich", action="store_true", help="then look up GitHub/Hugging Face metadata of linked repos"
    )
    papers.add_argument("--limit", type=_positive, help="with --enrich: at most this many lookups")

    hf = sources.add_parser(
        "hf-daily", parents=[common, papers], help="Hugging Face daily papers of a date and the days before it"
    )
    hf.add_argument("--date", type=_date, help="last day to fetch, YYYY-MM-DD (default: today, UTC)")
    hf.add_argument("--days", type=_positive, default=1, help="how many days back from --date (default 1)")

    arxiv = sources.add_parser("arxiv", parents=[common, papers], help="newest arXiv papers for a query or category")
    arxiv.add_argument("--query", help='words that must all appear, or arXiv syntax ("ti:diffusion AND au:ho")')
    arxiv.add_argument("--category", help="arXiv category, e.g. cs.LG")
    arxiv.add_argument("--max", type=_positive, default=50, help="how many papers at most (default 50)")

    enrich = sources.add_parser(
        "enrich", parents=[common], help="GitHub stars/description and Hub likes/downloads for linked repos"
    )
    enrich.add_argument("--limit", type=_positive, help="at most this many lookups")
    enrich.set_defaults(enrich=True)
