"""How alike two papers' texts are: TF-IDF over title and abstract, blended with its LSA projection.

TF-IDF alone rewards the exact words two abstracts share, so one rare word in common ("U-shaped") can pull in a
paper on another problem; the latent semantic (LSA) projection of the same vectors rewards papers whose whole
vocabulary is alike. The similarity of two papers blends both cosines (:data:`LSA_WEIGHT`), which on the 20k real
abstracts put more of each paper's five nearest in its own arXiv category than either alone (BENCHMARKS.md).

The model (vocabulary, IDF and LSA axes) is fitted on the papers of a store and kept in it, so papers ingested
later are placed with the same model; every paper's LSA vector is kept too, so finding the nearest papers of a
new one costs one product with those vectors plus an exact comparison with a few dozen candidates.

>>> texts = ["graph neural networks for molecules", "molecule property prediction with graph networks",
...          "speech recognition with transformers", "transformers for speech translation"]
>>> model = TextModel.fit(texts, dimensions=2)
>>> found = nearest_papers(model, ["a", "b", "c", "d"], model.tfidf(texts), ["a", "b", "c", "d"],
...                        model.embed(model.tfidf(texts)), k=1)
>>> [n.other for n in found["a"]], [n.other for n in found["c"]]
(['b'], ['d'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import CountVectorizer

    from graphapp.analysis.cells import Cells
# scikit-learn is imported where a model is fitted or used: importing it takes 1.6 s, which every
# command of the CLI (``graphapp extract`` among them) would otherwise wait for.

#: Words: a letter then letters, digits or hyphens ("3D" is dropped, "BERT-large" and "x2" are kept).
TOKEN_PATTERN = r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"
#: Dimensions of the LSA projection.
DIMENSIONS = 100
#: Weight of the LSA cosine against the TF-IDF cosine (their blend is the cosine of [tfidf, w * lsa]).
LSA_WEIGHT = 0.6
#: Nearest papers kept per paper.
NEIGHBOURS = 20
#: Papers compared exactly per paper, picked by their LSA cosine.
CANDIDATES = 60
#: Words of two texts' shared vocabulary shown to say why they are alike ...
WHY_TERMS = 4
#: ... only those named by at most 5% of the papers (IDF at least 1 + ln 20) when there are any: "few-shot"
#: says what two texts share, "learning" does not.
SPECIFIC_IDF = 1 + float(np.log(20))
#: LaTeX commands left in abstracts ("$\\frac{a}{b}$"): not words of the topic.
LATEX_WORDS = frozenset(
    {"frac", "mathbb", "mathcal", "mathrm", "mathbf", "boldsymbol", "langle", "rangle", "sqrt", "cdot", "ldots",
     "cdots", "infty", "textbf", "textit", "emph", "operatorname", "mathsf", "varepsilon", "widetilde",
     "leq", "geq", "neq", "mathit", "textrm", "lvert", "rvert", "lfloor", "rfloor"}
)  # fmt: skip


def paper_text(title: str, abstract: str) -> str:
    """The text a paper is compared on: the title counts twice, as it names the topic most directly."""
    return f"{title}. {title}. {abstract}"


#: The sentence where an abstract turns from its problem to its contribution ("We propose ...", "This paper
#: introduces ..."): what comes before it states the problem.
CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study|article)|in this (?:paper|work)|here)\b[^.]{0,40}?"
    r"\b(?:propose|introduce|present|develop|design|put forward)",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def problem_text(title: str, abstract: str) -> str:
    """The problem side of a paper: its title (twice) and the abstract's sentences before the first that states
    the contribution. Two papers applying one general technique (a physics-informed network, transfer attacks)
    to different problems share the method's words, which come after "we propose"; the problem comes before.

    >>> problem_text("Flood maps", "Floods are costly. Maps are scarce. We propose a U-Net. It works.")
    'Flood maps. Flood maps. Floods are costly. Maps are scarce.'
    """
    kept = []
    for sentence in SENTENCE_END.split(" ".join(abstract.split())):
        if CONTRIBUTION.search(sentence):
            break
        kept.append(sentence)
    return " ".join([f"{title}. {title}.", *kept]).strip()


@dataclass(frozen=True)
class TextModel:
    """A fitted text model: vocabulary, IDF weights and LSA axes, and how many papers it was fitted on."""

    vocabulary: tuple[str, ...]
    idf: np.ndarray
    """One weight per vocabulary word (float32)."""
    components: np.ndarray
    """LSA axes, one row per dimension over the vocabulary (float32; no rows on a corpus too small for them)."""
    papers: int

    @classmethod
    def fit(cls, texts: Sequence[str], dimensions: int = DIMENSIONS) -> TextModel:
        """Fit the vocabulary (words in at least two texts and at most half of them, once there are enough
        texts), the IDF weights and the LSA axes on ``texts``."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

        many = len(texts) >= 50
        vectorizer = TfidfVectorizer(
            sublinear_tf=True,
            stop_words=list(ENGLISH_STOP_WORDS | LATEX_WORDS),
            token_pattern=TOKEN_PATTERN,
            min_df=2 if many else 1,
            max_df=0.5 if many else 1.0,
            dtype=np.float32,
        )
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # no word at all (empty texts, or only stop words)
            return cls((), np.zeros(0, np.float32), np.zeros((0, 0), np.float32), len(texts))
        vocabulary = tuple(vectorizer.get_feature_names_out())
        rank = min(dimensions, matrix.shape[0] - 1, matrix.shape[1] - 1)
        if rank >= 2:
            components = TruncatedSVD(rank, random_state=0).fit(matrix).components_.astype(np.float32)
        else:
            components = np.zeros((0, len(vocabulary)), np.float32)
        return cls(vocabulary, vectorizer.idf_.astype(np.float32), components, len(texts))

    @cached_property
    def _counter(self) -> CountVectorizer:
        """Counts the vocabulary's words (built once per model: its vocabulary check takes milliseconds)."""
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

        counter = CountVectorizer(
            vocabulary={word: i for i, word in enumerate(self.vocabulary)} or {"": 0},
            stop_words=ENGLISH_STOP_WORDS,
            token_pattern=TOKEN_PATTERN,
            dtype=np.float32,
        )
        counter.transform([""])  # validates the vocabulary now, not on the first query
        return counter

    def specific_words(self, text: str) -> frozenset[str]:
        """The words of ``text`` named by at most 5% of the papers (:data:`SPECIFIC_IDF`), plural "s" dropped so
        that "hallucination" and "hallucinations" match: what a title shares with another title when the two
        name one topic ("hallucination" in two titles does; "learning" or "reasoning" does not)."""
        position = self._counter.vocabulary_
        found = set()
        for word in self._counter.build_analyzer()(text):
            singular = _singular(word)
            # a form the vocabulary lacks (too rare to be kept): the other form's weight
            index = next((position[form] for form in (word, singular, f"{singular}s") if form in position), None)
            if index is not None and self.idf[index] >= SPECIFIC_IDF:
                found.add(singular)
        return frozenset(found)

    def tfidf(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """The texts' TF-IDF rows (sublinear term frequency, unit length) over the model's vocabulary."""
        from sklearn.preprocessing import normalize

        counts = self._counter.transform(list(texts)).tocsr()
        if not self.vocabulary:
            return sparse.csr_matrix((counts.shape[0], 0), dtype=np.float32)
        counts.data = 1.0 + np.log(counts.data)
        return normalize(counts @ sparse.diags(self.idf)).astype(np.float32).tocsr()

    def embed(self, tfidf: sparse.csr_matrix) -> np.ndarray:
        """The rows' LSA vectors (unit length, float32); zero-width when the model has no axes."""
        from sklearn.preprocessing import normalize

        if not len(self.components):
            return np.zeros((tfidf.shape[0], 0), np.float32)
        return normalize(np.asarray(tfidf @ self.components.T)).astype(np.float32)

    def to_record(self) -> tuple[str, bytes, bytes, int]:
        """The model as (vocabulary JSON, IDF bytes, axes bytes, papers): what the store keeps."""
        return json.dumps(self.vocabulary), self.idf.tobytes(), self.components.tobytes(), self.papers

    @classmethod
    def from_record(cls, vocabulary: str, idf: bytes, components: bytes, papers: int) -> TextModel:
        words = tuple(json.loads(vocabulary))
        axes = np.frombuffer(components, np.float32)
        return cls(words, np.frombuffer(idf, np.float32), axes.reshape(-1, len(words)) if words else axes, papers)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def vectors_from_bytes(blobs: Sequence[bytes], dimensions: int) -> np.ndarray:
    """Stored LSA vectors (float32 bytes each) as one matrix, one row per blob."""
    if not blobs:
        return np.zeros((0, dimensions), np.float32)
    return np.frombuffer(b"".join(blobs), np.float32).reshape(len(blobs), dimensions)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One of a paper's nearest papers by text, and how alike they are (0-1, see :func:`blend`)."""

    paper: str
    other: str
    similarity: float

    def reversed(self) -> Neighbour:
        return Neighbour(self.other, self.paper, self.similarity)


def blend(tfidf_cosine: np.ndarray, lsa_cosine: np.ndarray) -> np.ndarray:
    """The similarity of two papers from their TF-IDF and LSA cosines: the cosine of their joined vectors."""
    return (tfidf_cosine + LSA_WEIGHT**2 * lsa_cosine) / (1 + LSA_WEIGHT**2)


def nearest_papers(
    model: TextModel,
    query_ids: Sequence[str],
    query_tfidf: sparse.csr_matrix,
    corpus_ids: Sequence[str],
    corpus_vectors: np.ndarray,
    tfidf_of: Callable[[np.ndarray], sparse.csr_matrix] | None = None,
    **options: Any,
) -> dict[str, list[Neighbour]]:
    """Each query paper's ``k`` nearest corpus papers (itself excluded), most similar first: :func:`nearest_lists`
    (same arguments and options) as :class:`Neighbour` pairs."""
    found = nearest_lists(model, query_ids, query_tfidf, corpus_ids, corpus_vectors, tfidf_of, **options)
    return {paper: [Neighbour(paper, other, value) for other, value in ranked] for paper, ranked in found.items()}


def nearest_lists(
    model: TextModel,
    query_ids: Sequence[str],
    query_tfidf: sparse.csr_matrix,
    corpus_ids: Sequence[str],
    corpus_vectors: np.ndarray,
    tfidf_of: Callable[[np.ndarray], sparse.csr_matrix] | None = None,
    *,
    k: int = NEIGHBOURS,
    candidates: int = CANDIDATES,
    chunk: int = 256,
    cells: Cells | None = None,
) -> dict[str, list[tuple[str, float]]]:
    """Each query paper's ``k`` nearest corpus papers (itself excluded) with their similarity, most similar first.

    The ``candidates`` nearest by LSA cosine are compared exactly (:func:`blend`); ``tfidf_of`` gives the
    TF-IDF rows of the corpus papers at the given positions, in their order (a position may repeat; default: the
    query rows, when the queries are the corpus). Papers with no word in common with the query are left out.
    With ``cells`` (the corpus vectors grouped, see :mod:`graphapp.analysis.cells`) the candidates are sought
    only in each query's nearest cells: for a large corpus, where comparing every pair is out of reach.
    """
    if tfidf_of is None:
        tfidf_of = query_tfidf.__getitem__
    corpus_position = {pid: i for i, pid in enumerate(corpus_ids)}
    own = np.array([corpus_position.get(pid, -1) for pid in query_ids], np.int64)
    found: dict[str, list[tuple[str, float]]] = {}
    use_lsa = corpus_vectors.shape[1] > 0
    query_vectors = model.embed(query_tfidf)
    in_cells = cells if use_lsa else None
    if not in_cells:  # a chunk's scores against the whole corpus: at most 2^26 of them (256 MB)
        chunk = max(1, min(chunk, 2**26 // max(len(corpus_ids), 1)))
    if in_cells:  # every query's candidates at once: the search goes cell by cell
        cell_picked, cell_cosine = in_cells.candidates(query_vectors, own, candidates)
    for start in range(0, len(query_ids), chunk):
        rows = np.arange(start, min(start + chunk, len(query_ids)))
        lsa_cosine: np.ndarray | None = None
        if in_cells:
            picked, lsa_cosine = cell_picked[rows], cell_cosine[rows]
        else:
            if use_lsa:
                scores = query_vectors[rows] @ corpus_vectors.T
            else:  # a corpus too small for LSA axes: compare the TF-IDF rows directly
                scores = np.asarray((query_tfidf[rows] @ tfidf_of(np.arange(len(corpus_ids))).T).todense())
            inside = own[rows] >= 0
            scores[np.flatnonzero(inside), own[rows][inside]] = -np.inf
            width = max(min(candidates, len(corpus_ids) - 1), 0)
            picked = np.argpartition(-scores, width - 1, axis=1)[:, :width] if width else np.zeros((len(rows), 0), int)
            if use_lsa:
                lsa_cosine = np.take_along_axis(scores, picked, axis=1)
        width = picked.shape[1]
        if width == 0:
            found.update({query_ids[row]: [] for row in rows.tolist()})
            continue
        pairs = query_tfidf[np.repeat(rows, width)].multiply(tfidf_of(picked.ravel()))
        tfidf_cosine = np.asarray(pairs.sum(axis=1)).reshape(len(rows), width)
        if lsa_cosine is None:
            lsa_cosine = tfidf_cosine
        found.update(
            _ranked([query_ids[row] for row in rows.tolist()], corpus_ids, picked, tfidf_cosine, lsa_cosine, k)
        )
    return found


def _ranked(
    query_ids: list[str],
    corpus_ids: Sequence[str],
    picked: np.ndarray,
    tfidf_cosine: np.ndarray,
    lsa_cosine: np.ndarray,
    k: int,
) -> dict[str, list[tuple[str, float]]]:
    """Each query's ``k`` most similar candidates (:func:`blend`, ties in the candidates' order), those sharing
    a word with it: one row per query of candidate positions and their cosines."""
    similarity = blend(tfidf_cosine, lsa_cosine)
    order = np.argsort(-similarity, axis=1, kind="stable")
    similarity = np.take_along_axis(similarity, order, axis=1)
    usable = (np.take_along_axis(tfidf_cosine, order, axis=1) > 0) & np.isfinite(similarity)
    kept = usable & (np.cumsum(usable, axis=1) <= k)
    rows, columns = np.nonzero(kept)
    others = np.take_along_axis(picked, order, axis=1)[rows, columns].tolist()
    values = similarity[rows, columns].tolist()
    ends = np.cumsum(np.bincount(rows, minlength=len(query_ids))).tolist()
    found = {}
    begin = 0
    for paper, end in zip(query_ids, ends, strict=True):
        found[paper] = [
            (corpus_ids[other], round(value, 4))
            for other, value in zip(others[begin:end], values[begin:end], strict=True)
        ]
        begin = end
    return found


def similarities(
    model: TextModel,
    seed_tfidf: sparse.csr_matrix,
    seed_vector: np.ndarray,
    tfidf: sparse.csr_matrix,
    vectors: np.ndarray,
) -> list[tuple[float, tuple[str, ...]]]:
    """One seed paper's similarity (:func:`blend`) with each of the given papers, and the words weighing most
    in it: the TF-IDF words the two texts share, by their contribution to the cosine, specific words only
    (:data:`SPECIFIC_IDF`) when they share any.

    ``seed_tfidf`` is one TF-IDF row, ``seed_vector`` its LSA vector; ``tfidf`` and ``vectors`` have one row per
    other paper (LSA vectors may be zero-width on a store too small for LSA).
    """
    products = tfidf.multiply(seed_tfidf).tocsr()
    tfidf_cosine = np.asarray(products.sum(axis=1)).ravel()
    lsa_cosine = vectors @ seed_vector if vectors.shape[1] and seed_vector.shape[0] else tfidf_cosine
    answers = []
    for row in range(tfidf.shape[0]):
        begin, end = products.indptr[row], products.indptr[row + 1]
        weights, words = products.data[begin:end], products.indices[begin:end]
        specific = model.idf[words] >= SPECIFIC_IDF
        if specific.any():  # only those: "learning" beside "few-shot" says nothing more
            weights = np.where(specific, weights, -np.inf)
        top = np.argsort(-weights, kind="stable")[: min(WHY_TERMS, int(specific.sum()) or WHY_TERMS)]
        similarity = (
            float(blend(tfidf_cosine[row : row + 1], lsa_cosine[row : row + 1])[0]) if tfidf_cosine[row] > 0 else 0.0
        )
        answers.append((round(similarity, 4), tuple(model.vocabulary[words[i]] for i in top)))
    return answers


def merge_neighbours(
    current: Mapping[str, Sequence[Neighbour]], found: Iterable[Neighbour], k: int = NEIGHBOURS
) -> dict[str, list[Neighbour]]:
    """The nearest-paper lists that change when ``found`` pairs join them, both ways (similarity is symmetric).

    ``current`` holds the lists of every paper concerned; the answer holds only the lists that changed,
    each the ``k`` most similar, most similar first.

    >>> old = {"a": [Neighbour("a", "b", 0.5)], "b": [Neighbour("b", "a", 0.5)]}
    >>> merged = merge_neighbours(old, [Neighbour("c", "a", 0.7)], k=1)
    >>> {paper: [n.other for n in ranked] for paper, ranked in merged.items()}
    {'a': ['c'], 'c': ['a']}
    """
    lists = {paper: {n.other: n for n in ranked} for paper, ranked in current.items()}
    touched: set[str] = set()
    for pair in found:
        for one in (pair, pair.reversed()):
            mine = lists.setdefault(one.paper, {})
            previous = mine.get(one.other)
            if previous is None or previous != one:
                mine[one.other] = one
                touched.add(one.paper)
    changed = {}
    for paper in sorted(touched):
        ranked = sorted(lists[paper].values(), key=lambda n: (-n.similarity, n.other))[:k]
        if ranked != list(current.get(paper, ())):
            changed[paper] = ranked
    return changed
