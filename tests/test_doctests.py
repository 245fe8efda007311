"""The examples in the docstrings of the entity modules are run, so that they stay true."""

import doctest
import importlib

import pytest

MODULES = [
    "acronyms", "anchors", "cues", "discovery", "entities", "lexicon", "literals", "names", "normalize", "patterns",
    "resolve", "roles", "vocabulary",
]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"extractors.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
