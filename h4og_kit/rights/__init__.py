"""Rights: what a rights statement means, whether a work may be reused, and how to credit it.

- :func:`normalize` reads any rights value (a URI in any form, a short name such as
  ``"CC BY-SA 3.0 es"``, an SPDX id, a long title, free text, a public-domain flag) into a
  :class:`License` with a canonical ``uri``, a ``category`` (:data:`CATEGORIES`) and its conditions;
  :func:`normalize_many` does it for a whole column at once. Titles and statements are read in
  every language CC and rightsstatements.org translated them into ("Nimeä 4.0 Kansainvälinen",
  "Urheberrechtsschutz - Nutzung zu Bildungszwecken erlaubt"), and ``License.label_in("fi")``
  gives the name back in the viewer's language.
- :class:`RightsAccessor` is ``df.rights``: ``normalize()``, ``summary()``, ``reusable()``.
- :func:`attribution` writes a TASL credit line; :func:`compatible` says whether two works can be
  combined into one adaptation.

The license tables are built from the bundled Creative Commons, rightsstatements.org, SPDX and
Open Definition vocabularies on first use (the translated titles only when a value needs them);
pandas is imported only by the DataFrame functions.
"""

from h4og_kit.rights.accessor import RIGHTS_COLUMNS, RightsAccessor
from h4og_kit.rights.attribution import attribution
from h4og_kit.rights.compatibility import Compatibility, compatible
from h4og_kit.rights.license import CATEGORIES, REUSABLE_CATEGORIES, License
from h4og_kit.rights.normalize import normalize, normalize_many

__all__ = [
    "CATEGORIES",
    "REUSABLE_CATEGORIES",
    "RIGHTS_COLUMNS",
    "Compatibility",
    "License",
    "RightsAccessor",
    "attribution",
    "compatible",
    "normalize",
    "normalize_many",
]
