"""What every stored paper guarantees, whatever file it came from: clean text, bounded sizes, http(s) links.

Readers turn a file into :class:`~graphapp.model.Paper` records as faithfully as they can; this module
then checks each record once, for every format alike, and says what it changed:

- control characters (NUL, escape, backspace, ...), U+FFFE/U+FFFF and lone surrogates are not stored:
  separators become a space, the rest are removed, and a notice counts them;
- a title longer than :data:`MAX_TITLE_CHARS` skips the record (it is almost surely an abstract in the
  title field); an abstract longer than :data:`MAX_ABSTRACT_CHARS` is cut at a word boundary and marked;
- links are http(s) or nothing: ``javascript:``, ``data:``, ``file:`` and every other scheme are dropped,
  and quotes, angle brackets, backticks and spaces in a link are percent-encoded.

HTML in titles and abstracts is kept as the text it is: escaping it is the renderer's job.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from graphapp.ingest.records import MISSING, missing_fields_message
from graphapp.model import IngestError, IngestNotice, MetadataLink, Paper, paper_id

#: Ten times the arXiv limit (1,920): longer is a full text or garbage, and would swamp tooltips.
MAX_ABSTRACT_CHARS = 20_000
#: Real titles stay under 300 characters; a longer "title" is an abstract in the wrong field.
MAX_TITLE_CHARS = 1_000
#: Ids, URLs, author names and dates: longer values are dropped.
MAX_FIELD_CHARS = 2_000
TRUNCATION_MARK = " […]"

_SEPARATORS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]")
#: Controls, and the two noncharacters XML forbids (a GraphML or GEXF export holding them is not XML).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?")
#: The ASCII characters of _SEPARATORS and _CONTROLS (the others, and surrogates, are not ASCII).
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_URL_ESCAPES = {char: f"%{ord(char):02X}" for char in " \"'<>`\\^{|}"}
_HOST = re.compile(r"[\w.\-~%:\[\]@!$&()*+,;=]+")


def clean_text(text: str) -> tuple[str, int]:
    """The text without control characters or lone surrogates, and how many characters were changed.

    Tabs and line breaks stay; separators (form feed, vertical tab, ...) become spaces.

    >>> clean_text("Deep\\x00 Learning\\x0cfor \\x1b[31mall")
    ('Deep Learning for [31mall', 3)
    """
    if text.isascii() and len(text.encode("ascii").translate(None, _ASCII_CONTROLS)) == len(text):
        return text, 0  # the common case, told at C speed: every field of every paper passes here twice
    changed = 0
    for pattern, replacement in ((_SURROGATES, "\ufffd"), (_SEPARATORS, " "), (_CONTROLS, "")):
        text, count = pattern.subn(replacement, text)
        changed += count
    return text, changed


def clean_metadata(value: Any) -> Any:
    """Metadata fetched from a service (``fetch enrich``) with every text cleaned as paper fields are and cut to
    :data:`MAX_FIELD_CHARS`; numbers, booleans and None kept; lists and objects cleaned item by item.

    >>> clean_metadata({"description": "Whisper\\ud800\\uffff", "stars": 5, "topics": ["asr\\x00"]})
    {'description': 'Whisper�', 'stars': 5, 'topics': ['asr']}
    """
    if isinstance(value, str):
        return clean_text(value)[0][:MAX_FIELD_CHARS]
    if isinstance(value, list):
        return [clean_metadata(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key))[0]: clean_metadata(item) for key, item in value.items()}
    return value if value is None or isinstance(value, bool | int | float) else clean_text(str(value))[0]


def safe_http_url(url: str) -> str | None:
    """The URL when it is an absolute http(s) URL with a host, made safe to put in HTML; else None.

    >>> safe_http_url('https://github.com/a/b"onmouseover="x')
    'https://github.com/a/b%22onmouseover=%22x'
    >>> safe_http_url("javascript:alert(1)") is None, safe_http_url("data:text/html,<b>") is None
    (True, True)
    """
    text = url.strip()
    if not text or len(text) > MAX_FIELD_CHARS or re.search(r"[\x00-\x1f\x7f]", text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not text[len(parts.scheme) :].startswith("://"):
        return None
    if not parts.netloc or not _HOST.fullmatch(parts.netloc):
        return None
    rest = text[len(parts.scheme) :]
    return parts.scheme.lower() + "".join(_URL_ESCAPES.get(char, char) for char in rest)


def _preview(value: str, limit: int = 60) -> str:
    """A short, quoted, control-free rendering of an untrusted value for a message."""
    return repr(value[:limit] + ("…" if len(value) > limit else ""))


def _truncate(abstract: str) -> str:
    """The abstract cut to the limit at the last space before it, with a visible mark."""
    keep = MAX_ABSTRACT_CHARS - len(TRUNCATION_MARK)
    cut = abstract.rfind(" ", keep - 200, keep)
    return abstract[: cut if cut > 0 else keep].rstrip() + TRUNCATION_MARK


def checked_paper(paper: Paper) -> Iterator[Paper | IngestError | IngestNotice]:
    """The paper made safe to store, preceded by a notice for each change; or one error when it must be skipped."""
    notices: list[IngestNotice] = []

    def notice(reason: str, message: str) -> None:
        notices.append(IngestNotice(paper.source, paper.location, message, reason))

    controls = 0

    def clean(value: str) -> str:
        nonlocal controls
        text, changed = clean_text(value)
        controls += changed
        return text

    title = " ".join(clean(paper.title).split())
    abstract = _LINE_BREAKS.sub("\n", clean(paper.abstract)).strip()
    if problem := missing_fields_message({"title": title, "abstract": abstract}):
        yield IngestError(paper.source, paper.location, problem, MISSING)
        return
    if len(title) > MAX_TITLE_CHARS:
        message = f"title is {len(title):,} characters long (limit {MAX_TITLE_CHARS:,}): is the abstract in its place?"
        yield IngestError(paper.source, paper.location, message, "title too long")
        return
    if len(abstract) > MAX_ABSTRACT_CHARS:
        notice(
            "abstract truncated",
            f"abstract is {len(abstract):,} characters long; kept the first {MAX_ABSTRACT_CHARS:,}",
        )
        abstract = _truncate(abstract)

    def short_field(name: str, value: str | None) -> str | None:
        text = " ".join(clean(value).split()) if value else ""
        if len(text) > MAX_FIELD_CHARS:
            notice("over-long field dropped", f"{name} is {len(text):,} characters long; dropped it")
            return None
        return text or None

    def http_link(name: str, value: str | None) -> str | None:
        if not value:
            return None
        safe = safe_http_url(clean(value))
        if safe is None:
            notice("non-http(s) link dropped", f"{name} {_preview(value)} is not an http(s) link; dropped it")
        return safe

    given_id = short_field("id", paper.id)
    authors = [name for name in (short_field("author", author) for author in paper.authors) if name]
    links = [
        MetadataLink(url, link.label) for link in paper.links if (url := http_link(f"{link.label} link", link.url))
    ]
    checked = dataclasses.replace(
        paper,
        id=given_id or paper_id(None, title),
        title=title,
        abstract=abstract,
        url=http_link("url", paper.url),
        authors=authors,
        date=short_field("date", paper.date),
        links=links,
    )
    if controls:
        what = "character" if controls == 1 else "characters"
        notice("control characters removed", f"removed {controls} control or invalid {what} (NUL, escape, ...)")
    yield from notices
    yield checked
