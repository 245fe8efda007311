"""One paper, one id, whatever file it came from: arXiv id first, then DOI, then the source's id, then the title.

Every reader hands its evidence to :func:`identify`; so a paper read from a Zotero BibTeX export (``journal =
{arXiv:2008.02217 [cs]}``), from an OpenAlex work (``https://doi.org/10.48550/arXiv.2008.02217``) and from a
Hugging Face answer (``"id": "2008.02217"``) is stored once, under ``2008.02217``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphapp.model import arxiv_id, paper_id

_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
#: Where an arXiv id shows in free text: "arXiv:2008.02217", arxiv.org/abs|pdf/..., the DataCite DOI.
_ARXIV_IN_TEXT = re.compile(
    rf"(?:\barxiv:\s*|arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.){_ID}(?![\w.])",
    re.IGNORECASE,
)
_DOI = re.compile(r"\b10\.\d{4,9}/\S+", re.IGNORECASE)
#: Month abbreviations (as BibTeX's month macros and most exports write them) -> month number.
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?![\d])")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2}) ([a-z]{3})[a-z]*\.? (\d{4})\b", re.IGNORECASE)
_YEAR_MONTH_DAY = re.compile(r"\b(\d{4}) ([a-z]{3})[a-z]*\.? (\d{1,2})\b", re.IGNORECASE)
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)


def arxiv_in_text(*texts: str | None) -> str | None:
    """The first arXiv id written in any of ``texts`` ("arXiv:...", an arxiv.org URL or a 10.48550 DOI).

    >>> arxiv_in_text("arXiv:2007.12928 [cs, eess]"), arxiv_in_text("http://arxiv.org/abs/2303.12712v2")
    ('2007.12928', '2303.12712')
    >>> arxiv_in_text("https://doi.org/10.48550/arXiv.2303.12712"), arxiv_in_text("Nature 2019") is None
    ('2303.12712', True)
    """
    for text in texts:
        if text and (match := _ARXIV_IN_TEXT.search(text)):
            return arxiv_id(match.group(1))
    return None


def clean_doi(value: str | None) -> str | None:
    """The bare DOI in a field or a doi.org link, lower-cased (DOIs are case-insensitive).

    >>> clean_doi("https://doi.org/10.1109/MCSE.2018.2884139"), clean_doi("see notes") is None
    ('10.1109/mcse.2018.2884139', True)
    """
    match = _DOI.search(value or "")
    return match.group().rstrip(".,;").lower() if match else None


def identify(
    title: str,
    *,
    arxiv: str | None = None,
    doi: str | None = None,
    given: str | None = None,
    evidence: Iterable[str | None] = (),
) -> str:
    """The paper's id: the arXiv id (given, or found in ``doi`` or the ``evidence`` texts such as URLs and
    journal fields), else ``doi:<DOI>``, else the source's own id, else one derived from the title.

    >>> identify("T", doi="10.48550/arXiv.2008.02217"), identify("T", doi="10.1109/ABC", given="W1")
    ('2008.02217', 'doi:10.1109/abc')
    >>> identify("T", given="W1"), identify("T", evidence=["http://arxiv.org/abs/hep-th/9901001v1"])
    ('W1', 'hep-th/9901001')
    """
    found = arxiv_id(arxiv) or arxiv_id(given) or arxiv_in_text(doi, *evidence)
    if found:
        return found
    if bare := clean_doi(doi):
        return f"doi:{bare}"
    return paper_id(given, title)


def doi_url(doi: str | None) -> str | None:
    """The resolver link of a DOI, or None."""
    bare = clean_doi(doi)
    return f"https://doi.org/{bare}" if bare else None


def clean_date(*values: object) -> str | None:
    """The first value that holds a date, as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    >>> clean_date("2022-09-12"), clean_date("2019/03/12/"), clean_date(None, "1 Jan.-Feb. 2019")
    ('2022-09-12', '2019-03-12', '2019-01')
    >>> clean_date("2019 Jun 12"), clean_date("2021-21"), clean_date("2019///")
    ('2019-06-12', '2021', '2019')
    >>> clean_date("SEP", 2018), clean_date("April 1, 2021"), clean_date("3 Mar 2018"), clean_date("n.d.") is None
    ('2018', '2021-04-01', '2018-03-03', True)
    """
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            continue
        if (match := _ISO_DATE.match(value)) and match.group(2) and 1 <= int(match.group(2)) <= 12:
            year, month, day = match.groups()
            if day and 1 <= int(day) <= 31:
                return f"{year}-{int(month):02d}-{int(day):02d}"
            return f"{year}-{int(month):02d}"
        for pattern, order in (
            (_MONTH_DAY_YEAR, (0, 1, 2)),
            (_DAY_MONTH_YEAR, (1, 0, 2)),
            (_YEAR_MONTH_DAY, (1, 2, 0)),
        ):
            if (match := pattern.search(value)) and (month := MONTHS.get(match.group(order[0] + 1).lower())):
                day, year = int(match.group(order[1] + 1)), match.group(order[2] + 1)
                if 1 <= day <= 31:
                    return f"{year}-{month:02d}-{day:02d}"
        if year_match := _YEAR.search(value):
            month_match = _MONTH_NAME.search(value)
            if month_match:
                return f"{year_match.group(1)}-{MONTHS[month_match.group(1).lower()]:02d}"
            return year_match.group(1)
    return None
