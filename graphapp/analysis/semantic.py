"""How alike two papers are in meaning: a static word-embedding model distilled from a sentence transformer.

Word statistics (TF-IDF, LSA) see that two abstracts share words; they cannot see that "a wearable sensor" and
"an event camera" are different ways of sensing the same activities, nor that two papers naming "Gaussian
splatting" work on different problems. A sentence transformer (all-MiniLM-L6-v2) does better on the judged
related papers, but runs at ~15 abstracts a second on a CPU and needs PyTorch. This module runs what was
distilled from it (``training/distill_static_embeddings.py``): one vector per word of the field, so that a
paper's embedding is the normalised sum of its words' vectors, computed with numpy alone at thousands of
abstracts a second. The words' vectors carry their weight (rare words count more, SIF), so no IDF is needed here.

The model ships with the package (:data:`ASSET`); nothing is downloaded.

>>> model = StaticEmbedder.from_words({"graph": [1.0, 0.0], "molecule": [0.8, 0.6], "speech": [0.0, 1.0]})
>>> vectors = model.embed(["Graph molecule", "molecule, graph", "Speech", "3D"])
>>> round(float(vectors[0] @ vectors[1]), 3), round(float(vectors[0] @ vectors[2]), 3), bool(vectors[3].any())
(1.0, 0.316, False)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
from scipy import sparse

#: The shipped model: the words (``words``, one array of strings), their vectors (``vectors``, float16, one
#: row per word, weight included) and how it was made (``about``, a JSON string).
ASSET = Path(__file__).resolve().parent.parent / "assets" / "static_embeddings.npz"
#: A word: letters and digits, hyphenated compounds kept whole ("retrieval-augmented"), lower-cased first.
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the model reads them (the training script reads the corpus with this too).

    >>> words_of("Retrieval-Augmented QA: 3D Gaussians")
    ['retrieval-augmented', 'qa', '3d', 'gaussians']
    """
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class StaticEmbedder:
    """A static embedding model: a vocabulary and one weighted vector per word."""

    vocabulary: Mapping[str, int]
    vectors: np.ndarray
    """One row per word (float32)."""
    about: Mapping[str, object]
    """How the model was made (source model, corpus, dimensions), as the training script recorded it."""

    @classmethod
    def load(cls, path: Path = ASSET) -> StaticEmbedder:
        """Read a model written by the training script (no pickled objects are read)."""
        with np.load(path, allow_pickle=False) as data:
            words = [str(word) for word in data["words"]]
            vectors = data["vectors"].astype(np.float32)
            about = json.loads(str(data["about"]))
        if vectors.shape[0] != len(words):
            raise ValueError(f"{path}: {len(words)} words but {vectors.shape[0]} vectors")
        return cls({word: row for row, word in enumerate(words)}, vectors, about)

    @classmethod
    def from_words(cls, vectors: Mapping[str, Sequence[float]]) -> StaticEmbedder:
        """A model from a word -> vector mapping (small fixtures, tests)."""
        words = list(vectors)
        matrix = np.asarray([vectors[word] for word in words], np.float32).reshape(len(words), -1)
        return cls({word: row for row, word in enumerate(words)}, matrix, {})

    @property
    def dimensions(self) -> int:
        return int(self.vectors.shape[1])

    @cached_property
    def stamp(self) -> bytes:
        """A digest of the words and vectors: a stored embedding made by another model is made again."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update("\n".join(sorted(self.vocabulary, key=self.vocabulary.__getitem__)).encode("utf-8"))
        digest.update(np.ascontiguousarray(self.vectors, np.float32).tobytes())
        return digest.digest()

    def word_rows(self, text: str) -> list[int]:
        """The vocabulary rows of ``text``'s words; a hyphenated compound the model lacks counts as its parts."""
        rows = []
        position = self.vocabulary
        for word in words_of(text):
            row = position.get(word)
            if row is not None:
                rows.append(row)
            elif "-" in word:
                rows.extend(position[part] for part in word.split("-") if part in position)
        return rows

    def embed(self, texts: Iterable[str]) -> np.ndarray:
        """One unit-length vector per text (float32); a text with no known word gets zeros."""
        rows = [self.word_rows(text) for text in texts]
        ends = np.zeros(len(rows) + 1, np.int64)
        np.cumsum([len(r) for r in rows], out=ends[1:])
        flat = np.fromiter((row for r in rows for row in r), np.int64, int(ends[-1]))
        # word counts per text times the word vectors: one sparse product (np.add.at was 8x slower)
        counts = sparse.csr_matrix(
            (np.ones(len(flat), np.float32), flat, ends), shape=(len(rows), self.vectors.shape[0])
        )
        sums = np.asarray(counts @ self.vectors, dtype=np.float32)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)


@cache
def shipped_embedder() -> StaticEmbedder:
    """The model shipped with the package (read once per process)."""
    return StaticEmbedder.load()


def semantic_text(title: str, abstract: str) -> str:
    """What a paper is embedded from: its title and abstract (the whole abstract agreed best with the judged
    related papers; the problem statement alone, less: BENCHMARKS.md)."""
    return f"{title}. {abstract}"


def vectors_from_bytes(blobs: Sequence[bytes], dimensions: int) -> np.ndarray:
    """Stored embeddings (float16 bytes each, as :func:`to_bytes` writes them) as one float32 matrix."""
    if not blobs:
        return np.zeros((0, dimensions), np.float32)
    return np.frombuffer(b"".join(blobs), np.float16).reshape(len(blobs), dimensions).astype(np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    """One embedding as the store keeps it (float16: half the space, cosines within 0.001)."""
    return vector.astype(np.float16).tobytes()
