"""The Entities view: the most named entities of each type, with how many papers name them."""

from __future__ import annotations

import streamlit as st

from graphapp.nodes import ENTITY_NODE_TYPES
from graphapp.render import NODE_STYLES, short_label
from graphapp.store import Store
from graphapp.ui import state

TOP = 15


def render(store: Store) -> None:
    counts = state.counts(store)
    st.caption(
        f"The {TOP} entities of each type named by the most papers, out of {counts['papers']:,} papers. "
        "Select one anywhere with the search box to see it in the graph."
    )
    shown = [(node_type, state.entity_counts(store, node_type, limit=TOP)) for node_type in ENTITY_NODE_TYPES]
    shown = [(node_type, rows) for node_type, rows in shown if rows]
    if not shown:
        st.info("No entity yet: add papers in the Add papers view.")
        return
    for start in range(0, len(shown), 3):
        columns = st.columns(3, gap="medium")
        for column, (node_type, rows) in zip(columns, shown[start : start + 3], strict=False):
            style = NODE_STYLES[node_type]
            with column:
                st.markdown(
                    f"<span style='color:{style.color}'>{style.symbol}</span> **{style.label}**", unsafe_allow_html=True
                )
                st.dataframe(
                    [{"name": short_label(node_type, row.name, 60), "papers": row.papers} for row in rows],
                    hide_index=True,
                    column_config={
                        "papers": st.column_config.ProgressColumn(
                            "papers", format="%d", min_value=0, max_value=max(row.papers for row in rows)
                        )
                    },
                )
