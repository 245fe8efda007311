"""The Add papers view: upload a file in any supported format, ingest it, and list what could not be read."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from graphapp.ingest import FORMATS, READERS
from graphapp.safe import md_escape
from graphapp.services import ACCEPTED, ingest_upload
from graphapp.ui import state
from graphapp.ui.report import show_report


def render(config: state.Settings) -> None:
    st.markdown(
        "Upload papers in any supported format (optionally gzipped): RIS, BibTeX, CSV (Zotero, Scopus, IEEE), "
        "Zotero or CSL JSON, CSL YAML, OpenAlex, Semantic Scholar, Papers with Code, arXiv Atom or RSS, PubMed XML or "
        "MEDLINE, Web of Science, Hugging Face papers text or API JSON, JSON Lines. They are added to the store and "
        "the graph refreshes; a paper already in the store (same arXiv id or DOI) is updated, never duplicated. A "
        "file in no known format is refused and nothing of it stored."
    )
    upload = st.file_uploader("Papers file", type=ACCEPTED, key="upload_file", max_upload_size=config.max_upload_mb)
    fmt = st.selectbox(
        "Format",
        ["auto-detect", *FORMATS],
        format_func=lambda name: name if name == "auto-detect" else f"{name}: {READERS[name][1]}",
        key="upload_format",
    )
    if upload is not None and upload.size > config.max_upload_mb * 1024 * 1024:
        st.error(f"{md_escape(upload.name)} is larger than {config.max_upload_mb} MB.")
    elif upload is not None and st.button("Add to the store", type="primary", key="upload_go"):
        waiting = st.empty()
        with st.spinner(f"Reading {md_escape(upload.name)}…"):
            try:
                chosen = None if fmt == "auto-detect" else fmt
                limit = config.max_upload_mb * 1024 * 1024
                report = ingest_upload(
                    config.db,
                    upload.name,
                    upload.getvalue(),
                    chosen,
                    max_bytes=limit,
                    on_wait=lambda _message: _say(
                        waiting, "Waiting for another ingest to finish writing to the store…"
                    ),
                )
            except Exception as error:  # any failure is reported; the transaction left the store unchanged
                st.error(f"{md_escape(upload.name)} could not be ingested, nothing was stored: {md_escape(str(error))}")
                return
        st.session_state["upload_report"] = report
        st.rerun()  # redraw the sidebar counts and every view with the new papers
    if shown := st.session_state.get("upload_report"):
        show_report(shown, unplaced="whole file")


def _say(place: DeltaGenerator, message: str) -> None:
    """Show ``message`` in ``place`` (a callback that returns nothing, as ingest expects)."""
    place.info(message)
