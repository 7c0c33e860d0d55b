"""The :class:`License` value: what a rights statement means, in one frozen record.

A License is what :func:`h4og_kit.rights.normalize` returns for any rights value. Flags that the
bundled vocabularies do not settle (for example whether an Open Data Commons license is
share-alike) are ``None`` rather than a guess; an unrecognized value is category ``unknown``, has an
empty ``uri`` and is never open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The five license categories of the common record columns (DESIGN.md), most reusable first.
CATEGORIES: tuple[str, ...] = ("public-domain", "open", "restricted", "in-copyright", "unknown")

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


def unknown(source_value: Any = None) -> License:
    """The License of a value that says nothing recognizable about rights."""
    return License(
        uri="",
        id=None,
        label="Unknown",
        family="",
        version=None,
        jurisdiction=None,
        category="unknown",
        is_open=False,
        requires_attribution=None,
        share_alike=None,
        non_commercial=None,
        no_derivatives=None,
        source_value=source_value,
    )


def public_domain_statement(source_value: Any = None) -> License:
    """A plain "public domain" statement (text, or a flag like the Met's ``isPublicDomain``)."""
    return License(
        uri="",
        id=None,
        label="Public domain",
        family="Public domain",
        version=None,
        jurisdiction=None,
        category="public-domain",
        is_open=True,
        requires_attribution=False,
        share_alike=False,
        non_commercial=False,
        no_derivatives=False,
        source_value=source_value,
    )


def copyright_statement(source_value: Any = None) -> License:
    """A plain copyright notice ("All rights reserved", "©", "Copyright ...")."""
    return License(
        uri="",
        id=None,
        label="All rights reserved",
        family="All rights reserved",
        version=None,
        jurisdiction=None,
        category="in-copyright",
        is_open=False,
        requires_attribution=None,
        share_alike=None,
        non_commercial=None,
        no_derivatives=None,
        source_value=source_value,
    )
