"""The Export view: download what the Graph view shows (filters and focus applied) for a graph tool, or its
papers as BibTeX or RIS for a reference manager."""

from __future__ import annotations

from functools import partial

import streamlit as st

from graphapp.export import EXPORT_FORMATS, EXTENSIONS, FORMAT_LABELS, export_bytes
from graphapp.ui import state
from graphapp.ui.graph_page import current_graph
from graphapp.ui.sidebar import Controls

MIME_TYPES = {
    "json": "application/json",
    "cytoscape": "application/json",
    "csv": "application/zip",
    "vosviewer": "application/zip",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}


def render(config: state.Settings, controls: Controls) -> None:
    view, graph = current_graph(config, controls)
    focus = state.selected() if controls.focus else None
    scope = "the neighbourhood of the selected node" if focus else "the overview"
    st.markdown(
        f"The current view: {scope}, filtered as in the sidebar: **{graph.number_of_nodes():,} nodes** and "
        f"**{graph.number_of_edges():,} edges** with every attribute (titles, abstracts, relations, evidence)."
    )
    if view.capped:
        st.caption(f"{view.papers:,} of {view.total_papers:,} papers are loaded; `paper-graph export` writes all.")
    fmt = st.radio("Format", EXPORT_FORMATS, format_func=FORMAT_LABELS.get, key="export_format")
    st.download_button(
        f"Download {fmt.upper()}",
        data=partial(export_bytes, graph, fmt),  # written when clicked, not on every rerun
        file_name=f"paper-graph{EXTENSIONS[fmt]}",
        mime=MIME_TYPES.get(fmt, "application/xml"),
        key="export_download",
        type="primary",
    )
