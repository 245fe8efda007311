"""The Trends view: which datasets, models, methods or tasks are rising, from the dates of the store's papers:
each burst of mentions with its sparkline; a row opens the entity's page."""

from __future__ import annotations

import streamlit as st

from graphapp.render import NODE_STYLES
from graphapp.safe import md_escape
from graphapp.store import Store
from graphapp.ui import state, widgets

TREND_TYPES = ("dataset", "model", "method", "task")
RECENT_DEFAULT = {"week": 4, "month": 2}


def render(store: Store) -> None:
    columns = st.columns([2.2, 1, 1.3], gap="medium")
    node_type = columns[0].radio(
        "Type", TREND_TYPES, format_func=lambda t: f"{NODE_STYLES[t].symbol} {NODE_STYLES[t].label}", horizontal=True,
        key="trend_type",
    )  # fmt: skip
    period = columns[1].radio("Counted per", ("week", "month"), horizontal=True, key="trend_period")
    recent = columns[2].number_input(
        f"Rising in the last … {period}s", 1, 104, RECENT_DEFAULT[period], key=f"trend_recent_{period}"
    )
    found = state.rising(store, node_type, period, int(recent))
    noun = NODE_STYLES[node_type].label.lower()
    if found.last is None:
        st.info("No paper in the store has a date: trends need dated papers.")
        return
    if not found.trends:
        st.info(f"No {noun} is rising in the {period}s since {found.since}: no burst of mentions reaches them.")
        return
    st.caption(
        f"{len(found.trends)} {noun} entities burst in the {period}s from {found.since} to {found.last} (the newest "
        f"papers), strongest first: a burst is a run of {period}s where a larger share of the papers name it than "
        "before (Kleinberg's model). Click a row to open its page."
    )
    top = found.trends[0]
    st.markdown(
        f"Rising most: **{md_escape(top.name)}**, named by {top.papers_in_burst} papers from {top.burst_start} to "
        f"{top.burst_end}, against {top.papers_before} before."
    )
    key = f"trends_{node_type}_{period}"
    nodes = [trend.node for trend in found.trends]
    st.dataframe(
        [
            {
                "name": trend.name,
                "papers in burst": trend.papers_in_burst,
                "papers before": trend.papers_before,
                "burst from": trend.burst_start,
                "to": trend.burst_end,
                f"papers per {period}": [count for _, count in trend.series],
            }
            for trend in found.trends
        ],
        hide_index=True,
        key=key,
        on_select=lambda: widgets.open_row(key, nodes),
        selection_mode="single-row",
        column_config={f"papers per {period}": st.column_config.AreaChartColumn(f"papers per {period}", y_min=0)},
    )
    st.caption(f"Each sparkline runs over every {period} of the store's papers, oldest on the left.")
