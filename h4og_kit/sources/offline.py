"""Offline answers: the real responses bundled with a source, parsed and searched locally.

Without network (CI, a closed Binder, a train) or with ``H4OG_OFFLINE=1``, a source answers from
the responses recorded from its real API and bundled with it (``h4og_kit/data/samples/<name>/``,
or the ``samples_dir`` a source declares), with ``PROVENANCE.md`` beside them. The query filters
them here (:func:`matches`), and every answer says so: ``df.attrs["offline"]`` and one notice,
shown by :func:`h4og_kit.notebook.announce` (a note under the cell in a notebook, one logged line in
a script). A source without recorded responses answers with no records and says that too: no
invented record is ever presented as real. The notice is in the language in force (a
dashboard's visitor's, the terminal's); the source's name and the query stay as they are.

:class:`OfflineAnswers` is part of every source (:class:`h4og_kit.sources.base.Source`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import ngettext, number
from h4og_kit.notebook import announce
from h4og_kit.quality import QualityReport, keep
from h4og_kit.records import TEXT_COLUMNS, to_frame
from h4og_kit.rights.license import REUSABLE_CATEGORIES

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


class OfflineAnswers:
    """The offline half of a source: its bundled real responses, and searching them."""

    name: ClassVar[str]
    #: The bundled real responses for offline use (default: ``h4og_kit/data/samples/<name>``).
    samples_dir: ClassVar[Path | None] = None

    @classmethod
    def sample_files(cls) -> list[Path]:
        """The bundled real responses of this source (see PROVENANCE.md beside them)."""
        folder = cls.samples_dir or SAMPLES_DIR / cls.name
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "PROVENANCE.md")

    @classmethod
    def read_sample(cls, path: Path) -> Any:
        """A bundled response as the API gave it: parsed JSON, or text for XML and CSV."""
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else text

    def offline_records(self) -> list[dict]:
        """Every record in the bundled samples, parsed."""
        return _offline_records(type(self))

    def offline_matches(self, record: dict, query: str, **filters: Any) -> bool:
        """Whether a bundled record answers the query offline (sources refine this)."""
        return matches(record, query)

    def offline_search(
        self, query: str, limit: int | None, open_only: bool, reason: str,
        required: Sequence[str] = (), **filters: Any
    ) -> pd.DataFrame:
        """Answer from the bundled real responses, filtered locally by the query; with its
        quality report in ``attrs["report"]``, as a live search."""
        records = [r for r in self.offline_records() if self.offline_matches(r, query, **filters)]
        if open_only:
            records = [r for r in records if r["license_category"] in REUSABLE_CATEGORIES]
        report, matched = QualityReport(), len(records)
        records = keep(records, required, report)
        records = records[:limit] if limit is not None else records
        notice = self.offline_notice(reason, len(records), query, matched)
        announce(notice)
        frame = to_frame(records)
        frame.attrs.update(
            source=self.name, query=query, offline=True, complete=True, total=len(records),
            skipped=0, notice=notice, report=report.add_all(records),
        )
        return frame

    def offline_notice(self, reason: str, found: int, query: str,
                       matched: int | None = None) -> str:
        """What an offline answer of ``found`` records (of ``matched`` that match the query,
        before ``required`` columns dropped some) says about itself, for people."""
        if not self.sample_files():
            return _("Offline ({reason}): {source} has no bundled sample responses, so there are "
                     "no records to show.").format(reason=reason, source=self.name)
        notice = ngettext(
            "Offline ({reason}): {count} {source} record from the bundled real sample responses, "
            "not a live search.",
            "Offline ({reason}): {count} {source} records from the bundled real sample responses, "
            "not a live search.", found,
        ).format(reason=reason, count=number(found), source=self.name)
        if found or matched or not query.strip():
            return notice
        bundled = len(self.offline_records())
        none = ngettext(
            "The {count} bundled record does not match {query}: search with an empty query to "
            "see it.",
            "None of the {count} bundled records matches {query}: search with an empty query to "
            "see them all.", bundled,
        ).format(count=number(bundled), query=repr(query))
        return f"{notice} {none}"


@cache
def _offline_records(cls: type) -> list[dict]:
    source = cls()
    seen: set[str] = set()
    out = []
    for path in cls.sample_files():
        for rec in source.parse(cls.read_sample(path)):
            if rec["id"] not in seen:
                seen.add(rec["id"])
                out.append(rec)
    return out


def matches(record: dict, query: str) -> bool:
    """True when every word of ``query`` starts a word in the record's text fields.

    Case-insensitive: "cat" finds "Cats" and "cat-like", not "Frascati".
    """
    words = query.lower().split()
    if not words or query.strip() == "*":
        return True
    haystack = " ".join(str(record.get(c) or "") for c in TEXT_COLUMNS).lower()
    return all(re.search(rf"(?<!\w){re.escape(w)}", haystack) for w in words)
