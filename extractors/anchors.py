"""The keywords the pattern rules start from, found in one Aho-Corasick pass over the folded text.

Scanning an abstract once per keyword regex costs more than all the rules together; one automaton
pass over the folded copy (lower case, punctuation as spaces, same length) finds every anchor — type
nouns, proposal and naming verbs, list openers — at word boundaries, so each rule only looks at short
windows around its anchors.
"""

from __future__ import annotations

import re

import ahocorasick

from extractors.normalize import fold_text
from extractors.rules.words import COMPONENT_HEADS, TASK_HEADS, TYPE_NOUNS


def _spellings(pattern: str) -> list[str]:
    """The literal words a head-word pattern stands for: "generali[sz]ation" -> both spellings."""
    out = [""]
    for literal, choice, optional in re.findall(r"([^\[?]*?)(?:\[(\w+)\]|(\w)\?|$)", pattern):
        out = [o + literal for o in out]
        if choice:
            out = [o + c for o in out for c in choice]
        elif optional:
            out = [o + x for o in out for x in ("", optional)]
    return out


_KEYWORDS = {
    # nouns that say what a name is ("the X dataset", "X, a framework"); see rules.words.TYPE_NOUNS
    "noun": " ".join(TYPE_NOUNS),
    # verbs by which a paper introduces its own contribution (with their inflections)
    "verb": """propose proposes proposed introduce introduces introduced present presents presented develop
        develops developed design designs designed release releases released build builds constructed
        construct constructs create creates created curate curates curated contribute contributes
        contributed unveil unveils unveiled launch launches launched devise devises devised offer offers
        offered establish establishes established formulate formulates formulated open-source
        open-sources open-sourced collect collects collected we_call we_name we_term we_dub""",
    "passive": "is_proposed are_proposed is_introduced are_introduced",
    "naming": """called named termed dubbed coined denoted referred_to_as nicknamed namely we_call we_name
        we_term we_dub""",
    "such": "such_as including e.g like namely i.e",
    "on": "on across",
    # after these a name is only referred to: comparisons, related work, examples (see roles)
    "mention_cue": """outperform outperforms outperformed outperforming surpass surpasses surpassed surpassing
        beat beats beating exceed exceeds exceeded exceeding compared_to compared_with compared_against
        comparison_to comparison_with than unlike over versus vs relative_to such_as e.g like prior previous
        previously existing recent recently popular widely_used inspired_by rival rivals competitive_with
        on_par_with matches baseline baselines state_of_the_art alternative alternatives similar_to
        instead_of rather_than proprietary has_been have_been has_shown have_shown has_achieved
        have_achieved has_demonstrated have_demonstrated""",
    # the head words of task phrases ("... detection", "... estimation"); see rules.words.TASK_HEADS
    "task_head": " ".join(spelling for head in TASK_HEADS for spelling in _spellings(head)),
    # the last words of component names, capitalised inside a sentence ("a Key-Part Decoupling Module")
    "component": " ".join(COMPONENT_HEADS),
    # ... but these make it something the paper works with
    "use_cue": """evaluate evaluates evaluated evaluating evaluation evaluations experiment experiments
        experimental tested_on test_on tests_on testing_on train trains trained training fine-tune
        fine-tunes fine-tuned fine-tuning finetune finetunes finetuned finetuning pretrain pretrained
        pretraining pre-train pre-trained pre-training benchmarked benchmarking apply applies applied
        applying use uses used using leverage leverages leveraged leveraging adopt adopts adopted adopting
        employ employs employed employing utilize utilizes utilized utilizing utilise utilises utilised
        utilising built_on built_upon build_on build_upon builds_on builds_upon building_on building_upon
        based_on on_top_of backbone backbones initialize initialized initialise initialised distill
        distills distilled distilling distillation conduct conducts conducted conducting results_on
        performance_on accuracy_on across integrate integrates integrated integrating extend extends
        extended extending improve improves improved improving enhance enhances enhanced enhancing augment
        augments augmented augmenting combine combines combined combining via with on""",
}


def _build() -> ahocorasick.Automaton:
    """An automaton whose keys are " word " and whose values are (length of the word, its kinds)."""
    kinds: dict[str, list[str]] = {}
    for kind, words in _KEYWORDS.items():
        for word in words.split():
            kinds.setdefault(f" {word.replace('_', ' ').replace('-', ' ')} ", []).append(kind)
    automaton = ahocorasick.Automaton()
    for key, its_kinds in kinds.items():
        automaton.add_word(key, (len(key) - 2, tuple(its_kinds)))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _build()


def find_anchors(text: str, folded: str | None = None) -> dict[str, list[tuple[int, int]]]:
    """Spans of the anchor keywords in ``text`` by kind (the keys of ``_KEYWORDS``: "noun", "verb",
    "passive", "naming", "such", "on", "mention_cue", "task_head", "component", "use_cue"); ``folded`` may pass
    ``fold_text(text)``.

    >>> find_anchors("We propose FooNet, a dataset.")["verb"]
    [(3, 10)]
    """
    folded = fold_text(text) if folded is None else folded
    found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in _KEYWORDS}
    for last, (length, kinds) in _AUTOMATON.iter(" " + folded + " "):
        # the key " word " ends at ``last`` in the padded copy: the word ends at ``last - 1`` in text
        span = (last - 1 - length, last - 1)
        for kind in kinds:
            found[kind].append(span)
    return found
