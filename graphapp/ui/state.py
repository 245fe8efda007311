"""What every page of the explorer shares: its settings, the cached store, graphs and tables, and the selected node."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from graphapp.paths import BUNDLED_PAPERS, DEFAULT_DB
from graphapp.queries import entities, links
from graphapp.queries import search as searching
from graphapp.queries.entities import EntityCount
from graphapp.queries.links import LinkRow
from graphapp.queries.search import SearchHit
from graphapp.queries.view import DEFAULT_MAX_PAPERS, ViewGraph, view_graph
from graphapp.safe import safe_url
from graphapp.store import Store

#: Uploads larger than this are refused (megabytes); ``--max-upload-mb`` or PGE_MAX_UPLOAD_MB change it.
DEFAULT_MAX_UPLOAD_MB = 50

SELECTED = "selected"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the store is and how much the app loads or accepts at once."""

    db: Path
    max_upload_mb: int
    max_papers: int


def settings(argv: list[str] | None = None) -> Settings:
    """Settings from the arguments after ``--`` of ``streamlit run`` (``python -m graphapp app`` passes ``--db``),
    falling back to the environment (PGE_DB, PGE_MAX_UPLOAD_MB, PGE_MAX_PAPERS) and then to the defaults.
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=os.environ.get("PGE_DB", str(DEFAULT_DB)))
    parser.add_argument(
        "--max-upload-mb", type=int, default=int(os.environ.get("PGE_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    )
    parser.add_argument("--max-papers", type=int, default=int(os.environ.get("PGE_MAX_PAPERS", DEFAULT_MAX_PAPERS)))
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Settings(Path(args.db).expanduser().resolve(), max(1, args.max_upload_mb), max(10, args.max_papers))


@st.cache_resource(show_spinner="Reading the bundled papers into a new store (first start only)…")
def open_store(db: str) -> Store:
    """The app's store, shared by every session; filled from the bundled papers when it is new or empty."""
    store = Store(db)
    if store.paper_count() == 0:
        from graphapp.pipeline import ingest_file  # the extractor loads only when it is needed

        ingest_file(store, BUNDLED_PAPERS)
    return store


# Every cache below is keyed on the store's path and version: ``version`` is only part of the key, and a new ingest
# makes new entries. Whole-store totals take seconds on a million papers; a rerun (every click) reuses them.


@st.cache_resource(max_entries=32, show_spinner="Loading the graph…")
def _cached_view(db: str, version: int, focus: str | None, radius: int, max_papers: int) -> ViewGraph:
    return view_graph(open_store(db), focus=focus, radius=radius, max_papers=max_papers)


def load_view(config: Settings, *, focus: str | None = None, radius: int = 1) -> ViewGraph:
    """The bounded graph of the overview or of one focus, cached until the store changes. Never mutate it."""
    db = str(config.db)
    return _cached_view(db, open_store(db).data_version(), focus, radius, config.max_papers)


@st.cache_data(max_entries=8, show_spinner="Counting papers and entities…")
def _counts(db: str, version: int) -> dict[str, int]:
    return open_store(db).counts()


def counts(store: Store) -> dict[str, int]:
    """:meth:`Store.counts`, cached until the store changes."""
    return _counts(store.path, store.data_version())


@st.cache_data(max_entries=64, show_spinner="Counting entities…")
def _entity_counts(db: str, version: int, node_type: str, limit: int | None) -> list[EntityCount]:
    return entities.entity_counts(open_store(db), node_type, limit=limit)


def entity_counts(store: Store, node_type: str, *, limit: int | None = None) -> list[EntityCount]:
    """:func:`graphapp.queries.entities.entity_counts`, cached until the store changes."""
    return _entity_counts(store.path, store.data_version(), node_type, limit)


@st.cache_resource(max_entries=4, show_spinner="Reading every paper's links…")
def _code_links(db: str, version: int) -> tuple[LinkRow, ...]:
    # A resource, not data: shared as it is instead of unpickled on every rerun (300k links take 1.6 s to copy).
    return tuple(row for row in links.code_links(open_store(db)) if safe_url(row.url))


def code_links(store: Store) -> tuple[LinkRow, ...]:
    """The links of :func:`graphapp.queries.links.code_links` that are safe to show, cached until the store changes."""
    return _code_links(store.path, store.data_version())


@st.cache_data(max_entries=8, show_spinner=False)
def _paper_titles(db: str, version: int) -> dict[str, str]:
    return searching.paper_titles(open_store(db))


def paper_titles(store: Store) -> dict[str, str]:
    """:func:`graphapp.queries.search.paper_titles` (a copy: the caller may add to it), cached until the store
    changes."""
    return _paper_titles(store.path, store.data_version())


@st.cache_data(max_entries=256, show_spinner=False)
def _search(db: str, version: int, text: str) -> list[SearchHit]:
    return searching.search(open_store(db), text)


def search(store: Store, text: str) -> list[SearchHit]:
    """:func:`graphapp.queries.search.search`, cached per text until the store changes."""
    return _search(store.path, store.data_version(), text)


def selected() -> str | None:
    return st.session_state.get(SELECTED)


def select(node: str | None) -> None:
    """Make ``node`` the selected node of every page (details panel, focus, Paper view)."""
    st.session_state[SELECTED] = node
