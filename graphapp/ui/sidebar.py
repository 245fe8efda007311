"""The sidebar: search, the graph filters, focus, and the current selection."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from graphapp.graph import RELATIONS
from graphapp.nodes import NODE_TYPES, NodeId
from graphapp.render import NODE_STYLES, short_label
from graphapp.safe import md_escape
from graphapp.store import Store
from graphapp.ui import state
from graphapp.viewmodel import Filters

MIN_DEGREE_HELP = (
    "Hide nodes with fewer visible edges. The default, 2, hides entities named by a single paper, so the graph "
    "shows what connects papers; set 0 to see everything."
)


@dataclass(frozen=True, slots=True)
class Controls:
    """The sidebar's choices, as every page reads them."""

    filters: Filters
    focus: bool
    radius: int
    matches: tuple[str, ...]
    """Nodes matching the search box: highlighted in the graph."""


def _pick_match() -> None:
    state.select(st.session_state.get("search_pick"))


def _clear_selection() -> None:
    state.select(None)
    st.session_state["focus"] = False


def _search(store: Store) -> tuple[str, ...]:
    query = st.text_input("Search papers and entities", key="search", placeholder="a title, dataset, model, repo…")
    if not query.strip():
        return ()
    hits = state.search(store, query)
    if not hits:
        st.caption("Nothing matches.")
        return ()
    labels = {
        hit.node: f"{NODE_STYLES[hit.node_type].symbol} {short_label(hit.node_type, hit.label, 60)}" for hit in hits
    }
    st.selectbox(
        f"{len(hits)} match{'es' if len(hits) != 1 else ''}",
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        placeholder="Pick one to select it",
        key="search_pick",
        on_change=_pick_match,
    )
    return tuple(labels)


def render(store: Store) -> Controls:
    """Draw the sidebar and return what it asks for."""
    with st.sidebar:
        st.markdown("### Paper Graph Explorer")
        counts = state.counts(store)
        entities = sum(number for key, number in counts.items() if key not in ("papers", "mentions"))
        st.caption(f"{counts['papers']:,} papers · {entities:,} entities · {counts['mentions']:,} mentions")
        matches = _search(store)

        st.markdown("**Filters**")
        node_types = st.pills(
            "Node types",
            NODE_TYPES,
            selection_mode="multi",
            default=list(NODE_TYPES),
            format_func=lambda t: f"{NODE_STYLES[t].symbol} {NODE_STYLES[t].label}",
            key="types",
        )
        relations = st.pills(
            "Relations",
            RELATIONS,
            selection_mode="multi",
            default=list(RELATIONS),
            format_func=lambda r: r.replace("_", " "),
            key="relations",
        )
        min_degree = st.slider("Minimum degree", 0, 10, 2, key="min_degree", help=MIN_DEGREE_HELP)
        hide_isolated = st.checkbox("Hide isolated nodes", key="hide_isolated")

        st.markdown("**Focus**")
        focus = st.toggle("Only the selected node's neighbourhood", key="focus")
        radius = st.slider("Radius (hops)", 1, 3, 2, key="radius")
        chosen = state.selected()
        if chosen:
            node = NodeId.parse(chosen)
            node_type, name = node.type, node.key
            style = NODE_STYLES.get(node_type)
            label = f"{style.symbol} {style.label}" if style else md_escape(node_type)
            st.caption(f"Selected: {label}")
            st.text(short_label(node_type, name if node_type != "paper" else _title(store, name), 70))
            st.button("Clear selection", on_click=_clear_selection, key="clear_selection")
        else:
            st.caption("Click a node in the graph, or pick a search match, to select it.")
    filters = Filters(frozenset(node_types), frozenset(relations), min_degree, hide_isolated)
    return Controls(filters, focus and chosen is not None, radius, matches)


def _title(store: Store, paper_id: str) -> str:
    paper = store.paper(paper_id)
    return paper.title if paper else paper_id
