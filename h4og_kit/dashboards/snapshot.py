"""What the public sees, as one snapshot in memory, and the one task per server that keeps it current.

A :class:`Snapshot` is built from the registry's public API only: the published entries
(``search(status="published")``) seen through :func:`~h4og_kit.registry.access.public_view`,
each entry's published versions (``history``, only those whose status was published) and the
stage moves they made, the names of published people, the last lines of the activity feed (only
those :func:`~h4og_kit.html.feed.feed_line` shows), counts and a version (``etag``). It holds what a public export holds: no hidden or draft entry, no e-mail, no
token, a person's own links only with their consent.

:class:`SnapshotKeeper` refreshes it from ``changes_since(cursor)``: when nothing changed that is
one cheap query; when something did, the snapshot is rebuilt and swapped in whole. One keeper runs
per server (:mod:`h4og_kit.dashboards.server`) or per ``h4og publish --watch``; pages and feeds read
the snapshot, never the database.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from h4og_kit.registry import repositories
from h4og_kit.registry.announcements import ACTIONS as ANNOUNCING

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry
    from h4og_kit.schedule import Event

#: How many lines of the activity feed a snapshot keeps.
FEED_LINES = 40


@dataclass(frozen=True)
class Snapshot:
    """The public state of the registry at ``cursor`` (plain data; see the module docstring).

    ``entries``: archive-like records (``id``, ``kind``, ``featured``, ``created``, ``updated``,
    ``fields`` as the public sees them), featured first then the most recently updated;
    ``moves``: project id -> stage -> when; ``names``: published person id -> name;
    ``feeds``: language -> HTML lines of the activity in it, newest first (every language the
    kit speaks; :meth:`feed` picks one); ``history``: entry id -> its published
    versions (``at``, ``action``, ``changed`` public field names, ``stage_before``,
    ``stage_after``); ``stages``: (name, label) pairs; ``counts``: entries by kind and stage;
    ``repositories``: public project id -> what its repository says
    (:func:`h4og_kit.registry.repositories.summaries`); ``announcements``: the organizers' current
    ones, newest first; ``programme``: the schedule's sessions
    (:class:`h4og_kit.schedule.Event`, in UTC) in time order; ``time_zone``: the event's.
    """

    cursor: int
    generated: str
    entries: list[dict[str, Any]]
    moves: dict[str, dict[str, str]]
    names: dict[str, str]
    feeds: dict[str, list[str]]
    history: dict[str, list[dict[str, Any]]]
    stages: list[tuple[str, str]]
    title: str = "Hackathon showcase"
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    repositories: dict[str, dict[str, Any]] = field(default_factory=dict)
    announcements: list[dict[str, Any]] = field(default_factory=list)
    programme: list[Event] = field(default_factory=list)
    time_zone: str = "UTC"
    etag: str = ""
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        """The public record of ``entry_id``, or None (unknown, hidden, draft)."""
        index = self._cache.get("index")
        if index is None:
            index = self._cache["index"] = {e["id"]: e for e in self.entries}
        return index.get(entry_id)

    def feed(self, lang: str) -> list[str]:
        """The activity lines in ``lang`` (English when the snapshot lacks it)."""
        return self.feeds.get(lang) or self.feeds.get("en", [])

    def latest(self, key: str, stamp: str, make) -> Any:
        """``make()`` once per ``stamp`` (e.g. the minute), keeping only the latest one."""
        held = self._cache.get(key)
        if held is None or held[0] != stamp:
            held = self._cache[key] = (stamp, make())
        return held[1]

    def cached(self, key: str, make) -> Any:
        """``make()`` once per snapshot (rendered pages and feeds are kept with their snapshot)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def _history(registry: Registry, entry_id: str, kind: str, consent: bool) -> list[dict[str, Any]]:
    """The published versions of an entry, without private or consent-only field names."""
    from h4og_kit.registry.access import is_public, public_view
    from h4og_kit.registry.models import CONSENT_FIELDS, PRIVATE_FIELDS

    unshown = set(PRIVATE_FIELDS.get(kind, ())) | set(CONSENT_FIELDS.get(kind, ()))
    out = []
    for version in registry.history(entry_id):
        if not is_public(version.entry.fields):
            continue
        fields = public_view(kind, version.entry.fields, consent=consent)
        out.append({"version": version.number, "at": version.saved, "action": version.action,
                    "changed": [name for name in version.changed if name not in unshown],
                    "stage_before": version.stage_before, "stage_after": version.stage_after,
                    "title": fields.get("title")})
    return out


def build_snapshot(registry: Registry, cursor: int | None = None, *,
                   previous: Snapshot | None = None, touched: set[str] | None = None,
                   title: str = "Hackathon showcase") -> Snapshot:
    """The public snapshot of ``registry`` (at ``cursor``, default its latest change).

    With a ``previous`` snapshot and the ids ``touched`` since, the histories of the other
    entries are kept from it instead of read again.
    """
    from h4og_kit.html.feed import feed_line
    from h4og_kit.html.timeline import stage_moves
    from h4og_kit.i18n import available, gettext, speaking
    from h4og_kit.registry.announcements import current
    from h4og_kit.registry.event_export import public_records
    from h4og_kit.registry.models import utc_now
    from h4og_kit.registry.repositories import summaries
    from h4og_kit.schedule import event_time_zone, load_meetups, programme

    if cursor is None:
        cursor = registry.cursor()
    entries = public_records(registry)
    names = {e["id"]: e["fields"].get("title") or e["id"] for e in entries
             if e["kind"] == "person"}
    stage_pairs = [(stage.name, stage.label) for stage in registry.stages.stages]
    recent, _ = registry.recent_changes(FEED_LINES * 3)
    shown = [c for c in reversed(recent) if feed_line(c, {}) is not None][:FEED_LINES]
    generated = utc_now()
    feeds = {}
    for lang in available():
        with speaking(lang):
            labels = {name: gettext(label) for name, label in stage_pairs}
            feeds[lang] = [str(feed_line(c, labels, generated)) for c in shown]
    history = {}
    for e in entries:
        kept = previous.history.get(e["id"]) if previous and touched is not None else None
        if kept is None or e["id"] in touched:
            consent = e["fields"].get("contact_consent") is True
            kept = _history(registry, e["id"], e["kind"], consent)
        history[e["id"]] = kept
    moves = stage_moves(  # from published versions only, as the export dates them
        {**v, "entry_id": e["id"]} for e in entries if e["kind"] == "project"
        for v in history[e["id"]])
    counts: dict[str, dict[str, int]] = {"kind": {}, "stage": {}}
    for e in entries:
        counts["kind"][e["kind"]] = counts["kind"].get(e["kind"], 0) + 1
        if e["kind"] == "project":
            stage = str(e["fields"].get("stage"))
            counts["stage"][stage] = counts["stage"].get(stage, 0) + 1
    activity = [(c.at, c.action, c.entry_id, c.stage_before, c.stage_after) for c in shown]
    projects = {e["id"] for e in entries if e["kind"] == "project"}
    repositories = {i: s for i, s in summaries(registry).items() if i in projects}
    announcements = [asdict(a) for a in current(registry)]
    sessions = programme(registry, load_meetups())
    zone = event_time_zone(registry)
    body = json.dumps([cursor, entries, moves, activity, title, repositories, announcements,
                       sessions, zone], sort_keys=True, ensure_ascii=False, default=str)
    etag = f'"{cursor}-{hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]}"'
    return Snapshot(cursor=cursor, generated=generated, entries=entries, moves=moves,
                    names=names, feeds=feeds, history=history, stages=stage_pairs,
                    title=title, counts=counts, repositories=repositories,
                    announcements=announcements, programme=sessions, time_zone=zone, etag=etag)


class SnapshotKeeper:
    """Keeps the public :class:`Snapshot` of ``registry`` current: call :meth:`refresh` every few
    seconds from one task; read :attr:`snapshot` anywhere (it is swapped whole, never changed)."""

    def __init__(self, registry: Registry, *, title: str = "Hackathon showcase"):
        self.registry = registry
        self.title = title
        self._lock = threading.Lock()
        self._synced = repositories.state(registry)
        self.snapshot = build_snapshot(registry, title=title)

    def refresh(self) -> bool:
        """Read the changes since the snapshot's cursor, and whether a repository sync stored
        something; rebuild when so. Returns whether the snapshot changed. Two small queries when
        nothing changed."""
        with self._lock:
            old = self.snapshot
            changes, cursor = self.registry.changes_since(old.cursor)
            synced = repositories.state(self.registry)
            if not changes and synced == self._synced:
                return False
            self._synced = synced
            batch = changes
            while len(batch) == 1000:  # a long backlog: read to its end
                batch, cursor = self.registry.changes_since(cursor)
                changes += batch
            touched = {c.entry_id for c in changes if c.entry_id}
            if any(c.entry_id is None and c.action not in ANNOUNCING for c in changes):
                touched = None  # an event-wide change: read every history again
            new = build_snapshot(self.registry, cursor, previous=old,
                                 touched=touched, title=self.title)
            changed = new.etag != old.etag
            self.snapshot = new
            return changed


def feed_payload(snapshot: Snapshot, cards: Mapping[str, str], urls: Mapping[str, str],
                 lang: str = "en", version: str | None = None) -> dict:
    """The JSON object of a page's filters and live feed: each public entry's filter keys, its
    card (HTML from :mod:`h4og_kit.html`) and page address; the feed lines in ``lang``; counts;
    ``version`` (the ETag it is served with; default the snapshot's)."""
    from h4og_kit.i18n import speaking
    from h4og_kit.registry.search_keys import languages_key, search_text, tags_key

    items = []
    for e in snapshot.entries:
        f = e["fields"]
        items.append({
            "id": e["id"], "kind": e["kind"], "stage": f.get("stage") or "",
            "tags": tags_key(f).strip("|").split("|") if f.get("keywords") else [],
            "languages": languages_key(f).strip("|").split("|") if languages_key(f) != "||"
            else [],
            "text": search_text(e["kind"], f), "card": cards[e["id"]], "url": urls[e["id"]],
        })
    from h4og_kit.html.public import count_template

    with speaking(lang):
        template = count_template(len(snapshot.entries))
    return {"version": version or snapshot.etag, "count_template": template, "cursor": snapshot.cursor,
            "generated": snapshot.generated, "counts": snapshot.counts,
            "total": len(snapshot.entries), "entries": items, "feed": snapshot.feed(lang)}
