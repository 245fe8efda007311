"""Extraction quality on the development sets: runs ``graphapp extract`` and the shared scorer, prints the tables.

    python bench/eval_extraction.py [--shared ../shared] [--show 10]

The dev sets and the scorer live outside the repository (``../shared/eval`` and ``../shared/tools``); see their
README for what each type means. Scores are printed, never asserted: they are for people comparing changes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: (label, papers file, gold file, types scored)
DEV_SETS = (
    ("bundled papers (seed)", "seed_papers.jsonl", "seed_gold.jsonl", "url,citation,dataset,model,method,task"),
    ("real abstracts, hard links", "links_dev_papers.jsonl", "links_dev.jsonl", "url,citation,dataset,model,method"),
    (
        "random abstracts (random_dev)",
        "random_dev_papers.jsonl",
        "random_dev_gold.jsonl",
        "url,citation,dataset,model,method,task",
    ),
)


def run(shared: Path, show: int) -> int:
    scorer = shared / "tools" / "score_extraction.py"
    if not scorer.exists():
        print(f"no scorer at {scorer}: pass --shared PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for label, papers, gold, types in DEV_SETS:
            pred = Path(tmp) / f"{papers}.pred"
            subprocess.run(
                [sys.executable, "-m", "graphapp", "extract", str(shared / "eval" / papers), "--out", str(pred)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            print(f"## {label}")
            command = [sys.executable, str(scorer), "--gold", str(shared / "eval" / gold), "--pred", str(pred)]
            subprocess.run([*command, "--types", types, "--show", str(show)], check=True)
            print()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/ and tools/")
    parser.add_argument("--show", type=int, default=0, help="list up to N misses and spurious hits per type")
    args = parser.parse_args()
    return run(args.shared, args.show)


if __name__ == "__main__":
    sys.exit(main())
