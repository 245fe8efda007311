"""Every reader on a fixture with good and bad records: papers come out, bad records become located errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from graphapp.ingest import read_papers, sniff_format
from graphapp.ingest.bibtex import latex_to_text
from graphapp.model import IngestError, Paper, paper_id


def split(path: Path, fmt: str | None = None) -> tuple[list[Paper], list[IngestError]]:
    items = list(read_papers(path, fmt))
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, IngestError)]


def test_bundled_hf_page_gives_88_papers_and_no_header(bundled_papers):
    papers, errors = split(bundled_papers)
    assert errors == []
    assert len(papers) == 88
    assert len({p.id for p in papers}) == 88
    assert papers[0].title == "On Expressivity and Trainability of Quadratic Networks"
    assert papers[0].abstract.startswith("Inspired by the diversity of biological neurons")
    titles = {p.title for p in papers}
    assert not titles & {"new", "Subscribe", "Mar 11", "Get trending papers in your email inbox!"}


def test_bundled_page_matches_the_eval_copy(bundled_papers):
    eval_copy = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seed_papers.jsonl"
    if not eval_copy.exists():
        pytest.skip("the shared eval set is not next to this checkout")
    expected = [json.loads(line) for line in eval_copy.open(encoding="utf-8")]
    papers, _ = split(bundled_papers)
    assert [(p.title, p.abstract) for p in papers] == [(e["title"], e["abstract"]) for e in expected]


def test_hf_text_resyncs_after_a_missing_abstract(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "new\n\nSubscribe\n\nMar 11\n\nTitle A\n\nAbstract a. More.\n\nTitle B\n\n"
        "Title C\n\nAbstract c. Long.\n\nOrphan abstract. It has sentences. Many.\n\nTitle D\n",
        encoding="utf-8",
    )
    papers, errors = split(page)
    assert [p.title for p in papers] == ["Title A", "Title C"]
    assert [str(e) for e in errors] == [
        f"{page}, line 11: title 'Title B' has no abstract",
        f"{page}, line 17: abstract without a title line before it",
        f"{page}, line 19: title 'Title D' has no abstract",
    ]


def test_jsonl_keeps_ids_and_reports_bad_lines(fixtures):
    papers, errors = split(fixtures / "papers.jsonl")
    assert [p.id for p in papers] == ["2106.09685", paper_id(None, "A paper without an id"), "x-4"]
    assert papers[0].authors == ["Edward Hu", "Yelong Shen"] and papers[0].date == "2021-06-17"
    assert papers[1].abstract.startswith("We fine-tune BERT")  # "summary" accepted for abstract
    assert papers[2].authors == ["Ada Lovelace", "Alan Turing"]
    assert [(e.location, e.message) for e in errors] == [
        ("line 3", "not valid JSON (Expecting value at column 1)"),
        ("line 4", "missing abstract"),
    ]


def test_json_document_with_a_list_field(fixtures):
    papers, errors = split(fixtures / "papers.json")
    assert [p.id for p in papers] == ["p1", "p2"]
    assert [str(e) for e in errors] == [
        f"{fixtures / 'papers.json'}, record 3: expected an object with title and abstract, got list"
    ]


def test_csv_quoted_newlines_missing_and_extra_columns(fixtures):
    papers, errors = split(fixtures / "papers.csv")
    assert [p.id for p in papers] == ["p1", "p4"]
    assert papers[0].abstract == "An abstract\nthat spans two lines, using MNIST."
    assert papers[0].authors == ["A", "B"]
    assert [(e.location, e.message) for e in errors] == [
        ("line 4", "missing abstract"),
        ("line 5", "2 more values than header columns"),
    ]


def test_csv_without_title_column_is_one_clear_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,text\na,b\n", encoding="utf-8")
    papers, errors = split(path)
    assert papers == [] and len(errors) == 1 and "must name title and abstract" in errors[0].message


def test_hf_daily_papers_api(fixtures):
    papers, errors = split(fixtures / "hf_daily_papers.json")
    assert [p.id for p in papers] == ["2502.01234", "2502.09999"]
    first = papers[0]
    assert first.title == "TinyThink: Small Models Reason Too"
    assert first.authors == ["Jane Doe", "John Roe"] and first.date == "2025-02-03"
    assert first.url == "https://huggingface.co/papers/2502.01234"
    assert [(link.label, link.url) for link in first.links] == [
        ("code", "https://github.com/acme/tinythink"),
        ("project page", "https://acme.github.io/tinythink/"),
    ]
    assert [(e.location, e.message) for e in errors] == [("record 2", "missing summary")]


def test_arxiv_atom(fixtures):
    papers, errors = split(fixtures / "arxiv_atom.xml")
    assert len(papers) == 1
    paper = papers[0]
    assert (paper.id, paper.title, paper.date) == ("1706.03762", "Attention Is All You Need", "2017-06-12")
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert paper.url == "https://arxiv.org/abs/1706.03762v7"
    assert [(e.location, e.message) for e in errors] == [("entry 2", "missing summary")]


def test_arxiv_atom_malformed_xml_names_the_line(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n</feed>\n')
    papers, errors = split(path)
    assert papers == [] and errors[0].location == "line 4"


def test_arxiv_atom_refuses_entity_expansion(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol2;</title></entry></feed>\n'
    )
    papers, errors = split(path)
    assert papers == [] and "unsafe XML" in errors[0].message


def test_bibtex(fixtures):
    papers, errors = split(fixtures / "papers.bib")
    assert [p.title for p in papers] == ["Deep Residual Learning for Image Recognition", "Quoted Title"]
    assert papers[0].id == "1512.03385"
    assert papers[0].authors[2] == "Schölkopf, Bernhard"
    assert r"\url{https://github.com/KaimingHe/deep-residual-networks}" in papers[0].abstract
    assert papers[1].url == "https://doi.org/10.1000/xyz123"
    assert [(e.location, e.message) for e in errors] == [
        ("line 11", "@inproceedings entry: unbalanced braces: no closing '}'"),
        ("line 16", "entry 'noabstract' is missing abstract"),
    ]


def test_latex_to_text():
    assert latex_to_text(r"G{\'e}rard M\"uller \& {BERT}") == "Gérard Müller & BERT"


def test_gzip_and_format_override(tmp_path, fixtures):
    packed = tmp_path / "papers.jsonl.gz"
    packed.write_bytes(gzip.compress((fixtures / "papers.jsonl").read_bytes()))
    papers, _ = split(packed)
    assert len(papers) == 3
    renamed = tmp_path / "papers.data"
    renamed.write_bytes((fixtures / "papers.csv").read_bytes())
    assert len(split(renamed, "csv")[0]) == 2


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("x.jsonl", '{"title": "a"}', "jsonl"),
        ("x.txt", "new\n\nTitle\n\nAbstract.", "hf-text"),
        ("x", '{"title": "a", "abstract": "b"}\n{"title": "c"}', "jsonl"),
        ("x", "<?xml version='1.0'?><feed>", "arxiv"),
        ("x", "@article{k, title={a}}", "bibtex"),
        ("x", "title,abstract\na,b", "csv"),
        ("x.txt", "@misc{k, title={a}}", "bibtex"),
    ],
)
def test_sniff_format(tmp_path, name, head, expected):
    path = tmp_path / name
    path.write_text(head, encoding="utf-8")
    assert sniff_format(path, head, lambda: path.open(encoding="utf-8")) == expected


def test_sniff_json_document_as_hf_api(fixtures):
    path = fixtures / "hf_daily_papers.json"
    head = path.read_text(encoding="utf-8")[:4096]
    assert sniff_format(path, head, lambda: path.open(encoding="utf-8")) == "hf-api"


def test_unknown_format_is_refused(fixtures):
    with pytest.raises(ValueError, match="unknown format"):
        list(read_papers(fixtures / "papers.csv", "docx"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02binary\xff\x00", "binary content")],
)
def test_unreadable_files_are_one_error(tmp_path, content, message):
    path = tmp_path / "input.jsonl"
    path.write_bytes(content)
    papers, errors = split(path)
    assert papers == [] and message in errors[0].message and errors[0].source == str(path)


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    papers, errors = split(tmp_path / "absent.jsonl")
    assert papers == [] and "No such file" in errors[0].message


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf-8-sig"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "papers.jsonl"
    line = json.dumps({"id": "e1", "title": "Café Müller", "abstract": "Naïve Bayes on CIFAR-10."}, ensure_ascii=False)
    path.write_bytes((line + "\n").encode(encoding))
    papers, errors = split(path)
    assert errors == [] and papers[0].title == "Café Müller" and papers[0].abstract.startswith("Naïve")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("arXiv:2303.12345v2", "2303.12345"),
        ("2303.12345", "2303.12345"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("seed-001", "seed-001"),
        ("  padded  ", "padded"),
    ],
)
def test_paper_id(given, expected):
    assert paper_id(given, "any title") == expected


def test_paper_id_from_title_ignores_case_and_punctuation():
    assert paper_id(None, "Attention Is All You Need") == paper_id("", "attention is all you need!")
    assert paper_id(None, "Attention Is All You Need").startswith("title-")
