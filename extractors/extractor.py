"""One entry point over every extractor: links and citations first, then entities outside their spans.

Links and citations are found before names so that "github.com/FengleiFan/ReLinear" yields a link,
not a method called ReLinear, and "(Han et al., 2015)" yields a citation, not an author name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from extractors.citations import find_citations
from extractors.entities import EntityExtractor, Survey, mask
from extractors.links import find_urls
from extractors.mention import Mention

Span = tuple[int, int]


def _spans(mentions: Iterable[Mention]) -> list[Span]:
    return [(m.start, m.end) for m in mentions]


class Extractor:
    """Every mention in a text: urls, citations, datasets, models, methods and tasks.

    >>> extractor = Extractor.default()
    >>> [(m.type, m.name) for m in extractor.extract("We fine-tune BERT (Devlin et al., 2019): https://github.com/a/b.")]
    [('model', 'BERT'), ('citation', 'Devlin et al. 2019'), ('url', 'https://github.com/a/b')]
    """

    def __init__(self, entities: EntityExtractor) -> None:
        self.entities = entities

    @classmethod
    def default(cls, extra_vocab: Sequence[str | Path] = ()) -> Extractor:
        """The shipped vocabularies plus the user's ``extra_vocab`` files (JSONL, see data/README.md)."""
        return cls(EntityExtractor.default(extra_vocab))

    def learn(self, texts: Iterable[str]) -> int:
        """Make names that patterns discover in any of ``texts`` findable in every text; returns how many."""
        return self.learn_from(self.survey(texts, keep=True))

    def survey(self, texts: Iterable[str], *, keep: bool = False) -> Survey:
        """What :meth:`learn` would learn from ``texts``, not applied yet. Surveys of consecutive
        batches add up (``Survey.update``) to the survey of all of them, so that the batches of a
        large corpus can be surveyed in worker processes; :meth:`learn_from` then learns once, with
        the same result as :meth:`learn` over every text. With ``keep`` (as :meth:`learn` does), the
        patterns' discoveries in each text are kept for its extraction in this same process.

        >>> extractor = Extractor.default()
        >>> total = extractor.survey(["We propose FooNet, a new architecture."])
        >>> total.update(extractor.survey(["FooNet beats BERT."]))
        >>> extractor.learn_from(total)
        1
        """
        return self.entities.survey((mask(text, _spans(find_urls(text))) for text in texts), keep=keep)

    def learn_from(self, survey: Survey) -> int:
        """Learn what a survey of all the texts found; returns how many names are new."""
        return self.entities.learn_from(survey)

    def _links_and_citations(self, text: str) -> list[Mention]:
        urls = find_urls(text)
        return [*urls, *find_citations(text, urls)]

    def extract(self, text: str) -> list[Mention]:
        """All mentions of one text, in text order."""
        found = self._links_and_citations(text)
        found += self.entities.extract(text, _spans(found))
        return sorted(found, key=lambda m: (m.start, m.end))

    def extract_paper(self, title: str, abstract: str) -> tuple[list[Mention], list[Mention]]:
        """Mentions of a title and of its abstract (offsets relative to each), roles agreed across both.

        A name the title introduces ("ReLinear: ...") is found in the abstract too.
        """
        title_found, abstract_found = self._links_and_citations(title), self._links_and_citations(abstract)
        title_entities, abstract_entities = self.entities.extract_paper(
            title, abstract, _spans(title_found), _spans(abstract_found)
        )
        return (
            sorted([*title_found, *title_entities], key=lambda m: (m.start, m.end)),
            sorted([*abstract_found, *abstract_entities], key=lambda m: (m.start, m.end)),
        )
