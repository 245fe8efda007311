"""The Streamlit explorer: ``paper-graph app`` (or ``python -m streamlit run graphapp/app.py -- --db STORE``).

This file only lays out the page; every view lives in :mod:`graphapp.ui` and every computation outside Streamlit
(:mod:`graphapp.viewmodel`, :mod:`graphapp.render`, :mod:`graphapp.queries`).
"""

import streamlit as st

from graphapp.safe import md_escape
from graphapp.store import SchemaError, StoreError
from graphapp.ui import pages, sidebar, state

st.set_page_config(page_title="Paper Graph Explorer", page_icon="🕸️", layout="wide")
st.html(
    "<style>[data-testid='stMainBlockContainer'] {padding-top: 2.5rem}"  # the graph above the fold
    # A word of thousands of characters (a pasted hash, a broken PDF export) wraps instead of widening its column.
    "[data-testid='stMain'], [data-testid='stSidebar'] {overflow-wrap: anywhere}</style>"
)

config = state.settings()
try:
    store = state.open_store(str(config.db))
except (StoreError, SchemaError) as error:  # a store that cannot be opened: say why, in one line
    st.error(md_escape(str(error)))
    st.stop()
state.restore_from_url(pages.VIEWS)
controls = sidebar.render(store)
st.session_state.setdefault("view", pages.VIEWS[0])  # the value a URL or a link click set, else the Graph view
view = st.segmented_control("View", pages.VIEWS, required=True, key="view", label_visibility="collapsed") or "Graph"
pages.render(view, store, config, controls)
state.keep_in_url(view)
