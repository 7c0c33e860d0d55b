"""The :class:`License` value: what a rights statement means, in one frozen record.

A License is what :func:`h4og_kit.rights.normalize` returns for any rights value. Flags that the
bundled vocabularies do not settle (for example whether an Open Data Commons license is
share-alike) are ``None`` rather than a guess; an unrecognized value is category ``unknown``, has an
empty ``uri`` and is never open. ``label`` is English; :meth:`License.label_in` gives the name in
another language, :meth:`License.label_for` the name a viewer reads (the short English name to an
English reader, the official title in any other language).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from h4og_kit.i18n import N_, SOURCE_LANGUAGE, cldr_locale, current, gettext, speaking

#: The five license categories of the common record columns (DESIGN.md), most reusable first.
CATEGORIES: tuple[str, ...] = ("public-domain", "open", "restricted", "in-copyright", "unknown")

#: The name of a License whose rights value says nothing recognizable (translated where read).
UNKNOWN_LABEL = N_("Unknown")

#: The categories whose works anyone may reuse, adapt and share.
REUSABLE_CATEGORIES: frozenset[str] = frozenset({"public-domain", "open"})


@dataclass(frozen=True, slots=True)
class License:
    """A normalized rights statement.

    ``uri`` is canonical as in DESIGN.md (``""`` when no URI applies), ``id`` the SPDX id where one
    exists, ``family`` the license without version and port (``"CC BY-SA"``, ``"InC-EDU"``),
    ``jurisdiction`` the port code of a ported CC license (``"es"``), ``source_value`` the value as
    given.
    """

    uri: str
    id: str | None
    label: str
    family: str
    version: str | None
    jurisdiction: str | None
    category: str
    is_open: bool
    requires_attribution: bool | None
    share_alike: bool | None
    non_commercial: bool | None
    no_derivatives: bool | None
    source_value: Any = None
    #: Why a value that looked like a license is ``unknown`` (a Creative Commons or
    #: rightsstatements.org URI that their lists do not have); ``None`` otherwise.
    note: str | None = None

    def label_in(self, lang: str) -> str:
        """The name in language ``lang`` (a tag such as ``"fi"``, ``"zh-Hant"``, ``"pt_BR"``).

        A Creative Commons license gets its official title in that language ("Nimeä 4.0
        Kansainvälinen" for ``CC BY 4.0`` in Finnish), a rightsstatements.org statement its
        translated name, a plain public-domain or "all rights reserved" statement the phrase of
        that language (:mod:`h4og_kit.rights.catalogs`). Where the language has no name, the
        English title, else :attr:`label`.
        """
        from h4og_kit.rights import catalogs

        if self.uri:
            return catalogs.title_in(self.uri, lang) or self.label
        kind = _PLAIN_KINDS.get(self.label) if self.family == self.label else None
        return (catalogs.phrase_in(kind, lang) if kind else None) or self.label

    def label_for(self, lang: str | None = None) -> str:
        """The name a reader of ``lang`` (default: the current language) sees: the short
        :attr:`label` ("CC BY 4.0") in English, :meth:`label_in` in any other language ("Nimeä
        4.0 Kansainvälinen"); an unrecognized value is "Unknown" in the kit's catalog."""
        lang = lang or current()
        if self.label == UNKNOWN_LABEL and not self.uri:
            with speaking(lang):
                return gettext(UNKNOWN_LABEL)
        if cldr_locale(lang).split("_")[0] == SOURCE_LANGUAGE:
            return self.label
        return self.label_in(lang)


def _plain_statement(
    label: str, category: str, source_value: Any, *, is_open: bool, free: bool | None
) -> License:
    """A License for a statement with no license document behind it (no URI, no version).

    ``free`` is the answer for every condition (attribution, share-alike, NC, ND): False for the
    public domain, None where the statement does not say.
    """
    return License(
        uri="",
        id=None,
        label=label,
        family="" if category == "unknown" else label,
        version=None,
        jurisdiction=None,
        category=category,
        is_open=is_open,
        requires_attribution=free,
        share_alike=free,
        non_commercial=free,
        no_derivatives=free,
        source_value=source_value,
    )


#: The plain statements whose names :meth:`License.label_in` translates: label -> phrase kind.
_PLAIN_KINDS = {"Public domain": "public-domain", "All rights reserved": "all-rights-reserved"}


def unknown(source_value: Any = None, note: str | None = None) -> License:
    """The License of a value that says nothing recognizable about rights; ``note`` says why
    when the value claimed a vocabulary that does not have it."""
    lic = _plain_statement(UNKNOWN_LABEL, "unknown", source_value, is_open=False, free=None)
    return dataclasses.replace(lic, note=note) if note else lic


def public_domain_statement(source_value: Any = None) -> License:
    """A plain "public domain" statement (text, or a flag like the Met's ``isPublicDomain``)."""
    return _plain_statement("Public domain", "public-domain", source_value, is_open=True, free=False)


def copyright_statement(source_value: Any = None) -> License:
    """A plain copyright notice ("All rights reserved", "©", "Copyright ...")."""
    return _plain_statement(
        "All rights reserved", "in-copyright", source_value, is_open=False, free=None
    )
