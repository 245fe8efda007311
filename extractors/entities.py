"""The entity extractor: datasets, models, methods and tasks named in a paper's title and abstract.

Composes the vocabulary scan (:mod:`extractors.lexicon`), the patterns for unseen names
(:mod:`extractors.patterns`), canonical resolution (:mod:`extractors.resolve`) and roles
(:mod:`extractors.roles`). ``learn`` makes names discovered in any text of a corpus findable in all
of them; ``extract`` is a pure function of the text once learning is done.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractors.anchors import find_anchors
from extractors.bulk import collector_paused
from extractors.components import COMPONENTS
from extractors.discovery import Discovery, proposal_spans
from extractors.homonyms import narrow_senses, separate, task_senses
from extractors.lexicon import Hit, Lexicon
from extractors.mention import Mention
from extractors.names import ADJ_TAIL, is_generic, is_strong
from extractors.normalize import fold_text
from extractors.patterns import discover
from extractors.resolve import Candidate, Corrections, adopt_definitions, resolve, strong_word_besides
from extractors.roles import entity_roles, strongest
from extractors.tasks import grow_tasks, settle_tasks, task_phrases
from extractors.vocabulary import Entity, Vocabulary, load_vocabulary

Span = tuple[int, int]
Anchors = dict[str, list[Span]]
#: What the patterns' pass over one text gives: its folded copy (None for ASCII text, which extraction folds
#: alike), the discoveries, the proposal spans and the anchors the extraction reads again (``_EXTRACTION_ANCHORS``).
_Pass = tuple[str | None, tuple[Discovery, ...], list[Span], tuple[list[Span], ...]]
#: The anchor kinds extraction reads after the pattern rules: task phrases and the roles' cues (~1.2 KB per text).
_EXTRACTION_ANCHORS = ("task_head", "mention_cue", "use_cue")
# Votes for a learned name's type: one explicit type noun outweighs several context guesses.
_WEIGHT = {0: 1, 1: 3, 2: 20, 3: 400}
_JOINERS = frozenset(("of", "for", "and", "with", "by", "the", "in", "on", "to", "&"))
# How many texts' pattern passes a survey keeps for the extraction that follows it (~1.85 KB each).
_KEPT_PASSES = 100_000
# "\textbf{Name}", "\emph{Name}": a name in braces that ends a word (not "\textbf{S}elf-...").
_EMPHASIS = re.compile(
    r"\\(?:textbf|emph|textit|textsc|texttt|mathbf|mathrm|underline)\{(?P<name>[^{}\\]{1,80})\}(?![^\W_])"
)


class EntityExtractor:
    """Find dataset, model, method and task mentions in text.

    >>> from extractors.vocabulary import Entity, Vocabulary
    >>> ex = EntityExtractor(Vocabulary([Entity("dataset", "CIFAR-100", ("CIFAR100",))]))
    >>> [(m.type, m.name, m.text, m.role) for m in ex.extract("We train on CIFAR100.")]
    [('dataset', 'CIFAR-100', 'CIFAR100', 'used')]
    """

    def __init__(self, vocabulary: Vocabulary, *, lexicon: Lexicon | None = None) -> None:
        """``lexicon`` may pass a ``Lexicon`` already built over ``vocabulary``."""
        self.vocabulary = vocabulary.copy()
        self._lexicon = lexicon if lexicon is not None else Lexicon(self.vocabulary)
        self._generic: set[str] = set()  # acronyms the corpus defines by lower-case terms ("VLA")
        self._corrections = Corrections(self.vocabulary.corrections)
        self._senses = task_senses(self.vocabulary)  # "pose estimation" -> human, object, camera, ... pose estimation
        # The pattern passes of surveyed texts, by (text, title), for their extraction to reuse (see _Pass):
        # not the rules' own anchors, twice as many, since extraction has the rules' discoveries.
        self._passes: dict[tuple[str, bool], _Pass] = {}

    def __getstate__(self) -> dict:
        # The kept pattern passes serve this process only: a worker gets the extractor without them.
        return {**self.__dict__, "_passes": {}}

    @classmethod
    def default(cls, extra_vocab: Sequence[str | Path] = ()) -> EntityExtractor:
        """An extractor over the shipped vocabulary plus ``extra_vocab`` files (loaded once per process)."""
        lexicon = _cached_lexicon(tuple(str(Path(p).resolve()) for p in extra_vocab))
        return cls(lexicon.vocabulary, lexicon=lexicon)

    def learn(self, texts: Iterable[str]) -> int:
        """Discover names in ``texts`` and make them findable in every text; returns how many are new.

        Only names safe to look for anywhere are learned (coined names, long defined phrases; see
        ``_learnable``), matched exactly as written. A name typed differently in different texts takes
        its best-supported type; an acronym defined with different long forms in different texts is
        not learned on its own, and one defined by a lower-case term ("vision-language-action (VLA)")
        is taken for a generic abbreviation everywhere. Call it once on a batch of texts (titles and
        abstracts) before extracting from them. The same as ``learn_from(survey(texts))``.

        >>> ex = EntityExtractor(Vocabulary())
        >>> ex.learn(["We propose FooNet, a new architecture."])
        1
        >>> [m.name for m in ex.extract("FooNet is fast.")]
        ['FooNet']
        """
        return self.learn_from(self.survey(texts, keep=True))

    @collector_paused()  # the kept passes are many small objects that hold no reference cycles
    def survey(self, texts: Iterable[str], *, keep: bool = False) -> Survey:
        """What ``texts`` would teach, without learning it yet: a :class:`Survey` that can be added to
        the surveys of other texts (in other processes) before :meth:`learn_from` decides once.

        With ``keep``, the patterns' discoveries in each text are kept for its extraction in this
        process (the pattern rules and the proposal spans are a third of extraction's work), up to
        ``_KEPT_PASSES`` texts."""
        found = Survey()
        worth: dict[str, bool] = {}  # per name: not listed, and more than listed names and plain words
        for text in map(unwrap_emphasis, texts):
            title, folded = _is_title(text), fold_text(text)
            anchors = find_anchors(text, folded)
            proposals = proposal_spans(text, anchors)
            discovered = tuple(discover(text, title=title, anchors=anchors, proposals=proposals))
            if keep and len(self._passes) < _KEPT_PASSES:
                kept = tuple(anchors[kind] for kind in _EXTRACTION_ANCHORS)  # a dict would take twice the room
                # extraction folds the text its own way round (case last); an ASCII text folds the same
                # either way, so only other texts keep their folded copy to compare
                check = None if text.isascii() else folded
                self._passes[(text, title)] = (check, discovered, proposals, kept)
            for d in self._discover(discovered):
                if not d.type:
                    if d.acronym:  # defined by a lower-case term: an abbreviation, not a name
                        found.generic.add(d.acronym)
                    continue
                name = d.label
                if d.acronym and name != d.acronym:
                    found.long_forms.setdefault(d.acronym, {})[name] = None
                if not _learnable(d):
                    continue
                if name not in worth:
                    worth[name] = not self._lexicon.lookup(name) and self._says_more(name)
                if worth[name]:
                    found.votes.setdefault(name, Counter())[d.type] += _WEIGHT[d.strength]
        return found

    @collector_paused()  # a new lexicon: tens of thousands of surfaces, no reference cycles
    def learn_from(self, survey: Survey) -> int:
        """Learn what a survey (of all the texts) found; returns how many names are new.

        Names and long forms the corpus also defines as generic abbreviations are not learned.
        """
        self._generic |= survey.generic
        aliases: dict[str, list[str]] = defaultdict(list)
        for acronym, long_forms in survey.long_forms.items():
            longs = [long for long in long_forms if long not in self._generic]
            if len(longs) == 1 and acronym not in self._generic and not self._lexicon.lookup(acronym):
                aliases[longs[0]].append(acronym)
        new = 0
        for name, counts in survey.votes.items():
            if name in self._generic:
                continue
            type_ = counts.most_common(1)[0][0]
            new += self.vocabulary.add(Entity(type_, name, tuple(aliases[name]), learned=True, source="learned"))
        if new:
            self._lexicon = self._lexicon.with_learned(self.vocabulary)
        return new

    def _says_more(self, name: str) -> bool:
        """Whether a name is more than known names and plain words ("Hybrid CNN-Transformer")."""
        hits = self._lexicon.scan(name)
        return not hits or strong_word_besides(name, hits)

    def _discover(self, discovered: Iterable[Discovery]) -> list[Discovery]:
        """The pattern discoveries of a text, less abbreviations the corpus defines as generic terms,
        with names built on a model name typed as models."""
        out = []
        for d in discovered:
            if d.name in self._generic:
                continue
            if d.type == "method" and d.strength < 2 and self._lexicon.built_on_model(d.name):
                d = d._replace(type="model")  # "ArtGPT-4", "FrALBERT", "Kimi Linear"
            out.append(d)
        return out

    def extract(self, text: str, skip: Sequence[Span] = (), *, title: bool = False) -> list[Mention]:
        """Mentions in ``text`` in text order, none overlapping a ``skip`` span (URLs, citations).

        With ``title=True``, a leading "Name: ..." is taken as the paper's own contribution.
        """
        found = self._candidates(text, skip, title)
        (found,) = self._settled([found], (text, "") if title else ("", text), found.found)
        roles = found.roles()
        return [_mention(text, c, roles.get((c.type, c.name))) for c in found.cands]

    def extract_paper(
        self, title: str, abstract: str, title_skip: Sequence[Span] = (), abstract_skip: Sequence[Span] = ()
    ) -> tuple[list[Mention], list[Mention]]:
        """Mentions of a title and its abstract, offsets relative to each; a name the title introduces
        ("ReLinear: ...") is found in the abstract too, and each entity has one role across both.
        """
        in_title = self._candidates(title, title_skip, True, (), abstract)
        new_names = {c.name for c in in_title.cands if not c.known}
        borrowed = [d for d in in_title.found if d.name in new_names]
        in_abstract = self._candidates(abstract, abstract_skip, False, borrowed)
        adopted = adopt_definitions(title, in_title.cands, abstract, in_abstract.cands)
        if adopted is not in_title.cands:
            in_title = dataclasses.replace(in_title, cands=adopted)
        paper, discovered = (title, abstract), [*in_title.found, *in_abstract.found]
        in_title, in_abstract = self._settled([in_title, in_abstract], paper, discovered)
        t_roles, a_roles = in_title.roles(), in_abstract.roles()
        roles = {k: strongest(t_roles.get(k), a_roles.get(k)) for k in t_roles.keys() | a_roles.keys()}
        return (
            [_mention(title, c, roles.get((c.type, c.name))) for c in in_title.cands],
            [_mention(abstract, c, roles.get((c.type, c.name))) for c in in_abstract.cands],
        )

    def _candidates(
        self,
        text: str,
        skip: Sequence[Span],
        title: bool,
        borrowed: Sequence[Discovery] = (),
        abstract: str = "",
    ) -> _Found:
        masked = unwrap_emphasis(mask(text, skip))
        kept = fold_text(masked, lower=False)
        folded = kept.lower()
        if len(folded) != len(kept):  # a character that lower-cases to two ("İ")
            folded = fold_text(masked)
        surveyed = self._passes.pop((masked, title), None)  # the survey's pattern pass over the same text
        discovered: Sequence[Discovery]
        if surveyed is not None and surveyed[0] in (None, folded):
            _, discovered, proposals, spans_by_kind = surveyed
            anchors = dict(zip(_EXTRACTION_ANCHORS, spans_by_kind, strict=True))
        else:
            anchors = find_anchors(masked, folded)
            proposals = proposal_spans(masked, anchors)
            discovered = discover(masked, title=title, anchors=anchors, proposals=proposals)
        hits = self._lexicon.scan(masked, folded, kept)
        if COMPONENTS.open_tasks:
            hits = grow_tasks(masked, hits, {h.start for h in hits if h.entity.type != "task"})
        found = self._discover(discovered)
        if any(d.rule == "title-phrase" for d in found):  # a title's phrase counts when its abstract repeats it
            flat = " ".join(abstract.split())
            found = [d for d in found if d.rule != "title-phrase" or d.name in flat]
        hits = _own_definitions_first(masked, hits, found)

        # A pattern confirms a vocabulary name the scan left out for want of a context word
        # ("models such as CLIP"): it is that entity, typed by the vocabulary. A name the paper
        # itself proposes ("we propose STAR, a ...") is its own coinage, not the listed namesake.
        spans = {(h.start, h.end) for h in hits}
        for d in found:
            if d.proposed or (d.start, d.end) in spans:
                continue
            if known := self._lexicon.lookup(d.name):
                entity = next((e for e in known if e.type == d.type), known[0])
                hits.append(Hit(d.start, d.end, entity, entity.name, entity.family))
                spans.add((d.start, d.end))
        if COMPONENTS.open_tasks:  # phrases of content words: no listed name to confirm among them
            found += task_phrases(masked, anchors["task_head"])
        cands = resolve(masked, sorted(hits, key=lambda h: h.start), found, borrowed)
        if COMPONENTS.open_tasks:
            cands = settle_tasks(masked, cands)
        return _Found(masked, cands, found, anchors, proposals)

    def _settled(self, parts: list[_Found], paper: tuple[str, str], discovered: Sequence[Discovery]) -> list[_Found]:
        """The texts of one paper (``parts``; ``paper`` is its title and abstract) after the decisions that
        take the whole paper: a name of the paper's own that a listed entity also answers to, in another
        sense, is its own node, and a general task written bare takes the sense the paper makes clear
        (:mod:`extractors.homonyms`); then the user's corrections, which come after
        everything."""
        cands = [found.cands for found in parts]
        if COMPONENTS.separate_homonyms:
            cands = separate(cands, self._lexicon, paper, discovered)
        if COMPONENTS.task_senses:
            cands = narrow_senses(cands, [found.masked for found in parts], self._senses, paper)
        if self._corrections:
            cands = [self._corrections.apply(found.masked, c) for found, c in zip(parts, cands, strict=True)]
        return [
            found if c is found.cands else dataclasses.replace(found, cands=c)
            for found, c in zip(parts, cands, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class _Found:
    """What one text yields before roles: its masked copy, candidates and discoveries, and the anchors
    and proposal spans that the rules and the roles share (computed once per text)."""

    masked: str
    cands: list[Candidate]
    found: list[Discovery]
    anchors: Anchors
    proposals: list[Span]

    def roles(self) -> dict[tuple[str, str], str]:
        return entity_roles(self.masked, self.cands, self.anchors, self.proposals)


@dataclass
class Survey:
    """What learning found in some texts before anything is decided: the votes for each new name's
    type, the long forms each acronym was defined with, and the acronyms that lower-case terms
    define (generic abbreviations such as "VLA").

    Surveys of consecutive batches of texts add up, in order, to the survey of all of them, so the
    batches of a large corpus can be surveyed in parallel and the names learned once.

    >>> ex = EntityExtractor(Vocabulary())
    >>> total = ex.survey(["We propose FooNet, a new architecture."])
    >>> total.update(ex.survey(["FooNet, a benchmark of images, is out."]))
    >>> dict(total.votes["FooNet"])
    {'method': 40, 'dataset': 20}
    """

    votes: dict[str, Counter[str]] = field(default_factory=dict)
    """name -> type -> weight of the evidence (see ``_WEIGHT``)."""
    long_forms: dict[str, dict[str, None]] = field(default_factory=dict)
    """acronym -> the long forms it was defined with (a dict as an ordered set)."""
    generic: set[str] = field(default_factory=set)

    def update(self, later: Survey) -> None:
        """Add the survey of the texts that follow these (order matters only for ties between types)."""
        for name, counts in later.votes.items():
            self.votes.setdefault(name, Counter()).update(counts)
        for acronym, longs in later.long_forms.items():
            self.long_forms.setdefault(acronym, {}).update(longs)
        self.generic |= later.generic


def _own_definitions_first(text: str, hits: list[Hit], found: list[Discovery]) -> list[Hit]:
    """The hits less those that read an acronym this text defines as a long form another text defined: a
    paper's "geospatial foundation models (GFMs)" is not the "General Fusion Module (GFM)" of another paper."""
    own = {d.acronym.rstrip("s"): d.label.lower() for d in found if d.acronym}
    if not own:
        return hits
    kept = []
    for h in hits:
        acronym = text[h.start : h.end].rstrip("s")
        name = h.entity.name.lower()
        if h.entity.learned and acronym in own and name not in (own[acronym], acronym.lower()):
            continue
        kept.append(h)
    return kept


def _learnable(d: Discovery) -> bool:
    """Whether a discovery is safe to look for in every text: a coined name ("ReLinear", "GASP"), or
    a capitalised phrase of three words or more that a text defines or titles ("Iterative Magnitude
    Pruning (IMP)", "KITTI Object Detection Benchmark"). Not plain words, short phrases or lower-case
    terms ("Antidote", "Monte Carlo", "LLM agents"), which other texts use in their ordinary sense."""
    words = d.label.split()
    if ADJ_TAIL.search(d.label) or is_generic(words[-1]):
        return False
    if any(is_strong(w) and not is_generic(w) for w in words):
        return True
    capitalised = all(w[:1].isupper() or w in _JOINERS for w in words)
    return capitalised and len(words) >= 3 and d.rule in ("definition", "titled")


def _mention(text: str, c: Candidate, role: str | None) -> Mention:
    return Mention(c.type, c.name, text[c.start : c.end], c.start, c.end, role=role, family=c.family)


def unwrap_emphasis(text: str) -> str:
    """``text`` with LaTeX emphasis around a name blanked ("\\textbf{PointSFDA}" reads as "PointSFDA"),
    same length, so that a name a paper introduces in bold or italics is read like any other.

    >>> unwrap_emphasis(r"we propose \\textbf{FooNet}, a model")
    'we propose         FooNet , a model'
    """
    if "\\" not in text or not COMPONENTS.latex_emphasis:
        return text
    return _EMPHASIS.sub(lambda m: " " * (m.start("name") - m.start()) + m.group("name") + " ", text)


def mask(text: str, skip: Sequence[Span]) -> str:
    """``text`` with each skip span (links, citations) blanked out, so no name is read inside one; same
    length, so offsets stay valid."""
    if not skip:
        return text
    chars = list(text)
    for start, end in skip:
        for i in range(max(0, start), min(len(text), end)):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def _is_title(text: str) -> bool:
    """A short text of one sentence is taken for a title when learning (for "Name: ..." prefixes)."""
    return len(text) < 300 and ". " not in text.strip()


@lru_cache(maxsize=8)
def _cached_lexicon(extra: tuple[str, ...]) -> Lexicon:
    return Lexicon(load_vocabulary(extra))
