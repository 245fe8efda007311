"""The entity extractor: datasets, models, methods and tasks named in a paper's title and abstract.

Composes the vocabulary scan (:mod:`extractors.lexicon`), the patterns for unseen names
(:mod:`extractors.patterns`), canonical resolution (:mod:`extractors.resolve`) and roles
(:mod:`extractors.roles`). ``learn`` makes names discovered in any text of a corpus findable in all
of them; ``extract`` is a pure function of the text once learning is done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import Lexicon
from extractors.mention import Mention
from extractors.normalize import fold_text
from extractors.patterns import Discovery, discover
from extractors.resolve import Candidate, resolve
from extractors.roles import entity_roles, strongest
from extractors.vocabulary import Entity, Vocabulary, load_vocabulary

Span = tuple[int, int]
# Votes for a learned name's type: one explicit type noun outweighs several context guesses.
_WEIGHT = {0: 1, 1: 3, 2: 20}


class EntityExtractor:
    """Find dataset, model, method and task mentions in text.

    >>> from extractors.vocabulary import Entity, Vocabulary
    >>> ex = EntityExtractor(Vocabulary([Entity("dataset", "CIFAR-100", ("CIFAR100",))]))
    >>> [(m.type, m.name, m.text, m.role) for m in ex.extract("We train on CIFAR100.")]
    [('dataset', 'CIFAR-100', 'CIFAR100', 'used')]
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary.copy()
        self._lexicon = Lexicon(self.vocabulary)

    @classmethod
    def default(cls, extra_vocab: Sequence[str | Path] = ()) -> EntityExtractor:
        """An extractor over the shipped vocabulary plus ``extra_vocab`` files (loaded once per process)."""
        return cls(_cached_vocabulary(tuple(str(Path(p).resolve()) for p in extra_vocab)))

    def learn(self, texts: Iterable[str]) -> int:
        """Discover names in ``texts`` and make them findable in every text; returns how many are new.

        A name typed differently in different texts takes its most frequent type; an acronym defined
        with different long forms in different texts is not learned on its own.

        >>> ex = EntityExtractor(Vocabulary())
        >>> ex.learn(["We propose FooNet, a new architecture."])
        1
        >>> [m.name for m in ex.extract("FooNet is fast.")]
        ['FooNet']
        """
        votes: dict[str, Counter[str]] = defaultdict(Counter)  # name -> type -> weight
        acronyms: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for d in discover(text, title=_is_title(text)):
                if not d.type or self._known(d.name):
                    continue
                votes[d.name][d.type] += _WEIGHT[d.strength]
                if d.acronym and not self._known(d.acronym):
                    acronyms[d.acronym].add(d.name)
        aliases: dict[str, list[str]] = defaultdict(list)
        for acronym, longs in acronyms.items():
            if len(longs) == 1:
                aliases[next(iter(longs))].append(acronym)
        new = 0
        for name, counts in votes.items():
            type_ = counts.most_common(1)[0][0]
            new += self.vocabulary.add(Entity(type_, name, tuple(aliases[name]), learned=True, source="learned"))
        if new:
            self._lexicon = Lexicon(self.vocabulary)
        return new

    def _known(self, name: str) -> bool:
        hits = self._lexicon.scan(name)
        return any(h.start == 0 and h.end == len(name) for h in hits)

    def extract(self, text: str, skip: Sequence[Span] = (), *, title: bool = False) -> list[Mention]:
        """Mentions in ``text`` in text order, none overlapping a ``skip`` span (URLs, citations).

        With ``title=True``, a leading "Name: ..." is taken as the paper's own contribution.
        """
        masked, cands, _ = self._candidates(text, skip, title)
        roles = entity_roles(masked, cands)
        return [_mention(text, c, roles.get((c.type, c.name))) for c in cands]

    def extract_paper(
        self, title: str, abstract: str, title_skip: Sequence[Span] = (), abstract_skip: Sequence[Span] = ()
    ) -> tuple[list[Mention], list[Mention]]:
        """Mentions of a title and its abstract, offsets relative to each; a name the title introduces
        ("ReLinear: ...") is found in the abstract too, and each entity has one role across both.
        """
        t_masked, t_cands, t_found = self._candidates(title, title_skip, True)
        new_names = {c.name for c in t_cands if not c.known}
        borrowed = [d for d in t_found if d.name in new_names]
        a_masked, a_cands, _ = self._candidates(abstract, abstract_skip, False, borrowed)
        t_roles, a_roles = entity_roles(t_masked, t_cands), entity_roles(a_masked, a_cands)
        roles = {k: strongest(t_roles.get(k), a_roles.get(k)) for k in t_roles.keys() | a_roles.keys()}
        return (
            [_mention(title, c, roles.get((c.type, c.name))) for c in t_cands],
            [_mention(abstract, c, roles.get((c.type, c.name))) for c in a_cands],
        )

    def _candidates(
        self, text: str, skip: Sequence[Span], title: bool, borrowed: Sequence[Discovery] = ()
    ) -> tuple[str, list[Candidate], list[Discovery]]:
        masked = _mask(text, skip)
        hits = self._lexicon.scan(masked, fold_text(masked))
        found = discover(masked, title=title)
        return masked, resolve(masked, hits, found, borrowed), found


def _mention(text: str, c: Candidate, role: str | None) -> Mention:
    return Mention(c.type, c.name, text[c.start : c.end], c.start, c.end, role=role, family=c.family)


def _mask(text: str, skip: Sequence[Span]) -> str:
    """``text`` with each skip span blanked out (same length, so offsets stay valid)."""
    if not skip:
        return text
    chars = list(text)
    for start, end in skip:
        for i in range(max(0, start), min(len(text), end)):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def _is_title(text: str) -> bool:
    """A short single-line text is treated as a title when learning (for "Name: ..." prefixes)."""
    return len(text) < 250 and "\n" not in text.strip()


@lru_cache(maxsize=8)
def _cached_vocabulary(extra: tuple[str, ...]) -> Vocabulary:
    return load_vocabulary(extra)
