"""Switches for the extraction components that docs/extraction.md's ablation table measures.

Every component is on by default; ``bench/ablation.py`` turns each off in turn to measure what it adds.
Nothing else changes them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Components:
    """Which components run (all by default)."""

    open_tasks: bool = True
    """Grow listed tasks over their modifiers and find unlisted task phrases (:mod:`extractors.tasks`)."""
    common_word_guard: bool = True
    """Never let a vocabulary alias match an ordinary word ("Multiple" for MultiPL-E, "RTX" for RT-X),
    nor a model's or dataset's name the metric named after it ("CLIP Score")."""
    latex_emphasis: bool = True
    """A name in "\\textbf{...}" or "\\emph{...}" is read like any other name."""
    title_techniques: bool = True
    """A title's "... via Max-Pool Dilation" names the paper's technique."""
    component_names: bool = True
    """Three or more capitalised words inside a sentence that end in a component or process word ("a
    Key-Part Decoupling Module", "Occlusion-Gated Temporal Aggregation") name a method."""
    evaluated_models_used: bool = True
    """A model the paper's own evaluation names ("We evaluate models such as GPT-4o", "we compare
    against Llama 3") is "used", even after a comparison or example cue."""
    variant_names: bool = True
    """Versions and sizes are their own nodes under one family, named one way ("Llama 3.1 8B" for
    "Llama 3.1-8B"), also when a vocabulary lists them as aliases ("gpt-oss-20b")."""
    separate_homonyms: bool = True
    """A name a paper introduces that is an ambiguous surface of a listed entity, in a paper without that
    entity's context words, is its own node ("ROCKET (Residual-Oriented Multi-Layer Alignment)")."""
    task_senses: bool = True
    """A general task written bare ("pose estimation") is the one sense the paper names or whose words it
    writes ("camera pose estimation"): the vocabulary lists senses as tasks whose family is the general task."""
    type_cue_confirms: bool = True
    """A type noun right next to an ambiguous name confirms it ("a pre-trained model like CLIP")."""


#: The switches every extractor reads.
COMPONENTS = Components()
