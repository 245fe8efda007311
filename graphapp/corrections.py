"""A user's corrections to what was extracted: merge two entities, rename one, reject a false one.

Each correction is kept in the store (:meth:`~graphapp.store.Store.apply_correction`), applied at once to every
stored mention, and applied again to every later ingest into that store (:mod:`graphapp.pipeline` passes each
paper's occurrences through :meth:`Rules.apply`), so a paper ingested tomorrow follows the corrections made today.
They can be shared as a ``--vocab`` file (:func:`vocab_records`): a merge or rename is an alias record (the old
name is another spelling of the new one), a rejection is the loader's own ``{"reject": NAME, "type": ...}``
record (see data/README.md).

Corrections apply to the named entity types (dataset, model, method, task); links and citations are what a paper
wrote and are not corrected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from graphapp.model import Occurrence, Paper
from graphapp.store import Store

#: Entity types a correction may name.
CORRECTABLE_TYPES = ("dataset", "model", "method", "task")
ACTIONS = ("merge", "rename", "reject")


class CorrectionError(ValueError):
    """A correction that cannot be made (unknown entity, a name merged into itself...), said plainly."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction: ``name`` (of ``type``) merged into or renamed to ``target``, or rejected (no target)."""

    action: str
    type: str
    name: str
    target: str | None = None

    def describe(self) -> str:
        """
        >>> Correction("merge", "dataset", "CIFAR10", "CIFAR-10").describe()
        'dataset “CIFAR10” merged into “CIFAR-10”'
        """
        if self.action == "reject":
            return f"{self.type} “{self.name}” rejected"
        verb = "merged into" if self.action == "merge" else "renamed to"
        return f"{self.type} “{self.name}” {verb} “{self.target}”"


@dataclass(slots=True)
class Rules:
    """Corrections as lookups: what each (type, name) becomes, and which are rejected."""

    names: dict[tuple[str, str], str] = field(default_factory=dict)
    rejected: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, corrections: Iterable[Correction]) -> Rules:
        """Rules from corrections in the order made; a later correction of the new name follows on.

        >>> rules = Rules.of([Correction("rename", "model", "A", "B"), Correction("merge", "model", "B", "C")])
        >>> rules.name("model", "A"), rules.name("model", "B"), rules.name("model", "Z")
        ('C', 'C', 'Z')
        """
        rules = cls()
        for correction in corrections:
            key = (correction.type, correction.name)
            if correction.action == "reject":
                rules.rejected.add(key)
                continue
            rules.names[key] = correction.target or correction.name
            for earlier, target in list(rules.names.items()):  # A -> B then B -> C: A -> C
                if earlier[0] == correction.type and target == correction.name:
                    rules.names[earlier] = rules.names[key]
        return rules

    def name(self, entity_type: str, name: str) -> str:
        return self.names.get((entity_type, name), name)

    def apply(self, occurrences: Sequence[Occurrence]) -> list[Occurrence]:
        """A paper's occurrences with every correction applied: renamed, merged, rejected ones dropped."""
        if not self.names and not self.rejected:
            return list(occurrences)
        kept = []
        for occurrence in occurrences:
            name = self.name(occurrence.entity_type, occurrence.name)
            if (occurrence.entity_type, name) in self.rejected:
                continue
            kept.append(occurrence if name == occurrence.name else replace(occurrence, name=name))
        return kept

    def apply_all(self, items: Iterable[tuple[Paper, Sequence[Occurrence]]]) -> list[tuple[Paper, list[Occurrence]]]:
        return [(paper, self.apply(occurrences)) for paper, occurrences in items]


def corrections(store: Store) -> list[Correction]:
    """Every correction kept in the store, in the order made."""
    return [Correction(*row) for row in store.corrections()]


def rules(store: Store) -> Rules:
    """The store's corrections as :class:`Rules`, for an ingest to apply."""
    return Rules.of(corrections(store))


def correct(store: Store, correction: Correction) -> int:
    """Keep ``correction`` and apply it to every stored mention, in one transaction; returns the number of
    mentions changed. Raises :class:`CorrectionError` for an entity the store does not hold, a type that cannot be
    corrected, a merge into an entity that does not exist, or a rename to an empty or identical name.
    """
    if correction.action not in ACTIONS:
        raise CorrectionError(f"unknown correction {correction.action!r}; one of {', '.join(ACTIONS)}")
    if correction.type not in CORRECTABLE_TYPES:
        raise CorrectionError(f"only {', '.join(CORRECTABLE_TYPES)} entities can be corrected, not {correction.type}")
    target = " ".join((correction.target or "").split()) or None
    if correction.action == "reject":
        target = None
    elif target is None or target == correction.name:
        raise CorrectionError("the new name must be given and differ from the old one")
    correction = replace(correction, target=target)
    try:
        return store.apply_correction(
            correction.action, correction.type, correction.name, target, f"correction: {correction.describe()}"
        )
    except LookupError as err:
        raise CorrectionError(str(err)) from None


def vocab_records(items: Iterable[Correction]) -> list[dict]:
    """The corrections as ``--vocab`` records: an alias record per merge or rename (grouped by the name kept), a
    ``reject`` record per rejection; the corrections' order decides where a renamed name ends.

    >>> vocab_records([Correction("merge", "dataset", "CIFAR10", "CIFAR-10"), Correction("reject", "task", "it")])
    [{'type': 'dataset', 'name': 'CIFAR-10', 'aliases': ['CIFAR10']}, {'reject': 'it', 'type': 'task'}]
    """
    items = list(items)
    rules = Rules.of(items)
    aliases: dict[tuple[str, str], list[str]] = {}
    for (entity_type, old), new in rules.names.items():
        if (entity_type, new) not in rules.rejected:
            aliases.setdefault((entity_type, new), []).append(old)
    records: list[dict] = [
        {"type": entity_type, "name": name, "aliases": olds} for (entity_type, name), olds in aliases.items()
    ]
    records += [{"reject": name, "type": entity_type} for entity_type, name in sorted(rules.rejected)]
    return records


def vocab_jsonl(items: Iterable[Correction]) -> str:
    """:func:`vocab_records` as the text of a ``--vocab`` file, with a header saying what it is."""
    lines = ["# Corrections exported by Paper Graph Explorer: merges and renames as aliases, rejections as reject"]
    lines += [json.dumps(record, ensure_ascii=False) for record in vocab_records(items)]
    return "\n".join(lines) + "\n"
