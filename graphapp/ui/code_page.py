"""The Code and models view: every paper's GitHub, Hugging Face and project links, clickable, with their origin."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from graphapp.fetch.enrich import describe, metadata_for, repository_metadata
from graphapp.graph import node_type
from graphapp.safe import md_escape, md_link
from graphapp.store import Store
from graphapp.tables import LinkRow
from graphapp.ui import state

ROW_LIMIT = 400
LINK_GROUPS = {"repo": "GitHub", "hf": "Hugging Face", "link": "Other"}


def kind_label(kind: str) -> str:
    """``hf_model`` -> "HF model", ``github_repo`` -> "GitHub repo", anything else spelled out.

    >>> kind_label("hf_dataset"), kind_label("github_repo"), kind_label("")
    ('HF dataset', 'GitHub repo', 'link')
    """
    if kind == "github_repo":
        return "GitHub repo"
    if kind.startswith("hf_"):
        return "HF " + kind.removeprefix("hf_").replace("_", " ")
    return kind.replace("_", " ") or "link"


def link_table(rows: list[LinkRow], about: Mapping[str, str] | None = None) -> str:
    """A Markdown table, one link per row, the paper named on its first row only; every cell escaped.

    ``about`` (url -> one line, from ``python -m graphapp fetch enrich``) adds an About column.
    """
    lines = ["| Paper | Link | Kind | From |", "| --- | --- | --- | --- |"]
    if about:
        lines = [lines[0] + " About |", lines[1] + " --- |"]
    previous = None
    for row in rows:
        paper = md_escape(row.title) if row.paper_id != previous else ""
        previous = row.paper_id
        kind, origin = md_escape(kind_label(row.kind)), md_escape(row.origin)
        cells = f"| {paper} | {md_link(None, row.url)} | {kind} | {origin} |"
        lines.append(cells + (f" {md_escape(about.get(row.url, ''))} |" if about else ""))
    return "\n".join(lines)


def render(store: Store) -> None:
    rows = state.code_links(store)
    if not rows:
        st.info("No paper in the store links to code, a model or a project page yet.")
        return
    columns = st.columns([2, 2, 3])
    groups = columns[0].multiselect(
        "Links to", list(LINK_GROUPS), default=list(LINK_GROUPS), format_func=LINK_GROUPS.get, key="code_groups"
    )
    origins = columns[1].multiselect("Found in", ["text", "metadata"], default=["text", "metadata"], key="code_origin")
    query = columns[2].text_input("Filter by title or URL", key="code_query").strip().casefold()
    shown = [
        row
        for row in rows
        if node_type("url", row.kind) in groups
        and any(origin in row.origin.split("+") for origin in origins)
        and (not query or query in row.title.casefold() or query in row.url.casefold())
    ]
    papers = len({row.paper_id for row in shown})
    st.caption(
        f"{len(shown):,} links from {papers:,} papers. Links open in a new tab; “text” means the abstract names it, "
        "“metadata” that the source gave it as a field."
    )
    if len(shown) > ROW_LIMIT:
        st.caption(f"Showing the first {ROW_LIMIT} of {len(shown):,}; narrow the filter to see the rest.")
    listed = shown[:ROW_LIMIT]
    metadata = repository_metadata(store)
    about = {row.url: describe(meta) for row in listed if (meta := metadata_for(row.url, metadata))}
    st.markdown(link_table(listed, about))
