"""Exports other tools open: GraphML and GEXF valid against their schemas (../shared/interop/xsd), node-link JSON
that networkx reads with its default keyword, Cytoscape.js elements, VOSviewer files, BibTeX and RIS of the papers;
and the three export findings of issue 15 (items 3, 4, 5)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import httpx
import networkx as nx
import pytest
import xmlschema
from fetch_fakes import FakeClock, fake_client
from lxml import etree

from graphapp.cli import main
from graphapp.export import EXPORT_FORMATS, export_bytes, export_graph
from graphapp.fetch.enrich import annotate_graph, describe, enrich_store, entity_metadata
from graphapp.graph import build_graph
from graphapp.ingest import read_papers
from graphapp.model import Occurrence, Paper, paper_id
from graphapp.store import Store
from tests.conftest import INTEROP

FORMULA = '=HYPERLINK("http://evil.example")'
PAPERS = [
    Paper(
        "2008.02217",
        "Hopfield Networks is All You Need",
        "We use ImageNet. Code: https://github.com/ml-jku/hopfield-layers",
        url="https://arxiv.org/abs/2008.02217",
        authors=["Ramsauer, Hubert", "Schäfl, Bernhard"],
        date="2020-07-16",
    ),
    Paper(
        "doi:10.1109/mcse.2018.2884139",
        "The European Approach to the Exascale Challenge {50% & more}",
        "An integrated European exascale computing infrastructure.\nSecond line.",
        authors=["G. Kalbe"],
        date="2019",
    ),
    Paper(paper_id(None, FORMULA), '=HYPERLINK("http://evil.example")', "A title that is a formula.", authors=["@me"]),
]
OCCURRENCES = {
    "2008.02217": [
        Occurrence("dataset", "ImageNet 1k", "uses", "ImageNet", "We use ImageNet."),
        Occurrence("url", "https://github.com/ml-jku/hopfield-layers", "links_to", "x", "Code", kind="github_repo"),
    ],
    "doi:10.1109/mcse.2018.2884139": [Occurrence("dataset", "ImageNet 1k", "mentions", "ImageNet", "ImageNet")],
    paper_id(None, FORMULA): [Occurrence("method", "-based attention", "proposes", "x", "x")],
}


@pytest.fixture
def graph(tmp_path) -> nx.DiGraph:
    with Store(tmp_path / "export.sqlite") as store:
        with store.transaction():
            for paper in PAPERS:
                store.put_paper(paper, OCCURRENCES[paper.id])
        return build_graph(store)


def schema(*parts: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(INTEROP.joinpath("xsd", *parts)))


@pytest.fixture(scope="module")
def graphml_schema() -> xmlschema.XMLSchema:
    return schema("graphml", "graphml.xsd")


@pytest.fixture(scope="module")
def gexf_schema() -> xmlschema.XMLSchema:
    return schema("1.3", "gexf.xsd")


def test_graphml_is_valid_against_the_schema_and_keeps_ids(graph, graphml_schema):
    data = export_bytes(graph, "graphml")
    graphml_schema.validate(io.BytesIO(data))
    back = nx.read_graphml(io.BytesIO(data))
    assert {attrs["node_id"] for _, attrs in back.nodes(data=True)} == set(graph.nodes)
    assert "dataset:ImageNet 1k" in {attrs["node_id"] for _, attrs in back.nodes(data=True)}  # a space: not an NMTOKEN


def test_gexf_is_valid_against_the_1_3_schema(graph, gexf_schema):
    data = export_bytes(graph, "gexf")
    gexf_schema.validate(io.BytesIO(data))
    back = nx.read_gexf(io.BytesIO(data))
    assert set(back.nodes) == set(graph.nodes) and set(back.edges) == set(graph.edges)
    assert back.nodes["paper:2008.02217"]["label"] == "Hopfield Networks is All You Need"


@pytest.mark.slow  # ingests the bundled papers
def test_bundled_store_exports_validate(tmp_path, graphml_schema, gexf_schema):
    db = tmp_path / "bundled.sqlite"
    assert main(["ingest", "--db", str(db)]) == 0
    for fmt, checked in (("graphml", graphml_schema), ("gexf", gexf_schema)):
        out = tmp_path / f"g.{fmt}"
        assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
        checked.validate(str(out))


def test_authors_stay_lists(graph):
    node = "paper:2008.02217"
    assert graph.nodes[node]["authors"] == ["Ramsauer, Hubert", "Schäfl, Bernhard"]
    as_json = json.loads(export_bytes(graph, "json"))
    assert next(n for n in as_json["nodes"] if n["id"] == node)["authors"] == ["Ramsauer, Hubert", "Schäfl, Bernhard"]
    back = nx.read_graphml(io.BytesIO(export_bytes(graph, "graphml")))
    (attrs,) = [attrs for _, attrs in back.nodes(data=True) if attrs["node_id"] == node]
    assert json.loads(attrs["authors"]) == ["Ramsauer, Hubert", "Schäfl, Bernhard"]
    with zipfile.ZipFile(io.BytesIO(export_bytes(graph, "csv"))) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    assert next(row for row in rows if row["id"] == node)["authors"].split("; ") == graph.nodes[node]["authors"]


def test_node_link_json_reads_with_the_default_keyword(graph):
    """networkx 3.4 and 3.5 default to ``links``, 3.6 to ``edges``: both keys are written."""
    data = json.loads(export_bytes(graph, "json"))
    assert data["links"] == data["edges"]
    for keyword in ({}, {"edges": "links"}, {"edges": "edges"}):
        back = nx.node_link_graph(data, **keyword)
        assert set(back.edges) == set(graph.edges)


def test_cytoscape_elements(graph):
    document = json.loads(export_bytes(graph, "cytoscape"))
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    ids = {node["data"]["id"] for node in nodes}
    assert ids == set(graph.nodes)
    assert all(edge["data"]["source"] in ids and edge["data"]["target"] in ids for edge in edges)
    assert len({edge["data"]["id"] for edge in edges}) == len(edges) == graph.number_of_edges()
    hopfield = next(node["data"] for node in nodes if node["data"]["id"] == "paper:2008.02217")
    assert hopfield["name"] == "Hopfield Networks is All You Need"


def test_vosviewer_map_and_network(graph, tmp_path):
    folder = export_graph(graph, "vosviewer", tmp_path / "vos")
    map_rows = list(csv.reader((folder / "map.txt").open(encoding="utf-8"), delimiter="\t"))
    assert map_rows[0][:5] == ["id", "label", "description", "url", "cluster"]
    ids = {int(row[0]): row for row in map_rows[1:]}
    assert sorted(ids) == list(range(1, graph.number_of_nodes() + 1))  # positive integers, as VOSviewer needs
    network = [[int(cell) for cell in row] for row in csv.reader((folder / "network.txt").open(), delimiter="\t")]
    assert len(network) == graph.number_of_edges() and all(a in ids and b in ids for a, b, _ in network)
    exascale = next(row for row in map_rows if row[1].startswith("The European Approach"))
    assert "&amp;" not in exascale[1] and "G. Kalbe" in exascale[2]  # labels plain, descriptions HTML-escaped
    with zipfile.ZipFile(io.BytesIO(export_bytes(graph, "vosviewer"))) as archive:
        assert sorted(archive.namelist()) == ["map.txt", "network.txt"]


@pytest.mark.parametrize("fmt", ["bibtex", "ris"])
def test_references_read_back_with_ids_authors_and_dates(graph, tmp_path, fmt):
    path = tmp_path / f"selection.{'bib' if fmt == 'bibtex' else 'ris'}"
    path.write_bytes(export_bytes(graph, fmt))
    papers = {p.id: p for p in read_papers(path) if isinstance(p, Paper)}
    assert set(papers) == {"2008.02217", "doi:10.1109/mcse.2018.2884139", paper_id(None, FORMULA)}
    hopfield = papers["2008.02217"]
    assert hopfield.authors == ["Ramsauer, Hubert", "Schäfl, Bernhard"] and hopfield.date == "2020-07-16"
    exascale = papers["doi:10.1109/mcse.2018.2884139"]
    assert exascale.authors == ["G. Kalbe"] and exascale.date == "2019"
    assert exascale.title.startswith("The European Approach to the Exascale Challenge")


def test_bibtex_escapes_what_would_break_an_entry(graph):
    text = export_bytes(graph, "bibtex").decode()
    assert r"\{50\% \& more\}" in text and "eprint = {2008.02217}" in text and "archiveprefix = {arXiv}" in text
    assert "@misc{ramsauer2020hopfield," in text and "@article{kalbe2019european," in text


def test_export_of_a_selection_from_the_cli(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    assert main(["ingest", str(INTEROP / "ris/litstudy_example.ris"), "--db", str(db)]) == 0
    out = tmp_path / "exascale.ris"
    assert main(["export", "--db", str(db), "--format", "ris", "--search", "architecture", "--out", str(out)]) == 0
    papers = [p for p in read_papers(out) if isinstance(p, Paper)]
    assert papers and all("architecture" in p.title.lower() for p in papers)
    everything = [p for p in read_papers(INTEROP / "ris/litstudy_example.ris") if isinstance(p, Paper)]
    assert len(papers) == sum("architecture" in p.title.lower() for p in everything) < len(everything)
    by_id = {p.id: p for p in everything}
    assert all(p.authors == by_id[p.id].authors and p.date[:4] == by_id[p.id].date[:4] for p in papers)


def test_every_format_exports(graph):
    for fmt in EXPORT_FORMATS:
        assert export_bytes(graph, fmt)


# --- issue 15, items 3, 4 and 5 ----------------------------------------------------------------------------------


def test_item03_graphml_and_gexf_stay_xml_with_noncharacters(tmp_path, graphml_schema, gexf_schema):
    """U+FFFF and U+FFFE passed the sanitizer and made the exports not XML; lxml (installed here) refused them."""
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": "x1", "title": "Odd\uffff title\ufffe", "abstract": "Uses MNIST."}) + "\n")
    (paper,) = [p for p in read_papers(path) if isinstance(p, Paper)]
    assert paper.title == "Odd title"
    graph = nx.DiGraph()
    graph.add_node("paper:x1", type="paper", label="Stored \uffff before the fix\ufffe", title="t\x01", authors=[])
    for fmt, checked in (("graphml", graphml_schema), ("gexf", gexf_schema)):
        data = export_bytes(graph, fmt)
        etree.fromstring(data)  # lxml's strict parser: well-formed XML
        checked.validate(io.BytesIO(data))
        assert "Stored  before the fix" in data.decode()


def test_item04_csv_cells_cannot_start_a_formula(graph):
    with zipfile.ZipFile(io.BytesIO(export_bytes(graph, "csv"))) as archive:
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    formula = next(row for row in nodes if row["id"] == f"paper:{paper_id(None, FORMULA)}")
    assert formula["title"] == '\'=HYPERLINK("http://evil.example")' and formula["authors"] == "'@me"
    assert any(row["id"] == "'method:-based attention" or row["label"] == "'-based attention" for row in nodes)
    for row in [*nodes, *edges]:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_item05_enrich_metadata_passes_the_sanitizer(tmp_path):
    """A lone surrogate in a repo description crashed the Code view and the JSON, CSV and GraphML exports."""
    url = "https://github.com/ml-jku/hopfield-layers"
    body = '{"stargazers_count": 5, "description": "Hopfield \\ud800 layers\\u0000\\uffff", "topics": ["a\\udfff"]}'

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=body, headers={"content-type": "application/json"})

    with Store(tmp_path / "e.sqlite") as store:
        with store.transaction():
            store.put_paper(PAPERS[0], OCCURRENCES["2008.02217"])
        enrich_store(store, fake_client(httpx.MockTransport(handle), FakeClock()), env={})
        meta = entity_metadata(store)[url]
        assert meta["description"] == "Hopfield \ufffd layers" and meta["topics"] == ["a\ufffd"]
        # a row written raw by an older version is cleaned when read
        with store.transaction():
            store.put_entity_metadata([("url", url, "github", json.loads(body.replace("stargazers_count", "stars")))])
        assert entity_metadata(store)[url]["description"] == "Hopfield \ufffd layers"
        graph = build_graph(store)
        annotate_graph(graph, store)
        describe(entity_metadata(store)[url]).encode("utf-8")  # the Code view's About column
    for fmt in EXPORT_FORMATS:
        data = export_bytes(graph, fmt)
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        assert "Hopfield \ufffd layers" in data.decode("utf-8") or fmt in ("bibtex", "ris")  # no surrogate anywhere
