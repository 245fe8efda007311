"""Rebuild ``bench/corpus_parts/sentences.txt.gz``: generic sentences of real arXiv abstracts for the generator.

Run once by a maintainer (the generator itself never reads the shared corpus). It keeps the sentences of
real abstracts that name nothing (no capitalised word after the first, no digit, no link, no bracket), so
that the synthetic abstracts read like real ones while every name in them is placed, and therefore known,
by the generator. arXiv states its metadata is CC0.

    python bench/make_sentence_pool.py /work/shared/corpus/arxiv_abstracts_20k.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "corpus_parts" / "sentences.txt.gz"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NAMES_SOMETHING = re.compile(r"[0-9\[\]()<>{}/\\$%@#_~^|*=+]|https?:|www\.|\s[A-Z]|[A-Z]{2}|\s-|-\s|\bal\.")


def generic_sentences(abstract: str) -> list[str]:
    """The sentences of one abstract that name no entity, whitespace collapsed."""
    text = " ".join(abstract.split())
    kept = []
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split()
        if 8 <= len(words) <= 45 and sentence.endswith(".") and not _NAMES_SOMETHING.search(sentence[1:]):
            kept.append(sentence)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="the real corpus (JSON lines with an abstract field, gzip or plain)")
    parser.add_argument("--limit", type=int, default=6000, help="sentences to keep (sampled with a fixed seed)")
    args = parser.parse_args()
    opener = gzip.open if args.corpus.endswith(".gz") else open
    with opener(args.corpus, "rt", encoding="utf-8") as handle:
        pool = sorted({s for line in handle for s in generic_sentences(json.loads(line)["abstract"])})
    chosen = sorted(random.Random(0).sample(pool, min(args.limit, len(pool))))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(chosen) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(chosen)} sentences of {len(pool)} generic ones")


if __name__ == "__main__":
    main()
