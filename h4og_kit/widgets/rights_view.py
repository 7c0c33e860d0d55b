"""The rights explorer: how open each source's records are, what their rights values mean, and
whether two licenses can be combined.

- A chart of license categories per source (stacked bars, with the counts written out too);
- a table of each raw rights value -> its normalized license, category and count
  (:func:`h4og_kit.rights.normalize`);
- a compatibility checker for two licenses (:func:`h4og_kit.rights.compatible`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from h4og_kit.html import badge, banner, esc, link, table
from h4og_kit.rights import CATEGORIES, compatible, normalize
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_SOURCES = ("met", "artic", "cleveland", "europeana", "finna", "commons", "smithsonian")
CATEGORY_COLOURS = {"public-domain": "#2a9d8f", "open": "#457b9d", "restricted": "#e9c46a",
                    "in-copyright": "#e76f51", "unknown": "#adb5bd"}
#: Suggestions for the compatibility checker (any license name, URL or statement is accepted).
COMMON_LICENSES = ("CC0 1.0", "Public Domain Mark 1.0", "CC BY 4.0", "CC BY-SA 4.0",
                   "CC BY-NC 4.0", "CC BY-NC-SA 4.0", "CC BY-ND 4.0", "CC BY-SA 3.0", "CC BY 2.0",
                   "In Copyright - Educational Use Permitted", "In Copyright")


def fetch_records(sources: tuple[str, ...], limit: int = 100) -> pd.DataFrame:
    """Records of each source (live, or the bundled samples when offline), in one frame."""
    import pandas as pd

    from h4og_kit import search

    frames = [search(name, "", limit=limit, progress=False) for name in sources]
    frame = pd.concat(frames, ignore_index=True)
    frame.attrs["offline"] = any(f.attrs.get("offline") for f in frames)
    frame.attrs["notice"] = " ".join(f.attrs["notice"] for f in frames if f.attrs.get("notice"))
    return frame


def category_chart(frame: pd.DataFrame) -> str:
    """Stacked bars of license categories, one per source, with the counts as text."""
    counts = frame.groupby(["source", "license_category"]).size().unstack(fill_value=0)
    rows = []
    for source, per_category in counts.iterrows():
        total = int(per_category.sum())
        segments, words = [], []
        for category in CATEGORIES:
            n = int(per_category.get(category, 0))
            if not n:
                continue
            share = 100 * n / total
            colour = CATEGORY_COLOURS[category]
            segments.append(f'<span style="width:{share:.2f}%;background:{colour}" '
                            f'title="{esc(category)}: {n}"></span>')
            words.append(f"{n} {category}")
        rows.append(
            f"<tr><th scope=\"row\">{esc(source)}</th>"
            f'<td><div class="h4og-bar" role="img" aria-label="{esc(", ".join(words))}">'
            f'{"".join(segments)}</div></td><td>{esc(", ".join(words))} ({total})</td></tr>'
        )
    legend = " ".join(badge(c, c) for c in CATEGORIES)
    return (f"<h3>License categories per source</h3><p>{legend}</p>"
            f'<table class="h4og-table"><tbody>{"".join(rows)}</tbody></table>')


def rights_table(frame: pd.DataFrame, top: int = 40) -> str:
    """The ``top`` most frequent raw rights values and what each normalizes to."""
    counts = frame["rights"].fillna("").astype(str).value_counts().head(top)
    rows = []
    for raw, n in counts.items():
        lic = normalize(raw or None)
        rows.append((raw or "(none)", link(lic.label, lic.uri) if lic.uri else esc(lic.label),
                     badge(lic.category, lic.category), n))
    return ("<h3>Raw rights values and their normalized license</h3>"
            + table(("Rights as given", "License", "Category", "Records"), rows, raw_columns=(1, 2)))


class RightsExplorer(w.VBox):
    """Rights of ``frame`` (common records), or of ``limit`` records of each of ``sources``."""

    def __init__(self, frame: pd.DataFrame | None = None, *,
                 sources: tuple[str, ...] = DEFAULT_SOURCES, limit: int = 100):
        super().__init__()
        self.add_class("h4og-rights")
        self.frame = fetch_records(sources, limit) if frame is None else frame
        notice = ""
        if self.frame.attrs.get("offline"):
            notice = banner("Offline: these figures come from the bundled real sample responses, "
                            "not from live searches.", "warning")
        self.chart = w.HTML(notice + category_chart(self.frame))
        self.values = w.HTML(rights_table(self.frame))
        style = {"description_width": "initial"}
        self.first = w.Combobox(options=COMMON_LICENSES, ensure_option=False, value="CC BY 4.0",
                                description="License of work A", style=style)
        self.second = w.Combobox(options=COMMON_LICENSES, ensure_option=False,
                                 value="CC BY-SA 4.0", description="License of work B", style=style)
        self.check_button = w.Button(description="Can I combine them?", icon="question",
                                     layout=w.Layout(width="auto"))
        self.answer = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.children = [
            self.chart, self.values,
            w.HTML("<h3>Compatibility checker</h3><p class=\"h4og-hint\">Can two works be "
                   "combined into one adaptation, and under which license?</p>"),
            row(self.first, self.second, self.check_button),
            self.answer,
        ]

    def check(self) -> bool:
        """Answer the checker for the two licenses typed; True when they combine."""
        result = compatible(self.first.value, self.second.value)
        if result.ok:
            text = f"Yes: {result.reason}"
            if result.license is not None:
                text += f" The adaptation's license: {result.license.label}."
        else:
            text = f"No: {result.reason}"
        self.answer.value = banner(text, "success" if result.ok else "warning")
        return result.ok
