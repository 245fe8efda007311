"""Every paper's links to code, models, datasets and pages, with whether the text or the metadata gave each.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> url = "https://github.com/o/r"
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x"), [Occurrence("url", url, "links_to", url, "e", kind="github_repo")])
>>> code_links(store)
[LinkRow(paper_id='a', title='A', url='https://github.com/o/r', kind='github_repo', origin='text')]
"""

from __future__ import annotations

from dataclasses import dataclass

from graphapp.store import Store


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A paper's link to code, a model or a page, with its kind and whether the text or the metadata gave it."""

    paper_id: str
    title: str
    url: str
    kind: str
    origin: str
    """text, metadata, or metadata+text."""


def code_links(store: Store, *, limit: int | None = None) -> list[LinkRow]:
    """Every paper's GitHub, Hugging Face and other links: papers by title, GitHub first within a paper."""
    return [
        LinkRow(pid, title, url, kind, "+".join(sorted(set(origins))))
        for pid, title, url, kind, origins in store.link_rows(limit=limit)
    ]
