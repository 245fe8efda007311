"""The Paper view: one paper's abstract with its entities highlighted, its entities, related papers and paths."""

from __future__ import annotations

import streamlit as st

from graphapp.component import graph_view
from graphapp.nodes import NodeId
from graphapp.render import NODE_STYLES, graph_payload
from graphapp.safe import md_escape
from graphapp.services import Hop, connection, paper_view, related
from graphapp.store import Store
from graphapp.ui import state, widgets
from graphapp.ui.graph_page import clicked_in
from graphapp.viewmodel import highlighted_html, legend_html

RELATED_LIMIT = 8
PATH_GRAPH_HEIGHT = 460
CHAINS_HELP = "The other chains share no paper or entity with the first: another way through, if it looks wrong."


def _picked() -> None:
    state.select(st.session_state.get("paper_pick"))


def render(store: Store, config: state.Settings) -> None:
    chosen = state.selected()
    current = chosen if chosen and NodeId.parse(chosen).is_paper else None
    node = widgets.paper_picker(store, key="paper_pick", label="Paper", current=current, on_change=_picked)
    if node is None:
        return
    view = paper_view(store, node)
    if view is None:
        st.warning("This paper is no longer in the store.")
        return
    paper = view.paper
    st.markdown(f"### {md_escape(paper.title)}")
    facts = " · ".join(part for part in (paper.date or "", ", ".join(paper.authors), paper.id) if part)
    st.caption(md_escape(facts))
    widgets.paper_links_line(paper)
    rows = view.entities
    widgets.code_links(rows)
    left, right = st.columns([1.5, 1], gap="large")
    with left:
        st.markdown("**Abstract**, entities highlighted by type")
        st.html(highlighted_html(view.segments))
        st.html(legend_html(segment.node_type for segment in view.segments if segment.node_type))
        st.markdown(f"**Entities** ({len(rows)}); click a row to open its page")
        if rows:
            key = "paper_entities"
            st.dataframe(
                [
                    {
                        "type": NODE_STYLES[row.node_type].label if row.node_type in NODE_STYLES else row.node_type,
                        "name": row.name,
                        "relation": row.relation.replace("_", " "),
                        "role": row.role,
                        "from": row.origin,
                        "evidence": row.evidence,
                    }
                    for row in rows
                ],
                hide_index=True,
                key=key,
                on_select=lambda: widgets.open_row(key, [row.node for row in rows]),
                selection_mode="single-row",
            )
    with right:
        _related(store, node)
    _path(store, node)


def _related(store: Store, node: str) -> None:
    st.markdown("**Related papers**, by similar text and the rare entities they share")
    items = related(store, node, limit=RELATED_LIMIT)
    if not items:
        st.caption("No closely related paper in the store.")
    for item in items:
        st.button(f"**{md_escape(item.title)}**", key=f"related_{item.node}", type="tertiary",
                  on_click=state.open_page, args=(item.node,))  # fmt: skip
        st.caption(f"score {item.score:.2f} · {md_escape(item.why)}")


def _path(store: Store, node: str) -> None:
    st.markdown("#### How is it connected to…")
    left, right = st.columns([1, 1.6], gap="large")
    with left:
        target = widgets.paper_picker(
            store, key="path_target", label="Another paper", current=st.session_state.get("path_target"),
            required=False, wide=False,
        )  # fmt: skip
    if target is None or target == node:
        return
    with left:
        chain_key = f"path_chain_{node}_{target}"  # the chains of one pair of papers
        found = connection(store, node, target, chain=int(st.session_state.get(chain_key) or 1) - 1)
        st.caption(f"{found.verdict.capitalize()}: {md_escape(found.reason)}.")
        if not found.hops:
            return
        if found.chains > 1:
            st.radio("Chain", range(1, found.chains + 1), horizontal=True, key=chain_key, help=CHAINS_HELP)
        for number, hop in enumerate(found.hops):
            _hop(found.labels, hop, number)
    with right:
        payload = graph_payload(found.graph, selected=node, highlight=found.path)
        graph_view(payload, key="path_graph", height=PATH_GRAPH_HEIGHT, on_select=clicked_in("path_graph"))
        st.caption(
            "The chain is lit; the rest is what its papers also name. Click a node to select it; hover an edge for "
            "the sentence behind it."
        )


def _hop(labels: dict[str, str], hop: Hop, number: int) -> None:
    """One step of a chain: what links two papers (an entity, opening its page, or similar text), and each paper,
    opening its page, with its own sentence naming the entity."""
    if hop.via is None:
        st.caption(f"↓ {md_escape(hop.describe)}")
    else:
        style = NODE_STYLES.get(NodeId.parse(hop.via).type)
        symbol = style.symbol if style else ""
        st.button(f"{symbol} **{md_escape(labels[hop.via])}**", key=f"hop_{number}_entity", type="tertiary",
                  on_click=state.open_page, args=(hop.via,), help=hop.describe)  # fmt: skip
    for side, (paper, relation, evidence) in enumerate(
        ((hop.left, hop.left_relation, hop.left_evidence), (hop.right, hop.right_relation, hop.right_evidence))
    ):
        st.button(md_escape(labels[paper]), key=f"hop_{number}_{side}", type="tertiary", on_click=state.open_page,
                  args=(paper,))  # fmt: skip
        if relation:
            quote = f": “{md_escape(evidence)}”" if evidence else ""
            st.caption(f"{md_escape(relation.replace('_', ' '))} it{quote}")
