"""Label-free checks of related papers and path verdicts, run as often as wanted (never on the judged items).

The blind review (``judge_connections.py``) is the measure; these are the proxies the thresholds are set on, on the
same 20k store but with other seeds, so that the judged items are never tuned to:

- ``related``: for 300 random papers that are not judged seeds, their top 10 related papers by score band, and the
  share of each band (and of the top 5 kept by a threshold) in the seed's primary arXiv category, exact category
  set, or a shared category other than cs.AI/cs.LG, by band of score and of similarity in meaning (the static
  embeddings' cosine). A threshold is worth it where the bands below it agree less than a seed's top 5 on average.
- ``paths``: the verdicts for pairs drawn as the judged ones are (10 same-field and 5 unrelated-field pairs per
  draw) with draws 1-5 instead of the judged draw; ``-v`` prints the ``connected`` chains to read.

    python bench/proxy_connections.py related
    python bench/proxy_connections.py paths [-v]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.judge_connections import JUDGE, KEY, OUT, SEED, _corpus, _pairs
from graphapp.analysis.scoring import MIN_SCORE
from graphapp.queries.connections import connection
from graphapp.queries.related import related
from graphapp.store import Store

BANDS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 9.0)
MEANING_BANDS = (-1.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.01)
GENERAL = {"cs.AI", "cs.LG"}


def related_proxy(store: Store, records: dict[str, dict], seeds: int = 300) -> None:
    judged = {
        entry["seed"]
        for key in sorted(JUDGE.glob(f"**/{KEY.name}"))  # every round's seeds: this round's and the earlier ones'
        for entry in json.loads(key.read_text(encoding="utf-8")).values()
        if "seed" in entry
    }
    rng = random.Random(99)
    rows = []  # (score, rank, same primary, same set, a specific category in common)
    shown = []  # the same for what ``related`` shows by default (top 5, threshold and problem overlap)
    for seed in rng.sample([pid for pid in sorted(records) if pid not in judged], seeds):
        mine = records[seed]["categories"]
        for found, rank, item in [
            (rows, *ranked) for ranked in enumerate(related(store, f"paper:{seed}", 10, min_score=0.0))
        ] + [(shown, *ranked) for ranked in enumerate(related(store, f"paper:{seed}", 5))]:
            theirs = records[item.paper.removeprefix("paper:")]["categories"]
            common = (set(mine) & set(theirs)) - GENERAL
            found.append((item.score, rank, mine[0] == theirs[0], set(mine) == set(theirs), bool(common),
                          item.meaning_similarity or 0.0))  # fmt: skip

    def shares(kept: list[tuple]) -> str:
        n = max(1, len(kept))
        return (f"primary {sum(r[2] for r in kept) / n:.3f}  exact set {sum(r[3] for r in kept) / n:.3f}  "
                f"specific category {sum(r[4] for r in kept) / n:.3f}")  # fmt: skip

    for low, high in itertools.pairwise(BANDS):
        band = [row for row in rows if low <= row[0] < high]
        if band:
            print(f"score {low:.2f}-{high:.2f}  n={len(band):5d}  {shares(band)}")
    for low, high in itertools.pairwise(MEANING_BANDS):
        band = [row for row in rows if low <= row[5] < high]
        if band:
            print(f"meaning {low:.2f}-{high:.2f}  n={len(band):5d}  {shares(band)}")
    top5 = [row for row in rows if row[1] < 5]
    for threshold in (0.0, 0.3, 0.33, MIN_SCORE, 0.4):
        kept = [row for row in top5 if row[0] >= threshold]
        print(f"top 5 scoring >= {threshold:.2f}: {len(kept) / len(top5):.0%} kept  {shares(kept)}")
    print(f"shown by default: {len(shown) / len(top5):.0%} kept  {shares(shown)}")


def paths_proxy(store: Store, records: dict[str, dict], verbose: bool) -> None:
    tally: Counter[tuple[str, str]] = Counter()
    for draw in range(1, 6):
        assert draw != SEED
        same, unrelated = _pairs(store, records, random.Random(draw))
        for kind, pairs in (("same field", same), ("unrelated fields", unrelated)):
            for one, other in pairs:
                found = connection(store, f"paper:{one}", f"paper:{other}")
                tally[(kind, found.verdict)] += 1
                if verbose and found.verdict == "connected":
                    print(f"{kind}: {records[one]['title'][:60]} || {records[other]['title'][:60]}")
                    print("    " + " / ".join(step.describe() for step in found.paths[0].steps))
    for (kind, verdict), count in sorted(tally.items()):
        print(f"{kind:17s} {verdict:10s} {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("check", choices=("related", "paths"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    db = OUT / "judge_20k.sqlite"
    if not db.exists():
        raise SystemExit(f"{db}: build it first with `python bench/judge_connections.py write`")
    records = _corpus()
    with Store(db, readonly=True) as store:
        if args.check == "related":
            related_proxy(store, records)
        else:
            paths_proxy(store, records, args.verbose)


if __name__ == "__main__":
    main()
