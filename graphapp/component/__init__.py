"""The interactive graph: a Streamlit custom component (v2) that draws with vis-network and reports clicks.

``components.html`` (pyvis's usual route into Streamlit) renders in a sandboxed iframe that cannot talk back, so
a click could never select anything in the app. A v2 component runs our own small script in the page and returns
the clicked node id to Python as a trigger value. vis-network comes from the copy bundled in the pyvis package and
is inlined into that script: the browser makes no request for it, to a CDN or anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyvis
import streamlit as st

HERE = Path(__file__).resolve().parent
VIS_NETWORK_JS = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
COMPONENT_NAME = "paper_graph_explorer_graph"


def component_js() -> str:
    """vis-network followed by our module code: one self-contained ES module."""
    if not VIS_NETWORK_JS.is_file():
        raise FileNotFoundError(f"vis-network not found at {VIS_NETWORK_JS}; install pyvis==0.3.2")
    return VIS_NETWORK_JS.read_text(encoding="utf-8") + "\n" + (HERE / "graph.js").read_text(encoding="utf-8")


_mount = st.components.v2.component(
    COMPONENT_NAME, css=(HERE / "graph.css").read_text(encoding="utf-8"), js=component_js()
)


def graph_view(
    payload: dict, *, key: str, height: int = 640, on_select: Callable[[], None] | None = None
) -> str | None:
    """Draw ``payload`` (from :func:`graphapp.render.graph_payload`); return the node id clicked in this run, if any.

    ``on_select`` runs before the script when a node is clicked, so the whole page already sees the new selection.
    """
    result = _mount(
        key=key,
        data={**payload, "height": height},
        height=height + 2,
        on_select_change=on_select or (lambda: None),
    )
    return result.select if result is not None else None
