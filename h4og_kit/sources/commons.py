"""Wikimedia Commons: freely licensed media files, with license and credit from ``extmetadata``.

Search runs the MediaWiki API (``action=query``) with ``generator=search`` over the File namespace
and ``prop=imageinfo`` (``iiprop=url|extmetadata|user|mime``, a thumbnail through
``iiurlwidth``). Paging follows the API's ``continue`` object, which is also the cursor of a
resumable harvest. Extra keyword filters are passed to the API as they are (e.g.
``gsrsort="create_timestamp_desc"``).

Every file on Commons is meant to be free, but "free" includes licenses that ask for attribution
and share-alike; ``open_only`` keeps the files whose license normalizes to ``public-domain`` or
``open`` and drops those whose license could not be recognized.
"""

from __future__ import annotations

from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.paging import Batch, CursorPaged, Request
from h4og_kit.text import one_line, plain_text

#: The extmetadata fields the kit reads (asking only for these keeps answers small).
EXTMETADATA = (
    "ObjectName",
    "Artist",
    "DateTimeOriginal",
    "ImageDescription",
    "LicenseShortName",
    "LicenseUrl",
    "Credit",
    "Copyrighted",
)
THUMBNAIL_WIDTH = 320


class CommonsSource(CursorPaged):
    name = "commons"
    title = "Wikimedia Commons"
    description = N_("Freely licensed media files, with license and credit from extmetadata.")
    terms_url = "https://commons.wikimedia.org/wiki/Commons:Reusing_content_outside_Wikimedia"
    aliases = ("wikimedia", "wikimedia-commons")
    base_url = "https://commons.wikimedia.org/w/api.php"
    politeness = http.Politeness(connections=2, rate=5)
    page_size = 50

    def _params(self, **extra: Any) -> dict[str, Any]:
        return {
            "action": "query",
            "format": "json",
            "formatversion": 2,
            "prop": "imageinfo",
            "iiprop": "url|extmetadata|user|mime",
            "iiurlwidth": THUMBNAIL_WIDTH,
            "iiextmetadatafilter": "|".join(EXTMETADATA),
            "iiextmetadatalanguage": "en",
            **extra,
        }

    def request(self, search: Search, cursor: Any, size: int) -> Request:
        params = self._params(
            generator="search",
            gsrsearch=search.query or "*",
            gsrnamespace=6,
            gsrlimit=size,
            **search.filters,
        )
        return Request("", {**params, **(cursor or {})})  # the continue object goes back as is

    def read(self, answer: Any, search: Search) -> Batch:
        self._raise_api_error(answer)
        return Batch(self.parse(answer), None, next_cursor=answer.get("continue"))

    def get_payload(self, record_id: str) -> Any:
        """The ``query`` answer for one file, by page id (``"81754323"``) or ``"File:..."`` title."""
        key = {"pageids": record_id} if record_id.isdigit() else {"titles": record_id}
        answer = self.fetch(params=self._params(**key))
        self._raise_api_error(answer)
        return answer

    def _raise_api_error(self, answer: Any) -> None:
        error = answer.get("error") if isinstance(answer, dict) else None
        if error:
            raise http.SourceError(
                self.name,
                self.base_url,
                hint=f"The Commons API refused the request ({error.get('code')}: "
                f"{error.get('info')}).",
            )

    def parse(self, payload: Any) -> list[dict]:
        """A full ``action=query`` answer (``query.pages`` as a dict or a list) or one page object.

        Pages without ``imageinfo`` are left out: with continuation, the API sends their file
        information in a later batch.
        """
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if not isinstance(payload, dict):
            return []
        if "imageinfo" in payload:
            return [self._page_record(payload)]
        pages = (payload.get("query") or {}).get("pages") or []
        if isinstance(pages, dict):
            pages = list(pages.values())
        pages = sorted(pages, key=lambda p: p.get("index", 0))
        return [self._page_record(p) for p in pages if p.get("imageinfo")]

    def _page_record(self, page: dict) -> dict:
        info = page["imageinfo"][0]
        meta = {k: v.get("value") for k, v in (info.get("extmetadata") or {}).items()}
        date = one_line(meta.get("DateTimeOriginal"))
        description = plain_text(meta.get("ImageDescription"))
        credit = plain_text(meta.get("Credit"))
        if credit:
            description = f"{description}\nCredit: {credit}" if description else f"Credit: {credit}"
        return record(
            "commons",
            id=page["pageid"],
            title=one_line(meta.get("ObjectName")) or _title_from_page(page.get("title")),
            creator=one_line(meta.get("Artist")) or info.get("user"),
            date=date,
            type=info.get("mime") or info.get("mediatype"),
            description=description,
            url=info.get("descriptionurl"),
            image_url=info.get("url"),
            thumbnail_url=info.get("thumburl"),
            rights=_rights(meta),
        )


def _rights(meta: dict) -> str | None:
    """LicenseUrl, else LicenseShortName, else "Public domain" when Commons says not copyrighted."""
    for key in ("LicenseUrl", "LicenseShortName"):
        value = one_line(meta.get(key))
        if value:
            return value
    if str(meta.get("Copyrighted", "")).strip().lower() == "false":
        return "Public domain"
    return None


def _title_from_page(title: str | None) -> str | None:
    """``"File:Minchinmavida Volcano.jpg"`` -> ``"Minchinmavida Volcano"``."""
    if not title:
        return None
    name = title.split(":", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


default, search, get, parse = expose(CommonsSource)
