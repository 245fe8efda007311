"""Load and validate the entity vocabularies: JSON Lines files of known dataset/model/method/task names.

The vocabulary is data the project ships (``data/vocab/*.jsonl``) plus files a user passes; the
format is documented in ``data/README.md``. A bad line stops loading with an error naming the file
and line, because a silently skipped name is much harder to notice than a crash at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from extractors.normalize import fold_name

#: Entity types a vocabulary may hold.
VOCAB_TYPES = ("dataset", "model", "method", "task")


def shipped_vocab_dir() -> Path:
    """The shipped vocabularies: ``extractors/vocab/`` in an installed package (the wheel maps data/vocab there),
    ``data/vocab/`` next to the package in a checkout."""
    installed = Path(str(resources.files("extractors").joinpath("vocab")))
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "data" / "vocab"


DEFAULT_VOCAB_DIR = shipped_vocab_dir()
#: Keys a vocabulary line may carry besides ``name``; keys starting with "_" are free-form notes.
_KEYS = {"name", "aliases", "type", "family", "ambiguous", "context", "note", "notes", "description", "url"}
_FILE_TYPES = {f"{t}s": t for t in VOCAB_TYPES} | {t: t for t in VOCAB_TYPES}


class VocabularyError(ValueError):
    """A vocabulary line that cannot be used; the message starts with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class Entity:
    """One known thing and every way it is written.

    >>> Entity("dataset", "CIFAR-100", ("CIFAR100",)).surfaces()
    ('CIFAR-100', 'CIFAR100')
    """

    type: str
    name: str
    aliases: tuple[str, ...] = ()
    family: str | None = None
    ambiguous: frozenset[str] = frozenset()
    """Surfaces (name or aliases) that also mean something else: they count only with a context word."""
    context: tuple[str, ...] = ()
    """Words that, near an ambiguous surface, confirm this sense."""
    learned: bool = False
    """Discovered in texts rather than listed: matched only exactly as written."""
    source: str = field(default="", compare=False)

    def surfaces(self) -> tuple[str, ...]:
        """The name followed by its aliases, without duplicates."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction: never extract a surface (``merge_into`` None), or name every mention of
    ``surface`` ``merge_into`` instead; for one type, or any type when ``type`` is None.

    >>> parse_record({"reject": "AI-facing"}), parse_record({"merge": "MoE", "into": "Mixture of Experts"}).merge_into
    (Correction(surface='AI-facing', type=None, merge_into=None), 'Mixture of Experts')
    """

    surface: str
    type: str | None = None
    merge_into: str | None = None


class Vocabulary:
    """Entities by type, merged by (type, folded name) so that several files can extend one entity.

    >>> v = Vocabulary([Entity("model", "BERT")])
    >>> v.add(Entity("model", "bert", ("BERT-base",)))
    False
    >>> v.entities[0].aliases
    ('BERT-base', 'bert')
    """

    def __init__(self, entities: Iterable[Entity] = (), corrections: Iterable[Correction] = ()) -> None:
        self.entities: list[Entity] = []
        self._index: dict[tuple[str, str], int] = {}
        self.corrections: list[Correction] = list(corrections)
        """Rejected surfaces and merged names (see :class:`Correction`), in file order."""
        for entity in entities:
            self.add(entity)

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def add(self, entity: Entity) -> bool:
        """Add ``entity``, or merge its aliases into the entity of the same type and name; True if new."""
        key = (entity.type, fold_name(entity.name))
        pos = self._index.get(key)
        if pos is None:
            self._index[key] = len(self.entities)
            self.entities.append(entity)
            return True
        old = self.entities[pos]
        self.entities[pos] = replace(
            old,
            aliases=tuple(dict.fromkeys((*old.aliases, *entity.aliases, *_if_other(entity.name, old.name)))),
            family=old.family or entity.family,
            ambiguous=old.ambiguous | entity.ambiguous,
            context=tuple(dict.fromkeys((*old.context, *entity.context))),
            learned=old.learned and entity.learned,
        )
        return False

    def find(self, type_: str, name: str) -> Entity | None:
        """The entity of this type whose name folds like ``name``, if any."""
        pos = self._index.get((type_, fold_name(name)))
        return None if pos is None else self.entities[pos]

    def copy(self) -> Vocabulary:
        """An independent copy (entities are immutable, so this is cheap)."""
        return Vocabulary(self.entities, self.corrections)


def _if_other(name: str, old_name: str) -> tuple[str, ...]:
    return (name,) if name != old_name else ()


def load_vocabulary(paths: Iterable[str | Path] = (), *, default: bool = True) -> Vocabulary:
    """Load the shipped vocabulary (unless ``default`` is False) and then each file or directory in ``paths``.

    A directory contributes its ``*.jsonl`` files in name order. Raises :class:`VocabularyError`
    (message ``file:line: problem``) on the first bad line, and ``FileNotFoundError`` for a missing path.

    >>> vocab = load_vocabulary(default=False)
    >>> len(vocab)
    0
    """
    vocab = Vocabulary()
    sources = [DEFAULT_VOCAB_DIR] if default and DEFAULT_VOCAB_DIR.is_dir() else []
    for path in [*sources, *map(Path, paths)]:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            for record in read_vocab_file(file):
                if isinstance(record, Correction):
                    vocab.corrections.append(record)
                else:
                    vocab.add(record)
    return vocab


def read_vocab_file(path: str | Path) -> Iterator[Entity | Correction]:
    """Yield the entities and corrections of one JSON Lines vocabulary file.

    The type comes from a ``"type"`` key, else from the file name (``datasets.jsonl`` -> dataset).
    Blank lines and lines starting with ``#`` or ``//`` are skipped.
    """
    path = Path(path)
    file_type = _FILE_TYPES.get(path.name.removesuffix(".jsonl").lower())
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "//")):
                continue
            where = f"{path}:{lineno}"
            try:
                yield parse_record(json.loads(stripped), file_type)
            except json.JSONDecodeError as err:
                raise VocabularyError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
            except VocabularyError as err:
                raise VocabularyError(f"{where}: {err}") from None


def parse_record(obj: object, default_type: str | None = None) -> Entity | Correction:
    """One decoded vocabulary line: a :class:`Correction` (``{"reject": ...}`` or ``{"merge": ...,
    "into": ...}``) or an :class:`Entity`."""
    if isinstance(obj, dict) and ("reject" in obj or "merge" in obj):
        return parse_correction(obj)
    return parse_entity(obj, default_type)


def parse_correction(obj: dict) -> Correction:
    """Validate a correction line: ``{"reject": SURFACE}`` or ``{"merge": NAME, "into": NAME}``, each
    with an optional ``"type"`` (without one it applies to every type).

    >>> parse_correction({"merge": "LLM-as-a-Judge", "into": "LLM-as-a-judge", "type": "method"}).type
    'method'
    """
    kind = "reject" if "reject" in obj else "merge"
    allowed = {"reject", "type", "note"} if kind == "reject" else {"merge", "into", "type", "note"}
    unknown = sorted(k for k in obj if k not in allowed and not str(k).startswith("_"))
    if unknown:
        raise VocabularyError(
            f"unknown key(s) {', '.join(map(repr, unknown))} in a {kind} line; allowed: {', '.join(sorted(allowed))}"
        )
    type_ = obj.get("type")
    if type_ is not None and type_ not in VOCAB_TYPES:
        raise VocabularyError(f"type {type_!r} is not one of {', '.join(VOCAB_TYPES)}")
    surface = _text(obj.get(kind), kind)
    into = _text(obj.get("into"), "into") if kind == "merge" else None
    return Correction(surface, type_, into)


def parse_entity(obj: object, default_type: str | None = None) -> Entity:
    """Validate one decoded vocabulary line and build its :class:`Entity`.

    >>> parse_entity({"name": "SGD", "ambiguous": ["SGD"], "context": ["optimizer"]}, "method").ambiguous
    frozenset({'SGD'})
    """
    if not isinstance(obj, dict):
        raise VocabularyError(f"expected a JSON object, got {type(obj).__name__}")
    unknown = sorted(k for k in obj if k not in _KEYS and not str(k).startswith("_"))
    if unknown:
        raise VocabularyError(f"unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(_KEYS))}")
    type_ = obj.get("type", default_type)
    if type_ not in VOCAB_TYPES:
        raise VocabularyError(
            f"type {type_!r} is not one of {', '.join(VOCAB_TYPES)}"
            if "type" in obj
            else 'no "type" key, and the file name does not say the type (e.g. datasets.jsonl)'
        )
    name = _text(obj.get("name"), "name")
    aliases = _texts(obj, "aliases")
    ambiguous = _texts(obj, "ambiguous")
    context = _texts(obj, "context")
    family = None if obj.get("family") is None else _text(obj["family"], "family")
    if ambiguous and not context:
        raise VocabularyError('"ambiguous" needs a non-empty "context" list of confirming words')
    extra = tuple(a for a in ambiguous if a != name and a not in aliases)  # ambiguous forms are surfaces too
    return Entity(type_, name, (*aliases, *extra), family, frozenset(ambiguous), context)


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f'"{key}" must be a non-empty string, got {value!r}')
    return value.strip()


def _texts(obj: dict, key: str) -> tuple[str, ...]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise VocabularyError(f'"{key}" must be a list of strings, got {type(value).__name__}')
    return tuple(dict.fromkeys(_text(v, key) for v in value))
