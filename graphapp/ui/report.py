"""What the Add papers and Fetch views show after an ingest: papers stored, notices, and each record skipped."""

from __future__ import annotations

import streamlit as st

from graphapp.pipeline import IngestReport
from graphapp.safe import md_escape


def show_report(report: IngestReport, *, unplaced: str = "", by_source: bool = False) -> None:
    """Papers stored, the counts per reason and each notice, then one row per record skipped, where and why.

    ``unplaced`` says where a message without a location applies ("whole file" for an upload); ``by_source``
    adds the column naming what each skipped record came from (a fetch reads several pages).
    """
    source = md_escape(report.source)
    if report.papers:
        st.success(f"{report.papers} papers from {source} are in the store; the graph now includes them.")
    else:
        st.warning(f"No paper could be read from {source}.")
    if report.errors or report.notices:
        st.caption(md_escape(report.summary()))
    for notice in report.notices:
        where = notice.location or unplaced
        st.caption(md_escape(f"{where}: {notice.message}" if where else notice.message))
    if report.errors:
        st.markdown(f"**{len(report.errors)} records skipped**")
        st.dataframe(
            [
                {**({"from": error.source} if by_source else {}), "where": error.location or unplaced,
                 "problem": error.message}
                for error in report.errors
            ],
            hide_index=True,
        )  # fmt: skip
