"""Small pieces several views lay out the same way: a paper's links, a paper's code links."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from graphapp.model import Paper
from graphapp.nodes import NodeId
from graphapp.render import NODE_STYLES, short_label
from graphapp.safe import md_link
from graphapp.store import Store
from graphapp.ui import state
from graphapp.viewmodel import EntityRow, Page, page_of, paper_links

CODE_LINK_TYPES = ("repo", "hf", "link")


def open_row(key: str, nodes: list[str]) -> None:
    """A table's selection callback: the row clicked in the table under ``key`` opens that row's page (a paper, or
    an entity that has one)."""
    rows = st.session_state[key].selection.rows
    if rows:
        node = NodeId.parse(nodes[rows[0]])
        if node.is_paper or node.type in state.ENTITY_PAGE_TYPES:
            state.open_page(str(node))


def links_markdown(links: Iterable[tuple[str, str]]) -> str:
    """``label ↗`` links separated by middle dots (unsafe URLs stay plain text)."""
    return " · ".join(md_link(f"{label} ↗", url) for label, url in links)


def paper_links_line(paper: Paper) -> None:
    """The paper's arXiv, PDF, Hugging Face and source pages, on one line."""
    if links := paper_links(paper.id, paper.url):
        st.markdown(links_markdown(links))


def code_links(rows: Iterable[EntityRow]) -> None:
    """A paper's GitHub repos, Hugging Face pages and other links, one line per type, each clickable."""
    for node_type in CODE_LINK_TYPES:
        names = [row for row in rows if row.node_type == node_type]
        if names:
            style = NODE_STYLES[node_type]
            links = " · ".join(md_link(short_label(node_type, row.name, 60), row.name) for row in names)
            st.markdown(f"{style.symbol} **{style.label}**: {links}")


def pager(total: int, size: int, *, key: str, noun: str, nouns: str | None = None) -> Page:
    """A page number input (only when there is more than one page) and the caption saying what is shown of what."""
    pages = max(1, -(-total // size))
    number = 1
    if pages > 1:
        number = st.number_input(f"Page (of {pages:,})", 1, pages, 1, key=key, width=160)
    page = page_of(total, int(number), size)
    st.caption(page.caption(noun, nouns))
    return page


#: Papers per page of a paper picker.
PICKER_PAGE = 200


def paper_picker(
    store: Store,
    *,
    key: str,
    label: str,
    current: str | None,
    on_change: Callable[[], None] | None = None,
    required: bool = True,
    wide: bool = True,
) -> str | None:
    """A chooser that reaches every paper of any store: a box filtering by title words (or an exact id), pages of
    :data:`PICKER_PAGE` titles with their count, and ``current`` always among the options. ``wide`` lays the three
    out on one row; otherwise one under the other (in a narrow column).
    """
    if wide:
        find, paging, picking = st.columns([1.3, 0.8, 2.6], vertical_alignment="top")
    else:
        find, paging, picking = st.container(), st.container(), st.container()
    text = find.text_input(
        f"Find {label.lower()}", key=f"{key}_find", placeholder="words of the title, or its arXiv id"
    ).strip()
    titles, total = state.paper_titles(store, text, limit=PICKER_PAGE)
    noun = "matching paper" if text else "paper, by title"
    nouns = "matching papers" if text else "papers, by title"
    with paging:
        page = pager(total, PICKER_PAGE, key=f"{key}_page", noun=noun, nouns=nouns) if total else None
    if page and page.start:
        titles, _ = state.paper_titles(store, text, offset=page.start, limit=PICKER_PAGE)
    titles = dict(titles)
    if current and current not in titles and (paper := store.paper(current.removeprefix("paper:"))):
        titles = {current: paper.title, **titles}
    if not titles:
        picking.caption("No paper matches." if text else "The store holds no paper yet.")
        return None
    if current and st.session_state.get(f"{key}_synced") != current:
        # Selected elsewhere (a click, a link, search): the picker shows it, once; later picks are the user's.
        st.session_state[key] = current
        st.session_state[f"{key}_synced"] = current
    if st.session_state.get(key) not in titles:
        st.session_state[key] = current if current in titles else (next(iter(titles)) if required else None)
        if text and on_change and st.session_state[key] != current:
            on_change()  # the best match of what the user typed is their choice, as if picked
    return picking.selectbox(
        label,
        list(titles),
        format_func=titles.__getitem__,
        key=key,
        on_change=on_change,
        placeholder="Pick a paper",
    )
