"""How complete a collection's metadata is, per column and per source, with a ready chart.

``profile(df)`` answers the questions a team asks before building on a collection: which fields
are filled, how varied they are, what their commonest values are, and how many records come with
an image one may reuse (``license_category`` public-domain or open, and an ``image_url``) or a IIIF
manifest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from h4og_kit.rights.license import REUSABLE_CATEGORIES

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: The license categories whose images may be reused (see DESIGN.md).

#: The source label of the rows that sum up all sources together.
ALL_SOURCES = "(all)"


class Profile(NamedTuple):
    """What :func:`profile` returns; unpack it (``table, summary, chart = profile(df)``) or use names.

    - ``table``: one row per source and column: ``records``, ``non_empty``, ``non_empty_share``,
      ``distinct`` and ``top_values`` (a list of ``(value, count)``, commonest first).
    - ``summary``: one row per source: ``records``, ``reusable_image``, ``reusable_image_share``,
      ``iiif_manifest``, ``iiif_manifest_share``.
    - ``chart``: an Altair chart of both (completeness heat map and reuse bars).
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    chart: alt.VConcatChart


def _non_empty(column: pd.Series) -> pd.Series:
    filled = column.notna()
    if column.dtype == object or str(column.dtype).startswith("string"):
        filled &= column.astype("string").str.strip().fillna("") != ""
    return filled.astype(bool)


def _groups(df: pd.DataFrame, by: str):
    if by in df:
        for name, group in df.groupby(df[by].astype("string").fillna("(none)"), sort=True):
            yield str(name), group
        if df[by].nunique(dropna=False) > 1:
            yield ALL_SOURCES, df
    else:
        yield ALL_SOURCES, df


def _column_rows(source: str, group: pd.DataFrame, columns, top: int) -> list[dict]:
    rows = []
    for column in columns:
        values = group[column]
        filled = _non_empty(values)
        kept = values[filled].astype("string").str.strip()
        counts = kept.value_counts()
        rows.append(
            {
                "source": source,
                "column": column,
                "records": len(group),
                "non_empty": int(filled.sum()),
                "non_empty_share": round(float(filled.mean()), 4) if len(group) else 0.0,
                "distinct": int(counts.size),
                "top_values": [(str(v), int(n)) for v, n in counts.head(top).items()],
            }
        )
    return rows


def _summary_row(source: str, group: pd.DataFrame) -> dict:
    records = len(group)
    has_image = _non_empty(group["image_url"]) if "image_url" in group else None
    if has_image is not None and "license_category" in group:
        reusable = int((group["license_category"].isin(REUSABLE_CATEGORIES).fillna(False)
                        & has_image).sum())
    else:
        reusable = 0
    iiif = int(_non_empty(group["iiif_manifest"]).sum()) if "iiif_manifest" in group else 0
    return {
        "source": source,
        "records": records,
        "reusable_image": reusable,
        "reusable_image_share": round(reusable / records, 4) if records else 0.0,
        "iiif_manifest": iiif,
        "iiif_manifest_share": round(iiif / records, 4) if records else 0.0,
    }


def _chart(table: pd.DataFrame, summary: pd.DataFrame) -> alt.VConcatChart:
    import altair as alt

    data = table.drop(columns=["top_values"])
    base = alt.Chart(data).encode(
        x=alt.X("column:N", sort=None, title=None),
        y=alt.Y("source:N", title=None),
    )
    heat = base.mark_rect().encode(
        color=alt.Color("non_empty_share:Q", title="filled", scale=alt.Scale(domain=[0, 1])),
        tooltip=["source", "column", "non_empty", "records",
                 alt.Tooltip("non_empty_share:Q", format=".0%"), "distinct"],
    )
    labels = base.mark_text(fontSize=9).encode(
        text=alt.Text("non_empty_share:Q", format=".0%"),
        color=alt.condition("datum.non_empty_share > 0.6", alt.value("white"), alt.value("black")),
    )
    reuse = summary.melt(
        id_vars=["source", "records"],
        value_vars=["reusable_image_share", "iiif_manifest_share"],
        var_name="measure",
        value_name="share",
    )
    reuse["measure"] = reuse["measure"].map(
        {"reusable_image_share": "reusable image", "iiif_manifest_share": "IIIF manifest"}
    )
    bars = alt.Chart(reuse).mark_bar().encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        y=alt.Y("source:N", title=None),
        color=alt.Color("measure:N", title=None),
        yOffset="measure:N",
        tooltip=["source", "measure", alt.Tooltip("share:Q", format=".0%"), "records"],
    )
    return alt.vconcat(
        (heat + labels).properties(title="Share of records with the field filled"),
        bars.properties(title="Share of records with a reusable image or a IIIF manifest"),
    )


def profile(df: pd.DataFrame, by: str = "source", columns=None, top: int = 3) -> Profile:
    """Completeness of every column (or ``columns``) per source, plus reuse shares and a chart.

    "Non-empty" means not missing and not blank text. A frame holding several sources also gets
    rows for all of them together, labelled :data:`ALL_SOURCES`. See :class:`Profile`.
    """
    import pandas as pd

    columns = [c for c in (columns or df.columns) if c in df and c != by]
    rows, summary_rows = [], []
    for source, group in _groups(df, by):
        rows.extend(_column_rows(source, group, columns, top))
        summary_rows.append(_summary_row(source, group))
    table = pd.DataFrame(
        rows,
        columns=["source", "column", "records", "non_empty", "non_empty_share", "distinct",
                 "top_values"],
    )
    summary = pd.DataFrame(summary_rows)
    return Profile(table, summary, _chart(table, summary))
