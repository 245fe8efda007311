"""The Hugging Face papers page saved as plain text: a page header, then per paper a title and an abstract line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from graphapp.ingest.records import ReadResult
from graphapp.model import IngestError, Paper, paper_id

#: Lines of the page chrome that precede the first paper.
HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "byak and the research community",
        "daily papers",
        "trending papers",
    }
)
_DATE_LINE = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:,? \d{4})?|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)
#: A title longer than this is almost certainly an abstract that lost its title.
MAX_TITLE_CHARS = 400
UNPAIRED = "title or abstract line without its pair"


def _is_header(line: str) -> bool:
    return line.casefold() in HEADER_LINES or bool(_DATE_LINE.match(line))


def _content_lines(stream: TextIO) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, the leading page header left out."""
    in_header = True
    for number, raw in enumerate(stream, 1):
        line = raw.strip()
        if not line:
            continue
        if in_header and _is_header(line):
            continue
        in_header = False
        yield number, line


def read_hf_text(stream: TextIO, source: str) -> ReadResult:
    """Pair each title line with the abstract line after it.

    The page is small, so it is read whole: a paper that lost its title or its abstract is then reported
    and skipped by looking one line ahead, and the papers after it still pair up correctly.
    """
    lines = list(_content_lines(stream))
    index = 0
    while index < len(lines):
        number, title = lines[index]
        if not looks_like_title(title):
            yield IngestError(source, f"line {number}", "abstract without a title line before it", UNPAIRED)
            index += 1
            continue
        following = lines[index + 1][1] if index + 1 < len(lines) else None
        after_that = lines[index + 2][1] if index + 2 < len(lines) else None
        if following is None or (looks_like_title(following) and not looks_like_title(after_that or "")):
            yield IngestError(source, f"line {number}", f"title {title[:60]!r} has no abstract", UNPAIRED)
            index += 1
            continue
        yield Paper(id=paper_id(None, title), title=title, abstract=following, source=source, location=f"line {number}")
        index += 2


def looks_like_title(line: str) -> bool:
    """Titles are short and rarely end with a full stop; abstracts are sentences."""
    return len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ".)", '."')) and line.count(". ") < 2


def looks_like_abstract(line: str) -> bool:
    """An abstract line is prose: it ends a sentence or holds several, and is no tagged field ("KW  - ...")."""
    return (line.endswith((".", ".)", '."')) or line.count(". ") >= 2) and not line[:6].rstrip().endswith("-")
