"""The explorer's views and the switch between them (only the chosen one is computed)."""

from __future__ import annotations

from graphapp.store import Store
from graphapp.ui import (
    code_page,
    entities_page,
    entity_page,
    export_page,
    fetch_page,
    graph_page,
    map_page,
    paper_page,
    state,
    trends_page,
    upload_page,
)
from graphapp.ui.sidebar import Controls

VIEWS = ("Graph", "Map", "Paper", "Entity", "Trends", "Code and models", "Entities", "Add papers", "Fetch", "Export")


def render(view: str, store: Store, config: state.Settings, controls: Controls) -> None:
    if view == "Graph":
        graph_page.render(store, config, controls)
    elif view == "Entity":
        entity_page.render(store, config, controls)
    elif view == "Code and models":
        code_page.render(store)
    elif view == "Map":
        map_page.render(store)
    elif view == "Trends":
        trends_page.render(store)
    elif view == "Paper":
        paper_page.render(store, config)
    elif view == "Entities":
        entities_page.render(store)
    elif view == "Add papers":
        upload_page.render(config)
    elif view == "Fetch":
        fetch_page.render(config)
    elif view == "Export":
        export_page.render(config, controls)
