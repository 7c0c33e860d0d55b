"""``df.equity``: the knowledge-equity checks on a whole DataFrame of common records.

The kit registers :class:`EquityAccessor` as the pandas accessor ``equity`` (in
``h4og_kit.accessors``); it can also be used directly: ``EquityAccessor(df).scan()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from h4og_kit.equity.labels import RESTRICTING, WithheldReport, ethical_filter
from h4og_kit.equity.lexicons import DUKE, NOTICE, WORDS_MATTER
from h4og_kit.equity.scan import scan_terms

if TYPE_CHECKING:
    import pandas as pd

    from h4og_kit.equity.representation import Representation

#: The per-record columns :meth:`EquityAccessor.scan` adds.
SUMMARY_COLUMNS = ("equity_terms", "equity_matches", "equity_categories", "equity_sources")


class EquityAccessor:
    """Contentious-terms scan, TK/BC label filter and representation summary for one DataFrame."""

    def __init__(self, df: pd.DataFrame):
        self._df = df

    def matches(
        self,
        columns: Iterable[str] = ("title", "description"),
        lang="en",
        sources: Iterable[str] = (WORDS_MATTER, DUKE),
        exclude: Iterable[str] = (),
    ) -> pd.DataFrame:
        """Every match in ``columns``, one row each, with the ``field`` it was found in.

        ``record`` is the row's index label. ``attrs`` carry the notice and the credits.
        """
        import pandas as pd

        frames, notice, credit = [], NOTICE, ""
        for column in columns:
            if column not in self._df:
                continue
            result = scan_terms(self._df[column], lang=lang, sources=sources, exclude=exclude)
            credit = result.credits
            frame = result.matches
            frame.insert(1, "field", column)
            frames.append(frame)
        table = pd.concat(frames, ignore_index=True) if frames else scan_terms([], lang, sources).matches
        table.attrs.update(notice=notice, credits=credit)
        return table

    def scan(
        self,
        columns: Iterable[str] = ("title", "description"),
        lang="en",
        sources: Iterable[str] = (WORDS_MATTER, DUKE),
        exclude: Iterable[str] = (),
    ) -> pd.DataFrame:
        """A copy of the frame with a per-record summary of the terms found in ``columns``.

        Adds ``equity_terms`` (the distinct terms, "; "-joined), ``equity_matches`` (how many
        places), ``equity_categories`` and ``equity_sources``; records without a match get <NA>
        and 0. ``attrs["equity_notice"]`` says a match is a prompt to look, not a verdict, and
        ``attrs["equity_credits"]`` credits the vocabularies. See :meth:`matches` for the details.
        """
        import pandas as pd

        columns = tuple(columns)
        table = self.matches(columns, lang=lang, sources=sources, exclude=exclude)
        out = self._df.copy()
        places = table.drop_duplicates(["record", "field", "start", "end"])
        count = places.groupby("record").size()

        def joined(column: str) -> pd.Series:
            return table.groupby("record")[column].agg(lambda v: "; ".join(dict.fromkeys(v)))

        out["equity_terms"] = pd.Series(out.index.map(joined("term")), index=out.index, dtype="string")
        out["equity_matches"] = pd.array(out.index.map(count).fillna(0).astype(int), dtype="Int64")
        out["equity_categories"] = pd.Series(out.index.map(joined("category")), index=out.index,
                                             dtype="string")
        out["equity_sources"] = pd.Series(out.index.map(joined("source")), index=out.index,
                                          dtype="string")
        out.attrs["equity_notice"] = NOTICE
        out.attrs["equity_credits"] = table.attrs["credits"]
        return out

    def ethical_filter(
        self, labels_column: str = "labels", restricting: Iterable[str] = RESTRICTING,
        withhold_unrecognised: bool = True,
    ) -> tuple[pd.DataFrame, WithheldReport]:
        """The records fit for a public showcase and a report of those withheld (see
        :func:`h4og_kit.equity.labels.ethical_filter`)."""
        return ethical_filter(self._df, labels_column, restricting, withhold_unrecognised)

    def representation(self, by: str = "creator", lang: str = "en") -> Representation:
        """Creators' gender, citizenship and birth decades from Wikidata, unmatched counted (see
        :func:`h4og_kit.equity.representation.representation`)."""
        from h4og_kit.equity.representation import representation

        return representation(self._df, by=by, lang=lang)
