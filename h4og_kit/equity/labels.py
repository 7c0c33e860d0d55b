"""Local Contexts TK and BC Labels and Notices on records, and a showcase filter that respects them.

Records can carry Traditional Knowledge (TK) and Biocultural (BC) Labels and Notices in a
``labels`` column: a list, or text joined with ";" or ",", of codes ("tkss"), names
("TK Secret / Sacred (TK SS)"), short names ("TK SS") or Hub label types ("secret_sacred").
The bundled index (``data/vocab/localcontexts/labels_index.csv``) holds codes and names only: the
Labels' texts and icons belong to Local Contexts and the communities who customise them, so the
kit links to localcontexts.org for them instead of copying them.

:func:`ethical_filter` keeps records whose labels restrict circulation (TK Secret / Sacred,
Culturally Sensitive, Community Use Only, Men / Women Restricted, Seasonal) out of showcases and
says how many it withheld and why. A label value the kit does not recognise is withheld too, and
named in the report: when in doubt, leave it out. The report speaks the language in force; the
Labels' names stay as Local Contexts wrote them.
"""

from __future__ import annotations

import csv
import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from h4og_kit.i18n import N_, ngettext
from h4og_kit.i18n import gettext as _

if TYPE_CHECKING:
    import pandas as pd

INDEX_FILE = Path(__file__).resolve().parent.parent / "data" / "vocab" / "localcontexts" / "labels_index.csv"

#: Where people read the Labels' and Notices' own texts.
PAGES = {
    "TK": "https://localcontexts.org/labels/traditional-knowledge-labels/",
    "BC": "https://localcontexts.org/labels/biocultural-labels/",
    "Notice": "https://localcontexts.org/notices/about-the-notices/",
}

#: Labels that ask for material not to circulate openly: withheld from showcases by default.
RESTRICTING = ("tkss", "tkcs", "tkco", "tkmr", "tkwr", "tks")

#: The code (and, translated, the name) under which label values the index lacks are counted.
UNRECOGNISED = N_("(unrecognised label)")


@dataclass(frozen=True)
class Label:
    """One TK Label, BC Label or Notice from the bundled index (codes and names only)."""

    kind: str  # "TK", "BC" or "Notice"
    code: str
    name: str
    label_type: str
    category: str  # provenance, protocol or permission ("" for Notices)

    @property
    def url(self) -> str:
        """The localcontexts.org page that holds the label's text and icon."""
        return PAGES[self.kind]


@lru_cache(maxsize=1)
def labels_index() -> dict[str, Label]:
    """Every Label and Notice of the bundled index, by code."""
    with INDEX_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Label(row["kind"], row["code"], row["name"], row["label_type"],
                               row["label_category"] or "")
            for row in csv.DictReader(handle)
        }


def _key(text: str) -> str:
    return re.sub(r"[\s_/\-]+", " ", text.strip().lower()).strip()


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Every way a label may be written, to its code."""
    index = labels_index()
    aliases: dict[str, str] = {}
    types: dict[str, list[str]] = {}
    for code, label in index.items():
        aliases[_key(code)] = code
        aliases[_key(label.name)] = code
        short = re.search(r"\(([^)]+)\)$", label.name)
        if short:
            aliases[_key(short.group(1))] = code  # "TK SS"
            aliases[_key(label.name[: short.start()])] = code  # "TK Secret / Sacred"
        aliases[_key(f"{label.kind} {label.label_type}")] = code  # "tk secret_sacred"
        types.setdefault(_key(label.label_type), []).append(code)
    for label_type, codes in types.items():
        if len(codes) == 1:  # "secret_sacred"; but "clan" is both TK and BC
            aliases.setdefault(label_type, codes[0])
    return aliases


def label_codes(value) -> list[str]:
    """The label codes in one cell: a list or joined text of codes, names or label types.

    Values the index does not know are kept as ``"?<value>"`` so that nobody mistakes them for
    "no label".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    items = value if isinstance(value, (list, tuple, set)) else re.split(r"[;,|\n]", str(value))
    aliases = _aliases()
    codes = []
    for item in items:
        if item is None or not str(item).strip():
            continue
        code = aliases.get(_key(str(item)), f"?{str(item).strip()}")
        if code not in codes:
            codes.append(code)
    return codes


@dataclass
class WithheldReport:
    """What :func:`ethical_filter` kept back, and why."""

    total: int
    withheld: int
    by_label: pd.DataFrame  # code, name, kind, records, url
    withheld_ids: list
    restricting: tuple[str, ...]

    @property
    def message(self) -> str:
        if not self.withheld:
            return ngettext(
                "The {total} record is shown: it carries no Local Contexts label that restricts "
                "circulation.",
                "All {total} records shown: none carries a Local Contexts label that restricts "
                "circulation.", self.total,
            ).format(total=self.total)
        reasons = "; ".join(f"{r.name}: {r.records}" for r in self.by_label.itertuples())
        return ngettext(
            "{withheld} of {total} record withheld from the showcase because its Local Contexts "
            "labels restrict circulation ({reasons}). The communities' own label texts: {url}",
            "{withheld} of {total} records withheld from the showcase because their Local Contexts "
            "labels restrict circulation ({reasons}). The communities' own label texts: {url}",
            self.total,
        ).format(withheld=self.withheld, total=self.total, reasons=reasons, url=PAGES["TK"])

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li><a href='{html.escape(r.url)}' target='_blank'>{html.escape(r.name)}</a>: "
            f"{r.records}</li>"
            for r in self.by_label.itertuples()
        )
        head = f"<p>{html.escape(self.message)}</p>"
        return f"{head}<ul>{rows}</ul>" if rows else head


def ethical_filter(
    df: pd.DataFrame,
    labels_column: str = "labels",
    restricting: Iterable[str] = RESTRICTING,
    withhold_unrecognised: bool = True,
) -> tuple[pd.DataFrame, WithheldReport]:
    """The records fit for a public showcase, and a report of those withheld and why.

    Returns ``(visible, report)``. ``visible`` is ``df`` without the records carrying any of the
    ``restricting`` label codes (and, unless ``withhold_unrecognised=False``, any label value the
    index does not recognise); ``visible.attrs["withheld"]`` holds the count and
    ``visible.attrs["withheld_report"]`` the message. A frame without ``labels_column`` is
    returned whole, with a report saying nothing was withheld.
    """
    import pandas as pd

    restricting = tuple(restricting)
    index = labels_index()
    unknown = set(restricting) - set(index)
    if unknown:
        raise ValueError(f"not Local Contexts label codes: {sorted(unknown)}")
    codes = df[labels_column].map(label_codes) if labels_column in df else pd.Series(
        [[] for _ in range(len(df))], index=df.index)

    def reasons(found: list[str]) -> list[str]:
        hits = [c for c in found if c in restricting]
        if withhold_unrecognised and any(c.startswith("?") for c in found):
            hits.append(UNRECOGNISED)
        return hits

    why = codes.map(reasons)
    hidden = why.map(bool).astype(bool)
    counts: dict[str, int] = {}
    for hits in why[hidden]:
        for code in hits:
            counts[code] = counts.get(code, 0) + 1
    by_label = pd.DataFrame(
        [
            {
                "code": code,
                "name": index[code].name if code in index else _(UNRECOGNISED),
                "kind": index[code].kind if code in index else "",
                "records": n,
                "url": index[code].url if code in index else PAGES["TK"],
            }
            for code, n in sorted(counts.items(), key=lambda kv: -kv[1])
        ],
        columns=["code", "name", "kind", "records", "url"],
    )
    ids = list(df.loc[hidden, "id"]) if "id" in df else list(df.index[hidden])
    report = WithheldReport(len(df), int(hidden.sum()), by_label, ids, restricting)
    visible = df[~hidden].copy()
    visible.attrs.update(withheld=report.withheld, withheld_report=report.message)
    return visible, report
