"""Write a graph (whole, a view or a query result) in the formats other tools open.

- Graph tools: GraphML 1.0 and GEXF 1.3 (valid against their XML schemas: Gephi, Cytoscape, yEd), node-link JSON
  (NetworkX 3.4 to 3.6, D3), Cytoscape.js elements JSON, VOSviewer map and network files, CSV tables.
- Reference managers: the papers of the graph as BibTeX or RIS (Zotero, JabRef, EndNote).

Authors stay a list: a JSON array in JSON, ``["He, Kaiming", "Zhang, Xiangyu"]`` text in GraphML and GEXF,
"; "-separated in CSV, one ``AU`` line each in RIS, joined with " and " in BibTeX, so they can be split back.
Every text passes :func:`xml_text` (no character XML forbids) and CSV cells cannot start a spreadsheet formula.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import networkx as nx

from graphapp.model import arxiv_id

EXPORT_FORMATS = ("graphml", "gexf", "json", "cytoscape", "vosviewer", "csv", "bibtex", "ris")
#: File name extension of each format (csv and vosviewer are zips of two tables).
EXTENSIONS = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "cytoscape": ".cyjs",
    "vosviewer": ".zip",
    "csv": ".zip",
    "bibtex": ".bib",
    "ris": ".ris",
}
#: What each format is for, as the CLI's help and the app's format choice say it.
FORMAT_LABELS = {
    "graphml": "GraphML (Gephi, Cytoscape, yEd)",
    "gexf": "GEXF 1.3 (Gephi)",
    "json": "Node-link JSON (NetworkX, D3)",
    "cytoscape": "Cytoscape.js elements JSON",
    "vosviewer": "VOSviewer map and network files (zip)",
    "csv": "CSV (nodes.csv and edges.csv in a zip)",
    "bibtex": "BibTeX of the papers (Zotero, JabRef)",
    "ris": "RIS of the papers (Zotero, EndNote, Mendeley)",
}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
#: Characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(value: str) -> str:
    """The text without the characters XML cannot hold (a store written before the sanitizer removed them).

    >>> xml_text("Deep\\ufffe learning\\x00")
    'Deep learning'
    """
    return _NOT_XML.sub("", value)


def csv_cell(value: Any) -> Any:
    """A value safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-based methods"), csv_cell(3), csv_cell("BERT")
    ("'=HYPERLINK(1)", "'-based methods", 3, 'BERT')
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _attribute_text(value: Any) -> str:
    """A scalar attribute as text; lists and mappings as JSON, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return xml_text(str(value))
    return xml_text(json.dumps(value, ensure_ascii=False, default=str))


def _attribute_type(values: list[Any], names: dict[type, str]) -> str:
    """The narrowest declared type that holds every value of one attribute."""
    kinds = {type(value) for value in values if value is not None}
    for python_type in (bool, int, float):
        if kinds and kinds <= ({python_type, int} if python_type is float else {python_type}):
            return names[python_type]
    return names[str]


def _attribute_columns(items: list[dict]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {}
    for data in items:
        for key, value in data.items():
            columns.setdefault(key, []).append(value)
    return dict(sorted(columns.items()))


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def node_ids(graph: nx.DiGraph) -> dict[str, str]:
    """XML-safe node ids (n0, n1, ...): GraphML wants NMTOKENs, and paper and entity ids hold spaces and slashes."""
    return {node: f"n{index}" for index, node in enumerate(graph)}


def _graphml(graph: nx.DiGraph) -> bytes:
    """GraphML 1.0: one ``<key>`` per attribute with its type; the original node id in ``node_id``."""
    types = {bool: "boolean", int: "long", float: "double", str: "string"}
    ids = node_ids(graph)
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    node_columns = _attribute_columns([{"node_id": node, **data} for node, data in graph.nodes(data=True)])
    edge_columns = _attribute_columns([data for _, _, data in graph.edges(data=True)])
    keys: dict[tuple[str, str], str] = {}
    for scope, columns in (("node", node_columns), ("edge", edge_columns)):
        for name, values in columns.items():
            key = keys[scope, name] = f"d{len(keys)}"
            ET.SubElement(
                root, "key", {"id": key, "for": scope, "attr.name": name, "attr.type": _attribute_type(values, types)}
            )
    body = ET.SubElement(root, "graph", id="G", edgedefault="directed")
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(body, "node", id=ids[node])
        for name, value in {"node_id": node, **data}.items():
            ET.SubElement(element, "data", key=keys["node", name]).text = _attribute_text(value)
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        element = ET.SubElement(body, "edge", id=f"e{index}", source=ids[source], target=ids[target])
        for name, value in data.items():
            ET.SubElement(element, "data", key=keys["edge", name]).text = _attribute_text(value)
    return _xml_bytes(root)


def _gexf(graph: nx.DiGraph) -> bytes:
    """GEXF 1.3: node ids as in the graph, ``label`` the paper title or entity name, the rest as attributes."""
    types = {bool: "boolean", int: "long", float: "double", str: "string"}
    root = ET.Element("gexf", xmlns=GEXF_NS, version="1.3")
    meta = ET.SubElement(root, "meta", lastmodifieddate=datetime.now(UTC).date().isoformat())
    ET.SubElement(meta, "creator").text = "Paper Graph Explorer"
    body = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    node_columns = _attribute_columns([data for _, data in graph.nodes(data=True)])
    edge_columns = _attribute_columns([data for _, _, data in graph.edges(data=True)])
    for scope, columns in (("node", node_columns), ("edge", edge_columns)):
        declared = ET.SubElement(body, "attributes", {"class": scope, "mode": "static"})
        for index, (name, values) in enumerate(columns.items()):
            ET.SubElement(declared, "attribute", id=str(index), title=name, type=_attribute_type(values, types))
    node_index = {name: str(index) for index, name in enumerate(node_columns)}
    edge_index = {name: str(index) for index, name in enumerate(edge_columns)}
    nodes = ET.SubElement(body, "nodes", count=str(graph.number_of_nodes()))
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(nodes, "node", id=xml_text(node), label=_attribute_text(data.get("label", node)))
        _gexf_values(element, data, node_index)
    edges = ET.SubElement(body, "edges", count=str(graph.number_of_edges()))
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        element = ET.SubElement(edges, "edge", id=str(index), source=xml_text(source), target=xml_text(target))
        _gexf_values(element, data, edge_index)
    return _xml_bytes(root)


def _gexf_values(element: ET.Element, data: dict, index: dict[str, str]) -> None:
    if data:
        values = ET.SubElement(element, "attvalues")
        for name, value in data.items():
            ET.SubElement(values, "attvalue", {"for": index[name], "value": _attribute_text(value)})


def _node_link(graph: nx.DiGraph) -> bytes:
    """Node-link JSON under both edge keys: ``links`` (networkx 3.4 and 3.5's default, D3) and ``edges``
    (networkx 3.6's default), so ``nx.node_link_graph(data)`` reads it in every version this project allows."""
    data = nx.node_link_data(graph, edges="edges")
    data["links"] = data["edges"]
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _cytoscape(graph: nx.DiGraph) -> bytes:
    """Cytoscape.js elements (``cy.add(data.elements)``, Cytoscape's .cyjs): every attribute under ``data``."""
    nodes = [{"data": {**data, "id": node, "name": data.get("label", node)}} for node, data in graph.nodes(data=True)]
    edges = [
        {"data": {**data, "id": f"e{index}", "source": source, "target": target}}
        for index, (source, target, data) in enumerate(graph.edges(data=True))
    ]
    document = {"data": {"name": "Paper Graph Explorer"}, "elements": {"nodes": nodes, "edges": edges}}
    return json.dumps(document, ensure_ascii=False, indent=1, default=str).encode("utf-8")


#: VOSviewer colours clusters by number: one cluster per node type, in the graph's drawing order.
_VOS_CLUSTERS = ("paper", "dataset", "model", "method", "task", "repo", "hf", "link", "citation")


def _vosviewer_tables(graph: nx.DiGraph) -> dict[str, str]:
    """map.txt (id, label, description, url, cluster, weights) and network.txt (id, id, strength) for VOSviewer.

    VOSviewer shows the description as HTML, so it is escaped; ids are the positive integers it requires.
    """
    ids = {node: index for index, node in enumerate(graph, 1)}
    rows: list[list[Any]] = [["id", "label", "description", "url", "cluster", "weight<Links>", "weight<Papers>"]]
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "")
        cluster = _VOS_CLUSTERS.index(kind) + 1 if kind in _VOS_CLUSTERS else len(_VOS_CLUSTERS) + 1
        facts = [kind, data.get("date", ""), "; ".join(_authors(data)), data.get("paper_id", "")]
        facts.append(data.get("description", ""))  # a repo's own description, after `fetch enrich`
        description = html.escape(" · ".join(str(fact) for fact in facts if fact))
        label = " ".join(str(data.get("label", node)).split())
        rows.append([ids[node], label, description, data.get("url", ""), cluster, graph.degree(node)])
        rows[-1].append(graph.in_degree(node) if kind != "paper" else 1)
    links = [[ids[source], ids[target], data.get("count", 1)] for source, target, data in graph.edges(data=True)]
    return {"map.txt": _tab_separated(rows), "network.txt": _tab_separated(links)}


def _tab_separated(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([[xml_text(" ".join(str(cell).split())) for cell in row] for row in rows])
    return buffer.getvalue()


def _csv_tables(graph: nx.DiGraph) -> dict[str, str]:
    """nodes.csv and edges.csv: one row per node (id, then every attribute) and per edge (source, target, ...)."""
    node_keys = sorted({key for _, data in graph.nodes(data=True) for key in data})
    edge_keys = sorted({key for _, _, data in graph.edges(data=True) for key in data})

    def cell(value: Any) -> Any:
        text = "; ".join(value) if isinstance(value, list) else value
        return csv_cell(xml_text(text) if isinstance(text, str) else text)

    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes)
    writer.writerow(["id", *node_keys])
    writer.writerows(
        [cell(node), *(cell(data.get(key, "")) for key in node_keys)] for node, data in graph.nodes(data=True)
    )
    writer = csv.writer(edges)
    writer.writerow(["source", "target", *edge_keys])
    writer.writerows(
        [cell(u), cell(v), *(cell(data.get(key, "")) for key in edge_keys)] for u, v, data in graph.edges(data=True)
    )
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}


def _zip(tables: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tables.items():
            archive.writestr(name, table)
    return buffer.getvalue()


# --- references: the papers of the graph -------------------------------------------------------------------------


def _authors(data: dict) -> list[str]:
    authors = data.get("authors") or []
    return [str(name) for name in authors] if isinstance(authors, list) else [str(authors)]


def _papers(graph: nx.DiGraph) -> Iterator[dict]:
    """The paper nodes' attributes, in the graph's order."""
    return (data for _, data in graph.nodes(data=True) if data.get("type") == "paper")


def _ids(data: dict) -> tuple[str | None, str | None]:
    """(arXiv id, DOI) of a paper node, from its id (``2008.02217``, ``doi:10.1/x``)."""
    paper_id = str(data.get("paper_id", ""))
    return arxiv_id(paper_id), paper_id.removeprefix("doi:") if paper_id.startswith("doi:") else None


_BIBTEX_SPECIAL = {c: f"\\{c}" for c in "&%$#_"} | {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}"}
_BIBTEX_SPECIAL |= {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_text(value: str) -> str:
    """Text made safe inside a braced BibTeX field: LaTeX's special characters escaped, one line.

    >>> bibtex_text("50% of {BERT} & co_")
    '50\\\\% of \\\\{BERT\\\\} \\\\& co\\\\_'
    """
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in " ".join(xml_text(value).split()))


def _cite_key(data: dict, taken: set[str]) -> str:
    """``lastnameYEARfirstword`` in ASCII, made unique with a letter (``vaswani2017attention``, ...b)."""
    authors = _authors(data)
    first = authors[0] if authors else ""
    family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    words = [w for w in re.findall(r"[A-Za-z]+", _ascii(data.get("title", ""))) if len(w) > 3]
    base = f"{_ascii(family).lower()}{str(data.get('date', ''))[:4]}{words[0].lower() if words else ''}"
    base = re.sub(r"[^a-z0-9]", "", base) or "paper"
    key, suffix = base, 0
    while key in taken:
        suffix += 1
        key = f"{base}{chr(ord('a') + (suffix - 1) % 26)}{'' if suffix <= 26 else suffix}"
    taken.add(key)
    return key


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _bibtex(graph: nx.DiGraph) -> bytes:
    """One ``@article`` (``@misc`` for arXiv preprints) per paper, with eprint/archivePrefix or doi."""
    entries: list[str] = []
    taken: set[str] = set()
    for data in _papers(graph):
        arxiv, doi = _ids(data)
        fields = [("title", data.get("title", "")), ("author", " and ".join(_authors(data)))]
        date = str(data.get("date", ""))
        fields += [("year", date[:4]), ("date", date if len(date) > 4 else "")]
        fields += [("eprint", arxiv or ""), ("archiveprefix", "arXiv" if arxiv else ""), ("doi", doi or "")]
        fields += [("url", data.get("url", "")), ("abstract", data.get("abstract", ""))]
        body = ",\n".join(f"  {name} = {{{bibtex_text(str(value))}}}" for name, value in fields if value)
        entries.append(f"@{'misc' if arxiv else 'article'}{{{_cite_key(data, taken)},\n{body}\n}}\n")
    return "\n".join(entries).encode("utf-8")


def _ris(graph: nx.DiGraph) -> bytes:
    """One RIS record per paper: ``TY``, ``TI``, one ``AU`` per author, ``PY``/``DA``, ``DO``, ``UR``, ``AB``."""
    lines = []

    def tag(name: str, value: Any) -> None:
        text = " ".join(xml_text(str(value)).split())
        if text:
            lines.append(f"{name}  - {text}")

    for data in _papers(graph):
        arxiv, doi = _ids(data)
        lines.append("TY  - JOUR")
        tag("TI", data.get("title", ""))
        for author in _authors(data):
            tag("AU", author)
        date = str(data.get("date", ""))
        tag("PY", date[:4])
        tag("DA", "/".join(date.split("-")) + "/" if len(date) > 4 else "")
        tag("DO", doi or "")
        tag("UR", data.get("url", "") or (f"https://arxiv.org/abs/{arxiv}" if arxiv else ""))
        tag("AB", data.get("abstract", ""))
        tag("ID", data.get("paper_id", ""))
        lines += ["ER  - ", ""]
    return "\n".join(lines).encode("utf-8")


_WRITERS: dict[str, Callable[[nx.DiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "json": _node_link,
    "cytoscape": _cytoscape,
    "vosviewer": lambda graph: _zip(_vosviewer_tables(graph)),
    "csv": lambda graph: _zip(_csv_tables(graph)),
    "bibtex": _bibtex,
    "ris": _ris,
}
_TABLES = {"csv": _csv_tables, "vosviewer": _vosviewer_tables}


def export_bytes(graph: nx.DiGraph, fmt: str) -> bytes:
    """The graph serialised in ``fmt`` (one of :data:`EXPORT_FORMATS`).

    >>> g = nx.DiGraph(); g.add_edge("paper:a", "dataset:X", relation="uses")
    >>> b'"relation": "uses"' in export_bytes(g, "json")
    True
    """
    if fmt not in _WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    return _WRITERS[fmt](graph)


def export_graph(graph: nx.DiGraph, fmt: str, path: str | Path) -> Path:
    """Write the graph to ``path``; csv and vosviewer write a zip, or a directory of both tables when ``path``
    does not end with .zip."""
    path = Path(path)
    if fmt in _TABLES and path.suffix != ".zip":
        path.mkdir(parents=True, exist_ok=True)
        for name, table in _TABLES[fmt](graph).items():
            (path / name).write_text(table, encoding="utf-8", newline="")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_bytes(graph, fmt))
    return path
