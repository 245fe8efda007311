"""Versions, sizes and variants of a named thing: distinct nodes under one family, one name per node.

"Llama 3.1-8B" and "Llama 3.1 8B" are one model, "gpt-oss 20B" and "gpt-oss 120B" two, and
"DeepSeek-V3.1" is not DeepSeek-V3: a variant keeps its own name and points to its family. The name
of a variant is written one way whatever the spelling of the text: a size with its unit in capitals
("8B"), after a space if the name has spaces ("Llama 3.1 8B") and after a hyphen if not
("Qwen2.5-7B"); hyphens of every kind as "-".

A vocabulary may list a variant as an alias of its family ("gpt-oss-20b" under "gpt-oss"); such an
alias still finds the variant, under the variant's own name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.normalize import fold_name
from extractors.rules.words import MODEL_VARIANT_WORDS

_SEPARATOR = r"[\s\-‐‑‒–_]"
_PART = re.compile(rf"(?P<sep>{_SEPARATOR}*)(?P<part>[^\s\-‐‑‒–_]+)")
_SIZE = re.compile(r"(?i:(?P<n>\d+(?:\.\d+)?|\d+x\d+(?:\.\d+)?|a\d+(?:\.\d+)?)(?P<unit>[bmkt]))")
# What may follow a family's name in one of its variants: versions, sizes, dates, variant words.
_VARIANT_REST = re.compile(
    rf"(?:[ .'’]?(?:\d+(?:\.\d+)*[bmkt]?|v\d+(?:\.\d+)*|a\d+b|(?:{'|'.join(MODEL_VARIANT_WORDS)})|it|turbo|"
    r"lightning|pro|lite|large|base))+",
    re.IGNORECASE,
)


def variant_name(base: str, tail: str) -> str:
    """The canonical name of ``base`` followed by ``tail`` as written ("-8b", " 8B", "-Chat 70B").

    >>> variant_name("Llama 3.1", "-8b"), variant_name("Llama 3.1", " 8B"), variant_name("gpt-oss", " 120b")
    ('Llama 3.1 8B', 'Llama 3.1 8B', 'gpt-oss-120B')
    >>> variant_name("Llama 2", "-Chat 70B"), variant_name("Qwen", "3"), variant_name("SDXL", "‑Turbo")
    ('Llama 2-Chat 70B', 'Qwen3', 'SDXL-Turbo')
    """
    name = base
    for m in _PART.finditer(tail):
        sep, part = m.group("sep"), m.group("part")
        size = _SIZE.fullmatch(part)
        if size:
            count = size.group("n")
            joint = " " if " " in name else "-"
            name += f"{joint}{count.upper() if count[0] in 'aA' else count}{size.group('unit').upper()}"
        elif not sep:
            name += part
        else:
            name += " " if sep.isspace() else "-"
            name += part
    return name


def variant_of(alias: str, surfaces: tuple[str, ...]) -> tuple[str, str] | None:
    """(base surface, tail) when ``alias`` is another of ``surfaces`` followed by a version, size or
    variant ("gpt-oss-20b" after "gpt-oss", "DeepSeek-V3.1" after "DeepSeek-V3"), else None.

    >>> variant_of("gpt-oss-20b", ("gpt-oss", "gpt-oss-20b")), variant_of("LLaMA-2", ("Llama 2", "LLaMA-2"))
    (('gpt-oss', '-20b'), None)
    """
    return _variants(surfaces).get(alias)


@lru_cache(maxsize=1 << 14)
def _variants(surfaces: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """alias -> (base surface, tail) for the aliases among ``surfaces`` that are variants of another
    (computed once per entity: each surface folded once, the rest only compared)."""
    folded = [fold_name(s).replace(" ", "") for s in surfaces]
    found: dict[str, tuple[str, str]] = {}
    for alias, whole in zip(surfaces, folded, strict=True):
        best: tuple[tuple[bool, int], tuple[str, str]] | None = None
        for other, stem in zip(surfaces, folded, strict=True):
            if other == alias or not stem or len(whole) <= len(stem) or not whole.startswith(stem):
                continue
            if not _VARIANT_REST.fullmatch(whole[len(stem) :]):
                continue
            cut = _cut_after(alias, stem)
            # the base as the alias writes it ("SDXL" for "SDXL-Turbo", not "SD-XL"), else the longest
            rank = (alias.lower().startswith(other.lower()), len(other))
            if cut is not None and (best is None or rank > best[0]):
                best = (rank, (other, alias[cut:]))
        if best is not None:
            found[alias] = best[1]
    return found


def _cut_after(alias: str, stem: str) -> int | None:
    """The offset in ``alias`` right after its first characters that fold to ``stem``."""
    for i in range(1, len(alias) + 1):
        if fold_name(alias[:i]).replace(" ", "") == stem:
            return i
    return None
