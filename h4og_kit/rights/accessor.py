"""``df.rights``: normalize, summarise and filter the rights of a whole DataFrame.

:class:`RightsAccessor` is registered as the pandas accessor ``df.rights`` by
:mod:`h4og_kit.accessors`; it can also be used directly as ``RightsAccessor(df).normalize()``.
Every distinct rights value is normalized once, then the results are spread over the rows by
integer indexing, so a million records cost little more than a dictionary lookup per row.
pandas is imported inside the methods: importing :mod:`h4og_kit.rights` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from h4og_kit.rights.license import CATEGORIES, REUSABLE_CATEGORIES, unknown
from h4og_kit.rights.normalize import factorized

if TYPE_CHECKING:
    import pandas as pd

#: The columns ``df.rights.normalize`` adds -> the License field each holds.
RIGHTS_COLUMNS: dict[str, str] = {
    "license_uri": "uri",
    "license_category": "category",
    "license_id": "id",
    "license_label": "label",
    "is_open": "is_open",
    "requires_attribution": "requires_attribution",
    "share_alike": "share_alike",
    "non_commercial": "non_commercial",
    "no_derivatives": "no_derivatives",
}
FLAG_COLUMNS = frozenset(
    {"is_open", "requires_attribution", "share_alike", "non_commercial", "no_derivatives"}
)


class RightsAccessor:
    """Rights of a DataFrame of records: ``normalize()``, ``summary()``, ``reusable()``."""

    def __init__(self, df: pd.DataFrame):
        self._df = df

    def normalize(self, column: str = "rights") -> pd.DataFrame:
        """A copy of the frame with the rights columns (:data:`RIGHTS_COLUMNS`) added or overwritten.

        ``license_uri``, ``license_id`` are missing (NA) where none applies; the flags are nullable
        booleans, NA where the vocabularies do not say.
        """
        import pandas as pd

        if column not in self._df.columns:
            raise KeyError(
                f"no column {column!r} to read rights from; columns: {list(self._df.columns)}"
            )
        if not self._df.columns.is_unique:
            raise ValueError("df.rights.normalize needs unique column names")
        codes, licenses = factorized(self._df[column])
        licenses.append(unknown())  # code -1 (missing value) takes the last entry
        columns = {name: self._df[name] for name in self._df.columns}
        for name, field in RIGHTS_COLUMNS.items():
            level = [getattr(lic, field) for lic in licenses]
            if name in FLAG_COLUMNS:
                values = pd.array(level, dtype="boolean")
            else:  # an empty uri or label means "none": NA, as in h4og_kit.records
                values = pd.array([v or None for v in level], dtype="string")
            columns[name] = values.take(codes)
        # Built column by column without copying: pandas' copy-on-write keeps self._df untouched.
        out = pd.DataFrame(columns, index=self._df.index, copy=False)
        out.attrs = dict(self._df.attrs)
        return out

    def _normalized(self, needed: set[str]) -> pd.DataFrame:
        return self._df if needed <= set(self._df.columns) else self.normalize()

    def summary(self) -> pd.DataFrame:
        """Records per category and license: columns ``license_category``, ``license_label``,
        ``license_uri``, ``records``, ``share``; most reusable category first, then most records."""
        import pandas as pd

        frame = self._normalized({"license_category", "license_label", "license_uri"})
        keys = ["license_category", "license_label", "license_uri"]
        counts = (
            frame.groupby(keys, dropna=False, sort=False).size().rename("records").reset_index()
        )
        counts["share"] = counts["records"] / max(len(frame), 1)
        order = pd.Categorical(counts["license_category"], categories=CATEGORIES, ordered=True)
        counts = counts.assign(_order=order).sort_values(
            ["_order", "records"], ascending=[True, False]
        )
        return counts.drop(columns="_order").reset_index(drop=True)

    def reusable(self) -> pd.DataFrame:
        """The public-domain and open records (normalizing the rights first if needed)."""
        frame = self._normalized({"license_category"})
        return frame[frame["license_category"].isin(REUSABLE_CATEGORIES)]
