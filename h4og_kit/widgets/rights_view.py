"""The rights explorer: how open each source's records are, what their rights values mean, and
whether two licenses can be combined.

- A chart of license categories per source (stacked bars, with the counts written out too);
- a table of each raw rights value -> its normalized license, category and count
  (:func:`h4og_kit.rights.normalize`);
- a compatibility checker for two licenses (:func:`h4og_kit.rights.compatible`).

Headings, explanations and category names are in the viewer's language, and so are license names
(their official titles: :meth:`~h4og_kit.rights.License.label_for`); counts are in its number
format. The raw rights values stay as the sources wrote them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w
from babel.numbers import format_decimal, format_percent

from h4og_kit.html import badge, banner, bdi, esc, link, table
from h4og_kit.html.labels import category_label
from h4og_kit.i18n import N_, cldr_locale, ngettext
from h4og_kit.i18n import gettext as _
from h4og_kit.rights import CATEGORIES, compatible, normalize
from h4og_kit.widgets.page import row

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_SOURCES = ("met", "artic", "cleveland", "europeana", "finna", "commons", "smithsonian")
CATEGORY_COLOURS = {"public-domain": "#2a9d8f", "open": "#457b9d", "restricted": "#e9c46a",
                    "in-copyright": "#e76f51", "unknown": "#adb5bd"}
#: What each license category means for someone who wants to reuse a work (translated where shown).
CATEGORY_MEANINGS = {
    "public-domain": N_("free of copyright: use it for anything, crediting it is good practice"),
    "open": N_("openly licensed: reuse and adapt it, crediting it as the license asks"),
    "restricted": N_("reuse only within the license's limits, such as non-commercial use or no "
                     "adaptations"),
    "in-copyright": N_("in copyright: ask the rights holder before reusing it"),
    "unknown": N_("the rights are not known: check them before reusing it"),
}
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
    locale = cldr_locale()
    counts = frame.groupby(["source", "license_category"]).size().unstack(fill_value=0)
    rows = []
    for source, per_category in counts.iterrows():
        total = int(per_category.sum())
        segments, words = [], []
        for category in CATEGORIES:
            n = int(per_category.get(category, 0))
            if not n:
                continue
            share = 100 * n / total  # a CSS width: always written with a dot
            colour = CATEGORY_COLOURS[category]
            number, label = format_decimal(n, locale=locale), category_label(category)
            # Translators: a part of a bar chart: a license category, how many records of a
            # source are in it and which share of them, e.g. "Public domain: 20 (40%)".
            title = _("{category}: {count} ({share})").format(
                category=label, count=number, share=format_percent(n / total, locale=locale))
            segments.append(f'<span style="width:{share:.2f}%;background:{colour}" '
                            f'title="{esc(title)}"></span>')
            # Translators: how many records of a source are in a license category.
            words.append(_("{category}: {count}").format(category=label, count=number))
        # Translators: {categories} are the counts per license category ("Public domain: 20 ·
        # Rights unknown: 30").
        summary = ngettext("{categories} ({total} record)", "{categories} ({total} records)",
                           total).format(categories=" · ".join(words),
                                         total=format_decimal(total, locale=locale))
        rows.append(
            f"<tr><th scope=\"row\">{bdi(source)}</th>"
            f'<td><div class="h4og-bar" role="img" aria-label="{esc(summary)}">'
            f'{"".join(segments)}</div></td><td>{esc(summary)}</td></tr>'
        )
    legend = "".join(f"<li>{badge(category_label(c), c)} {esc(_(CATEGORY_MEANINGS[c]))}</li>"
                     for c in CATEGORIES)
    return (f"<h3>{esc(_('License categories per source'))}</h3>"
            f"<ul>{legend}</ul>"
            f'<table class="h4og-table"><tbody>{"".join(rows)}</tbody></table>')


def rights_table(frame: pd.DataFrame, top: int = 40) -> str:
    """The ``top`` most frequent raw rights values and what each means: its license (named in
    the current language) and category."""
    locale = cldr_locale()
    counts = frame["rights"].fillna("").astype(str).value_counts().head(top)
    rows = []
    for raw, n in counts.items():
        lic = normalize(raw or None)
        name = lic.label_for()
        # The values as sources wrote them and the licenses' official names are isolated
        # (<bdi>): they are quoted, not the interface's own words.
        rows.append((bdi(raw) if raw else esc(_("(none)")),
                     link(bdi(name), lic.uri) if lic.uri else bdi(name),
                     badge(category_label(lic.category), lic.category),
                     format_decimal(n, locale=locale)))
    header = (_("Rights as given"), _("License"), _("Category"), _("Records"))
    return (f"<h3>{esc(_('Raw rights values and what they mean'))}</h3>"
            + table(header, rows, raw_columns=(0, 1, 2)))


class RightsExplorer(w.VBox):
    """Rights of ``frame`` (common records), or of ``limit`` records of each of ``sources``."""

    def __init__(self, frame: pd.DataFrame | None = None, *,
                 sources: tuple[str, ...] = DEFAULT_SOURCES, limit: int = 100):
        super().__init__()
        self.add_class("h4og-rights")
        self.frame = fetch_records(sources, limit) if frame is None else frame
        notice = ""
        if self.frame.attrs.get("offline"):
            notice = banner(_("Offline: these figures come from the bundled real sample "
                              "responses, not from live searches."), "warning")
        self.chart = w.HTML(notice + category_chart(self.frame))
        self.values = w.HTML(rights_table(self.frame))
        style = {"description_width": "initial"}
        self.first = w.Combobox(options=COMMON_LICENSES, ensure_option=False, value="CC BY 4.0",
                                description=_("License of work A"), style=style)
        self.second = w.Combobox(options=COMMON_LICENSES, ensure_option=False,
                                 value="CC BY-SA 4.0", description=_("License of work B"),
                                 style=style)
        self.check_button = w.Button(description=_("Can I combine them?"), icon="question",
                                     layout=w.Layout(width="auto"))
        self.answer = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        question = _("Can two works be combined into one adaptation, and under which license?")
        self.children = [
            self.chart, self.values,
            w.HTML(f"<h3>{esc(_('Compatibility checker'))}</h3>"
                   f'<p class="h4og-hint">{esc(question)}</p>'),
            row(self.first, self.second, self.check_button),
            self.answer,
        ]

    def check(self) -> bool:
        """Answer the checker for the two licenses typed; True when they combine."""
        result = compatible(self.first.value, self.second.value)
        if result.ok:
            text = _("Yes: {reason}").format(reason=result.reason)
            if result.license is not None:
                text += " " + _("The adaptation's license: {license}.").format(
                    license=result.license.label_for())
        else:
            text = _("No: {reason}").format(reason=result.reason)
        self.answer.value = banner(text, "success" if result.ok else "warning")
        return result.ok
