"""Ablation of the extraction components: F1 per type on the three dev sets with each component off.

Runs `graphapp extract` in-process once with every component on and once per component turned off
(``extractors.components.Components``), scores each output with the shared scorer, and prints the
Markdown table kept in docs/extraction.md.

    python bench/ablation.py --eval-dir ../shared/eval --scorer ../shared/tools/score_extraction.py
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench.eval_extraction import DEV_SETS  # noqa: E402
from extractors import components, entities  # noqa: E402
from extractors.variants import _variants  # noqa: E402
from graphapp.cli import main as cli  # noqa: E402

#: The entity types the table shows (links and citations do not depend on the components).
ENTITY_TYPES = ("dataset", "model", "method", "task")


def _sets() -> list[tuple[str, str, str, list[str]]]:
    """(short label, papers file, gold file, entity types scored) of each dev set."""
    return [
        (papers.removesuffix("_papers.jsonl"), papers, gold, [t for t in types.split(",") if t in ENTITY_TYPES])
        for _, papers, gold, types in DEV_SETS
    ]


def scores(eval_dir: Path, scorer: Path, tmp: Path) -> dict[str, dict[str, float]]:
    """set -> type -> F1 of the extractor as the components are now."""
    entities._cached_lexicon.cache_clear()  # the lexicon reads some switches when it is built
    _variants.cache_clear()
    out: dict[str, dict[str, float]] = {}
    for label, papers, gold, types in _sets():
        pred, report = tmp / f"{label}.jsonl", tmp / f"{label}.json"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli(["extract", str(eval_dir / papers), "--out", str(pred)])
        subprocess.run(
            [sys.executable, str(scorer), "--gold", str(eval_dir / gold), "--pred", str(pred), "--json", str(report)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        per_type = json.loads(report.read_text())  # {type: {"precision", "recall", "f1", ...}}
        out[label] = {t: float(per_type[t]["f1"]) for t in types}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=HERE.parent / "shared" / "eval")
    parser.add_argument("--scorer", type=Path, default=HERE.parent / "shared" / "tools" / "score_extraction.py")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("all components on", scores(args.eval_dir, args.scorer, Path(tmp))))
        for field in dataclasses.fields(components.Components):
            setattr(components.COMPONENTS, field.name, False)
            try:
                rows.append((f"without `{field.name}`", scores(args.eval_dir, args.scorer, Path(tmp))))
            finally:
                setattr(components.COMPONENTS, field.name, True)
    header = [f"{label} {t}" for label, _, _, types in _sets() for t in types]
    print("| configuration | " + " | ".join(header) + " |")
    print("|---" * (len(header) + 1) + "|")
    for name, result in rows:
        cells = [f"{result[label][t]:.3f}" for label, _, _, types in _sets() for t in types]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
