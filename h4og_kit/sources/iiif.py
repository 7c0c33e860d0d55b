"""IIIF manifests as a source: a manifest or collection URL in, one common record per manifest out.

::

    h4og_kit.search("iiif", "https://iiif.harvardartmuseums.org/manifests/object/299843")
    h4og_kit.search("iiif", "https://example.org/iiif/collection/top", limit=200)
    read_manifest("https://iiif.harvardartmuseums.org/manifests/object/299843").image_urls

The query is the URL of a manifest (one record) or of a collection, whose manifests (and those of
its sub-collections) are fetched concurrently within the politeness limit; the cursor of a
resumable harvest is the position in that list. This module fetches (through the kit's HTTP path,
cached and polite, or from the bundled manifests offline); reading a document is the pure parser
:mod:`h4og_kit.iiif`. :func:`read_manifest` gives one manifest as a
:class:`~h4og_kit.iiif.Manifest`; :func:`manifest_record` maps it to the common record, taking
creator, date, type, language and place from the manifest's metadata labels (in any language the
manifest gives them; a type missing there is what the canvases show: Image, Sound or Video).
``iiif_manifest`` is the manifest's id.

Offline, a URL finds the bundled manifest with that id, and words search the bundled manifests'
text.

Documents are fetched as bytes and read by :func:`h4og_kit.iiif.read_document`: a manifest with
bytes that are not UTF-8 still gives its record, and the record's ``warnings`` say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from h4og_kit import http
from h4og_kit.config import settings
from h4og_kit.i18n import N_
from h4og_kit.iiif import (
    Document,
    Manifest,
    collection_members,
    is_collection,
    parse_manifest,
    read_document,
)
from h4og_kit.notebook import announce
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.offline import matches
from h4og_kit.sources.paging import IdListPaged, Listing
from h4og_kit.text import one_line

#: Metadata labels (lower case) that hold each common field, most specific first.
CREATOR_LABELS = ("creator", "artist", "author", "maker", "people", "contributors", "contributor")
DATE_LABELS = ("date", "date statement", "created published", "date created", "created")
TYPE_LABELS = ("type", "object type", "classification", "original format", "genre")
PLACE_LABELS = ("place", "place of origin", "geographic", "location")
INSTITUTION_LABELS = ("holding institution", "repository", "institution")
MAX_COLLECTION_DEPTH = 5


class IiifSource(IdListPaged):
    name = "iiif"
    title = "IIIF manifests"
    description = N_("IIIF Presentation 2 and 3 manifests: label, rights, attribution, canvases "
                   "and images.")
    terms_url = "https://iiif.io/api/presentation/3.0/"
    base_url = ""
    politeness = http.Politeness(connections=4, rate=5)
    page_size = 20

    def list_ids(self, search: Search) -> Listing:
        """The manifest URLs of a collection (and its sub-collections), or the one manifest."""
        if search.filters:
            raise http.SourceError(
                self.name, None,
                hint=f"The iiif source takes no filters (got {sorted(search.filters)}).",
            )
        url = _url(search.query)
        if not url:
            raise http.SourceError(
                self.name,
                None,
                hint="The query of the iiif source is the URL of a manifest or a collection.",
            )
        doc = self.fetch(url)
        if not is_collection(doc.json):
            return Listing([url], 1, known={url: doc})
        manifests = self._manifest_urls(doc, depth=0, seen={url})
        return Listing(manifests, len(manifests))

    def object_path(self, object_id: Any) -> str:
        return object_id  # the manifest's URL

    def _manifest_urls(self, collection: Document, depth: int, seen: set[str]) -> list[str]:
        """Every manifest URL in a collection and, depth first, in its sub-collections (those
        embedded in it are walked by the parser, those given by URL are fetched)."""
        manifests, collections = collection_members(collection.json)
        for sub in collections:
            if sub in seen or depth >= MAX_COLLECTION_DEPTH:
                continue
            seen.add(sub)
            manifests += self._manifest_urls(self.fetch(sub), depth + 1, seen)
        return list(dict.fromkeys(manifests))

    def fetch(self, path: str = "", params: dict | None = None, as_: str = "json") -> Any:
        """A IIIF document as a :class:`~h4og_kit.iiif.Document`: fetched as bytes, so that bytes
        which are not UTF-8 are read (with a warning) rather than refused."""
        if as_ != "json":
            return super().fetch(path, params, as_=as_)
        body = super().fetch(path, params, as_="bytes")
        try:
            return read_document(body)
        except ValueError:
            raise http.SourceError(
                self.name, self.url(path), 200, "The answer was not valid JSON: try again later."
            ) from None

    @classmethod
    def read_sample(cls, path: Path) -> Document:
        """A bundled manifest, read from its bytes as a fetched one is."""
        return read_document(path.read_bytes())

    def get_payload(self, record_id: str) -> Any:
        """The manifest document; the id of an iiif record is its manifest URL."""
        return self.fetch(record_id)

    def parse(self, payload: Any) -> list[dict]:
        """One record per manifest (a document, its bytes, or a list of them); a collection gives
        none."""
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        document = read_document(payload)
        if not isinstance(document.json, dict) or is_collection(document.json):
            return []
        manifest = parse_manifest(document)
        return [manifest_record(manifest)] if manifest.id else []

    def document(self, url: str) -> tuple[Document, bool]:
        """A IIIF JSON document by URL through the kit's HTTP path, and whether it came from the
        bundled samples because the kit is offline. A URL the outbound-address guard refuses
        raises :class:`~h4og_kit.http.AddressRefused`, never an offline answer."""
        mode = settings()
        if not mode.forced_offline:
            try:
                return self.fetch(url), False
            except http.NetworkUnavailable:
                if not mode.may_fall_back:
                    raise
        return self.bundled_document(url), True

    @classmethod
    def bundled_document(cls, url: str) -> Document:
        """The bundled real manifest whose id is ``url``, for reading a manifest offline."""
        for path in cls.sample_files():
            doc = cls.read_sample(path)
            found = doc.json if isinstance(doc.json, dict) else {}
            if url.strip() in (found.get("id"), found.get("@id")):
                announce(f"Offline: manifest {url} read from the bundled sample {path.name}.")
                return doc
        raise http.SourceError(
            cls.name,
            url,
            hint="Working offline, and this manifest is not among the bundled samples.",
        )

    def offline_matches(self, record: dict, query: str, **filters) -> bool:
        """Offline, a URL finds the bundled manifest with that id; words search as usual."""
        url = _url(query)
        return url in (record["iiif_manifest"], record["url"]) if url else matches(record, query)


def read_manifest(url: str | dict, *, allow_private: bool = False) -> Manifest:
    """A :class:`~h4og_kit.iiif.Manifest` from a manifest URL, fetched through ``h4og_kit.http``
    (a document you already have is parsed as it is).

    Offline (``H4OG_OFFLINE=1``, or no network in ``auto`` mode) a URL is answered from the bundled
    real manifests when one has that id, and ``offline`` is True; otherwise a SourceError says so.
    Only public hosts are fetched unless ``allow_private=True`` (local work; see
    :mod:`h4og_kit.outbound`).
    """
    if not isinstance(url, str):
        return parse_manifest(url)
    source = IiifSource(allow_private=True) if allow_private else default()
    doc, offline = source.document(url)
    return parse_manifest(doc, offline=offline)


def manifest_record(m: Manifest) -> dict:
    """The common record of a manifest: its label, metadata, first image and rights."""
    date = one_line(m.metadata_value(*DATE_LABELS)) or m.nav_date
    first = m.canvases[0] if m.canvases else None
    return record(
        "iiif",
        id=m.id,
        title=m.label,
        creator=m.metadata_value(*CREATOR_LABELS),
        date=date,
        type=m.metadata_value(*TYPE_LABELS) or m.media_type,
        description=m.summary or m.metadata_value("description"),
        institution=m.provider or m.metadata_value(*INSTITUTION_LABELS),
        url=m.homepage,
        image_url=first.image_url if first else None,
        thumbnail_url=m.thumbnail or (first.thumbnail if first else None),
        iiif_manifest=m.id,
        rights=m.rights,
        language=m.metadata_value("language"),
        place=m.metadata_value(*PLACE_LABELS),
        warnings=list(m.warnings),
    )


def _url(query: str) -> str | None:
    text = (query or "").strip()
    return text if text.startswith(("http://", "https://")) else None


default, search, get, parse = expose(IiifSource)
