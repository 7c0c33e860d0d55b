"""The one hand-written list of rights phrases: what the published vocabularies do not say.

Most words for rights come from published translations, read from the bundled data:
Creative Commons' own translations of "Public Domain", "No Copyright" and "Public Domain Mark"
(``creativecommons-i18n/cc_i18n_unit_names_DERIVED.csv``) and the rightsstatements.org statements
in every language they are translated into ("Urheberrechtsschutz", "Tekijänoikeuden piirissä",
"No Copyright - ..."). This table adds only the everyday phrases those leave out - "all rights
reserved" in each language, and the usual word for "public domain" where it differs from CC's
(Arabic, Chinese, German, Italian, Swedish) - for the languages of the kit's interface (English,
Finnish, Arabic, Simplified Chinese, Spanish) and German, French, Dutch, Swedish and Italian.

Keys are ``(language tag, kind)``; kinds:

- ``public-domain``: the work is in the public domain (category ``public-domain``, no URI);
- ``all-rights-reserved`` and ``in-copyright``: a copyright notice (category ``in-copyright``, no
  URI), which counts only when nothing else in the value names a license or statement.

The first phrase of a language is also its name for the statement (``License.label_in``).
"""

from __future__ import annotations

PHRASES: dict[tuple[str, str], tuple[str, ...]] = {
    # Arabic: the "نطاق عام"; "ملكية عامة" is Arabic Wikipedia's name for public domain.
    ("ar", "public-domain"): ("نطاق عام", "ملكية عامة"),
    ("ar", "all-rights-reserved"): ("جميع الحقوق محفوظة",),
    ("ar", "in-copyright"): ("محمي بحقوق الطبع والنشر",),
    # German: "gemeinfrei" is the legal term (CC's German catalogue keeps "Public Domain").
    ("de", "public-domain"): ("gemeinfrei",),
    ("de", "all-rights-reserved"): ("Alle Rechte vorbehalten",),
    ("en", "all-rights-reserved"): ("All rights reserved",),
    ("es", "all-rights-reserved"): ("Todos los derechos reservados",),
    ("fi", "all-rights-reserved"): ("Kaikki oikeudet pidätetään",),
    ("fr", "all-rights-reserved"): ("Tous droits réservés",),
    # Italian: CC says "Pubblico Dominio"; "dominio pubblico" is as common.
    ("it", "public-domain"): ("Pubblico dominio", "Dominio pubblico"),
    ("it", "all-rights-reserved"): ("Tutti i diritti riservati",),
    ("nl", "all-rights-reserved"): ("Alle rechten voorbehouden",),
    # Swedish: CC's Swedish catalogue keeps "Public Domain"; "allmän egendom" is the Swedish term.
    ("sv", "public-domain"): ("Allmän egendom",),
    ("sv", "all-rights-reserved"): ("Alla rättigheter förbehållna",),
    # Simplified Chinese: CC says "公共领域"; "公有领域" is Chinese Wikipedia's term.
    ("zh", "public-domain"): ("公共领域", "公有领域"),
    ("zh", "all-rights-reserved"): ("版权所有", "保留所有权利"),
    ("zh", "in-copyright"): ("受版权保护",),
}
