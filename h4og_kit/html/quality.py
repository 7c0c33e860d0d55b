"""A quality report (:mod:`h4og_kit.quality`) as escaped HTML: its summary and its table, for a
notebook (``df.attrs["report"]`` shows itself) and the collections explorer."""

from __future__ import annotations

from typing import Any

from h4og_kit.html.pieces import table
from h4og_kit.html.text import Html, block, esc
from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _

#: The problems' names as a reader sees them (the report's CSV keeps the English keys).
PROBLEM_LABELS = {"missing": N_("missing"), "not understood": N_("not understood"),
                  "warning": N_("warning"), "rejected": N_("rejected"), "error": N_("error"),
                  "drift": N_("drift")}


def report_table(report: Any) -> Html:
    """The summary lines of ``report`` (a :class:`h4og_kit.quality.QualityReport`, which
    imports this module to show itself), then one table row per field and problem."""
    header = (_("Field"), _("Problem"), _("Records"), _("Examples"), _("Detail"))
    rows = [(p.field, _(PROBLEM_LABELS.get(p.problem, p.problem)), p.count,
             " ".join(p.example_ids), p.detail) for p in report.problems]
    summary = "".join(block("p", line, "h4og-meta") for line in report.summary().splitlines())
    return Html(f'<div class="h4og-quality">{summary}'
                f"{table(header, rows, caption=_('Quality report'))}</div>")


def report_details(report: Any) -> Html:
    """The report folded under its first line (a ``<details>``), for a page beside the
    results: open it to see the table. Nothing for a report of no records and no problems."""
    if not report.records and not report.problems:
        return Html("")
    first = report.summary().splitlines()[0]
    flag = " h4og-flagged" if report.flagged else ""
    return Html(f'<details class="h4og-quality-details{flag}"><summary>{esc(first)}</summary>'
                f"{report_table(report)}</details>")
