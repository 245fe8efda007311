"""The Add papers view: upload a file in any supported format, ingest it, and list what could not be read."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import streamlit as st

from graphapp.ingest import FORMATS, READERS
from graphapp.safe import md_escape
from graphapp.store import Store
from graphapp.ui import state
from graphapp.ui.report import show_report

if TYPE_CHECKING:
    from graphapp.pipeline import IngestReport

ACCEPTED = [
    *("txt", "jsonl", "ndjson", "json", "csv", "xml", "atom", "rss", "bib", "biblatex", "ris", "nbib", "yaml", "yml"),
    "gz",
]


def upload_suffix(name: str) -> str:
    """The file name's known extensions only (``.jsonl.gz``), so that nothing else of a user's name reaches the disk.

    >>> upload_suffix("../../etc/passwd.jsonl.gz"), upload_suffix("papers"), upload_suffix("x.exe")
    ('.jsonl.gz', '', '')
    """
    suffixes = [suffix.lower() for suffix in PurePath(name).suffixes[-2:]]
    return "".join(suffix for suffix in suffixes if suffix.lstrip(".") in ACCEPTED)


def ingest_upload(db: Path, name: str, content: bytes, fmt: str | None, max_bytes: int | None = None) -> IngestReport:
    """Write the upload to a private temporary directory, ingest it with its own store connection, delete it.

    Messages and the stored papers name the user's file, not the temporary path; content over ``max_bytes``
    (counted after gzip, so a small compressed bomb is refused too) is refused whole.
    """
    from graphapp.pipeline import ingest_file  # the extractor loads only when it is needed

    folder = Path(tempfile.mkdtemp(prefix="pge-upload-"))
    try:
        path = folder / f"upload{upload_suffix(name)}"
        path.write_bytes(content)
        with Store(db) as store:
            return ingest_file(store, path, fmt=fmt, source=name, max_bytes=max_bytes)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
        with st.spinner(f"Reading {md_escape(upload.name)}…"):
            try:
                chosen = None if fmt == "auto-detect" else fmt
                limit = config.max_upload_mb * 1024 * 1024
                report = ingest_upload(config.db, upload.name, upload.getvalue(), chosen, max_bytes=limit)
            except Exception as error:  # any failure is reported; the transaction left the store unchanged
                st.error(f"{md_escape(upload.name)} could not be ingested, nothing was stored: {md_escape(str(error))}")
                return
        st.session_state["upload_report"] = report
        st.rerun()  # redraw the sidebar counts and every view with the new papers
    if report := st.session_state.get("upload_report"):
        show_report(report, unplaced="whole file")
