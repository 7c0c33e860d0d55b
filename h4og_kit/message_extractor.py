"""Babel's extractor for the kit's Python: the marked messages, read from the syntax tree.

Babel's own Python extractor reads tokens, and on Python 3.11 an f-string is one token, so a
``_("Live activity")`` written inside an f-string would be missed. This one walks the syntax
tree (:mod:`ast`), which sees into f-strings. It finds calls of the ``keywords`` (``_``,
``gettext``, ``ngettext``, ``N_``... the names Babel passes) and the ``# Translators:``
comments on the lines just above a call.
``babel.cfg`` names it; ``make translations`` and the tests use it.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import IO, Any


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _comments(lines: Sequence[str], lineno: int, tags: Sequence[str]) -> list[str]:
    """The comments right above line ``lineno`` that start with one of ``tags``."""
    found: list[str] = []
    at = lineno - 2
    while at >= 0 and lines[at].strip().startswith("#"):
        found.insert(0, lines[at].strip().lstrip("#").strip())
        at -= 1
    for start, text in enumerate(found):
        if any(text.startswith(tag) for tag in tags):
            return found[start:]
    return []


def extract(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Sequence[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel's extraction method: ``(lineno, function, message(s), comments)`` per call."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    lines = source.splitlines()
    wanted = set(keywords)
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _name(node.func) in wanted):
            continue
        # Every positional argument, a string constant or None, as Babel's own extractor gives
        # them: Babel picks the message arguments by the keyword's spec and skips calls whose
        # message is not a constant.
        args = tuple(arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                     else None for arg in node.args)
        if args:
            message = args[0] if len(args) == 1 else args
            yield node.lineno, _name(node.func), message, _comments(lines, node.lineno,
                                                                     comment_tags)
