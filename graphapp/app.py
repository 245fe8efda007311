"""The Streamlit explorer: ``paper-graph app`` (or ``python -m streamlit run graphapp/app.py -- --db STORE``).

This file only lays out the page; every view lives in :mod:`graphapp.ui` and every computation outside Streamlit
(:mod:`graphapp.viewmodel`, :mod:`graphapp.render`, :mod:`graphapp.queries`).
"""

import streamlit as st

from graphapp.ui import pages, sidebar, state

st.set_page_config(page_title="Paper Graph Explorer", page_icon="🕸️", layout="wide")
st.html("<style>[data-testid='stMainBlockContainer'] {padding-top: 2.5rem}</style>")  # the graph above the fold

config = state.settings()
store = state.open_store(str(config.db))
controls = sidebar.render(store)
view = st.segmented_control(
    "View", pages.VIEWS, default=pages.VIEWS[0], required=True, key="view", label_visibility="collapsed"
)
pages.render(view, store, config, controls)
