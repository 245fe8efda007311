"""Text folding shared by the vocabulary and the scanner: "CIFAR-100", "CIFAR 100" and "cifar100" meet.

The scanner searches a *folded copy* of the text that has exactly the same length as the original
(lower case; hyphens, dashes, whitespace and punctuation that cannot be part of a name turned into
spaces), so a match in the copy is a span of the original, and every word starts after a space.
The vocabulary stores its names folded the same way, plus the spelling variants writers use (joined
or split at hyphens and letter-digit boundaries).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

#: Characters that separate the parts of a name: hyphens, dashes, underscore, whitespace.
SEPARATORS = "-‐‑‒–—―_ \t\n\r\u00a0\u2009\u202f"
#: Punctuation that may stand inside a name ("Qwen2.5", "CodeT5+", "R&D", "CFG-Zero*") and is kept;
#: a dot is kept only before a letter or digit ("2.5", not a full stop).
NAME_PUNCTUATION = ".+&*^"
_OTHER_PUNCTUATION = "".join(
    c
    for c in map(chr, [*range(0x21, 0x7F), *range(0xA1, 0xC0), 0xD7, 0xF7, *range(0x2010, 0x2070)])
    if not c.isalnum() and c not in NAME_PUNCTUATION
)
_SEP_TABLE = str.maketrans(dict.fromkeys(SEPARATORS + _OTHER_PUNCTUATION, " "))
# The same table for ASCII text as bytes: bytes.translate is several times faster than str.translate.
_ASCII_SEP_TABLE = bytes(32 if chr(b) in SEPARATORS + _OTHER_PUNCTUATION else b for b in range(256))
_SPACES = re.compile(r" {2,}")
_LONE_DOT = re.compile(r"\.(?![^\W_])")
# A dot between a lower-case letter and a capitalised word; the letter before it is checked after a
# match (a leading look-behind would stop the engine from skipping ahead to the dots).
_DOT_CAPITAL = re.compile(r"\.(?=[A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_SEP_CHARS = re.compile(f"[{re.escape(SEPARATORS)}]+")
#: At most this many optional joints per name get both spellings (2**n variants).
_MAX_JOINTS = 5


def fold_text(text: str, lower: bool = True) -> str:
    """Lower-case ``text`` (unless ``lower`` is False) and turn separators and punctuation into
    spaces, keeping its length.

    >>> fold_text("(Llama 2-Chat\\n70B)")
    ' llama 2 chat 70b '
    """
    low = text.lower() if lower else text
    if len(low) != len(text):  # a few characters (e.g. "İ") lower-case to two; leave those alone
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if low.isascii():
        low = low.encode("ascii").translate(_ASCII_SEP_TABLE).decode("ascii")
    else:
        low = low.translate(_SEP_TABLE)
    if "." not in low:
        return low
    low = _LONE_DOT.sub(" ", low)
    for m in _DOT_CAPITAL.finditer(text):  # "Phi.This": a sentence end without its space
        if m.start() and "a" <= text[m.start() - 1] <= "z":
            low = f"{low[: m.start()]} {low[m.end() :]}"
    return low


@lru_cache(maxsize=1 << 16)
def fold_name(name: str, lower: bool = True) -> str:
    """The folded form of a name: NFKC, lower case (unless ``lower`` is False), runs of separators
    as one space.

    >>> fold_name(" CIFAR--100 ")
    'cifar 100'
    """
    return _SPACES.sub(" ", fold_text(unicodedata.normalize("NFKC", name), lower)).strip()


@lru_cache(maxsize=1 << 16)
def squash(name: str) -> str:
    """``name`` without any separator, for comparing letters and case: "LLaMA-2" -> "LLaMA2"."""
    return _SEP_CHARS.sub("", name)


def word_set(block: str) -> frozenset[str]:
    """The whitespace-separated words of a text block, so that long word lists stay readable in code.

    >>> sorted(word_set("et al  and"))
    ['al', 'and', 'et']
    """
    return frozenset(block.split())


def spelling_variants(name: str, lower: bool = True) -> set[str]:
    """Folded spellings of ``name`` a writer may use: a hyphen, a space next to a digit or a short part,
    and a letter-digit boundary may each be written joined or as a space. With ``lower`` False the
    spellings keep their letter case.

    >>> sorted(spelling_variants("CIFAR-100"))
    ['cifar 100', 'cifar100']
    >>> sorted(spelling_variants("transfer learning"))
    ['transfer learning']
    """
    raw = unicodedata.normalize("NFKC", name).strip()
    parts: list[str] = []
    joints: list[bool] = []  # joints[i] sits between parts[i] and parts[i + 1]: True when optional
    for token, sep in _tokens(raw):
        for k, piece in enumerate(_LETTER_DIGIT.split(fold_text(token, lower))):
            if parts:
                if k > 0:  # letter-digit boundary inside a token
                    joints.append(True)
                else:
                    short = min(len(parts[-1]), len(piece)) <= 3
                    digit = parts[-1][-1:].isdigit() or piece[:1].isdigit()
                    joints.append(_is_hyphen(sep) or short or digit)
            parts.append(piece)
    folded = fold_name(name, lower)
    if not parts:
        return {folded} if folded else set()
    optional = [i for i, opt in enumerate(joints) if opt][:_MAX_JOINTS]
    variants = {folded}
    for choice in itertools.product(("", " "), repeat=len(optional)):
        glue = [" "] * len(joints)
        for i, ch in zip(optional, choice, strict=True):
            glue[i] = ch
        variants.add("".join(part + glue[i] if i < len(glue) else part for i, part in enumerate(parts)))
    return {v for v in variants if v}


def _is_hyphen(sep: str) -> bool:
    return any(c in "-‐‑‒–—―_" for c in sep)


def _tokens(raw: str) -> list[tuple[str, str]]:
    """Split ``raw`` into (token, separators before it) pairs."""
    out: list[tuple[str, str]] = []
    pos, sep = 0, ""
    for m in _SEP_CHARS.finditer(raw):
        if m.start() > pos:
            out.append((raw[pos : m.start()], sep))
        sep, pos = m.group(), m.end()
    if pos < len(raw):
        out.append((raw[pos:], sep))
    return out
