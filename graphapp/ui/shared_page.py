"""The Shared view: which papers share a dataset (or model, method, task, repo), with the sharers highlighted."""

from __future__ import annotations

import streamlit as st

from graphapp.component import graph_view
from graphapp.nodes import NodeId
from graphapp.queries.entities import papers_naming
from graphapp.render import NODE_STYLES, graph_payload
from graphapp.safe import md_escape
from graphapp.store import Store
from graphapp.ui import state
from graphapp.ui.graph_page import clicked_in, coverage
from graphapp.ui.sidebar import Controls
from graphapp.viewmodel import filter_graph

SHARED_TYPES = ("dataset", "model", "method", "task", "repo", "hf")
LIST_LIMIT = 1000
#: Papers listed under the picked entity (the graph beside the list highlights those it loads).
PAPERS_SHOWN = 50


def render(store: Store, config: state.Settings, controls: Controls) -> None:
    chosen = state.selected() or ""
    chosen_type = NodeId.parse(chosen).type
    if chosen_type in SHARED_TYPES and st.session_state.get("shared_synced") != chosen:
        # A dataset (model...) selected elsewhere opens here, once; later picks are the user's.
        st.session_state["shared_type"] = chosen_type
        st.session_state[f"shared_pick_{chosen_type}"] = chosen
        st.session_state["shared_synced"] = chosen
    node_type = st.radio(
        "Entity type",
        SHARED_TYPES,
        format_func=lambda t: f"{NODE_STYLES[t].symbol} {NODE_STYLES[t].label}",
        horizontal=True,
        key="shared_type",
    )
    rows = state.entity_counts(store, node_type, limit=LIST_LIMIT)
    if not rows:
        st.info(f"No {NODE_STYLES[node_type].label.lower()} is named by any paper yet.")
        return
    shared = sum(1 for row in rows if row.papers > 1)
    st.caption(f"{len(rows):,} named; {shared:,} shared by two papers or more. Most shared first.")
    left, right = st.columns([1, 2.2], gap="medium")
    with left:
        st.dataframe(
            [{"name": row.name, "papers": row.papers} for row in rows],
            hide_index=True,
            height=260,
            column_config={"papers": st.column_config.NumberColumn("papers", width="small")},
        )
        options = [row.node for row in rows]
        counts = {row.node: row.papers for row in rows}
        if st.session_state.get(f"shared_pick_{node_type}") not in counts:
            st.session_state[f"shared_pick_{node_type}"] = options[0]
        pick = st.selectbox(
            "Highlight",
            options,
            format_func=lambda node: f"{NodeId.parse(node).key} ({counts[node]})",
            key=f"shared_pick_{node_type}",
        )
        total = counts[pick]
        st.markdown(f"**{total} paper{'s' if total != 1 else ''}**")
        papers = papers_naming(store, pick, limit=PAPERS_SHOWN)
        for ref in papers:
            evidence = f" — “{md_escape(ref.evidence)}”" if ref.evidence else ""
            st.markdown(f"- **{md_escape(ref.title)}** · *{md_escape(ref.relation)}*{evidence}")
        if total > len(papers):
            st.caption(f"…and {total - len(papers)} more.")
    with right:
        view = state.load_view(config, focus=pick, radius=2)
        # Every loaded paper naming the pick is lit, listed or not: in the graph they are its predecessors.
        lit = {pick, *(view.graph.predecessors(pick) if pick in view.graph else ())}
        graph = filter_graph(view.graph, controls.filters, keep=lit)
        payload = graph_payload(graph, selected=state.selected(), highlight=lit)
        graph_view(payload, key="shared_graph", height=560, on_select=clicked_in("shared_graph"))
        st.caption(coverage(view, payload) + " The highlighted nodes are the entity and the papers naming it.")
