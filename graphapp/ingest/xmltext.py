"""Parse untrusted XML once for every XML reader: defusedxml refuses entity tricks, errors name the line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from graphapp.model import IngestError, Paper

#: Why a whole XML document is refused: its root is not the one the reader expects.
NOT_A_PAPER_LIST = "not a paper record"


def parse_xml(text: str, source: str) -> Element | IngestError:
    """The document's root element, or one error: not well-formed (with its line) or unsafe."""
    try:
        return fromstring(text)
    except ParseError as err:
        return IngestError(source, f"line {err.position[0]}", f"not well-formed XML ({err})", "not well-formed XML")
    except DefusedXmlException as err:
        return IngestError(source, "", f"refused unsafe XML ({type(err).__name__})", "unsafe XML refused")


def element_text(element: Element | None) -> str:
    """All the text inside an element (``<sup>`` and ``<i>`` included), whitespace collapsed."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def read_xml_records(
    text: str,
    source: str,
    *,
    root_tag: str,
    path: str,
    what: str,
    to_paper: Callable[[Element, str, str], Paper | IngestError],
) -> Iterator[Paper | IngestError]:
    """Each ``path`` element under a ``root_tag`` root through ``to_paper`` (located "``what`` N"); a document that
    does not parse, or has another root, is one error."""
    root = parse_xml(text, source)
    if isinstance(root, IngestError):
        yield root
        return
    if root.tag != root_tag:
        yield IngestError(source, "", f"expected <{root_tag}>, found <{root.tag[:80]}>", NOT_A_PAPER_LIST)
        return
    for index, element in enumerate(root.iterfind(path), 1):
        yield to_paper(element, source, f"{what} {index}")
