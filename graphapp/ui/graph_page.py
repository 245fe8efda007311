"""The Graph view: the interactive graph and, beside it, the details of the selected node."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import streamlit as st

from graphapp.component import graph_view
from graphapp.nodes import NodeId
from graphapp.queries.entities import count_papers_naming, papers_naming
from graphapp.queries.view import ViewGraph
from graphapp.render import NODE_STYLES, graph_payload
from graphapp.safe import md_escape, md_link
from graphapp.store import Store
from graphapp.ui import state
from graphapp.ui.sidebar import Controls
from graphapp.viewmodel import coverage_line, filter_graph, node_label, paper_entities

GRAPH_HEIGHT = 680
#: Papers listed under a selected entity; the Shared view lists more.
PAPERS_SHOWN = 12


def clicked_in(key: str) -> Callable[[], None]:
    """A callback selecting the node clicked in the graph component mounted under ``key``."""

    def on_click() -> None:
        node = (st.session_state.get(key) or {}).get("select")
        if node:
            state.select(str(node))

    return on_click


def current_graph(config: state.Settings, controls: Controls) -> tuple[ViewGraph, nx.DiGraph]:
    """The loaded graph (overview or focus) and the part of it the filters let through."""
    chosen = state.selected()
    view = None
    if controls.focus and chosen:
        try:
            view = state.load_view(config, focus=chosen, radius=controls.radius)
        except KeyError:
            st.warning("The selected node is no longer in the store; showing the overview.")
    if view is None:
        view = state.load_view(config)
    # The selected node and its neighbours stay visible whatever the filters: a click reveals what a node names.
    keep = {chosen, *nx.all_neighbors(view.graph, chosen)} if chosen in view.graph else set()
    return view, filter_graph(view.graph, controls.filters, keep=keep)


def coverage(view: ViewGraph, payload: dict) -> str:
    return coverage_line(
        loaded=view.graph.number_of_nodes(),
        passed=payload["total"],
        drawn=payload["shown"],
        papers=(view.papers, view.total_papers) if view.capped else None,
        physics=payload["physics"],
    )


def render(store: Store, config: state.Settings, controls: Controls) -> None:
    view, graph = current_graph(config, controls)
    chosen = state.selected()
    highlight = [node for node in controls.matches if node in graph]
    payload = graph_payload(graph, selected=chosen, highlight=highlight)
    left, right = st.columns([3, 1.15], gap="medium")
    with left:
        if graph.number_of_nodes() == 0:
            st.info("No node passes the filters. Widen them in the sidebar.")
        graph_view(payload, key="graph", height=GRAPH_HEIGHT, on_select=clicked_in("graph"))
        st.caption(coverage(view, payload) + " Hover for details, click to select, double-click a repo to open it.")
    with right:
        details(store, view.graph, chosen)


def _open_paper_view() -> None:
    st.session_state["view"] = "Paper"


def _focus_on() -> None:
    st.session_state["focus"] = True


def details(store: Store, graph: nx.DiGraph, node: str | None) -> None:
    """The selected node: what it is, its links, and what it connects to."""
    if not node:
        st.info("Click a node to see its details here.")
        return
    parsed = NodeId.parse(node)
    node_type, name = parsed.type, parsed.key
    style = NODE_STYLES.get(node_type)
    st.caption(f"{style.symbol} {style.label}" if style else md_escape(node_type))
    if node_type == "paper":
        _paper_details(store, name)
    else:
        _entity_details(store, graph, node, node_type, name)
    buttons = st.columns(2)
    if node_type == "paper":
        buttons[0].button("Paper view", on_click=_open_paper_view, key="details_paper", width="stretch")
    buttons[1].button("Focus here", on_click=_focus_on, key="details_focus", width="stretch")


def _paper_details(store: Store, paper_id: str) -> None:
    paper = store.paper(paper_id)
    if paper is None:
        st.warning("This paper is no longer in the store.")
        return
    st.markdown(f"**{md_escape(paper.title)}**")
    facts = " · ".join(part for part in (paper.date or "", ", ".join(paper.authors[:4])) if part)
    if facts:
        st.caption(md_escape(facts))
    if paper.url:
        st.markdown(md_link("Paper page ↗", paper.url))
    snippet = " ".join(paper.abstract.split())
    st.markdown(md_escape(snippet[:420] + ("…" if len(snippet) > 420 else "")))
    rows = paper_entities(store.mentions([paper_id]))
    for node_type, style in NODE_STYLES.items():
        names = [row for row in rows if row.node_type == node_type]
        if not names:
            continue
        if node_type in ("repo", "hf", "link"):
            links = " · ".join(md_link(row.name.removeprefix("https://"), row.name) for row in names)
            st.markdown(f"{style.symbol} **{style.label}**: {links}")
        else:
            st.markdown(f"{style.symbol} **{style.label}**: " + ", ".join(md_escape(row.name) for row in names))


def _entity_details(store: Store, graph: nx.DiGraph, node: str, node_type: str, name: str) -> None:
    st.markdown(f"**{md_escape(node_label(graph, node))}**")
    data = graph.nodes[node] if node in graph else {}
    if node_type in ("repo", "hf", "link"):
        st.markdown(md_link("Open link ↗", data.get("url") or name))
    total = count_papers_naming(store, node)
    st.caption(f"Named by {total} paper{'s' if total != 1 else ''}")
    papers = papers_naming(store, node, limit=PAPERS_SHOWN)
    for ref in papers:
        st.markdown(f"- {md_escape(ref.title)} · *{md_escape(ref.relation.replace('_', ' '))}*")
    if total > len(papers):
        st.caption(f"…and {total - len(papers)} more (see the Shared view).")
