"""Build ``extractors/assets/word_stats.tsv.gz``: how the words of the field are written.

For every word (split at whitespace, hyphens and punctuation) seen at least twice in a corpus of
abstracts: how often it is written in lower case, capitalised ("Multiple"), or otherwise (capitals,
mixed case). The extractor reads it to tell ordinary words from names (a vocabulary alias that is a
common lower-case word must not turn "Multiple" into an entity), and the vocabulary lint to refuse
context words that the field never writes ("labeleds", "AdamWs").

    python training/build_word_stats.py /work/shared/corpus/arxiv_abstracts_20k.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extractors" / "assets" / "word_stats.tsv.gz"
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
MIN_COUNT = 2


def count(paths: list[Path]) -> dict[str, list[int]]:
    """word (lower case) -> [lower-case count, capitalised count, other count]."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                paper = json.loads(line)
                text = f"{paper.get('title', '')}\n{paper.get('abstract', '')}"
                for word, n in Counter(_WORD.findall(text)).items():
                    form = 0 if word.islower() else 1 if word[0].isupper() and word[1:].islower() else 2
                    stats.setdefault(word.lower(), [0, 0, 0])[form] += n
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="JSON Lines files of {title, abstract}")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    stats = count(args.corpus)
    rows = sorted((w, *c) for w, c in stats.items() if sum(c) >= MIN_COUNT)
    # mtime=0: the same corpus gives the same bytes
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write("".join(f"{w}\t{a}\t{b}\t{c}\n" for w, a, b, c in rows).encode("utf-8"))
    print(f"{args.out}: {len(rows)} words")


if __name__ == "__main__":
    main()
