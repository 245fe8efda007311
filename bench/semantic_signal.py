"""Does similarity in meaning tell the judged related results apart, better than the text similarity? And how
fast does the shipped static model embed the real abstracts?

``auc``: every related result a reviewer labelled (``bench/judge/**/connections_key.json`` and labels: rounds 1-5),
scored by each signal between seed and result; the AUC of each (the chance that a relevant result scores above
an irrelevant one; 0.5 is no better than chance): the blended text similarity ``related`` ranks on, the titles'
and problem statements' TF-IDF cosines, and the static embeddings' cosine (of ``--model``, default the shipped
one; the training script leaves the judged papers out of its training).

``speed``: abstracts embedded per second on the 20k corpus by the static model (median of 3 runs), against the
TF-IDF transform of the store's text model run in the same command (what ingest already does per paper).

    python bench/semantic_signal.py auc [--model PATH]
    python bench/semantic_signal.py speed
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.judge_connections import JUDGE, KEY, OUT, _corpus, _labels
from graphapp.analysis.semantic import ASSET, StaticEmbedder, semantic_text
from graphapp.analysis.text import paper_text, similarities
from graphapp.store import Store
from graphapp.textindex import model_of, text_matrix


def labelled_pairs() -> list[tuple[str, str, str, bool]]:
    """(round, seed, result, relevant) for every labelled related result of every kept round."""
    pairs = []
    for key_file in sorted(JUDGE.glob(f"**/{KEY.name}")):
        key = json.loads(key_file.read_text(encoding="utf-8"))
        labels = _labels(key_file.parent, key)
        for item, entry in key.items():
            if entry["kind"] == "related":
                pairs.append((key_file.parent.name, entry["seed"], entry["paper"].removeprefix("paper:"), labels[item]))
    return pairs


def auc(scores: list[float], labels: list[bool]) -> float:
    """The chance that a relevant item scores above an irrelevant one (ties count half).

    >>> auc([0.9, 0.1, 0.5], [True, False, False]), auc([0.1, 0.9], [True, False])
    (1.0, 0.0)
    """
    values, relevant = np.asarray(scores), np.asarray(labels, bool)
    above, below = values[relevant][:, None], values[~relevant][None, :]
    return float(((above > below).sum() + 0.5 * (above == below).sum()) / (above.size * below.size))


def run_auc(model_path: Path) -> None:
    pairs = labelled_pairs()
    records = _corpus()
    embedder = StaticEmbedder.load(model_path)
    signals: dict[str, list[float]] = {"text": [], "title": [], "problem statement": [], "meaning": []}
    with Store(OUT / "judge_20k.sqlite", readonly=True) as store:
        model = model_of(store)
        assert model is not None
        for _, seed, result, _ in pairs:
            matrix = text_matrix(store, model, sorted({seed, result}))
            i, j = matrix.ids.index(seed), matrix.ids.index(result)
            ((similarity, _),) = similarities(model, matrix.tfidf[i], matrix.vectors[i], matrix.tfidf[[j]],
                                             matrix.vectors[[j]])  # fmt: skip
            signals["text"].append(similarity)
            signals["title"].append(float(matrix.titles[i].multiply(matrix.titles[j]).sum()))
            signals["problem statement"].append(float(matrix.problems[i].multiply(matrix.problems[j]).sum()))
            one, other = embedder.embed(
                semantic_text(records[p]["title"], records[p]["abstract"]) for p in (seed, result)
            )
            signals["meaning"].append(float(one @ other))
    labels = [relevant for *_, relevant in pairs]
    print(f"{len(pairs)} labelled related results ({sum(labels)} relevant) of {len({p[0] for p in pairs})} rounds")
    for name, scores in signals.items():
        print(f"  AUC {name:18s} {auc(scores, labels):.3f}")
    combined = np.asarray(signals["text"]) + np.asarray(signals["meaning"])
    print(f"  AUC {'text + meaning':18s} {auc(combined.tolist(), labels):.3f}")


def run_speed() -> None:
    records = list(_corpus().values())
    texts = [semantic_text(r["title"], r["abstract"]) for r in records]
    embedder = StaticEmbedder.load()
    with Store(OUT / "judge_20k.sqlite", readonly=True) as store:
        model = model_of(store)
    assert model is not None
    tfidf_texts = [paper_text(r["title"], r["abstract"]) for r in records]
    times: dict[str, list[float]] = {"static embedding": [], "TF-IDF transform": []}
    for _ in range(3):  # interleaved
        began = time.perf_counter()
        embedder.embed(texts)
        times["static embedding"].append(time.perf_counter() - began)
        began = time.perf_counter()
        model.tfidf(tfidf_texts)
        times["TF-IDF transform"].append(time.perf_counter() - began)
    for name, runs in times.items():
        print(f"{name:17s} {len(texts) / statistics.median(runs):8.0f} abstracts/s (median of 3)")
    ratio = statistics.median(times["static embedding"]) / statistics.median(times["TF-IDF transform"])
    print(f"static embedding takes {ratio:.2f}x the TF-IDF transform's time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("auc", "speed"))
    parser.add_argument("--model", type=Path, default=ASSET)
    args = parser.parse_args()
    if not (OUT / "judge_20k.sqlite").exists():
        raise SystemExit("build the judged store first: python bench/judge_connections.py write")
    run_auc(args.model) if args.action == "auc" else run_speed()


if __name__ == "__main__":
    main()
