"""Generic OAI-PMH harvester: ListRecords with resumption tokens, GetRecord, ListMetadataFormats.

OAI-PMH has no search, so the kit harvests (``verb=ListRecords``) and keeps the records whose
text matches the query, locally. Give the repository's endpoint in one of two ways::

    h4og_kit.search("oai", "clematis", endpoint="https://api.lib.harvard.edu/oai/",
                    metadata_prefix="mods", set="botanicals")
    h4og_kit.sources.load("oai", base_url="https://api.lib.harvard.edu/oai/").search("clematis")

Filters: ``endpoint``, ``metadata_prefix``, ``set``, ``from_`` and ``until`` (``YYYY-MM-DD``).
Without a ``metadata_prefix`` (here or on the source), the kit asks the endpoint which formats it
offers and takes the richest it reads (:data:`h4og_kit.oai.formats.FORMATS`: LIDO, EDM, MODS, EAD,
MARCXML, qualified DC, DC), else ``oai_dc``, which every endpoint offers. The cursor of a
resumable harvest is the resumption token. Deleted records are skipped. OAI errors become a
:class:`OaiError` with a hint, except ``noRecordsMatch``, which is simply an empty result.

The formats are read by :mod:`h4og_kit.oai`; an EAD finding aid gives one record per described
component. XML that is not quite well-formed (an undeclared namespace prefix) is recovered where
the meaning is clear, and the records say what was repaired in their ``warnings`` column; a record
whose metadata cannot be read is kept with its id and a warning. :func:`metadata_formats` lists the
formats an endpoint offers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.oai import (
    MetadataFormat,
    Unreadable,
    offered_formats,
    read_metadata,
    read_xml,
    richest,
)
from h4og_kit.oai import repairs as repair_notes
from h4og_kit.oai.namespaces import OAI
from h4og_kit.oai.xmltext import child, local, text
from h4og_kit.records import record
from h4og_kit.sources.base import SHAPE_ERRORS, Search, expose
from h4og_kit.sources.paging import Batch, CursorPaged, Request

#: The prefix asked for when the endpoint's list of formats cannot be had: every endpoint has it.
FALLBACK_PREFIX = "oai_dc"

#: What to do about each OAI-PMH error code.
ERROR_HINTS = {
    "badResumptionToken": "The resumption token is invalid or has expired: start the harvest "
    "again from the beginning (with `h4og fetch`, pass --restart).",
    "badArgument": "The endpoint refused the request's arguments: check metadata_prefix, set, "
    "and the from_/until dates (YYYY-MM-DD).",
    "cannotDisseminateFormat": "This endpoint does not offer that metadata format: every "
    "OAI-PMH endpoint offers metadata_prefix='oai_dc'; ask verb=ListMetadataFormats for others.",
    "idDoesNotExist": "The endpoint has no record with this identifier: check it, it looks like "
    "'oai:host:local-id'.",
    "noSetHierarchy": "This endpoint has no sets: leave out set=.",
    "badVerb": "The endpoint did not understand the request: is the URL an OAI-PMH endpoint?",
}

FILTERS = ("endpoint", "metadata_prefix", "set", "from_", "until")


class OaiError(http.SourceError):
    """The endpoint answered with an OAI-PMH ``<error>``; ``code`` is the OAI error code."""

    def __init__(self, code: str, message: str, url: str | None = None):
        self.code = code
        said = f" ({message})" if message else ""
        hint = ERROR_HINTS.get(code, "The endpoint reported a problem with the request.")
        super().__init__("oai", url, hint=f"OAI-PMH error {code}{said}. {hint}")


class OaiSource(CursorPaged):
    name = "oai"
    title = "OAI-PMH endpoint"
    description = N_("Any OAI-PMH repository (Dublin Core, MODS, MARCXML, EAD, EDM or LIDO), "
                     "harvested with resumption tokens.")
    terms_url = "https://www.openarchives.org/pmh/"
    aliases = ("oai-pmh", "oaipmh")
    base_url = ""
    politeness = http.Politeness(connections=1, rate=2)
    local_query = True  # OAI-PMH has no search: the harvest is filtered here

    def __init__(
        self,
        base_url: str | None = None,
        politeness: http.Politeness | None = None,
        api_key: str | None = None,
        metadata_prefix: str | None = None,
        *,
        allow_private: bool = False,
    ):
        """``metadata_prefix=None``: the richest format the endpoint offers (see the module)."""
        super().__init__(base_url, politeness, api_key, allow_private=allow_private)
        self.metadata_prefix = metadata_prefix
        self._chosen: dict[str, str] = {}  # endpoint -> the prefix chosen for it

    # -- live API ----------------------------------------------------------------------------

    def request(self, search: Search, cursor: Any, size: int) -> Request:
        """ListRecords from ``cursor`` (a resumption token) on; the server sets the page size."""
        filters = dict(search.filters)
        if "from" in filters:
            filters["from_"] = filters.pop("from")
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise http.SourceError(
                self.name,
                None,
                hint=f"Unknown OAI-PMH filter(s) {sorted(unknown)}: use {', '.join(FILTERS)}.",
            )
        endpoint = self._endpoint(filters.get("endpoint"))
        if cursor:
            return Request(endpoint, {"verb": "ListRecords", "resumptionToken": cursor})
        first = {
            "verb": "ListRecords",
            "metadataPrefix": filters.get("metadata_prefix") or self.prefix_for(endpoint),
            "set": filters.get("set"),
            "from": filters.get("from_"),
            "until": filters.get("until"),
        }
        return Request(endpoint, {k: v for k, v in first.items() if v})

    def answer(self, request: Request, search: Search) -> ET.Element:
        return self._answer(request.path, request.params)

    def read(self, answer: ET.Element, search: Search) -> Batch:
        token, total = _resumption(answer)
        return Batch(self.parse(answer), total if search.everything else None, next_cursor=token)

    def get_payload(self, record_id: str) -> Any:
        """The GetRecord answer for one OAI identifier, as an XML element."""
        endpoint = self._endpoint(None)
        params = {
            "verb": "GetRecord",
            "identifier": record_id,
            "metadataPrefix": self.prefix_for(endpoint),
        }
        return self._answer(endpoint, params)

    def metadata_formats(self, endpoint: str | None = None) -> list[MetadataFormat]:
        """The formats the endpoint offers (``verb=ListMetadataFormats``), in its order."""
        root = self._answer(self._endpoint(endpoint), {"verb": "ListMetadataFormats"})
        return offered_formats(root)

    def prefix_for(self, endpoint: str) -> str:
        """The ``metadataPrefix`` to ask ``endpoint`` for: the one this source was given, else
        the richest the endpoint offers that the kit reads, else ``oai_dc``."""
        if self.metadata_prefix:
            return self.metadata_prefix
        if endpoint not in self._chosen:
            try:
                chosen = richest(self.metadata_formats(endpoint))
            except OaiError:  # noMetadataFormats, or an endpoint that does not answer the verb
                chosen = None
            self._chosen[endpoint] = chosen.prefix if chosen else FALLBACK_PREFIX
        return self._chosen[endpoint]

    def _endpoint(self, endpoint: str | None) -> str:
        url = (endpoint or self.base_url or "").strip()
        if not url:
            raise http.SourceError(
                self.name,
                None,
                hint="No OAI-PMH endpoint given: pass endpoint=URL to search, or use "
                "h4og_kit.sources.load('oai', base_url=URL) (with `h4og fetch`: --base-url URL).",
            )
        return url

    def _answer(self, endpoint: str, params: dict) -> ET.Element:
        """One OAI-PMH answer as XML, with OAI errors raised (``noRecordsMatch`` is no error)."""
        body = self.fetch(endpoint, params, as_="bytes")
        root = xml_root(body, endpoint)
        for code, message in oai_errors(root):
            if code != "noRecordsMatch":
                raise OaiError(code, message, endpoint)
        return root

    # -- parsing ---------------------------------------------------------------------------------

    def parse(self, payload: Any) -> list[dict]:
        """Records of an OAI-PMH answer (ListRecords, GetRecord), of a bare ``<record>``, or of a
        metadata document (a ``lido:lidoWrap``, an EAD finding aid...).

        ``payload`` is the XML as bytes, text or an element. Deleted records are skipped; an OAI
        error other than ``noRecordsMatch`` raises :class:`OaiError`. What had to be repaired to
        read a record is in its ``warnings``; a record whose metadata cannot be read is kept with
        its id and a warning that says why.
        """
        root = xml_root(payload)
        for code, message in oai_errors(root):
            if code != "noRecordsMatch":
                raise OaiError(code, message)
        units = [el for el in root.iter() if local(el.tag) == "record" and _is_oai_record(el)]
        if not units:
            return _with_notes(_read(root, None), repair_notes(root))
        out = []
        for rec in units:
            header = child(rec, "header")
            if header is None or header.get("status") == "deleted":
                continue
            identifier = text(child(header, "identifier"))
            if identifier:
                container = child(rec, "metadata")
                records = _read(container if container is not None else rec, identifier)
                out.extend(_with_notes(records, repair_notes(rec)))
        return out

    @classmethod
    def read_sample(cls, path: Path) -> Any:
        """Bundled OAI answers are read as bytes, so their XML declaration sets the encoding."""
        return path.read_bytes()


def metadata_formats(
    endpoint_url: str, *, allow_private: bool = False, politeness: http.Politeness | None = None
) -> list[MetadataFormat]:
    """The metadata formats an OAI-PMH endpoint offers (``verb=ListMetadataFormats``).

    Each :class:`~h4og_kit.oai.formats.MetadataFormat` has ``prefix``, ``schema`` and
    ``namespace``, and ``reads_as``: the kit's format that reads it, or None. The format a search
    asks for unless told is ``richest(formats)`` (:func:`h4og_kit.oai.formats.richest`).
    """
    source = OaiSource(endpoint_url, politeness, allow_private=allow_private)
    return source.metadata_formats()


# -- the OAI envelope ----------------------------------------------------------------------------


def xml_root(payload: Any, url: str | None = None) -> ET.Element:
    """The root element of an XML answer, repaired where the meaning is clear (see
    :mod:`h4og_kit.oai.repair`); a :class:`~h4og_kit.http.SourceError` if it is not XML."""
    if isinstance(payload, ET.Element):
        return payload
    data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise http.SourceError(
            "oai",
            url,
            hint="The answer declares a DTD or entities, which OAI-PMH never needs; "
            "it was not read.",
        )
    try:
        return read_xml(data)
    except Unreadable as exc:
        raise http.SourceError(
            "oai",
            url,
            hint=f"The answer is not well-formed XML ({exc}): is this an OAI-PMH "
            "endpoint, and was the answer complete?",
        ) from None


def oai_errors(root: ET.Element) -> list[tuple[str, str]]:
    """The ``(code, message)`` of every OAI-PMH ``<error>`` in an answer."""
    return [
        (e.get("code", "undefinedError"), " ".join((e.text or "").split()))
        for e in root.findall(f"{{{OAI}}}error")
    ]


def _resumption(root: ET.Element) -> tuple[str | None, int | None]:
    """The resumption token (None at the end of the list) and completeListSize, if given."""
    el = root.find(f".//{{{OAI}}}resumptionToken")
    if el is None:
        return None, None
    size = el.get("completeListSize")
    return (el.text or "").strip() or None, int(size) if size and size.isdigit() else None


def _is_oai_record(el: ET.Element) -> bool:
    """An OAI ``<record>`` (with or without the OAI namespace), not a MARC one."""
    return el.tag in (f"{{{OAI}}}record", "record") or child(el, "header") is not None


def _read(el: ET.Element, identifier: str | None) -> list[dict]:
    """The records of one unit's metadata; one that cannot be read is kept with a warning."""
    try:
        return read_metadata(el, identifier)
    except SHAPE_ERRORS as exc:
        if not identifier:
            raise
        return [record("oai", id=identifier, warnings=f"the metadata could not be read "
                       f"({exc.__class__.__name__}: {exc})")]


def _with_notes(records: list[dict], notes: str | None) -> list[dict]:
    """``records`` with the repair notes of their unit added to their warnings."""
    for rec in records if notes else ():
        rec["warnings"] = "; ".join(w for w in (rec.get("warnings"), notes) if w)
    return records


default, search, get, parse = expose(OaiSource)
