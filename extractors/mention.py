"""The record every extractor returns: one named thing found at one place in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Entity types an extractor may return.
ENTITY_TYPES = ("url", "citation", "dataset", "model", "method", "task")
#: Roles a paper can play towards a dataset, model or method it names.
ROLES = ("proposed", "used", "mentioned")


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an entity.

    ``text`` is always ``source[start:end]`` (the surface as written, line breaks included), while
    ``name`` is the canonical name shared by every variant of the same entity, so that two papers
    writing "CIFAR100" and "CIFAR-100" meet at one node.

    >>> m = Mention("dataset", "CIFAR-100", "CIFAR100", 10, 18)
    >>> m.to_dict()["name"]
    'CIFAR-100'
    """

    type: str
    name: str
    text: str
    start: int
    end: int
    kind: str | None = None
    """For urls: github_repo, hf_model, ... ; for citations: author_year, arxiv or doi."""
    role: str | None = None
    """For datasets, models and methods: proposed, used or mentioned."""
    family: str | None = None
    """For versioned models: the family they belong to ("Llama 2" for "Llama 2-Chat 70B")."""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict without the empty optional fields."""
        return {key: value for key, value in asdict(self).items() if value is not None}
