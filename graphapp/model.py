"""Records shared by every layer: a paper as read from a source, and a problem found while reading one."""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from dataclasses import dataclass, field

_ARXIV_ID = re.compile(
    r"^(?:arxiv:\s*)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MetadataLink:
    """A link a source gives as a field (e.g. Hugging Face's ``githubRepo``), not written in the text."""

    url: str
    label: str


@dataclass(slots=True)
class Paper:
    """One paper as read from a file or an API: the unit that ingest stores and the graph draws."""

    id: str
    title: str
    abstract: str
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    source: str = ""
    links: list[MetadataLink] = field(default_factory=list)
    location: str = ""
    """Where in the source the record was read ("line 12", "record 3"), for messages about it; not stored."""


@dataclass(frozen=True, slots=True)
class SourceMessage:
    """Something to tell a user about one record of one source, said with where it is so they can find it."""

    source: str
    location: str
    """"line 12", "record 3" or "" when it concerns the whole input."""
    message: str
    reason: str = ""
    """A short category ("not valid JSON") that the ingest summary counts by; the message when empty."""

    def __str__(self) -> str:
        where = f"{self.source}, {self.location}" if self.location else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class IngestError(SourceMessage):
    """A record that could not be read and was skipped."""


@dataclass(frozen=True, slots=True)
class IngestNotice(SourceMessage):
    """A record that was stored, but not exactly as given (abstract truncated, unsafe URL dropped, ...)."""


def arxiv_id(value: str | None) -> str | None:
    """The bare arXiv identifier (no prefix, no version) if ``value`` is one, else None.

    >>> arxiv_id("arXiv:2303.12345v2")
    '2303.12345'
    >>> arxiv_id("seed-001") is None
    True
    """
    if not value:
        return None
    match = _ARXIV_ID.match(value.strip())
    return match.group("id") if match else None


def normalise_title(title: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a title, for matching the same paper across sources."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def paper_id(given: str | None, title: str) -> str:
    """A stable id: the arXiv id when known, else the id the source gave, else one derived from the title.

    Ingesting the same paper twice therefore updates one record instead of adding a second.

    >>> paper_id("arXiv:2303.12345v1", "Whatever")
    '2303.12345'
    >>> paper_id(None, "Attention Is All You Need") == paper_id(None, "attention is all you need.")
    True
    """
    if given and given.strip():
        return arxiv_id(given) or given.strip()
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:16]
    return f"title-{digest}"


def mention_origin(field_name: str) -> str:
    """Where an edge came from, by the field that named it: "metadata" for links a source gives as fields, "text"
    for everything read from the title or abstract.

    >>> mention_origin("metadata"), mention_origin("abstract"), mention_origin("title")
    ('metadata', 'text', 'text')
    """
    return "metadata" if field_name == "metadata" else "text"


#: Evidence longer than this is cut around the mention, so a run-on "sentence" cannot bloat a tooltip or a table.
MAX_EVIDENCE_CHARS = 400
#: How much text either side of the mention a cut sentence keeps.
_CUT_REACH = 150


def quote_evidence(text: str, first: int, last: int, start: int, end: int) -> str:
    """How the evidence ``text[first:last]`` of the mention ``text[start:end]`` reads: whitespace collapsed, and
    when longer than ``MAX_EVIDENCE_CHARS``, cut to the text around the mention, marked with "…" at both ends.

    The store keeps only ``first`` and ``last`` and quotes again on reading, so this is the one definition.

    >>> quote_evidence("We use   CIFAR-10. Thanks.", 0, 18, 9, 17)
    'We use CIFAR-10.'
    """
    sentence = " ".join(text[first:last].split())
    if len(sentence) > MAX_EVIDENCE_CHARS:
        middle = " ".join(text[max(first, start - _CUT_REACH) : min(last, end + _CUT_REACH)].split())
        sentence = f"…{middle}…"
    return sentence


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One paper -> entity edge as stored: what was named, how the paper relates to it, and the evidence.

    ``evidence_span`` is where the evidence lies in the field's text, when it is a part of it: the store then
    keeps those offsets rather than a copy of the sentence, and :func:`quote_evidence` reads it back the same.
    """

    entity_type: str
    name: str
    relation: str
    """proposes, uses, mentions, links_to or cites."""
    surface: str
    evidence: str
    field: str = "abstract"
    """Where it was found: title, abstract, or metadata for links a source gives as fields."""
    start: int | None = None
    end: int | None = None
    role: str | None = None
    kind: str | None = None
    family: str | None = None
    evidence_span: tuple[int, int] | None = None

    @property
    def origin(self) -> str:
        """ "metadata" for links given as source fields, "text" for everything read from the text."""
        return mention_origin(self.field)

    def __reduce__(self) -> tuple:
        # Rebuilt by the constructor: half the time a frozen dataclass's own pickling takes, and
        # worker processes send tens of millions of these to the process that writes the store.
        return (Occurrence, _occurrence_fields(self))


_occurrence_fields = operator.attrgetter(
    "entity_type", "name", "relation", "surface", "evidence", "field", "start", "end", "role", "kind", "family",
    "evidence_span",
)  # fmt: skip
