"""The Entity view: every dataset (model, method, task, repo, HF page) with its paper count, and the page of one:
the papers naming it with role and evidence, who introduced it, what it is used with, its code, its variants,
its mentions over time and its neighbourhood in the graph. Every name on it opens its own page.
"""

from __future__ import annotations

import streamlit as st

from graphapp import corrections
from graphapp.component import graph_view
from graphapp.corrections import CORRECTABLE_TYPES, Correction, CorrectionError
from graphapp.nodes import NodeId
from graphapp.queries import profiles
from graphapp.queries.cousage import UsedWith, cousage
from graphapp.queries.entities import EntityCount, papers_naming
from graphapp.queries.origin import introduced_by
from graphapp.render import NODE_STYLES, graph_payload, short_label
from graphapp.safe import md_escape, md_link
from graphapp.store import Store
from graphapp.ui import state, widgets
from graphapp.ui.graph_page import clicked_in, coverage
from graphapp.ui.sidebar import Controls
from graphapp.viewmodel import filter_graph

ENTITY_TYPES = state.ENTITY_PAGE_TYPES
#: Papers per page of an entity's paper table.
PAPERS_PAGE = 50
USED_WITH = 12


def _type_label(node_type: str) -> str:
    return f"{NODE_STYLES[node_type].symbol} {NODE_STYLES[node_type].label}"


def render(store: Store, config: state.Settings, controls: Controls) -> None:
    chosen = state.selected() or ""
    chosen_type = NodeId.parse(chosen).type
    if chosen_type in ENTITY_TYPES and st.session_state.get("entity_synced") != chosen:
        # An entity selected elsewhere opens here, once; a later change of type is the user's.
        st.session_state["entity_type"] = chosen_type
        st.session_state["entity_synced"] = chosen
    node_type = st.radio("Entity type", ENTITY_TYPES, format_func=_type_label, horizontal=True, key="entity_type")
    rows = state.entity_counts(store, node_type)
    if not rows:
        st.info(f"No {NODE_STYLES[node_type].label.lower()} is named by any paper yet.")
        return
    node = chosen if chosen_type == node_type else rows[0].node
    left, right = st.columns([1, 2.2], gap="medium")
    with left:
        _entity_table(rows, node_type)
    with right:
        _entity_page(store, node)
    _neighbourhood(config, controls, node)


def _entity_table(rows: list[EntityCount], node_type: str) -> None:
    shared = sum(1 for row in rows if row.papers > 1)
    noun = NODE_STYLES[node_type].label.lower()
    st.caption(f"All {len(rows):,} {noun} entities; {shared:,} named by two papers or more. Click a row to open it.")
    key = f"entity_table_{node_type}"
    st.dataframe(
        [{"name": short_label(node_type, row.name, 80), "papers": row.papers} for row in rows],
        hide_index=True,
        height=560,
        key=key,
        on_select=lambda: widgets.open_row(key, [row.node for row in rows]),
        selection_mode="single-row",
        column_config={"papers": st.column_config.NumberColumn("papers", width="small")},
    )


def _entity_page(store: Store, node: str) -> None:
    found = profiles.profile(store, node)
    parsed = NodeId.parse(node)
    node_type, name = parsed.type, parsed.key
    st.caption(_type_label(node_type))
    st.markdown(f"### {md_escape(short_label(node_type, name, 120))}")
    if found is None:
        st.warning("No paper in the store names this entity any more.")
        return
    if node_type in ("repo", "hf"):
        st.markdown(md_link("Open it ↗", name))
    how = ", ".join(f"{count} {relation.replace('_', ' ')}" for relation, count in sorted(found.relations.items()))
    dates = f" · from {found.first_date[:7]} to {found.last_date[:7]}" if found.first_date else ""
    st.markdown(f"**Named by {found.papers:,} paper{'s' if found.papers != 1 else ''}** ({md_escape(how)}){dates}")
    months = profiles.timeline(store, node)
    if len(months) > 1:
        st.caption("Papers naming it per month")
        st.bar_chart(
            {"month": [m for m, _ in months], "papers": [n for _, n in months]},
            x="month",
            y="papers",
            height=130,
            x_label="",
            y_label="",
        )
    facts, links = st.columns(2, gap="medium")
    with facts:
        _introducers(store, node)
    with links:
        code = profiles.released_code(store, node)
        st.markdown("**Code and weights** (linked by the papers proposing it)")
        if code:
            st.markdown(" · ".join(md_link(short_label(NodeId.parse(c.node).type, c.name, 50), c.name) for c in code))
        else:
            st.caption("None linked.")
    used = cousage(store, node, limit=USED_WITH)
    _names("Used with these datasets", _named(used.datasets), key=f"used_with_{node}")
    _names("Models named with it", _named(used.models), key=f"models_with_{node}")
    _names("Variants", profiles.variants(store, node), key=f"variants_{node}")
    _papers(store, node, found.papers)
    _correction_form(store, node)


def _introducers(store: Store, node: str) -> None:
    found = introduced_by(store, node)
    st.markdown("**Introduced by**" if found.proposed else "**First named by** (no paper here proposes it)")
    label = md_escape(f"{found.title} ({found.date[:7]})" if found.date else found.title)
    st.button(label, key=f"intro_{node}", type="tertiary", on_click=state.open_page, args=(found.paper,))
    if found.evidence:
        st.caption(f"“{md_escape(found.evidence)}”")


def _named(items: tuple[UsedWith, ...]) -> list[profiles.Named]:
    return [profiles.Named(item.node, NodeId.parse(item.node).key, item.papers) for item in items]


def _names(title: str, named: list[profiles.Named], *, key: str) -> None:
    """Entities as pills: clicking one opens its page."""
    if not named:
        return
    labels = {
        item.node: f"{short_label(NodeId.parse(item.node).type, item.name, 40)} ({item.papers})" for item in named
    }
    st.pills(
        title,
        list(labels),
        format_func=lambda node: md_escape(labels[node]),
        key=key,
        on_change=lambda: state.open_page(st.session_state[key]) if st.session_state.get(key) else None,
    )


def _papers(store: Store, node: str, total: int) -> None:
    st.markdown("**Papers naming it**, proposers first; click a row to open the paper")
    page = widgets.pager(total, PAPERS_PAGE, key=f"papers_page_{node}", noun="paper")
    refs = papers_naming(store, node, limit=PAPERS_PAGE, offset=page.start)
    key = f"papers_of_{node}"
    st.dataframe(
        [
            {
                "title": ref.title,
                "date": ref.date,
                "relation": ref.relation.replace("_", " "),
                "role": ref.role,
                "evidence": ref.evidence,
            }
            for ref in refs
        ],
        hide_index=True,
        key=key,
        on_select=lambda: widgets.open_row(key, [str(NodeId.paper(ref.paper_id)) for ref in refs]),
        selection_mode="single-row",
    )


def _neighbourhood(config: state.Settings, controls: Controls, node: str) -> None:
    st.markdown("**In the graph**: the entity, the papers naming it and what they name")
    view = state.load_view(config, focus=node, radius=2)
    # Every loaded paper naming the entity is lit: in the graph they are its predecessors.
    lit = {node, *(view.graph.predecessors(node) if node in view.graph else ())}
    graph = filter_graph(view.graph, controls.filters, keep=lit)
    payload = graph_payload(graph, selected=state.selected(), highlight=lit)
    graph_view(payload, key="entity_graph", height=520, on_select=clicked_in("entity_graph"))
    st.caption(coverage(view, payload) + " The highlighted nodes are the entity and the papers naming it.")


FIX_MESSAGE = "fix_message"


def _apply(store: Store, correction: Correction) -> None:
    """A callback: make the correction, then show the entity it leaves (none after a rejection)."""
    try:
        changed = corrections.correct(store, correction)
    except CorrectionError as err:
        st.session_state[FIX_MESSAGE] = ("error", str(err))
        return
    st.session_state[FIX_MESSAGE] = ("success", f"{correction.describe()}: {changed} mentions changed.")
    state.select(str(NodeId.entity(correction.type, correction.target)) if correction.target else None)


def _correction_form(store: Store, node: str) -> None:
    parsed = NodeId.parse(node)
    node_type, name = parsed.type, parsed.key
    kind, message = st.session_state.pop(FIX_MESSAGE, (None, ""))
    if kind:
        (st.error if kind == "error" else st.success)(md_escape(message))
    if node_type not in CORRECTABLE_TYPES:
        return
    with st.expander("Correct this entity: rename, merge into another, or reject"):
        st.caption(
            "A correction is kept in the store, applied at once to every paper and to every paper ingested later, "
            "and can be downloaded as a --vocab file for other stores."
        )
        action = st.radio("Correction", ("rename", "merge", "reject"), horizontal=True, key="fix_action")
        target = None
        if action == "rename":
            target = st.text_input("New name", value=name, key=f"fix_name_{node}")
        elif action == "merge":
            target = _merge_target(store, node_type, name)
        else:
            st.caption("Every mention of it is removed; later ingests drop it too.")
        correction = Correction(action, node_type, name, target)
        st.button("Apply", key="fix_apply", on_click=_apply, args=(store, correction), disabled=action == "merge"
                  and not target)  # fmt: skip
        made = corrections.corrections(store)
        if made:
            st.caption(f"{len(made)} correction{'s' if len(made) != 1 else ''} kept in this store.")
            st.download_button(
                "Download the corrections as a --vocab file",
                corrections.vocab_jsonl(made),
                file_name="corrections.jsonl",
                mime="application/jsonl",
                key="fix_download",
            )


def _merge_target(store: Store, node_type: str, name: str) -> str | None:
    text = st.text_input("Merge into (find it by name)", key="fix_find")
    if not text.strip():
        return None
    hits = state.find(store, text, kinds="entities", limit=50).hits
    options = [hit.label for hit in hits if hit.node_type == node_type and hit.label != name]
    if not options:
        st.caption(f"No other {NODE_STYLES[node_type].label.lower()} matches.")
        return None
    return st.selectbox("Merge into", options, key="fix_target")
