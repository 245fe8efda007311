"""The Map view: one paper's similarity map (Connected Papers style). The related papers sit where their texts
and shared entities put them, labelled, sized by their links and coloured by date; a click centres the map on
the clicked paper, and the trail back to the first paper stays lit."""

from __future__ import annotations

import streamlit as st

from graphapp.component import graph_view
from graphapp.nodes import NodeId
from graphapp.queries.paper_map import map_graph
from graphapp.render import map_payload
from graphapp.safe import md_escape
from graphapp.store import Store
from graphapp.ui import state, widgets
from graphapp.ui.graph_page import clicked_in
from graphapp.viewmodel import map_trail

MAP_HEIGHT = 660
#: The paper the map was first opened on (by the picker or a link): the trail leads back to it.
ORIGIN = "map_origin"


def _picked() -> None:
    node = st.session_state.get("map_pick")
    state.select(node)
    st.session_state[ORIGIN] = node


def _back_to_origin() -> None:
    state.select(st.session_state.get(ORIGIN))


def render(store: Store) -> None:
    chosen = state.selected()
    current = chosen if chosen and NodeId.parse(chosen).is_paper else None
    node = widgets.paper_picker(store, key="map_pick", label="Paper", current=current, on_change=_picked)
    if node is None:
        return
    if st.session_state.get(ORIGIN) is None:
        st.session_state[ORIGIN] = node
    origin = st.session_state[ORIGIN]
    found = state.map_of(store, node)
    graph = map_graph(found)
    trail = map_trail(graph, origin, node)
    left, right = st.columns([3, 1.15], gap="medium")
    with left:
        payload = map_payload(graph, centre=node, highlight=trail if len(trail) > 1 else ())
        graph_view(payload, key="map_graph", height=MAP_HEIGHT, on_select=clicked_in("map_graph"))
        st.caption(
            f"{len(found.nodes) - 1} papers most related to the centre, placed by how alike they are; lighter is "
            "older, darker newer; bigger has more links on the map. Click a paper to centre the map on it; hover "
            "a link for what the two papers share."
        )
    with right:
        _centre(store, node, origin, trail)


def _centre(store: Store, node: str, origin: str, trail: list[str]) -> None:
    paper = store.paper(NodeId.parse(node).key)
    if paper is None:
        st.warning("This paper is no longer in the store.")
        return
    st.caption("Centre of the map")
    st.markdown(f"**{md_escape(paper.title)}**")
    facts = " · ".join(part for part in (paper.date or "", ", ".join(paper.authors[:3])) if part)
    if facts:
        st.caption(md_escape(facts))
    widgets.paper_links_line(paper)
    st.button("Paper view", key="map_open", on_click=state.open_page, args=(node,), width="stretch")
    if origin != node:
        first = store.paper(NodeId.parse(origin).key)
        title = first.title if first else origin
        if len(trail) > 1:
            st.caption(f"The lit trail leads back to the first paper in {len(trail) - 1} links: {md_escape(title)}.")
        else:
            st.caption(f"The first paper, {md_escape(title)}, is not on this map.")
        st.button("Back to the first paper", key="map_back", on_click=_back_to_origin, width="stretch")
