"""The Fetch view: today's Hugging Face daily papers or the newest arXiv listings, fetched into the store.

The same requests as ``python -m graphapp fetch`` (:mod:`graphapp.fetch`), with a progress bar and the
skipped records or the one-line failure afterwards. Everything shown that came from a server is escaped.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from graphapp.fetch import ArxivSearch, FetchError, HfDaily, Progress, fetch_into_store, make_client
from graphapp.fetch.hf_daily import utc_today
from graphapp.pipeline import IngestReport
from graphapp.safe import md_escape
from graphapp.store import Store, StoreError
from graphapp.ui import state
from graphapp.ui.report import show_report

SOURCES = ("Hugging Face daily papers", "arXiv")
#: Bounds of the inputs: enough for a week's digest or a few pages of a category, not a bulk harvest.
MAX_DAYS = 14
MAX_ARXIV = 500


def fetch_to_store(db: Path, request: HfDaily | ArxivSearch, *, offline: bool, progress: Progress) -> IngestReport:
    """Fetch with the CLI's client (cache in the user's cache directory) and a store connection of its own (which,
    while another ingest writes, waits for it: the progress bar says so)."""
    waiting = "Waiting for another ingest to finish writing to the store…"
    with make_client(offline=offline) as client, Store(db, on_wait=lambda _: progress(1.0, waiting)) as store:
        return fetch_into_store(store, request, client=client, progress=progress)


def _request(source: str) -> HfDaily | ArxivSearch:
    if source == SOURCES[0]:
        today = utc_today()
        day = st.date_input("Last day (UTC)", value=today, max_value=today, key="fetch_date")
        days = st.number_input("Days back", min_value=1, max_value=MAX_DAYS, value=1, key="fetch_days")
        return HfDaily(date=day if isinstance(day, date) else today, days=int(days))
    category = st.text_input("Category", value="cs.LG", key="fetch_category", help="e.g. cs.LG, cs.CL, stat.ML")
    query = st.text_input("Query (optional)", key="fetch_query", help='all these words, or "ti:... AND au:..."')
    most = st.number_input("At most", min_value=1, max_value=MAX_ARXIV, value=50, key="fetch_max")
    return ArxivSearch(query=query.strip() or None, category=category.strip() or None, max_results=int(most))


def render(config: state.Settings) -> None:
    st.markdown(
        "Fetch the latest papers from Hugging Face's daily papers or from arXiv. They are added to the store like "
        "an upload; answers are cached for an hour, and arXiv is asked at most once every three seconds."
    )
    source = st.radio("Source", SOURCES, key="fetch_source", horizontal=True)
    try:
        request = _request(source)
    except ValueError as error:
        st.error(md_escape(str(error)))
        return
    offline = st.checkbox("Offline: use only cached answers", key="fetch_offline")
    if st.button("Fetch", type="primary", key="fetch_go"):
        bar = st.progress(0.0, text="Starting…")
        st.session_state.pop("fetch_report", None)
        st.session_state.pop("fetch_error", None)
        try:
            report = fetch_to_store(
                config.db, request, offline=offline, progress=lambda done, status: _advance(bar, done, status)
            )
        except (FetchError, StoreError) as error:
            st.session_state["fetch_error"] = str(error)
        else:
            st.session_state["fetch_report"] = report
        st.rerun()  # redraw the sidebar counts and every view with the new papers
    if failure := st.session_state.get("fetch_error"):
        st.error(f"Fetch failed, nothing was stored: {md_escape(failure)}")
    if shown := st.session_state.get("fetch_report"):
        show_report(shown, by_source=True)


def _advance(bar: DeltaGenerator, done: float, status: str) -> None:
    """Move the progress bar (a callback that returns nothing, as the fetch expects)."""
    bar.progress(done, text=status)
