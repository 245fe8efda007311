"""What every page of the explorer shares: its settings, the cached store, graphs and tables, and the selected node."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from graphapp import deeplink, services
from graphapp.nodes import NodeId
from graphapp.paths import BUNDLED_PAPERS, DEFAULT_DB
from graphapp.queries import entities, links
from graphapp.queries import search as searching
from graphapp.queries.entities import EntityCount
from graphapp.queries.links import LinkRow
from graphapp.queries.paper_map import PaperMap, paper_map
from graphapp.queries.view import DEFAULT_MAX_PAPERS, ViewGraph, view_graph
from graphapp.safe import safe_url
from graphapp.store import Store, StoreReadOnly

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

    The upload limit is never above the server's ``server.maxUploadSize`` (the server refuses larger files
    before the app sees them); ``python -m graphapp app --max-upload-mb N`` raises both.
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=os.environ.get("PGE_DB", str(DEFAULT_DB)))
    parser.add_argument(
        "--max-upload-mb", type=int, default=int(os.environ.get("PGE_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    )
    parser.add_argument("--max-papers", type=int, default=int(os.environ.get("PGE_MAX_PAPERS", DEFAULT_MAX_PAPERS)))
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    upload_mb = max(1, min(args.max_upload_mb, st.get_option("server.maxUploadSize")))
    return Settings(Path(args.db).expanduser().resolve(), upload_mb, max(10, args.max_papers))


@st.cache_resource(show_spinner="Reading the bundled papers into a new store (first start only)…")
def open_store(db: str) -> Store:
    """The app's store, shared by every session; filled from the bundled papers when it is new or empty.

    A store that cannot be written (a read-only file, folder or disk) is opened read-only: every view but
    Add papers and Fetch works, and those say why they cannot store anything.
    """
    try:
        store = Store(db)
    except StoreReadOnly:
        return Store(db, readonly=True)
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


@st.cache_data(max_entries=256, show_spinner=False)
def _search(db: str, version: int, text: str, offset: int, limit: int, kinds: str) -> searching.Results:
    return searching.search(open_store(db), text, offset=offset, limit=limit, kinds=kinds)


def find(store: Store, text: str, *, offset: int = 0, limit: int = 20, kinds: str = "all") -> searching.Results:
    """:func:`graphapp.queries.search.search`, cached per page until the store changes."""
    return _search(store.path, store.data_version(), text, offset, limit, kinds)


@st.cache_data(max_entries=64, show_spinner=False)
def _paper_titles(db: str, version: int, text: str, offset: int, limit: int) -> tuple[dict[str, str], int]:
    return searching.paper_titles(open_store(db), text, offset=offset, limit=limit)


def paper_titles(store: Store, text: str = "", *, offset: int = 0, limit: int = 200) -> tuple[dict[str, str], int]:
    """:func:`graphapp.queries.search.paper_titles`, cached until the store changes."""
    return _paper_titles(store.path, store.data_version(), text, offset, limit)


@st.cache_resource(max_entries=64, show_spinner="Drawing the map…")
def _paper_map(db: str, version: int, node: str) -> PaperMap:
    return paper_map(open_store(db), node)


def map_of(store: Store, node: str) -> PaperMap:
    """:func:`graphapp.queries.paper_map.paper_map`, cached per paper until the store changes. Never mutate it."""
    return _paper_map(store.path, store.data_version(), node)


@st.cache_data(max_entries=64, show_spinner="Finding what is rising…")
def _rising(db: str, version: int, node_type: str, period: str, recent: int) -> services.Rising:
    return services.rising(open_store(db), node_type, period, recent)


def rising(store: Store, node_type: str, period: str, recent: int) -> services.Rising:
    """:func:`graphapp.services.rising`, cached until the store changes."""
    return _rising(store.path, store.data_version(), node_type, period, recent)


def selected() -> str | None:
    return st.session_state.get(SELECTED)


def select(node: str | None) -> None:
    """Make ``node`` the selected node of every page (details panel, focus, Paper view)."""
    st.session_state[SELECTED] = node


#: The view a selected node opens on: a paper's page or an entity's page.
PAPER_VIEW, ENTITY_VIEW = "Paper", "Entity"
#: The node types with an entity page.
ENTITY_PAGE_TYPES = ("dataset", "model", "method", "task", "repo", "hf")


def open_page(node: str) -> None:
    """Select ``node`` and switch to its page (a callback: it runs before the widgets are drawn again)."""
    select(node)
    st.session_state["view"] = PAPER_VIEW if NodeId.parse(node).is_paper else ENTITY_VIEW


#: Session-state keys a URL restores, read by the widgets that own them.
URL_RESTORED = "url_restored"


def restore_from_url(views: tuple[str, ...]) -> None:
    """Once per session, before any widget: open the view and selection the page's URL names (a copied link)."""
    if st.session_state.get(URL_RESTORED):
        return
    st.session_state[URL_RESTORED] = True
    link = deeplink.parse(st.query_params.to_dict(), views)
    if link.view:
        st.session_state["view"] = link.view
    if link.node:
        select(link.node)
        st.session_state["focus"] = link.focus
    if link.radius:
        st.session_state["radius"] = link.radius
    if link.search:
        st.session_state["search"] = link.search
    if link.target:  # the other end of a path, or the paper a map was first opened on
        st.session_state["path_target"] = link.target
        st.session_state["map_origin"] = link.target


def keep_in_url(view: str) -> None:
    """After every run: the URL names the current view and selection, so copying it shares exactly this."""
    link = deeplink.Link(
        view=view,
        node=selected(),
        focus=bool(st.session_state.get("focus")),
        radius=st.session_state.get("radius"),
        search=(st.session_state.get("search") or "").strip(),
        target={"Paper": st.session_state.get("path_target"), "Map": st.session_state.get("map_origin")}.get(view),
    )
    wanted = deeplink.params(link)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
