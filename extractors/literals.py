"""One pattern made of alternatives that each start with a literal, searched a literal at a time.

Python's regex engine finds a pattern that starts with a fixed string by a fast substring search, but
tries a pattern that starts with a character class ("[.;]", "[,:]") or with an alternation of
several characters at every position of the text, which is several times slower on a whole abstract.
The sentence and anchor patterns of the extractors are therefore written as one pattern per leading
literal, and their matches merged here.
"""

from __future__ import annotations

import re


def _start(match: re.Match[str]) -> int:
    return match.start()


class Alternatives:
    """Patterns keyed by the literal each starts with, searched as if they were one alternation.

    The matches are those of ``finditer`` over the alternation provided that matches of different
    alternatives never overlap (they start with different characters, and no match holds another
    alternative's literal); an alternative whose literal is not in the text is not searched at all.

    >>> stops = Alternatives({".": r"\\.(?= )", ";": r";"})
    >>> [m.start() for m in stops.finditer("a. b; c. d")]
    [1, 4, 7]
    """

    def __init__(self, patterns: dict[str, str]) -> None:
        self._patterns = [(literal, re.compile(pattern)) for literal, pattern in patterns.items()]

    def finditer(self, text: str) -> list[re.Match[str]]:
        """Every match in ``text``, by start."""
        found = [match for literal, pattern in self._patterns if literal in text for match in pattern.finditer(text)]
        if len(self._patterns) > 1:
            found.sort(key=_start)
        return found


def end_of(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern``, which matches everywhere (possibly empty: ``[ \t]*``), ends when matched at ``pos``.

    >>> end_of(re.compile(r" *"), "a   b", 1)
    4
    """
    match = pattern.match(text, pos)
    if match is None:
        raise ValueError(f"{pattern.pattern!r} must match the empty string")
    return match.end()
