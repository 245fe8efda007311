"""BibTeX files: entries with a title and an abstract field.

A small hand-written parser rather than a library, so that an entry with unbalanced braces is reported
with its line number and the entries after it are still read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TextIO

from graphapp.ingest.identity import MONTHS, clean_date, doi_url, identify
from graphapp.ingest.records import MISSING, ReadResult, missing_fields_message
from graphapp.model import IngestError, Paper

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w\-:.]*)\s*=\s*")
# Horizontal space only before "@": with \s* a long run of blank lines would be rescanned from every newline.
_NEXT_ENTRY = re.compile(r"\n[ \t]*@\s*[A-Za-z]+\s*[{(]")
_BARE_VALUE = re.compile(r"[^,#\s}]+")
_SKIPPED_TYPES = {"comment", "string", "preamble"}
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "c": "\u0327", "v": "\u030c"}
_ACCENT = re.compile(r"""\\([\"'`^~cv])\s*\{?\s*([A-Za-z])\}?""")
_SYMBOLS = {r"\&": "&", r"\%": "%", r"\_": "_", r"\$": "$", r"\#": "#", "~": " ", "--": "–"}


BIBTEX_SYNTAX = "BibTeX syntax error"


class BibtexSyntaxError(ValueError):
    """An entry whose braces or quotes do not close."""


def latex_to_text(value: str) -> str:
    """Plain text from a BibTeX field: accents to Unicode, grouping braces and escapes removed.

    >>> latex_to_text(r"Sch{\\"o}lkopf and {BERT} \\& co")
    'Schölkopf and BERT & co'
    """
    text = _ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]), value)
    for escape, plain in _SYMBOLS.items():
        text = text.replace(escape, plain)
    text = text.replace("{", "").replace("}", "")
    return " ".join(text.split())


def _read_braced(text: str, start: int, close: str, limit: int | None = None) -> int:
    """Index just past the delimiter that closes the group opened before ``start`` (looking before ``limit``)."""
    depth = 0
    index = start
    end = len(text) if limit is None else limit
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif char == close and depth == 0:
            return index + 1
        elif char == "}" and close != "}":
            raise BibtexSyntaxError("closing brace without an opening one")
        index += 1
    raise BibtexSyntaxError(f"unbalanced braces: no closing {close!r}")


def _read_value(body: str, index: int) -> tuple[str, int]:
    """One field value (braced, quoted, bare word or number, possibly joined with #) and where it ends."""
    parts: list[str] = []
    while True:
        while index < len(body) and body[index].isspace():
            index += 1
        if index >= len(body):
            raise BibtexSyntaxError("field without a value")
        char = body[index]
        if char in '{"':
            end = _read_braced(body, index + 1, "}" if char == "{" else '"')
            parts.append(body[index + 1 : end - 1])
            index = end
        else:
            match = _BARE_VALUE.match(body, index)
            if not match:
                raise BibtexSyntaxError(f"unexpected {char!r} where a value should start")
            parts.append(match.group())
            index = match.end()
        while index < len(body) and body[index].isspace():
            index += 1
        if index < len(body) and body[index] == "#":
            index += 1
            continue
        return "".join(parts), index


def parse_fields(body: str) -> tuple[str, dict[str, str]]:
    """The citation key and the fields (lower-cased names) of an entry body."""
    key, _, rest = body.partition(",")
    fields: dict[str, str] = {}
    index = 0
    while True:
        match = _FIELD_NAME.match(rest, index)
        if not match:
            if rest[index:].strip(" \t\r\n,"):
                raise BibtexSyntaxError(f"cannot read field at {rest[index : index + 30]!r}")
            return key.strip(), fields
        value, index = _read_value(rest, match.end())
        fields[match.group(1).lower()] = value
        while index < len(rest) and rest[index] in " \t\r\n,":
            index += 1


def _entries(text: str) -> Iterator[tuple[int, str, str | BibtexSyntaxError]]:
    """(line, entry type, body or the syntax error) for each ``@type{...}`` in the text.

    An entry may not run past the next line that starts a new entry, so one unclosed brace costs one
    entry, not every entry after it.
    """
    position = 0
    line, counted_to = 1, 0
    while (match := _ENTRY_START.search(text, position)) is not None:
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        close = "}" if match.group(2) == "{" else ")"
        next_entry = _NEXT_ENTRY.search(text, match.end())
        limit = next_entry.start() if next_entry else len(text)
        try:
            end = _read_braced(text, match.end(), close, limit)
        except BibtexSyntaxError as err:
            yield line, match.group(1).lower(), err
            position = limit
            continue
        yield line, match.group(1).lower(), text[match.end() : end - 1]
        position = end


def read_bibtex(stream: TextIO, source: str) -> ReadResult:
    """Every entry with a title and an abstract; others are reported with their line."""
    for line, entry_type, body in _entries(stream.read()):
        if entry_type in _SKIPPED_TYPES:
            continue
        location = f"line {line}"
        if isinstance(body, BibtexSyntaxError):
            yield IngestError(source, location, f"@{entry_type} entry: {body}", BIBTEX_SYNTAX)
            continue
        try:
            key, fields = parse_fields(body)
        except BibtexSyntaxError as err:
            yield IngestError(source, location, f"@{entry_type} entry: {err}", BIBTEX_SYNTAX)
            continue
        # The abstract keeps its LaTeX: the extractors read \url{...}, \cite{...} and accented names in it.
        title, abstract = latex_to_text(fields.get("title", "")), fields.get("abstract", "").strip()
        if problem := missing_fields_message({"title": title, "abstract": abstract}):
            yield IngestError(source, location, f"entry {key[:60]!r} is {problem}", MISSING)
            continue
        author_field = " ".join(fields.get("author", "").split())  # one space between words keeps the split linear
        authors = [latex_to_text(name) for name in author_field.split(" and ") if name.strip()]
        doi = latex_to_text(fields.get("doi", "")) or None
        yield Paper(
            id=identify(title, arxiv=_eprint_arxiv(fields), doi=doi, evidence=_arxiv_evidence(fields)),
            title=title,
            abstract=abstract,
            url=latex_to_text(fields.get("url", "")) or doi_url(doi),
            authors=authors,
            date=_date(fields),
            source=source,
            location=location,
        )


def _eprint_arxiv(fields: dict[str, str]) -> str | None:
    """``eprint`` when it is an arXiv id (``archivePrefix``/``eprinttype`` arXiv, or none given)."""
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip().lower()
    return fields.get("eprint") if archive == "arxiv" else None


def _arxiv_evidence(fields: dict[str, str]) -> list[str]:
    """Fields where Zotero, DBLP and Google Scholar write an arXiv id: ``journal = {arXiv:2008.02217 [cs]}``,
    ``journal = {arXiv preprint arXiv:...}``, arxiv.org URLs, notes."""
    names = ("journal", "journaltitle", "url", "note", "howpublished", "volume", "number", "eprint")
    return [latex_to_text(fields[name]) for name in names if name in fields]


def _date(fields: dict[str, str]) -> str | None:
    """BibLaTeX ``date`` (2022-09-12, 2021-10), else ``year`` with ``month`` (a number or jan, feb, ...)."""
    if date := clean_date(latex_to_text(fields.get("date", "")).split("/")[0]):
        return date
    year = latex_to_text(fields.get("year", ""))
    if not year.isdigit():
        return None
    month = latex_to_text(fields.get("month", "")).lower()
    number = int(month) if month.isdigit() else MONTHS.get(month[:3])
    return f"{year}-{number:02d}" if number and 1 <= number <= 12 else year
