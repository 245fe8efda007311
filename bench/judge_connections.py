"""Blind review of related papers and paths on a store of the 20k real arXiv abstracts.

``write`` builds the store (once; ``--workers 2`` ingest) and writes, for a reviewer who did not write the ranking:

- for 20 random papers, their top 5 related papers (:func:`graphapp.queries.related.related`), each shown by title
  and abstract only, shuffled within the seed (order, scores and reasons hidden);
- the answer of ``path`` (:func:`graphapp.queries.connections.connection`: its verdict and chains, as the CLI shows
  them) for 15 pairs in random order: 10 pairs a user would ask about, of one field and topically near but
  naming no entity in common (the same primary arXiv category, and each among the other's :data:`NEAR` nearest
  papers of the store by text similarity, the blend of TF-IDF and LSA cosines ``related`` ranks on), and 5
  pairs from unrelated fields (each paper in one
  field group, the groups differ and are not vision and language, no category in common). The reviewer is not
  told which pairs are which.

The same-field pairs of rounds 1 and 2 were drawn by identical category sets alone; readers found those pairs
unrelated (the categories are too broad), so round 3 adds the nearness by text. That draw uses the store's text
model: pairs it finds are pairs the ranking already sees as near, which is what a user asking "how do these two
connect?" about two papers of their own topic brings.

The file to label is ``bench/judge/connections_review.md`` (with its labelling instructions); the key that says
which item is which stays in ``bench/judge/connections_key.json``. ``score`` reads the reviewer's labels
(``bench/judge/connections_labels.tsv``: one ``ITEM<TAB>yes|no`` line per item) and prints the figures.

    python bench/judge_connections.py write [--workers 2]
    python bench/judge_connections.py score [--dir bench/judge/round3]
    python bench/judge_connections.py replay --dir bench/judge/round3

``replay`` runs the current code on an earlier round's seeds and pairs (its labels become a development set: tune
to the kinds of errors they show, then judge on a new draw): the share of what ``related`` would show now that
the reviewer labelled relevant (results that round did not show have no label and are counted apart), and each
pair's verdict now beside its label then.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphapp.analysis.text import nearest_papers, paper_text, vectors_from_bytes
from graphapp.cli import main as cli
from graphapp.nodes import NodeId
from graphapp.queries.connections import Connection, connection
from graphapp.queries.related import related
from graphapp.store import Store
from graphapp.textindex import model_of

CORPUS = Path("/work/shared/corpus/arxiv_abstracts_20k.jsonl.gz")
BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
JUDGE = BENCH / "judge"
REVIEW = JUDGE / "connections_review.md"
KEY = JUDGE / "connections_key.json"
LABELS = JUDGE / "connections_labels.tsv"
SEED = 2030  # rounds 1 and 2 drew with 2026, round 3 with 2027, round 4 with 2028, round 5 with 2029
SEEDS, RELATED, SAME_FIELD, UNRELATED = 20, 5, 10, 5
#: A same-field pair's papers are each among the other's this many nearest papers of the store by text.
NEAR = 100

#: Categories that belong to every field (general machine learning).
GENERAL = {"cs.AI", "cs.LG", "stat.ML", "cs.NE", "cs.MA"}
#: Field groups of arXiv categories (a category, or its archive before the dot).
FIELDS = {
    "vision": {"cs.CV", "eess.IV", "cs.GR", "cs.MM"},
    "language": {"cs.CL", "cs.IR"},
    "audio": {"cs.SD", "eess.AS"},
    "robotics": {"cs.RO", "eess.SY", "cs.SY"},
    "security": {"cs.CR"},
    "theory": {"cs.DS", "cs.CC", "cs.GT", "cs.LO", "cs.FL", "cs.DM", "cs.IT", "math"},
    "biology": {"q-bio", "physics.med-ph"},
    "physics": {"physics", "astro-ph", "cond-mat", "quant-ph", "hep-th", "gr-qc"},
    "economics": {"econ", "q-fin"},
    "society": {"cs.HC", "cs.CY", "cs.SI"},
    "systems": {"cs.DC", "cs.AR", "cs.NI", "cs.OS", "cs.PF", "cs.SE", "cs.PL", "cs.DB", "cs.ET"},
}

INSTRUCTIONS = """\
# Labelling instructions

You are reviewing the output of a tool that finds related papers and explains how two papers are connected.
You have not seen how it ranks; judge only what is shown. Write one line per item to
`bench/judge/connections_labels.tsv`: the item id, a tab, then `yes` or `no` (e.g. `R017<TAB>yes`).

**Related papers (items R...)**: each group shows a seed paper and up to five candidate papers in random order
(fewer, or none, when the tool found no closely related paper).
Label a candidate `yes` if a researcher reading the seed paper would find it relevant to read next: it works on
the same specific problem, uses or builds the same specific method, model or data for a similar purpose, or
directly informs the seed's contribution. Label `no` if the overlap is only a shared word, a broad area (both are
"about LLMs" or "about images"), or a general technique applied to a different problem.

**Connections (items P...)**: each item shows two papers and the tool's answer to "how are these connected?": a
verdict (`connected`, `weak`, or `none`) with a reason, and up to three chains. A chain goes from paper to paper;
each step is either an entity both papers name (with how many papers of the store name it) or "similar text"
(with the words the two texts share most). Label `yes` (informative) if the answer is right and useful: either
the verdict is `connected` and the first chain's every step is specific and together they explain how the two
papers relate; or the two papers are genuinely unrelated and the answer says the connection is weak or absent
rather than presenting a chain as a connection. Label `no` otherwise (a generic or misleading step, a chain that
does not explain anything presented as a connection, or a weak verdict for two papers whose relation the chain
does show well).
"""


def fields_of(categories: list[str]) -> set[str]:
    """The field groups of a paper's categories, general machine learning left out.

    >>> sorted(fields_of(["cs.CV", "cs.LG", "eess.IV"])), sorted(fields_of(["math.OC", "cs.SY"]))
    (['vision'], ['robotics', 'theory'])
    """
    found = set()
    for category in categories:
        if category in GENERAL:
            continue
        for name, members in FIELDS.items():
            if category in members or category.split(".")[0] in members:
                found.add(name)
    return found


def _corpus() -> dict[str, dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        records = (json.loads(line) for line in handle)
        return {record["id"].removeprefix("arXiv:"): record for record in records}


def build_store(workers: int) -> Path:
    db = OUT / "judge_20k.sqlite"
    if not db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        if cli(["ingest", str(CORPUS), "--db", str(db), "--workers", str(workers)]) != 0:
            raise SystemExit("ingest reported skipped records")
    return db


def _near(store: Store, ids: list[str]) -> Callable[[str], set[str]]:
    """For a paper id, its :data:`NEAR` nearest papers of the store by text (the similarity ``related`` ranks on)."""
    model = model_of(store)
    vector_ids, blobs = store.paper_vectors()
    assert model is not None and vector_ids == ids, "the judged store has a text index over every paper"
    vectors = vectors_from_bytes(blobs, len(model.components))
    tfidf = model.tfidf(paper_text(title, abstract) for _, title, abstract in store.paper_texts(ids))
    position = {pid: row for row, pid in enumerate(ids)}
    cache: dict[str, set[str]] = {}

    def near(paper: str) -> set[str]:
        if paper not in cache:
            query = tfidf[[position[paper]]]
            found = nearest_papers(model, [paper], query, ids, vectors, tfidf.__getitem__, k=NEAR, candidates=3 * NEAR)
            cache[paper] = {n.other for n in found[paper]}
        return cache[paper]

    return near


def _pairs(store: Store, records: dict[str, dict], rng: random.Random) -> tuple[list, list]:
    entities: dict[str, set[int]] = {}
    for paper, entity in store.paper_entity_pairs(records):
        entities.setdefault(paper, set()).add(entity)
    ids = sorted(records)
    near = _near(store, ids)
    same: list[tuple[str, str]] = []
    while len(same) < SAME_FIELD:
        one = rng.choice(ids)
        field = records[one]["categories"][0]
        candidates = sorted(
            other
            for other in near(one)
            if records[other]["categories"][0] == field
            and one in near(other)
            and not entities.get(one, set()) & entities.get(other, set())
        )
        if candidates:
            pair = (one, rng.choice(candidates))
            if pair not in same and pair[::-1] not in same:
                same.append(pair)
    unrelated: list[tuple[str, str]] = []
    while len(unrelated) < UNRELATED:
        one, other = rng.choice(ids), rng.choice(ids)
        first, second = fields_of(records[one]["categories"]), fields_of(records[other]["categories"])
        if len(first) != 1 or len(second) != 1 or first == second or first | second == {"vision", "language"}:
            continue
        if not set(records[one]["categories"]) & set(records[other]["categories"]):
            unrelated.append((one, other))
    return same, unrelated


def _paper_block(record: dict, heading: str) -> str:
    abstract = " ".join(record["abstract"].split())
    return f"{heading} **{record['title']}**\n\n" + textwrap.fill(abstract, 110) + "\n"


def _answer(found: Connection, records: dict[str, dict]) -> str:
    def title(node: str) -> str:
        return records[NodeId.parse(node).key]["title"]

    lines = [f"    {found.verdict}: {found.reason}"]
    for number, path in enumerate(found.paths, 1):
        lines.append(f"    chain {number}: {title(found.source)}")
        lines += [f"        -- {step.describe()} --> {title(step.target)}" for step in path.steps]
    return "\n".join(lines) + "\n"


def write(workers: int) -> None:
    records = _corpus()
    db = build_store(workers)
    rng = random.Random(SEED)
    key: dict[str, dict] = {}
    parts = [INSTRUCTIONS, "\n# Related papers\n"]
    with Store(db, readonly=True) as store:
        seeds = rng.sample(sorted(records), SEEDS)
        number = 0
        for group, seed in enumerate(seeds, 1):
            found = related(store, f"paper:{seed}", limit=RELATED)
            order = list(range(RELATED))  # the same draws however many are shown: the pairs below stay the same
            rng.shuffle(order)
            shown = [(index + 1, found[index]) for index in order if index < len(found)]
            parts.append(f"\n## Group {group}\n\n" + _paper_block(records[seed], "Seed:"))
            for rank, item in shown:
                number += 1
                item_id = f"R{number:03}"
                parts.append("\n" + _paper_block(records[NodeId.parse(item.paper).key], f"{item_id}:"))
                key[item_id] = {"kind": "related", "seed": seed, "paper": item.paper, "rank": rank,
                                "score": item.score, "why": item.why()}  # fmt: skip
        same, unrelated = _pairs(store, records, rng)
        pairs = [("same field", pair) for pair in same] + [("unrelated fields", pair) for pair in unrelated]
        rng.shuffle(pairs)
        parts.append("\n# Connections\n")
        for number, (kind, (one, other)) in enumerate(pairs, 1):
            found = connection(store, f"paper:{one}", f"paper:{other}")
            item_id = f"P{number:02}"
            parts.append(f"\n## {item_id}\n\n" + _paper_block(records[one], "A:") + "\n")
            parts.append(_paper_block(records[other], "B:") + "\nThe tool's answer:\n\n" + _answer(found, records))
            key[item_id] = {"kind": kind, "a": one, "b": other, "verdict": found.verdict, "reason": found.reason,
                            "categories": [records[one]["categories"], records[other]["categories"]]}  # fmt: skip
    JUDGE.mkdir(parents=True, exist_ok=True)
    REVIEW.write_text("".join(parts), encoding="utf-8")
    KEY.write_text(json.dumps(key, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{REVIEW}: {sum(1 for k in key.values() if k['kind'] == 'related')} related items, {len(pairs)} pairs")


def score(folder: Path = JUDGE) -> None:
    """The figures of the labels in ``folder`` (its key and labels; an earlier round's are kept in a subfolder)."""
    key = json.loads((folder / KEY.name).read_text(encoding="utf-8"))
    labels = _labels(folder, key)
    related_items = [item for item, entry in key.items() if entry["kind"] == "related"]
    relevant = sum(labels[item] for item in related_items)
    share = 100 * relevant / max(1, len(related_items))
    print(f"related: {relevant}/{len(related_items)} relevant ({share:.0f}%, goal >= 75%)")
    seeds = {entry["seed"] for entry in key.values() if entry["kind"] == "related"}
    print(f"  seeds with at least one result: {len(seeds)}/{SEEDS}; with a relevant one: "
          f"{len({key[item]['seed'] for item in related_items if labels[item]})}/{SEEDS}")  # fmt: skip
    by_rank = {}
    for item in related_items:
        by_rank.setdefault(key[item]["rank"], []).append(labels[item])
    print("  by rank: " + ", ".join(f"#{r} {sum(v)}/{len(v)}" for r, v in sorted(by_rank.items())))
    for kind in ("same field", "unrelated fields"):
        items = [item for item, entry in key.items() if entry["kind"] == kind]
        good = sum(labels[item] for item in items)
        weak = sum(key[item]["verdict"] != "connected" for item in items)
        print(f"{kind}: {good}/{len(items)} judged informative; verdict weak or none for {weak}/{len(items)}")


def _labels(folder: Path, key: dict[str, dict]) -> dict[str, bool]:
    labels_file = folder / LABELS.name
    labels = {}
    for line_number, line in enumerate(labels_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item, _, label = line.partition("\t")
        if item.strip() not in key or label.strip().lower() not in ("yes", "no"):
            raise SystemExit(f"{labels_file}, line {line_number}: expected ITEM<TAB>yes|no, got {line!r}")
        labels[item.strip()] = label.strip().lower() == "yes"
    missing = sorted(set(key) - set(labels))
    if missing:
        raise SystemExit(f"{labels_file}: no label for {', '.join(missing)}")
    return labels


def replay(folder: Path) -> None:
    """The current code's answers on an earlier round's seeds and pairs, scored with that round's labels."""
    key = json.loads((folder / KEY.name).read_text(encoding="utf-8"))
    labels = _labels(folder, key)
    related_items = [(item, entry) for item, entry in key.items() if entry["kind"] == "related"]
    judged = {(entry["seed"], entry["paper"]): labels[item] for item, entry in related_items}
    seeds = list(dict.fromkeys(seed for seed, _ in judged))
    db = build_store(2)
    shown = relevant = unlabelled = with_results = 0
    with Store(db, readonly=True) as store:
        for seed in seeds:
            found = related(store, f"paper:{seed}", limit=RELATED)
            with_results += bool(found)
            for item in found:
                label = judged.get((seed, item.paper))
                if label is None:
                    unlabelled += 1
                else:
                    shown += 1
                    relevant += label
        print(f"related on {folder.name}'s {len(seeds)} seeds: {relevant}/{shown} labelled results shown are "
              f"relevant ({100 * relevant / max(1, shown):.0f}%; that round: {sum(judged.values())}/{len(judged)}); "
              f"{unlabelled} not shown that round; seeds with a result {with_results}/{len(seeds)}")  # fmt: skip
        for kind in ("same field", "unrelated fields"):
            rows = []
            for item, entry in key.items():
                if entry["kind"] == kind:
                    now = connection(store, f"paper:{entry['a']}", f"paper:{entry['b']}")
                    rows.append((item, entry["verdict"], now.verdict, labels[item], now.reason))
            # a label "no" on a verdict that has changed says the old verdict was wrong: the new one may be right
            right = sum(label == (then == now) for _, then, now, label, _ in rows)
            print(f"{kind}: verdict now right by that round's labels {right}/{len(rows)}")
            for item, then, now, label, reason in rows:
                print(f"  {item} {'yes' if label else 'no '} then {then:9s} now {now:9s} {reason[:80]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("write", "score", "replay"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=JUDGE, help="score, replay: the folder of the key and labels")
    args = parser.parse_args()
    if args.action == "write":
        write(args.workers)
    elif args.action == "replay":
        replay(args.dir)
    else:
        score(args.dir)


if __name__ == "__main__":
    main()
