"""Knowledge equity: contentious terms, Local Contexts labels and who is represented.

- :func:`scan_terms` finds contentious and outdated terms in English and Dutch, with the Words
  Matter knowledge graph (Cultural AI, CC BY-SA 4.0) and the Duke description-audit lexicon (MIT).
  A match is a prompt to look, not a verdict.
- :class:`EquityAccessor` (``df.equity``): ``scan()`` adds a per-record summary of those terms,
  ``ethical_filter()`` withholds records whose TK/BC labels restrict circulation.
- :func:`ethical_filter`, :func:`label_codes`, :class:`LocalContextsHub` (Hub API v2 client).
- :func:`representation` summarises creators' gender, citizenship and birth decades from Wikidata.
"""

from h4og_kit.equity.accessor import EquityAccessor
from h4og_kit.equity.labels import RESTRICTING, ethical_filter, label_codes, labels_index
from h4og_kit.equity.lexicons import CREDITS, NOTICE
from h4og_kit.equity.localcontexts import LocalContextsHub
from h4og_kit.equity.representation import Representation, representation
from h4og_kit.equity.scan import TermMatch, TermScan, scan_terms

__all__ = [
    "CREDITS",
    "NOTICE",
    "RESTRICTING",
    "EquityAccessor",
    "LocalContextsHub",
    "Representation",
    "TermMatch",
    "TermScan",
    "ethical_filter",
    "label_codes",
    "labels_index",
    "representation",
    "scan_terms",
]
