"""PubMed XML (``efetch.fcgi?db=pubmed&retmode=xml``): one ``<PubmedArticle>`` per paper."""

from __future__ import annotations

from typing import TextIO
from xml.etree.ElementTree import Element

from graphapp.ingest.identity import clean_date, doi_url, identify
from graphapp.ingest.records import MISSING, NOT_A_PAPER, ReadResult, inverted_name, missing_fields_message
from graphapp.ingest.xmltext import element_text, read_xml_records
from graphapp.model import IngestError, Paper


def _abstract(article: Element) -> str:
    """The abstract's sections, each "LABEL: text" when PubMed labels them (BACKGROUND, RESULTS, ...)."""
    parts = []
    for section in article.iterfind("Abstract/AbstractText"):
        text, label = element_text(section), section.get("Label")
        parts.append(f"{label}: {text}" if label and text else text)
    return "\n".join(part for part in parts if part)


def _authors(article: Element) -> list[str]:
    names = []
    for author in article.iterfind("AuthorList/Author"):
        last, first = element_text(author.find("LastName")), element_text(author.find("ForeName"))
        names.append(element_text(author.find("CollectiveName")) or inverted_name(last, first))
    return [name for name in names if name]


def _date(article: Element) -> str | None:
    published = article.find("Journal/JournalIssue/PubDate")
    if published is None:
        return None
    parts = " ".join(element_text(published.find(tag)) for tag in ("Year", "Month", "Day")).strip()
    return clean_date(element_text(published.find("MedlineDate")) or parts)


def pubmed_article_to_paper(record: Element, source: str, location: str) -> Paper | IngestError:
    """One ``<PubmedArticle>``: DOI (or PMID) as the id, authors as "Last, First"."""
    article = record.find("MedlineCitation/Article")
    if article is None:
        return IngestError(source, location, "PubmedArticle without an Article", NOT_A_PAPER)
    title, abstract = element_text(article.find("ArticleTitle")), _abstract(article)
    if problem := missing_fields_message({"title": title, "abstract": abstract}):
        return IngestError(source, location, f"article {title[:60]!r} is {problem}" if title else problem, MISSING)
    ids = {
        node.get("IdType"): (node.text or "").strip() for node in record.iterfind("PubmedData/ArticleIdList/ArticleId")
    }
    doi = ids.get("doi") or next(
        ((node.text or "").strip() for node in article.iterfind("ELocationID") if node.get("EIdType") == "doi"), None
    )
    pmid = element_text(record.find("MedlineCitation/PMID"))
    return Paper(
        id=identify(title, arxiv=ids.get("arxiv"), doi=doi, given=f"pmid:{pmid}" if pmid else None),
        title=title,
        abstract=abstract,
        url=doi_url(doi) or (f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None),
        authors=_authors(article),
        date=_date(article),
        source=source,
        location=location,
    )


def read_pubmed_xml(stream: TextIO, source: str) -> ReadResult:
    """Every article of a PubMed XML answer."""
    return read_xml_records(
        stream.read(),
        source,
        root_tag="PubmedArticleSet",
        path="PubmedArticle",
        what="article",
        to_paper=pubmed_article_to_paper,
    )
