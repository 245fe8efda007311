"""Papers' embeddings by the shipped static model, computed when a query compares them.

Related papers compare the meaning of a handful of candidates (:mod:`graphapp.queries.related`): embedding
them on the spot costs ~2 ms a question on the 20k real abstracts, where keeping every paper's embedding in
the store cost 5% of its size and a step of every ingest (BENCHMARKS.md, 3b). Each embedding is rounded to
float16, as the store kept them, so answers are the same as they were with the stored ones.

>>> from graphapp.model import Paper
>>> from graphapp.store import Store
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_papers([(Paper("a", "Graph networks", "molecules"), []), (Paper("b", "Speech", "audio"), [])])
>>> sorted(embeddings_of(store, ["b", "a"]))
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from graphapp.analysis.semantic import StaticEmbedder, semantic_text, shipped_embedder, to_bytes, vectors_from_bytes
from graphapp.store import Store


def embeddings_of(store: Store, paper_ids: Sequence[str], model: StaticEmbedder | None = None) -> dict[str, np.ndarray]:
    """The given papers' embeddings (unit length, float32 holding float16 values), those of stored papers only."""
    return embed_papers(list(store.paper_texts(paper_ids)), model)


def embed_papers(rows: Sequence[tuple[str, str, str]], model: StaticEmbedder | None = None) -> dict[str, np.ndarray]:
    """The embeddings of papers already read as (id, title, abstract) rows (as :func:`embeddings_of` gives them), so
    that a query which has read their texts does not read them again."""
    model = model or shipped_embedder()
    embedded = model.embed(semantic_text(title, abstract) for _, title, abstract in rows)
    vectors = vectors_from_bytes([to_bytes(vector) for vector in embedded], model.dimensions)
    return {pid: vectors[row] for row, (pid, _, _) in enumerate(rows)}
