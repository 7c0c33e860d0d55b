"""The GLAM sources the kit can search, one module each, all returning the common record columns.

:data:`SOURCES` describes every source (what it is, whether it needs a key, its terms of use)
without importing any of them; :func:`load` returns a ready source object by name or alias.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceInfo:
    """What a newcomer needs to know before using a source."""

    name: str
    title: str
    description: str
    terms_url: str
    key_env: str | None = None
    key_required: bool = False
    module: str = ""

    @property
    def key_note(self) -> str:
        if not self.key_env:
            return "no key needed"
        demo = "a public demo key works for trying it out" if not self.key_required else "required"
        return f"key in {self.key_env} ({demo})"


SOURCES: dict[str, SourceInfo] = {
    info.name: info
    for info in (
        SourceInfo(
            "met",
            "The Metropolitan Museum of Art",
            "Collection API of The Met, New York: 470,000+ objects, Open Access images are CC0.",
            "https://metmuseum.github.io/#terms",
            module="met",
        ),
        SourceInfo(
            "artic",
            "Art Institute of Chicago",
            "Public API of the Art Institute of Chicago: artworks with IIIF images; data CC0.",
            "https://www.artic.edu/open-access/public-api",
            module="artic",
        ),
        SourceInfo(
            "cleveland",
            "Cleveland Museum of Art",
            "Open Access API of the Cleveland Museum of Art; filter to CC0 with open_only.",
            "https://openaccess-api.clevelandart.org/",
            module="cleveland",
        ),
        SourceInfo(
            "finna",
            "Finna (Finland)",
            "Finna.fi: Finnish archives, libraries and museums, with image rights and holding buildings.",
            "https://www.kiwi.fi/display/Finna/Finna+API+in+English",
            module="finna",
        ),
        SourceInfo(
            "commons",
            "Wikimedia Commons",
            "Freely licensed media files, with license and credit from extmetadata.",
            "https://commons.wikimedia.org/wiki/Commons:Reusing_content_outside_Wikimedia",
            module="commons",
        ),
        SourceInfo(
            "europeana",
            "Europeana",
            "Europe's digital cultural heritage: millions of records from thousands of institutions.",
            "https://www.europeana.eu/en/rights/api-terms-of-use",
            key_env="EUROPEANA_API_KEY",
            module="europeana",
        ),
        SourceInfo(
            "smithsonian",
            "Smithsonian Open Access",
            "Smithsonian Institution Open Access: CC0 records across its museums and archives.",
            "https://www.si.edu/termsofuse",
            key_env="SMITHSONIAN_API_KEY",
            module="smithsonian",
        ),
        SourceInfo(
            "wikidata",
            "Wikidata",
            "Linked open data about works, creators and institutions, queried with SPARQL.",
            "https://www.wikidata.org/wiki/Wikidata:Data_access",
            module="wikidata",
        ),
        SourceInfo(
            "oai",
            "OAI-PMH endpoint",
            "Any OAI-PMH repository (oai_dc), harvested with resumption tokens.",
            "https://www.openarchives.org/pmh/",
            module="oai",
        ),
        SourceInfo(
            "iiif",
            "IIIF manifests",
            "IIIF Presentation 2 and 3 manifests: label, rights, attribution, canvases and images.",
            "https://iiif.io/api/presentation/3.0/",
            module="iiif",
        ),
        SourceInfo(
            "dumps",
            "Collection dumps",
            "Open data dumps (Tate, MoMA and others) published as CSV or JSON on GitHub.",
            "https://github.com/tategallery/collection",
            module="dumps",
        ),
    )
}

ALIASES = {
    "aic": "artic",
    "art-institute": "artic",
    "metmuseum": "met",
    "cma": "cleveland",
    "wikimedia": "commons",
    "wikimedia-commons": "commons",
    "si": "smithsonian",
    "oai-pmh": "oai",
    "oaipmh": "oai",
    "dump": "dumps",
}


class UnknownSource(KeyError):
    """The name is not one of the kit's sources."""

    def __str__(self) -> str:
        return self.args[0]


def resolve(name: str) -> SourceInfo:
    """The :class:`SourceInfo` for a name or alias; the error lists the valid names."""
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in SOURCES:
        raise UnknownSource(
            f"Unknown source {name!r}. Valid names: {', '.join(SOURCES)} "
            f"(aliases: {', '.join(sorted(ALIASES))})."
        )
    return SOURCES[key]


def load(name: str, **options):
    """A ready source object, e.g. ``load("met")`` or ``load("oai", base_url=...)``.

    ``allow_private=True`` gives a source that may reach loopback and private-network servers, for
    local work (see :mod:`h4og_kit.outbound`; ignored in dashboards served by ``h4og serve``).
    """
    info = resolve(name)
    module = importlib.import_module(f"h4og_kit.sources.{info.module}")
    return module.SOURCE_CLASS(**options) if options else module.default()


def catalog(with_samples: bool = True):
    """A DataFrame of every source: title, description, key, terms, and bundled sample records."""
    import pandas as pd

    rows = []
    for info in SOURCES.values():
        row = {"source": info.name, "title": info.title, "description": info.description,
               "key": info.key_note, "terms": info.terms_url}
        if with_samples:
            row["bundled records"] = len(load(info.name).offline_records())
        rows.append(row)
    return pd.DataFrame(rows)


def __getattr__(name: str):
    """The modules of this package on first use, e.g. ``h4og_kit.sources.iiif.read_manifest``."""
    import importlib.util

    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
