"""A small reader for the Turtle subset the bundled Words Matter knowledge graph is written in.

It reads ``@prefix`` lines, subjects with ``;``-separated predicates and ``,``-separated objects,
``a``, IRIs, prefixed names and string literals with a language tag or datatype. That is all
``glossary.ttl`` uses; blank nodes, collections and long strings are refused with an error rather
than read wrongly. (A full RDF library would be a heavy dependency for one bundled file.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Literal:
    """A string literal and its language tag ("" when it has none)."""

    value: str
    lang: str = ""


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<prefix>@prefix)
  | (?P<iri><[^<>"\s]*>)
  | (?P<string>"(?:[^"\\\n]|\\.)*")(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dtype><[^>]*>|[A-Za-z][\w-]*:[\w-]*))?
  | (?P<pname>[A-Za-z][\w-]*:(?:[\w-]|\.(?=[\w-]))*|:(?:[\w-]|\.(?=[\w-]))*)
  | (?P<a>a)(?=\s)
  | (?P<punct>[;,.])
  | (?P<bad>\S)
    """,
    re.VERBOSE,
)

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def read_turtle(text: str) -> list[tuple[str, str, str | Literal]]:
    """The triples of a Turtle document: (subject IRI, predicate IRI, object IRI or Literal)."""
    prefixes: dict[str, str] = {}
    triples: list[tuple[str, str, str | Literal]] = []
    terms: list = []  # the terms of the statement being read, with ';' and ',' kept

    def expand(kind: str, token: str) -> str:
        if kind == "iri":
            return token[1:-1]
        prefix, _, local = token.partition(":")
        if prefix not in prefixes:
            raise ValueError(f"unknown prefix in {token!r}")
        return prefixes[prefix] + local

    def flush() -> None:
        if not terms:
            return
        if terms[0] == "@prefix":
            _, name, iri = terms
            prefixes[name[:-1]] = iri[1:-1]
        else:
            subject, rest = terms[0], terms[1:]
            predicate, expect_predicate = None, True
            for term in rest:
                if term in (";", ","):
                    expect_predicate = term == ";"
                elif expect_predicate:
                    predicate, expect_predicate = term, False
                else:
                    triples.append((subject, predicate, term))
        terms.clear()

    for match in _TOKEN.finditer(text):
        if match.group("ws") is not None:
            continue
        if match.group("bad") is not None:
            raise ValueError(f"unsupported Turtle at offset {match.start()}: {text[match.start():match.start() + 40]!r}")
        if match.group("string") is not None:
            terms.append(Literal(_unescape(match.group("string")[1:-1]), (match.group("lang") or "").lower()))
        elif match.group("prefix") is not None:
            terms.append("@prefix")
        elif match.group("a") is not None:
            terms.append(RDF_TYPE)
        elif match.group("punct") == ".":
            flush()
        elif match.group("punct") is not None:
            terms.append(match.group("punct"))
        elif terms and terms[0] == "@prefix":
            terms.append(match.group(0))
        else:
            terms.append(expand("iri" if match.group("iri") else "pname", match.group(0)))
    if terms:
        raise ValueError("Turtle document ends inside a statement")
    return triples
