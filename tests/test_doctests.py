"""The examples in every module's docstrings are run, so that they stay true.

A module whose source shows an example (``>>>``) must have doctest find and run it: an example that
silently stops being collected (a moved docstring, a typo in the prompt) fails here too.
"""

import doctest
import importlib
import pkgutil

import pytest

import extractors
import graphapp
from tests.conftest import ROOT

#: Modules that run an app or a command when imported.
NOT_IMPORTABLE = {"graphapp.app", "graphapp.__main__"}


def _modules() -> list[str]:
    names = ["bench.corpus", "tests.reference_queries"]
    for package in (extractors, graphapp):
        names.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name not in NOT_IMPORTABLE:
                names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples read the bundled files by their path in the repository
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    with open(module.__file__, encoding="utf-8") as source:
        shows_examples = ">>> " in source.read()
    assert result.attempted > 0 or not shows_examples
