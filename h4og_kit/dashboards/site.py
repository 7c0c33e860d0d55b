"""The public site from a snapshot: the showcase page, entry pages, the JSON feed, the Atom feed
of the activity (``feed.atom``), embeddable cards (served only) and the assets, served by
``h4og serve`` or written into a folder by ``h4og publish``.

:class:`Site` renders a :class:`~h4og_kit.dashboards.snapshot.Snapshot` through
:mod:`h4og_kit.html` (cards, timelines, feed lines, :mod:`h4og_kit.html.public`), once per
snapshot and language: every viewer of one version in one language gets the same bytes. The
server picks the language per request (:func:`h4og_kit.i18n.choose`: ``?lang=``, then
``Accept-Language``). ``h4og publish`` writes the site in ``H4OG_LANGUAGE`` (or English) at the
folder's root and in every other language of the kit in ``<lang>/``, each page's language menu
linking the same page in the others. What the server sends is a
:class:`Body`: the bytes, their ETag and their gzip form, each made once and kept with the
snapshot (a page filtered by the GET form in a small per-snapshot LRU of
:data:`FILTERED_PAGES`). Served, entry pages live at ``/entry/<id>``; published, at
``entry/<id>.html`` (a folder that opens from ``file://`` too).
:func:`publish` writes the folder, atomically file by file, and removes the pages of entries that
are no longer public.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from h4og_kit.dashboards.snapshot import Snapshot, feed_payload

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

#: The static assets of the public pages: this package's ``assets/`` folder.
ASSETS = Path(__file__).resolve().parent / "assets"
FILTERS = ("kind", "tag", "stage", "language", "q")
#: How many filtered showcase pages (one per filter choice) a snapshot keeps rendered; the
#: unfiltered page is always kept.
FILTERED_PAGES = 32
#: Bodies shorter than this are not worth compressing.
GZIP_MIN_BYTES = 1024


class Body:
    """Bytes as served: ``data``, their ``etag``, and :meth:`gzipped` (compressed on first use,
    then kept). The gzip form has the same ETag: it is the same content, sent with
    ``Content-Encoding: gzip`` and ``Vary: Accept-Encoding`` (the page's script revalidates the
    feed with the version the JSON carries, which is this ETag)."""

    __slots__ = ("_gzip", "data", "etag")

    def __init__(self, data: bytes, etag: str):
        self.data, self.etag = data, etag
        self._gzip: bytes | None = None

    def gzipped(self) -> bytes | None:
        """The gzip form of :attr:`data`, or None when compressing would not pay."""
        if self._gzip is None:
            packed = (gzip.compress(self.data, compresslevel=6, mtime=0)
                      if len(self.data) >= GZIP_MIN_BYTES else b"")
            self._gzip = packed if packed and len(packed) < len(self.data) else b""
        return self._gzip or None


class _Recent:
    """At most ``size`` values by key, the least recently used dropped first (thread-safe)."""

    def __init__(self, size: int):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def _chosen(chosen: Mapping[str, str] | None) -> dict[str, str]:
    """The filters that filter: known names with a value, stripped."""
    return {k: v.strip() for k, v in (chosen or {}).items() if k in FILTERS and v.strip()}


def language_etag(snap: Snapshot, lang: str) -> str:
    """The ETag of what ``snap`` shows in ``lang``: the snapshot's version and the language."""
    return f'{snap.etag[:-1]}-{lang}"'


def page_etag(snap: Snapshot, chosen: Mapping[str, str], lang: str = "en") -> str:
    """The ETag of the showcase page of ``snap`` in ``lang``, filtered by ``chosen`` (already
    cleaned): the snapshot's version, the language and a short hash of the choice."""
    choice = repr(sorted({name: chosen.get(name, "") for name in FILTERS}.items()))
    return (language_etag(snap, lang)[:-1] + "-"
            + hashlib.sha256(choice.encode()).hexdigest()[:8] + '"')


_ASSET_BODIES: dict[str, Body] = {}


def asset(name: str) -> bytes | None:
    """The bytes of ``showcase.js``, ``showcase.css`` or ``screen.js``, or None for any other
    name."""
    if name == "showcase.css":
        from h4og_kit.html.public import PUBLIC_CSS

        return PUBLIC_CSS.encode("utf-8")
    if name in ("showcase.js", "screen.js"):
        return (ASSETS / name).read_bytes()
    return None


def asset_body(name: str) -> Body | None:
    """:func:`asset` as served (ETag: a hash of its bytes), read once per process."""
    if name not in _ASSET_BODIES:
        data = asset(name)
        if data is None:
            return None
        _ASSET_BODIES[name] = Body(data, '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
    return _ASSET_BODIES[name]


def with_language(href: str, lang: str) -> str:
    """``href`` with ``lang=`` in its query (links between apps carry the viewer's language)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(href)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("lang", lang)])))


class Site:
    """The public pages of one snapshot. ``published``: links for a static folder
    (``entry/<id>.html``) instead of the server's (``/entry/<id>``); ``apps``: (label, href)
    of the Voila apps for the header (labels in English, shown translated); ``base_url``: the
    absolute address of the site, if known (Open Graph and canonical links).

    Every method renders in ``lang`` (default: the current language) and keeps what it made
    with the snapshot, per language."""

    def __init__(self, *, published: bool = False, apps: list[tuple[str, str]] | None = None,
                 base_url: str | None = None):
        self.published = published
        self.apps = apps or []
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        #: A published site's root language (the others are in ``<lang>/``).
        self.home = "en"

    def href(self, entry_id: str) -> str:
        return f"entry/{entry_id}.html" if self.published else f"entry/{entry_id}"

    def link(self, entry_id: str, lang: str) -> str:
        """The link to an entry's page from the showcase: served, carrying ``lang``."""
        href = self.href(entry_id)
        return href if self.published else with_language(href, lang)

    def _apps(self, lang: str, prefix: str = "") -> list[tuple[str, str]]:
        """The apps' links in ``lang``: translated labels, ``lang=`` carried along."""
        from h4og_kit.i18n import gettext

        return [(gettext(label), with_language(href if "://" in href else prefix + href, lang))
                for label, href in self.apps]

    def folder_of(self, lang: str) -> str:
        """Where a published site keeps ``lang``: the root for :attr:`home`, else ``<lang>/``."""
        return "" if lang == self.home else f"{lang}/"

    def _languages(self, here: str, lang: str, depth: int = 0) -> list[tuple[str, str]]:
        """The language menu of a page: served, ``here`` (the page's address relative to
        itself) with ``?lang=``; published, the same page (``here``: its path from its
        language's root, ``depth`` folders below it) in each language's folder."""
        from h4og_kit.i18n import available

        if not self.published:
            return [(code, with_language(here, code)) for code in available()]
        root = "../" * (depth + (lang != self.home))
        return [(code, f"{root}{self.folder_of(code)}{here}") for code in available()]

    def _stages(self, snap: Snapshot) -> list[tuple[str, str]]:
        from h4og_kit.i18n import gettext

        return [(name, gettext(label)) for name, label in snap.stages]

    def _cards(self, snap: Snapshot, lang: str) -> dict[str, str]:
        def make() -> dict[str, str]:
            from h4og_kit.html.cards import entry_card
            from h4og_kit.html.text import Html, esc
            from h4og_kit.html.timeline import timeline
            from h4og_kit.i18n import gettext

            stages = self._stages(snap)
            out = {}
            for e in snap.entries:
                progress = (timeline(e["fields"].get("stage"), stages, snap.moves.get(e["id"]))
                            if e["kind"] == "project" else "")
                permalink = Html(f'<p><a class="h4og-permalink" href="{esc(self.link(e["id"], lang))}">'
                                 f'{esc(gettext("Page of this entry"))}</a></p>')
                out[e["id"]] = str(entry_card(e, names=lambda m: snap.names.get(m, m),
                                              progress=progress, extra=permalink))
            return out

        return self._in(snap, lang, "cards", make)

    def _in(self, snap: Snapshot, lang: str, what: str, make: Callable[[], Any]) -> Any:
        """``make()`` in ``lang``, once per snapshot, language and kind of site."""
        from h4og_kit.i18n import speaking

        def made() -> Any:
            with speaking(lang):
                return make()

        return snap.cached(f"{what}:{self.published}:{lang}", made)

    @staticmethod
    def _lang(lang: str | None) -> str:
        from h4og_kit.i18n import current

        return lang or current()

    def payload(self, snap: Snapshot, lang: str | None = None) -> dict[str, Any]:
        lang = self._lang(lang)
        return self._in(snap, lang, "payload", lambda: feed_payload(
            snap, self._cards(snap, lang), {e["id"]: self.link(e["id"], lang) for e in snap.entries},
            lang, language_etag(snap, lang)))

    def feed_json(self, snap: Snapshot, lang: str | None = None) -> bytes:
        """The JSON feed (what the page polls), the same object as the page's embedded data."""
        return self.feed_body(snap, lang).data

    def feed_body(self, snap: Snapshot, lang: str | None = None) -> Body:
        """:meth:`feed_json` as served (ETag: the snapshot's and the language), made once per
        snapshot and language."""
        lang = self._lang(lang)
        return self._in(snap, lang, "json", lambda: Body(json.dumps(
            self.payload(snap, lang), ensure_ascii=False, sort_keys=True).encode("utf-8"),
            language_etag(snap, lang)))

    def page(self, snap: Snapshot, chosen: Mapping[str, str] | None = None,
             lang: str | None = None) -> bytes:
        """The showcase page; with ``chosen`` filters (the GET form), only the matching cards."""
        return self.page_body(snap, chosen, lang).data

    def page_body(self, snap: Snapshot, chosen: Mapping[str, str] | None = None,
                  lang: str | None = None) -> Body:
        """:meth:`page` as served (ETag: :func:`page_etag`). The unfiltered page is made once
        per snapshot and language; filtered ones are kept in a small LRU of the snapshot."""
        chosen, lang = _chosen(chosen), self._lang(lang)
        if not chosen:
            return self._in(snap, lang, "page", lambda: Body(self._page(snap, {}, lang),
                                                             page_etag(snap, {}, lang)))
        recent = snap.cached(f"pages:{self.published}", lambda: _Recent(FILTERED_PAGES))
        return recent.get((lang, *sorted(chosen.items())), lambda: self._in_filtered(
            snap, chosen, lang))

    def _in_filtered(self, snap: Snapshot, chosen: dict[str, str], lang: str) -> Body:
        from h4og_kit.i18n import speaking

        with speaking(lang):
            return Body(self._page(snap, chosen, lang), page_etag(snap, chosen, lang))

    def _page(self, snap: Snapshot, chosen: dict[str, str], lang: str) -> bytes:
        from h4og_kit.html.public import filter_form, showcase_page
        from h4og_kit.html.text import Html
        from h4og_kit.i18n import ngettext
        from h4og_kit.registry.errors import ValidationError
        from h4og_kit.registry.models import DISPLAY_ORDER
        from h4og_kit.registry.search_keys import matches

        payload = self.payload(snap, lang)
        cards = self._cards(snap, lang)
        shown = []
        for e in snap.entries:
            try:
                ok = matches(e["kind"], e["fields"], text=chosen.get("q"),
                             kinds=[chosen["kind"]] if chosen.get("kind") else (),
                             tags=[chosen["tag"]] if chosen.get("tag") else (),
                             stages=[chosen["stage"]] if chosen.get("stage") else (),
                             language=chosen.get("language"), statuses=("published",))
            except ValidationError:
                ok = False
            if ok:
                shown.append(Html(cards[e["id"]]))
        tags = sorted({t for item in payload["entries"] for t in item["tags"] if t})
        langs = sorted({t for item in payload["entries"] for t in item["languages"] if t})
        kinds = [k for k in DISPLAY_ORDER if k in snap.counts.get("kind", {})]
        form = filter_form(kinds, self._stages(snap), tags, langs, chosen)
        total = len(snap.entries)
        note = "" if self.published else ngettext(
            "{count} public entry · live", "{count} public entries · live", total
        ).format(count=total)
        feed_url = "showcase.json" if self.published else with_language("showcase.json", lang)
        return showcase_page(
            title=snap.title, cards=shown, feed=[Html(line) for line in snap.feed(lang)],
            total=total, filters=form, data=payload, apps=self._apps(lang),
            generated=snap.generated, note=note, feed_url=feed_url,
            atom_url="feed.atom" if self.published else with_language("feed.atom", lang),
            languages=self._languages("index.html" if self.published else "./", lang),
        ).encode("utf-8")

    def entry(self, snap: Snapshot, entry_id: str, lang: str | None = None) -> bytes | None:
        """The page of a public entry, or None (unknown, hidden, draft)."""
        body = self.entry_body(snap, entry_id, lang)
        return None if body is None else body.data

    def entry_body(self, snap: Snapshot, entry_id: str, lang: str | None = None) -> Body | None:
        """:meth:`entry` as served (ETag: the snapshot's and the language), made once per
        snapshot and language."""
        record = snap.entry(entry_id)
        if record is None:
            return None
        lang = self._lang(lang)
        return self._in(snap, lang, f"entry:{entry_id}", lambda: Body(
            self._entry(snap, record, lang), language_etag(snap, lang)))

    def _entry(self, snap: Snapshot, record: dict[str, Any], lang: str) -> bytes:
        from h4og_kit.html.labels import field_labels
        from h4og_kit.html.public import entry_page, history_list
        from h4og_kit.html.text import Html

        url = f"{self.base_url}{self.href(record['id'])}" if self.base_url else None
        here = (self.href(record["id"]) if self.published
                else self.href(record["id"]).rsplit("/", 1)[-1])
        from h4og_kit.html.repository import repository_section

        card = Html(self._cards(snap, lang)[record["id"]]
                    + repository_section(snap.repositories.get(record["id"])))
        return entry_page(record, card=card,
                          history=history_list(snap.history.get(record["id"], []),
                                               dict(self._stages(snap)),
                                               field_labels(record["kind"])),
                          site_title=snap.title, apps=self._apps(lang, "../"), url=url,
                          root="../" if self.published else with_language("../", lang),
                          languages=self._languages(here, lang, depth=1)).encode("utf-8")


    def atom_body(self, snap: Snapshot, lang: str | None = None) -> Body:
        """The Atom feed of the public activity (``feed.atom``) in ``lang``, made once per
        snapshot and language (ETag: the snapshot's and the language); links relative to it."""
        from h4og_kit.html.atom import atom_feed

        lang = self._lang(lang)
        feed_id = (self.base_url + "feed.atom" if self.base_url else "urn:h4og-kit:feed:"
                   + hashlib.sha256(snap.title.encode("utf-8")).hexdigest()[:16])
        return self._in(snap, lang, "atom", lambda: Body(atom_feed(
            title=snap.title, feed_id=feed_id, updated=snap.generated, records=snap.entries,
            history=snap.history, href=lambda entry_id: self.link(entry_id, lang),
            stage_labels=dict(self._stages(snap)), lang=lang, base_url=self.base_url),
            language_etag(snap, lang)))

    def embed_body(self, snap: Snapshot, entry_id: str, lang: str | None = None) -> Body | None:
        """The embeddable card of a public entry (``/embed/<id>``), or None (unknown, hidden,
        draft); made once per snapshot and language."""
        from h4og_kit.html.embed import embed_page
        from h4og_kit.html.public import PUBLIC_CSS
        from h4og_kit.html.text import Html

        record = snap.entry(entry_id)
        if record is None:
            return None
        lang = self._lang(lang)
        return self._in(snap, lang, f"embed:{entry_id}", lambda: Body(embed_page(
            Html(self._cards(snap, lang)[entry_id]), css=PUBLIC_CSS,
            title=record["fields"].get("title") or entry_id).encode("utf-8"),
            language_etag(snap, lang)))


    def hackathon_body(self, snap: Snapshot) -> Body:
        """``hackathon.json``: the event as schema.org ``Hackathon`` JSON-LD, readable by dribdat
        (:func:`~h4og_kit.registry.event_export.hackathon_document`), its dates the programme's
        first start and last end; made once per snapshot."""
        from h4og_kit.registry.event_export import hackathon_document

        def make() -> Body:
            sessions = snap.programme
            end = max((s.end or s.start for s in sessions), default=None)
            event = {"name": snap.title,
                     "start": sessions[0].start.isoformat() if sessions else None,
                     "end": end.isoformat() if end else None, "url": self.base_url}
            document = hackathon_document(snap.entries, base_url=self.base_url, event=event)
            return Body(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
                        snap.etag)

        return snap.cached("hackathon.json", make)

    def screen_body(self, snap: Snapshot, lang: str | None = None,
                    now: datetime | None = None) -> Body:
        """The event screen (``/screen``) at ``now`` (default: this moment) in ``lang``: made
        once per snapshot, language and minute (ETag: the snapshot's, the language and the
        minute), as what is now and next moves with the clock."""
        from h4og_kit.html.screen import screen_page
        from h4og_kit.i18n import speaking

        lang = self._lang(lang)
        now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
        minute = now.strftime("%Y%m%d%H%M")
        etag = language_etag(snap, lang)[:-1] + f"-{minute}" + '"'

        def make() -> Body:
            with speaking(lang):
                return Body(screen_page(
                    title=snap.title, sessions=snap.programme, zone=snap.time_zone,
                    announcements=snap.announcements, feed=snap.feed(lang),
                    stage_counts=snap.counts.get("stage", {}), stages=self._stages(snap),
                    languages=self._languages("screen", lang), now=now).encode("utf-8"), etag)

        return snap.latest(f"screen:{lang}", minute, make)


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless it already holds it; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def publish(snap: Snapshot, folder: str | Path, site: Site | None = None) -> int:
    """Write the public site of ``snap`` into ``folder``: in the current language at its root,
    in each other language of the kit in ``<lang>/`` (see :func:`publish_language`), and the
    event's ``hackathon.json`` at the root. Returns how many files were written or removed."""
    from h4og_kit.i18n import available, current

    site = site or Site(published=True)
    site.home = current()
    written = _write(Path(folder) / "hackathon.json", site.hackathon_body(snap).data)
    return written + sum(publish_language(snap, Path(folder) / site.folder_of(lang), site, lang)
                         for lang in available())


def publish_language(snap: Snapshot, folder: Path, site: Site, lang: str) -> int:
    """Write the site of ``snap`` in ``lang`` into ``folder``: ``index.html``,
    ``showcase.json``, ``feed.atom``, ``entry/<id>.html``, ``assets/``; remove the entry pages of entries no
    longer public. Returns how many files were written or removed."""
    count = 0
    for name in ("showcase.css", "showcase.js"):
        count += _write(folder / "assets" / name, asset(name) or b"")
    keep = set()
    for e in snap.entries:
        path = folder / site.href(e["id"])
        keep.add(path.name)
        count += _write(path, site.entry(snap, e["id"], lang) or b"")
    entry_folder = folder / "entry"
    if entry_folder.is_dir():
        for stale in entry_folder.glob("*.html"):
            if stale.name not in keep:
                stale.unlink()
                count += 1
    count += _write(folder / "showcase.json", site.feed_json(snap, lang))
    count += _write(folder / "feed.atom", site.atom_body(snap, lang).data)
    count += _write(folder / "index.html", site.page(snap, lang=lang))
    return count


def watch(registry: Registry, folder: str | Path, *, site: Site | None = None,
          interval: float = 3.0, title: str = "Hackathon showcase", rounds: int | None = None,
          report=print) -> None:
    """Publish, then publish again after every change (polling ``changes_since`` every
    ``interval`` seconds) until interrupted, or for ``rounds`` polls."""
    from h4og_kit.dashboards.snapshot import SnapshotKeeper

    keeper = SnapshotKeeper(registry, title=title)
    from h4og_kit.i18n import ngettext, number

    written = publish(keeper.snapshot, folder, site)
    report(ngettext("wrote {count} file into {folder}", "wrote {count} files into {folder}",
                    written).format(count=number(written), folder=folder))
    done = 0
    while rounds is None or done < rounds:
        time.sleep(interval)
        done += 1
        if keeper.refresh():
            written = publish(keeper.snapshot, folder, site)
            report(ngettext("changes up to {cursor}: {count} file rewritten",
                            "changes up to {cursor}: {count} files rewritten", written).format(
                cursor=keeper.snapshot.cursor, count=number(written)))
