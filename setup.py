"""Packages and package data for the wheel (everything else is in pyproject.toml).

The checkout keeps the curated data in data/ (see data/README.md); the wheel installs data/vocab as
``extractors/vocab`` and data/seed as ``graphapp/seed``, where ``importlib.resources`` finds them
(:func:`extractors.vocabulary.shipped_vocab_dir`, :func:`graphapp.paths.bundled_papers`).
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["extractors", "extractors.*", "graphapp", "graphapp.*"]),
        "extractors.vocab",
        "graphapp.seed",
    ],
    package_dir={"extractors.vocab": "data/vocab", "graphapp.seed": "data/seed"},
    package_data={
        "extractors": ["assets/*"],  # what the extractors ship besides their vocabularies (word statistics)
        "extractors.vocab": ["*.jsonl"],
        "graphapp.seed": ["*.txt"],
        "graphapp.component": ["*.js", "*.css"],
        "graphapp": ["assets/*"],  # the static embedding model (training/distill_static_embeddings.py)
    },
    include_package_data=False,
)
