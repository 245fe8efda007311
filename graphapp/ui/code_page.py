"""The Code and models view: every paper's GitHub, Hugging Face and project links, clickable, with their origin."""

from __future__ import annotations

import streamlit as st

from graphapp.safe import md_escape, md_link
from graphapp.services import LinkLine, link_table
from graphapp.store import Store
from graphapp.ui import state, widgets

#: Links per page of the table.
PAGE_SIZE = 400
LINK_GROUPS = {"repo": "GitHub", "hf": "Hugging Face", "link": "Other"}


def markdown_table(lines: list[LinkLine]) -> str:
    """A Markdown table, one link per row; every cell escaped, the About column only when something is known."""
    about = any(line.about is not None for line in lines)
    rows = ["| Paper | Link | Kind | From |", "| --- | --- | --- | --- |"]
    if about:
        rows = [rows[0] + " About |", rows[1] + " --- |"]
    for line in lines:
        cells = f"| {md_escape(line.paper)} | {md_link(None, line.url)} | {md_escape(line.kind)} | "
        cells += f"{md_escape(line.origin)} |"
        rows.append(cells + (f" {md_escape(line.about or '')} |" if about else ""))
    return "\n".join(rows)


def render(store: Store) -> None:
    rows = state.code_links(store)
    if not rows:
        st.info("No paper in the store links to code, a model or a project page yet.")
        return
    columns = st.columns([2, 2, 3])
    groups = columns[0].multiselect(
        "Links to", list(LINK_GROUPS), default=list(LINK_GROUPS), format_func=LINK_GROUPS.__getitem__, key="code_groups"
    )
    origins = columns[1].multiselect("Found in", ["text", "metadata"], default=["text", "metadata"], key="code_origin")
    query = columns[2].text_input("Filter by title or URL", key="code_query")
    table = link_table(store, rows, groups=groups, origins=origins, query=query, limit=PAGE_SIZE)
    st.caption(
        f"{table.links:,} links from {table.papers:,} papers. Links open in a new tab; “text” means the abstract names "
        "it, “metadata” that the source gave it as a field."
    )
    page = widgets.pager(table.links, PAGE_SIZE, key="code_page", noun="link")
    if page.start:
        table = link_table(store, rows, groups=groups, origins=origins, query=query, limit=PAGE_SIZE, offset=page.start)
    st.markdown(markdown_table(table.lines))
