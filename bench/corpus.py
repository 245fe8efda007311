"""Synthetic ML abstracts at any size, deterministic by seed: the input of the scale benchmarks.

Each abstract mixes generic sentences of real arXiv abstracts (``corpus_parts/sentences.txt.gz``, see
``make_sentence_pool.py``) with sentences that name things the way abstracts do: known datasets, models,
methods and tasks from the project's vocabulary, new method names that recur across papers, GitHub,
Hugging Face and project-page links, and author-year, numeric and arXiv citations. Lengths follow the
word-count quantiles of 20k real arXiv abstracts, and half of the abstracts are hard-wrapped like arXiv's.

    python bench/corpus.py --size 100k --seed 0 --out bench/out/corpus_100k_s0.jsonl.gz

>>> papers = list(generate(2, seed=7, names={"dataset": ["ImageNet"], "model": ["BERT"]}))
>>> [p["id"] for p in papers]
['synth-7-0000000', 'synth-7-0000001']
>>> papers == list(generate(2, seed=7, names={"dataset": ["ImageNet"], "model": ["BERT"]}))
True
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.vocabulary import load_vocabulary

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_VOCAB_DIR = BENCH_DIR.parent / "data" / "vocab"
SENTENCE_POOL = BENCH_DIR / "corpus_parts" / "sentences.txt.gz"
VOCAB_TYPES = ("dataset", "model", "method", "task")

#: Word-count 0%, 5%, ..., 100% quantiles of the 20k real arXiv abstracts in the shared corpus (the extremes,
#: 16 and 323 words, trimmed): each length bucket is drawn equally often, so lengths follow the real ones.
WORD_QUANTILES = (
    60,
    112,
    127,
    137,
    144,
    150,
    156,
    162,
    167,
    172,
    177,
    183,
    188,
    194,
    200,
    206,
    213,
    223,
    232,
    245,
    300,
)
#: Used when no vocabulary directory exists, so that the generator runs on a bare checkout.
FALLBACK_NAMES = {
    "dataset": ["ImageNet", "CIFAR-10", "COCO", "GLUE", "SQuAD", "MMLU", "GSM8K", "LibriSpeech"],
    "model": ["BERT", "GPT-4", "LLaMA", "CLIP", "ResNet-50", "ViT", "T5", "Stable Diffusion"],
    "method": ["LoRA", "Transformer", "contrastive learning", "knowledge distillation", "RLHF", "Adam"],
    "task": ["image classification", "question answering", "machine translation", "object detection"],
}

_PROPOSE = (
    "We propose {new}, a {adj} framework for {task}.",
    "In this paper, we introduce {new}, which addresses {task} with a {adj} design.",
    "To address this, we present {new} ({long}), a {adj} approach to {task}.",
    "We introduce {new}, a {adj} method that builds on {method} for {task}.",
)
_USE = (
    "We evaluate {new} on {dataset} and {dataset2}, where it outperforms {model} by {num} points.",
    "Experiments on {dataset} show that our method improves over {model} and {model2}.",
    "We fine-tune {model} with {method} on {dataset} and report results on {dataset2}.",
    "Compared with {method}, {new} reduces the error on {dataset} by {num}%.",
    "Our experiments with {model} on the {dataset} benchmark confirm these findings.",
    "We build on {model} and train it on {dataset} using {method}.",
)
_CITE = (
    "Unlike prior work {cite}, we do not rely on {method}.",
    "Following {cite}, we adopt {method} as the backbone.",
    "Recent studies {cite} have applied {model} to {task}.",
    "As shown by {author_cite}, {method} remains a strong baseline for {task}.",
)
_LINK = (
    "Code is available at {url}.",
    "Our code and models are publicly available at {url}.",
    "The code is released at {url} and the weights at {hf_url}.",
    "Project page: {page_url}.",
    "We release our dataset at {hf_dataset_url}.",
)
_ADJECTIVES = ("simple", "scalable", "unified", "lightweight", "training-free", "general", "compact", "robust")
_TITLE = (
    "{new}: {Adj} {Noun} for {Task}",
    "{new}: Towards {Adj} {Task}",
    "{Adj} {Task} with {method}",
    "Rethinking {method} for {Task}",
    "{new}: {Noun} Meets {method}",
)
_NOUNS = ("Learning", "Reasoning", "Adaptation", "Alignment", "Representations", "Models", "Transformers", "Agents")
_SYLLABLES = ("Vi", "Lo", "Dif", "Gra", "Mo", "Seg", "Tok", "Fu", "Ne", "Qu", "Ra", "Syn", "Pro", "Ze", "Hy", "Ka")
_SUFFIXES = ("Net", "Former", "GPT", "Diff", "Bench", "Agent", "LM", "Fusion", "-VL", "Seg", "Mamba", "Zero")
_SURNAMES = ("Smith", "Zhang", "Wang", "Kumar", "Garcia", "Müller", "Kim", "Chen", "Rossi", "Okafor", "Li", "Brown")
_CITE_STYLES = (
    "({surname} et al., {year})",
    "[{n}]",
    "[{n}, {m}]",
    "(arXiv:{arxiv})",
    "({surname} and {surname2}, {year})",
)


@cache
def sentence_pool() -> tuple[str, ...]:
    """The bundled generic sentences of real abstracts."""
    return tuple(gzip.decompress(SENTENCE_POOL.read_bytes()).decode("utf-8").split("\n")[:-1])


def load_names(vocab_dir: str | Path = DEFAULT_VOCAB_DIR) -> dict[str, list[str]]:
    """Every surface (name and aliases) per entity type from a directory of vocabulary files.

    The files are read by the extractors' own loader (``extractors.vocabulary``), so the generator
    places exactly the names the extractor knows. A missing or empty directory gives
    :data:`FALLBACK_NAMES`, so the generator also runs without vocabularies.
    """
    names: dict[str, list[str]] = {kind: [] for kind in VOCAB_TYPES}
    if Path(vocab_dir).is_dir():
        for entity in load_vocabulary([vocab_dir], default=False):
            if entity.type in names:
                names[entity.type].extend(entity.surfaces())
    if not any(names.values()):
        return {kind: list(values) for kind, values in FALLBACK_NAMES.items()}
    return {kind: values or list(FALLBACK_NAMES[kind]) for kind, values in names.items()}


class AbstractWriter:
    """Writes one synthetic paper after another from a single seeded random stream."""

    def __init__(self, names: Mapping[str, Sequence[str]], seed: int, new_names: int = 5000) -> None:
        self.random = random.Random(seed)
        self.names = {kind: list(names.get(kind) or FALLBACK_NAMES[kind]) for kind in VOCAB_TYPES}
        self.sentences = sentence_pool()
        # New method names recur across papers (a name proposed once is used by later papers), as in arXiv.
        self.new_names = [self._new_name() for _ in range(new_names)]

    def _new_name(self) -> str:
        pick = self.random.choice
        stem = "".join(pick(_SYLLABLES) for _ in range(self.random.randint(1, 3)))
        return stem + pick(_SUFFIXES) if self.random.random() < 0.7 else stem.upper()

    def _citation(self) -> str:
        rnd = self.random
        return rnd.choice(_CITE_STYLES).format(
            surname=rnd.choice(_SURNAMES),
            surname2=rnd.choice(_SURNAMES),
            year=rnd.randint(2012, 2025),
            n=rnd.randint(1, 60),
            m=rnd.randint(1, 60),
            arxiv=f"{rnd.randint(18, 25)}{rnd.randint(1, 12):02d}.{rnd.randint(0, 99999):05d}",
        )

    def _slots(self, new: str) -> dict[str, str]:
        rnd = self.random
        user = rnd.choice(_SURNAMES).lower() + str(rnd.randint(1, 99))
        repo = new.replace("-", "")
        return {
            "new": new,
            "long": " ".join(f"{part.capitalize()}" for part in (rnd.choice(_NOUNS), rnd.choice(_NOUNS))),
            "adj": rnd.choice(_ADJECTIVES),
            "Adj": rnd.choice(_ADJECTIVES).capitalize(),
            "Noun": rnd.choice(_NOUNS),
            "task": rnd.choice(self.names["task"]),
            "Task": rnd.choice(self.names["task"]).title(),
            "dataset": rnd.choice(self.names["dataset"]),
            "dataset2": rnd.choice(self.names["dataset"]),
            "model": rnd.choice(self.names["model"]),
            "model2": rnd.choice(self.names["model"]),
            "method": rnd.choice(self.names["method"]),
            "num": f"{rnd.uniform(0.5, 15):.1f}",
            "cite": self._citation(),
            "author_cite": f"{rnd.choice(_SURNAMES)} et al. ({rnd.randint(2012, 2025)})",
            "url": f"https://github.com/{user}/{repo}",
            "hf_url": f"https://huggingface.co/{user}/{repo}-base",
            "hf_dataset_url": f"https://huggingface.co/datasets/{user}/{repo}",
            "page_url": f"https://{user}.github.io/{repo.lower()}",
        }

    def _target_words(self) -> int:
        """A length drawn from the real abstracts' word-count quantiles."""
        bucket = self.random.randrange(len(WORD_QUANTILES) - 1)
        return self.random.randint(WORD_QUANTILES[bucket], WORD_QUANTILES[bucket + 1])

    def paper(self, paper_id: str) -> dict[str, str]:
        rnd = self.random
        new = rnd.choice(self.new_names)
        slots = self._slots(new)
        named = [rnd.choice(_PROPOSE), *rnd.sample(_USE, 2)]
        if rnd.random() < 0.5:
            named.append(rnd.choice(_CITE))
        named = [template.format(**slots) for template in named]
        link = _LINK[rnd.randrange(len(_LINK))].format(**slots) if rnd.random() < 0.25 else None
        words = sum(len(sentence.split()) for sentence in named) + (len(link.split()) if link else 0)
        generic = []
        while words < self._target_words() or not generic:
            sentence = rnd.choice(self.sentences)
            generic.append(sentence)
            words += len(sentence.split())
        # Problem statement first, then the proposal, then results interleaved with context, link last.
        body = [generic[0], named[0]]
        rest = generic[1:] + named[1:]
        rnd.shuffle(rest)
        body += rest + ([link] if link else [])
        abstract = " ".join(body)
        if rnd.random() < 0.5:
            abstract = "\n".join(textwrap.wrap(abstract, width=80, break_on_hyphens=False))
        return {
            "id": paper_id,
            "title": rnd.choice(_TITLE).format(**slots),
            "abstract": abstract,
            "date": f"{rnd.randint(2019, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        }


def _real_papers(path: Path) -> Iterator[dict[str, str]]:
    """Real abstracts from a JSON Lines file (gzip or plain), cycled forever."""
    opener = gzip.open if path.suffix == ".gz" else open
    while True:
        with opener(path, "rt", encoding="utf-8") as handle:
            yield from (json.loads(line) for line in handle if line.strip())


def generate(
    count: int,
    seed: int = 0,
    *,
    names: Mapping[str, Sequence[str]] | None = None,
    vocab_dir: str | Path = DEFAULT_VOCAB_DIR,
    real: str | Path | None = None,
    real_fraction: float = 0.0,
) -> Iterator[dict[str, str]]:
    """``count`` papers as dicts (id, title, abstract, date), the same for the same seed and names.

    With ``real`` (a JSON Lines file of real abstracts), about ``real_fraction`` of the papers are real
    abstracts taken from it in order (cycled, with a new id so ids stay unique).
    """
    writer = AbstractWriter(names if names is not None else load_names(vocab_dir), seed)
    reals = _real_papers(Path(real)) if real and real_fraction > 0 else None
    for index in range(count):
        paper_id = f"synth-{seed}-{index:07d}"
        if reals is not None and writer.random.random() < real_fraction:
            record = next(reals)
            yield {"id": paper_id, "title": record["title"], "abstract": record["abstract"], "date": record.get("date")}
        else:
            yield writer.paper(paper_id)


def write_corpus(path: str | Path, papers: Iterator[dict[str, str]]) -> Path:
    """Stream papers to a JSON Lines file (gzip-compressed when the name ends in .gz)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for paper in papers:
            handle.write(json.dumps(paper, ensure_ascii=False) + "\n")
    return path


def corpus_file(
    size: int, seed: int = 0, *, vocab_dir: str | Path = DEFAULT_VOCAB_DIR, out_dir: str | Path = BENCH_DIR / "out"
) -> Path:
    """The cached corpus of ``size`` papers for ``seed`` and these vocabularies, generated on first use."""
    names = load_names(vocab_dir)
    digest = hashlib.sha1(json.dumps(names, sort_keys=True).encode("utf-8")).hexdigest()[:8]
    path = Path(out_dir) / f"corpus_{size}_s{seed}_{digest}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_corpus(partial, generate(size, seed, names=names))
        partial.rename(path)
    return path


def parse_size(text: str) -> int:
    """ "20k", "1M" or a plain number of papers.

    >>> parse_size("20k"), parse_size("1M"), parse_size("2500")
    (20000, 1000000, 2500)
    """
    text = text.strip().lower()
    multiplier = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if multiplier > 1 else text) * multiplier)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="10k", help="number of papers: 10k, 100k, 1M or a number")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="output JSON Lines file (.gz to compress)")
    parser.add_argument("--vocab-dir", default=str(DEFAULT_VOCAB_DIR), help="vocabulary JSON Lines directory")
    parser.add_argument("--real", help="JSON Lines of real abstracts to mix in (e.g. the shared arXiv corpus)")
    parser.add_argument("--real-fraction", type=float, default=0.0, help="share of papers taken from --real")
    args = parser.parse_args(argv)
    size = parse_size(args.size)
    papers = generate(size, args.seed, vocab_dir=args.vocab_dir, real=args.real, real_fraction=args.real_fraction)
    path = write_corpus(args.out, papers)
    print(f"{path}: {size} papers (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
