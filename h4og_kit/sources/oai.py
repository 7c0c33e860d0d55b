"""Generic OAI-PMH harvester: ListRecords with resumption tokens, GetRecord, three metadata formats.

OAI-PMH has no search, so the kit harvests (``verb=ListRecords``) and keeps the records whose
text matches the query, locally. Give the repository's endpoint in one of two ways::

    h4og_kit.search("oai", "clematis", endpoint="https://api.lib.harvard.edu/oai/",
                    metadata_prefix="mods", set="botanicals")
    h4og_kit.sources.load("oai", base_url="https://api.lib.harvard.edu/oai/").search("clematis")

Filters: ``endpoint``, ``metadata_prefix`` (default ``oai_dc``, which every repository must offer;
``mods`` and ``edm`` are parsed too), ``set``, ``from_`` and ``until`` (``YYYY-MM-DD``). The cursor
of a resumable harvest is the resumption token. Deleted records are skipped. OAI errors become a
:class:`OaiError` with a hint, except ``noRecordsMatch``, which is simply an empty result.

Parsing understands Dublin Core (``oai_dc``, with ``dcterms`` elements too), MODS (with the host
collection's creator, dates and holding institution when the item has none of its own) and
Europeana's EDM (the provider's proxy and aggregation).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.metadata.dates import parse_date
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.paging import Batch, CursorPaged, Request

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MODS = "http://www.loc.gov/mods/v3"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EDM = "http://www.europeana.eu/schemas/edm/"
ORE = "http://www.openarchives.org/ore/terms/"
XLINK = "http://www.w3.org/1999/xlink"

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".jp2", ".webp")
#: MODS roles (text or MARC relator code) that name a creator rather than a contributor.
CREATOR_ROLES = frozenset(
    {
        "creator",
        "author",
        "artist",
        "originator",
        "photographer",
        "illustrator",
        "cartographer",
        "designer",
        "cre",
        "aut",
        "art",
        "pht",
        "ill",
        "ctg",
        "dsr",
    }
)

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
    description = N_("Any OAI-PMH repository (oai_dc), harvested with resumption tokens.")
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
        metadata_prefix: str = "oai_dc",
        *,
        allow_private: bool = False,
    ):
        super().__init__(base_url, politeness, api_key, allow_private=allow_private)
        self.metadata_prefix = metadata_prefix

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
            "metadataPrefix": filters.get("metadata_prefix") or self.metadata_prefix,
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
        params = {
            "verb": "GetRecord",
            "identifier": record_id,
            "metadataPrefix": self.metadata_prefix,
        }
        return self._answer(self._endpoint(None), params)

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
        """Records of an OAI-PMH answer (ListRecords, GetRecord) or of a bare ``<record>``.

        ``payload`` is the XML as bytes, text or an element. Deleted records are skipped; an OAI
        error other than ``noRecordsMatch`` raises :class:`OaiError`.
        """
        root = xml_root(payload)
        for code, message in oai_errors(root):
            if code != "noRecordsMatch":
                raise OaiError(code, message)
        out = []
        for rec in root.iter():
            if _local(rec.tag) != "record":
                continue
            header = _child(rec, "header")
            if header is None or header.get("status") == "deleted":
                continue
            identifier = _text(_child(header, "identifier"))
            parsed = _metadata_record(identifier, rec) if identifier else None
            if parsed:
                out.append(parsed)
        return out

    @classmethod
    def read_sample(cls, path: Path) -> Any:
        """Bundled OAI answers are read as bytes, so their XML declaration sets the encoding."""
        return path.read_bytes()


# -- the OAI envelope ----------------------------------------------------------------------------


def xml_root(payload: Any, url: str | None = None) -> ET.Element:
    """The root element of an XML answer; a :class:`~h4og_kit.http.SourceError` if it is not XML."""
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
        return ET.fromstring(data)
    except ET.ParseError as exc:
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


# -- element helpers -----------------------------------------------------------------------------


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: Any) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _child(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _texts(elements) -> list[str]:
    return [t for t in (_text(e) for e in elements) if t]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _is_image(url: str) -> bool:
    return url.split("?", 1)[0].lower().endswith(IMAGE_SUFFIXES)


def _rights_value(values: list[str]) -> str | None:
    """A URI when one is given (it normalizes best), else the statements as text."""
    uris = [v for v in values if v.startswith(("http://", "https://"))]
    return uris[0] if uris else ("; ".join(dict.fromkeys(values)) or None)


# -- metadata formats ----------------------------------------------------------------------------


def _metadata_record(identifier: str, rec: ET.Element) -> dict | None:
    """The common record of one OAI ``<record>``, from the first metadata format the kit reads."""
    container = _child(rec, "metadata")
    for el in (container if container is not None else rec).iter():
        if el.tag == f"{{{OAI_DC}}}dc":
            return _dc_record(identifier, _dc_fields(el))
        if el.tag == f"{{{MODS}}}mods":
            return _mods_record(identifier, el)
        if el.tag == f"{{{RDF}}}RDF":
            return _edm_record(identifier, el)
    return None


def _dc_fields(el: ET.Element) -> dict[str, list[str]]:
    """Dublin Core (``dc`` and ``dcterms``) element values by local name, in document order."""
    fields: dict[str, list[str]] = {}
    for child in el:
        if _ns(child.tag) in (DC, DCTERMS):
            value = _text(child)
            if value:
                fields.setdefault(_local(child.tag), []).append(value)
    return fields


def _dc_record(identifier: str, f: dict[str, list[str]], **overrides: Any) -> dict:
    links = [v for v in f.get("identifier", []) if v.startswith(("http://", "https://"))]
    dates = f.get("date", []) + f.get("created", []) + f.get("issued", [])
    rights = f.get("rights", []) + f.get("license", []) + f.get("accessRights", [])
    fields = {
        "id": identifier,
        "title": _first(f.get("title", [])),
        "creator": f.get("creator"),
        "date": list(dict.fromkeys(dates)),
        "type": f.get("type"),
        "description": f.get("description", []) + f.get("abstract", []),
        "url": _first([u for u in links if not _is_image(u)]),
        "image_url": _first([u for u in links if _is_image(u)]),
        "rights": _rights_value(rights),
        "language": f.get("language"),
        "place": f.get("coverage", []) + f.get("spatial", []),
    }
    fields.update({k: v for k, v in overrides.items() if v})
    return record("oai", **fields)


def _edm_record(identifier: str, rdf: ET.Element) -> dict:
    """Europeana EDM: the provider's proxy holds the descriptive DC, the aggregation the links."""
    proxies = [
        p
        for p in rdf.findall(f"{{{ORE}}}Proxy")
        if _text(p.find(f"{{{EDM}}}europeanaProxy")) != "true"
    ]
    fields = _dc_fields(proxies[0]) if proxies else {}
    aggregation = rdf.find(f"{{{ORE}}}Aggregation")
    europeana = rdf.find(f"{{{EDM}}}EuropeanaAggregation")

    def link(parent: ET.Element | None, name: str) -> str | None:
        el = parent.find(f"{{{EDM}}}{name}") if parent is not None else None
        return (el.get(f"{{{RDF}}}resource") or _text(el)) if el is not None else None

    return _dc_record(
        identifier,
        fields,
        url=link(aggregation, "isShownAt"),
        image_url=link(aggregation, "isShownBy") or link(aggregation, "object"),
        thumbnail_url=link(europeana, "preview"),
        rights=link(aggregation, "rights"),
        institution=link(aggregation, "dataProvider"),
    )


def _m(el: ET.Element, name: str) -> list[ET.Element]:
    """The MODS children of ``el`` called ``name``."""
    return el.findall(f"{{{MODS}}}{name}")


def _mods_record(identifier: str, mods: ET.Element) -> dict:
    """MODS: the item's own fields; creator, dates and holder may come from its host collection."""
    hosts = [r for r in _m(mods, "relatedItem") if r.get("type") == "host"]

    def own_or_host(read):
        for el in [mods, *hosts]:
            value = read(el)
            if value:
                return value
        return None

    dates = own_or_host(_mods_dates) or ([], [])
    urls = [u for loc in _m(mods, "location") for u in _m(loc, "url")]

    def url(access: str) -> str | None:
        return _first(_texts(u for u in urls if u.get("access") == access))

    conditions = _m(mods, "accessCondition")
    linked = [c.get(f"{{{XLINK}}}href") for c in conditions if c.get(f"{{{XLINK}}}href")]
    span = parse_date("; ".join(dates[1]))
    languages = _texts(
        t
        for lang in _m(mods, "language")
        for t in _m(lang, "languageTerm")
        if t.get("type") == "code"
    )
    notes = [n for n in _m(mods, "note") if n.get("type") == "content"]
    return record(
        "oai",
        id=identifier,
        title=_mods_title(mods),
        creator=own_or_host(_mods_creators),
        date=dates[0],
        date_start=span.start,
        date_end=span.end,
        type=_texts(_m(mods, "typeOfResource")) + _texts(_m(mods, "genre")),
        description=_texts(_m(mods, "abstract")) or _texts(notes),
        institution=own_or_host(_mods_holder),
        url=url("object in context"),
        image_url=url("raw object"),
        thumbnail_url=url("preview"),
        rights=_rights_value(linked + _texts(conditions)),
        language=[code for code in languages if code != "und"],
        place=_texts(g for s in _m(mods, "subject") for g in _m(s, "geographic")),
    )


def _mods_title(el: ET.Element) -> str | None:
    infos = _m(el, "titleInfo")
    main = [t for t in infos if not t.get("type")] or infos
    for info in main:
        parts = [_text(info.find(f"{{{MODS}}}{p}")) for p in ("nonSort", "title", "subTitle")]
        title, sub = " ".join(p for p in parts[:2] if p), parts[2]
        if title:
            return f"{title}: {sub}" if sub else title
    return None


def _mods_creators(el: ET.Element) -> list[str]:
    named = []
    for name in _m(el, "name"):
        text = ", ".join(_texts(_m(name, "namePart")))
        roles = {r.lower().rstrip(".") for r in _texts(name.iter(f"{{{MODS}}}roleTerm"))}
        if text:
            named.append((text, bool(roles & CREATOR_ROLES)))
    creators = [n for n, is_creator in named if is_creator]
    return creators or [n for n, _ in named]


def _mods_dates(el: ET.Element) -> tuple[list[str], list[str]] | None:
    """(dates to show, every date given) of an element's originInfo."""
    dates = [
        d
        for info in _m(el, "originInfo")
        for d in info
        if _local(d.tag) in ("dateCreated", "dateIssued", "copyrightDate", "dateOther")
    ]
    shown = _texts(d for d in dates if not d.get("point")) or _texts(dates)
    return (list(dict.fromkeys(shown)), _texts(dates)) if dates else None


def _mods_holder(el: ET.Element) -> str | None:
    places = [
        p
        for loc in _m(el, "location")
        for p in _m(loc, "physicalLocation")
        if p.get("type") in (None, "repository")
    ]
    owners = [n for n in _m(el, "note") if n.get("type") == "ownership"]
    return _first(_texts(places) or _texts(owners))


default, search, get, parse = expose(OaiSource)
