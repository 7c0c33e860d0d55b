"""Metadata quality: completeness profiles, museum date parsing and the languages of the text.

- :func:`profile` — per source and column: filled share, distinct values, top values; the share of
  records with a reusable image and with a IIIF manifest; a ready Altair chart.
- :func:`parse_dates` — "c. 1480", "1890s", "late 17th century", "500 B.C.", "n.d." ... as
  ``date_start``/``date_end`` years and a ``date_precision``.
- :func:`languages` — which languages titles and descriptions are in: the source's tag first,
  an offline detector (py3langid) where there is none.
"""

from h4og_kit.metadata.dates import PRECISIONS, DateSpan, parse_date, parse_dates
from h4og_kit.metadata.languages import detect_language, language_tag, languages, record_languages
from h4og_kit.metadata.profile import Profile, profile

__all__ = [
    "PRECISIONS",
    "DateSpan",
    "Profile",
    "detect_language",
    "language_tag",
    "languages",
    "parse_date",
    "parse_dates",
    "profile",
    "record_languages",
]
