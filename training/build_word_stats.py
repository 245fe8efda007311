"""Build ``extractors/assets/word_stats.tsv.gz``: how the words of the field are written and used.

For every word (and hyphenated or digit-led token: "zero-shot", "3D") seen at least twice in a corpus of
abstracts: how often it is written in lower case,
capitalised ("Multiple"), or otherwise (capitals, mixed case); how often it stands right before a task
head word ("video" in "video generation", or one word further: "3D" in "3D anomaly detection"); and how
often it stands where a verb does (after "to", "we", a modal: "to design", "we assess"). The extractor
reads it to tell ordinary words from names (a vocabulary alias that is a common lower-case word must
not turn "Multiple" into an entity) and task modifiers from verbs and evaluative words, and the
vocabulary lint to refuse context words that the field never writes ("labeleds", "AdamWs").

    python training/build_word_stats.py /work/shared/corpus/arxiv_abstracts_20k.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from extractors.normalize import word_set
from extractors.rules.words import TASK_HEADS

OUT = Path(__file__).resolve().parent.parent / "extractors" / "assets" / "word_stats.tsv.gz"
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
# Task phrases are read token by token, hyphenated words whole ("zero-shot", "3D").
_TOKEN = re.compile(r"[A-Za-z0-9][\w\-']*")
_HEAD = re.compile(rf"(?:{'|'.join(TASK_HEADS)})", re.IGNORECASE)
_VERB_BEFORE = frozenset(
    ["to", "we", "can", "could", "will", "may", "might", "should", "must", "not", "they", "it", "which", "that"]
)
_BRIDGES = word_set("the a an and of for to in on")
MIN_COUNT = 2


def count(paths: list[Path]) -> dict[str, list[int]]:
    """word (lower case) -> [lower-case, capitalised, other, before a task head, in a verb's place]."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                paper = json.loads(line)
                for text in (paper.get("title", ""), paper.get("abstract", "")):
                    tokens = _TOKEN.findall(text)
                    words = _WORD.findall(text) + [t for t in tokens if "-" in t or t[0].isdigit()]
                    for word, n in Counter(words).items():
                        form = 0 if word.islower() else 1 if word[0].isupper() and word[1:].islower() else 2
                        stats.setdefault(word.lower(), [0] * 5)[form] += n
                    _count_uses([t.lower() for t in tokens], stats)
    return stats


def _count_uses(tokens: list[str], stats: dict[str, list[int]]) -> None:
    """Count, per token, its places before a task head and after a verb's subject or "to"."""
    heads = [bool(_HEAD.fullmatch(t)) for t in tokens]
    for i, token in enumerate(tokens):
        row = stats.get(token)
        if row is None:
            continue
        if (i + 1 < len(tokens) and heads[i + 1]) or (
            i + 2 < len(tokens) and heads[i + 2] and tokens[i + 1] not in _BRIDGES
        ):
            row[3] += 1
        if i and tokens[i - 1] in _VERB_BEFORE:
            row[4] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="JSON Lines files of {title, abstract}")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    stats = count(args.corpus)
    rows = sorted((w, *c) for w, c in stats.items() if sum(c[:3]) >= MIN_COUNT)
    # mtime=0: the same corpus gives the same bytes
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write("".join("\t".join(map(str, row)) + "\n" for row in rows).encode("utf-8"))
    print(f"{args.out}: {len(rows)} words")


if __name__ == "__main__":
    main()
