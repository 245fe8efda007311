"""The Paper view: one paper's abstract with its entities highlighted, its entities, related papers and paths."""

from __future__ import annotations

import streamlit as st

from graphapp.nodes import NodeId
from graphapp.render import NODE_STYLES
from graphapp.safe import md_escape, md_link
from graphapp.services import connection, paper_view, related
from graphapp.store import Store
from graphapp.ui import state
from graphapp.viewmodel import highlighted_html, legend_html

RELATED_LIMIT = 8


def _sync_pick(titles: dict[str, str]) -> None:
    """Show the paper selected elsewhere (graph click, search) when it changes."""
    chosen = state.selected()
    if chosen in titles and st.session_state.get("paper_synced") != chosen:
        st.session_state["paper_pick"] = chosen
        st.session_state["paper_synced"] = chosen
    if st.session_state.get("paper_pick") not in titles:
        st.session_state["paper_pick"] = next(iter(titles))


def _picked() -> None:
    node = st.session_state.get("paper_pick")
    state.select(node)
    st.session_state["paper_synced"] = node


def render(store: Store, config: state.Settings) -> None:
    titles = state.paper_titles(store)
    chosen = state.selected()
    picked = NodeId.parse(chosen) if chosen else None
    if picked and picked.is_paper and chosen not in titles and (paper := store.paper(picked.key)):
        titles[str(picked)] = paper.title
    if not titles:
        st.info("The store holds no paper yet: add some in the Add papers view.")
        return
    _sync_pick(titles)
    node = st.selectbox("Paper", list(titles), format_func=titles.__getitem__, key="paper_pick", on_change=_picked)
    view = paper_view(store, node)
    if view is None:
        st.warning("This paper is no longer in the store.")
        return
    paper = view.paper
    st.markdown(f"### {md_escape(paper.title)}")
    facts = " · ".join(part for part in (paper.date or "", ", ".join(paper.authors), paper.id) if part)
    st.caption(md_escape(facts))
    if paper.url:
        st.markdown(md_link("Paper page ↗", paper.url))
    left, right = st.columns([1.5, 1], gap="large")
    with left:
        st.markdown("**Abstract**, entities highlighted by type")
        st.html(highlighted_html(view.segments))
        st.html(legend_html(segment.node_type for segment in view.segments if segment.node_type))
        rows = view.entities
        st.markdown(f"**Entities** ({len(rows)})")
        if rows:
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
            )
    with right:
        _related(store, node, names_something=bool(view.entities))
        _path(store, titles, node)


def _related(store: Store, node: str, *, names_something: bool) -> None:
    st.markdown("**Related papers**, by the rare entities they share")
    if not names_something:
        st.caption("This paper names no entity yet.")
        return
    items = related(store, node, limit=RELATED_LIMIT)
    if not items:
        st.caption("No other paper shares an entity with this one.")
    for item in items:
        shared = ", ".join(md_escape(name) for name in item.shared[:5])
        st.markdown(f"- **{md_escape(item.title)}**  \n  score {item.score:.2f} · shares {shared}")


def _path(store: Store, titles: dict[str, str], node: str) -> None:
    st.markdown("**How is it connected to…**")
    others = [other for other in titles if other != node]
    target = st.selectbox(
        "Another paper",
        others,
        index=None,
        format_func=titles.get,
        key="path_target",
        placeholder="Pick a paper",
    )
    if target is None:
        return
    found = connection(store, node, target)
    if found is None:
        st.caption("Not connected: no chain of shared entities links these two papers.")
        return
    hops = found.hops
    st.caption(f"{hops} step{'s' if hops != 1 else ''}, preferring specific entities over widely shared ones:")
    for link in found.links:
        style = NODE_STYLES.get(NodeId.parse(link.entity).type)
        symbol = style.symbol if style else ""
        lines = [f"{symbol} **{md_escape(found.labels[link.entity])}**"]
        for paper, relation, evidence in (
            (link.left, link.left_relation, link.left_evidence),
            (link.right, link.right_relation, link.right_evidence),
        ):
            quote = f": “{md_escape(evidence)}”" if evidence else ""
            lines.append(f"- {md_escape(found.labels[paper])} *{md_escape(relation.replace('_', ' '))}* it{quote}")
        st.markdown("\n".join(lines))
