"""The store's semantic index: each paper's embedding by the shipped static model, kept current at ingest.

Beside the LSA vectors of the text index (:mod:`graphapp.textindex`), every paper keeps its embedding by
:func:`~graphapp.analysis.semantic.shipped_embedder`, with a digest of the model and the text it was made from: a
paper whose text changed, or every paper once a release ships a new model, is embedded again by the next ingest
(or ``reindex``). A query finding a paper without a current embedding embeds it on the spot (the store may be
read-only), so answers never depend on whether the index is up to date, only their speed does.

>>> from graphapp.model import Paper
>>> from graphapp.store import Store
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_papers([(Paper("a", "Graph networks", "molecules"), []), (Paper("b", "Speech", "audio"), [])])
...     update_semantic_index(store, ["a", "b"])
2
>>> sorted(embeddings_of(store, ["b", "a"]))
['a', 'b']
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence

import numpy as np

from graphapp.analysis.semantic import StaticEmbedder, semantic_text, shipped_embedder, to_bytes, vectors_from_bytes
from graphapp.store import Store


def _digest(model: StaticEmbedder, text: str) -> bytes:
    return hashlib.blake2b(model.stamp + text.encode("utf-8"), digest_size=16).digest()


def _texts(store: Store, ids: Iterable[str] | None) -> list[tuple[str, str]]:
    return [(pid, semantic_text(title, abstract)) for pid, title, abstract in store.paper_texts(ids)]


def update_semantic_index(
    store: Store, paper_ids: Collection[str] | None = None, model: StaticEmbedder | None = None
) -> int:
    """Embed the given papers (None: every paper) whose stored embedding is missing or out of date (call
    inside the ingest's transaction); how many were embedded."""
    model = model or shipped_embedder()
    rows = _texts(store, paper_ids)
    stored = store.embedding_digests(None if paper_ids is None else [pid for pid, _ in rows])
    changed = [(pid, text, digest) for pid, text in rows if stored.get(pid) != (digest := _digest(model, text))]
    for start in range(0, len(changed), 4096):  # bounded memory on a large store
        batch = changed[start : start + 4096]
        vectors = model.embed(text for _, text, _ in batch)
        store.put_paper_embeddings((pid, digest, to_bytes(vectors[row])) for row, (pid, _, digest) in enumerate(batch))
    return len(changed)


def embeddings_of(store: Store, paper_ids: Sequence[str], model: StaticEmbedder | None = None) -> dict[str, np.ndarray]:
    """The given papers' embeddings (unit length, float32): the stored ones where current, the others computed now."""
    model = model or shipped_embedder()
    rows = _texts(store, paper_ids)
    stored = store.paper_embeddings([pid for pid, _ in rows])
    found: dict[str, np.ndarray] = {}
    missing = []
    for pid, text in rows:
        digest, blob = stored.get(pid, (None, b""))
        if digest == _digest(model, text):
            found[pid] = vectors_from_bytes([blob], model.dimensions)[0]
        else:
            missing.append((pid, text))
    if missing:
        found.update(zip([pid for pid, _ in missing], model.embed(text for _, text in missing), strict=True))
    return found
