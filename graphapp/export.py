"""Write a graph (whole, or a query result) as GraphML, GEXF, node-link JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv")
#: File name extension of each export format (csv is a zip holding nodes.csv and edges.csv).
EXTENSIONS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ".zip"}


def _scalar_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes are all strings or numbers, as GraphML and GEXF require (None -> "")."""

    def clean(attrs: dict) -> dict:
        return {
            key: value
            if isinstance(value, str | int | float) and not isinstance(value, bool)
            else ("" if value is None else json.dumps(value, ensure_ascii=False, default=str))
            for key, value in attrs.items()
        }

    copy = nx.DiGraph()
    copy.add_nodes_from((node, clean(data)) for node, data in graph.nodes(data=True))
    copy.add_edges_from((u, v, clean(data)) for u, v, data in graph.edges(data=True))
    return copy


def _csv_tables(graph: nx.DiGraph) -> dict[str, str]:
    """nodes.csv and edges.csv: one row per node (id, then every attribute) and per edge (source, target, ...)."""
    node_keys = sorted({key for _, data in graph.nodes(data=True) for key in data})
    edge_keys = sorted({key for _, _, data in graph.edges(data=True) for key in data})
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes)
    writer.writerow(["id", *node_keys])
    writer.writerows([node, *(data.get(key, "") for key in node_keys)] for node, data in graph.nodes(data=True))
    writer = csv.writer(edges)
    writer.writerow(["source", "target", *edge_keys])
    writer.writerows([u, v, *(data.get(key, "") for key in edge_keys)] for u, v, data in graph.edges(data=True))
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}


def _csv_zip(graph: nx.DiGraph) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in _csv_tables(graph).items():
            archive.writestr(name, table)
    return buffer.getvalue()


def export_bytes(graph: nx.DiGraph, fmt: str) -> bytes:
    """The graph serialised in ``fmt`` (one of :data:`EXPORT_FORMATS`).

    >>> g = nx.DiGraph(); g.add_edge("paper:a", "dataset:X", relation="uses")
    >>> b'"relation": "uses"' in export_bytes(g, "json")
    True
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "csv":
        return _csv_zip(graph)
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    buffer = io.BytesIO()
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    writer(_scalar_graph(graph), buffer)
    return buffer.getvalue()


def export_graph(graph: nx.DiGraph, fmt: str, path: str | Path) -> Path:
    """Write the graph to ``path``; for csv a zip with nodes.csv and edges.csv, or a directory of both."""
    path = Path(path)
    if fmt == "csv" and path.suffix != ".zip":
        path.mkdir(parents=True, exist_ok=True)
        for name, table in _csv_tables(graph).items():
            (path / name).write_text(table, encoding="utf-8", newline="")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_bytes(graph, fmt))
    return path
