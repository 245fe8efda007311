"""Parse untrusted XML once for every XML reader: defusedxml refuses entity tricks, errors name the line."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from graphapp.model import IngestError


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
