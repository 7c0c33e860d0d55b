"""Free text as a sequence of words, and an index that finds known phrases in it, in any script.

Phrases and text are compared word by word: both are case-folded (after NFKC where needed),
combining marks are dropped (so Arabic with and without its short-vowel marks agree), and whatever
lies between two words - spaces, dashes of any kind, punctuation - does not count. So
"In Copyright – Educational Use Permitted", "In Copyright - Educational Use Permitted" and
"in copyright-educational use permitted" are the same three-plus-two words.

Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar) give one word
per character, so "公共领域" is found inside "本作品属于公共领域"; digits are words of their own.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: Letters of the scripts written without spaces between words.
_SPACELESS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f"
    "\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
)


@functools.cache
def _word() -> re.Pattern:
    """A word: one letter of a script without spaces, a run of other letters, or of digits
    (so "Namensnennung4.0International" has its version apart)."""
    return re.compile(f"[{_SPACELESS}]|[^\\W\\d_{_SPACELESS}]+|\\d+")


@functools.cache
def _folding() -> dict[int, str | None]:
    """A str.translate table deleting the combining marks (category Mn) of the Basic Plane, and
    folding the dotless ı into i (so Turkish "ALINTI" meets "Alıntı")."""
    table: dict[int, str | None] = {
        c: None for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) == "Mn"
    }
    table[ord("ı")] = "i"
    return table


def fold(text: str) -> str:
    """``text`` as compared: NFKC (full-width forms, ligatures), case-folded, no combining marks."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        return text.casefold().translate(_folding())
    return text.lower()


@dataclass(frozen=True, slots=True)
class Words:
    """The words of one text: ``words[i]`` spans ``folded[starts[i]:ends[i]]``."""

    folded: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def between(self, i: int, j: int) -> str:
        """What separates word ``i`` from word ``j`` (``i < j``) in the folded text."""
        return self.folded[self.ends[i] : self.starts[j]]


def split(text: str) -> Words:
    """The :class:`Words` of ``text``."""
    folded = fold(text)
    found = [(m.group(), m.start(), m.end()) for m in _word().finditer(folded)]
    if not found:
        return Words(folded, (), (), ())
    words, starts, ends = zip(*found, strict=True)
    return Words(folded, words, starts, ends)


def phrase(text: str) -> tuple[str, ...]:
    """The words of a phrase, as the index stores them."""
    return tuple(_word().findall(fold(text)))


class PhraseIndex:
    """Known phrases (word tuples) with a value each, found leftmost-longest inside any text."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._values: dict[tuple[str, ...], Any] = {}

    def __len__(self) -> int:
        return len(self._values)

    def add(self, words: tuple[str, ...], value: Any) -> None:
        """Index ``words`` with ``value``; the first value given for the same words is kept."""
        if not words or words in self._values:
            return
        self._values[words] = value
        bucket = self._by_first.setdefault(words[0], [])
        bucket.append((words, value))
        bucket.sort(key=lambda item: -len(item[0]))

    def find(self, text: Words) -> Iterator[tuple[int, int, Any]]:
        """``(first word, last word + 1, value)`` of each phrase in ``text``: at each word the
        longest phrase that starts there, then on after it (phrases never overlap)."""
        words, i, n = text.words, 0, len(text.words)
        while i < n:
            for seq, value in self._by_first.get(words[i], ()):
                if words[i : i + len(seq)] == seq:
                    yield i, i + len(seq), value
                    i += len(seq)
                    break
            else:
                i += 1
