"""The kernel-free public showcase: its snapshot, pages, feed and published folder, without a
browser.

The snapshot must hold what a public export holds and nothing more (the SECRETS of
``tests/test_registry_public.py``: hidden, draft and draft-era text, the links of a person who
did not consent, e-mails), in the HTML and in the JSON. Hostile titles stay text, the JSON inside
``<script>`` cannot close it, unknown or non-public ids are a plain 404, the feed answers 304 to
its ETag, and the keeper sees a change with one cheap poll. Pages are rendered once per snapshot
and filter choice (a bounded LRU for filtered ones), and a client that accepts gzip gets the same
bytes compressed, with the same ETag and ``Vary: Accept-Encoding``.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest
from pseudo_locale import pseudo
from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application

from h4og_kit.dashboards.public_handlers import accepts_gzip, public_handlers
from h4og_kit.dashboards.site import FILTERED_PAGES, Site, page_etag, publish
from h4og_kit.dashboards.snapshot import SnapshotKeeper
from h4og_kit.html.text import script_json
from h4og_kit.registry import Registry

ADMIN = "organizer-token-for-tests-0123456789"
SECRETS = ("Hidden spam title", "Draft secret plan", "draft-only words",
           "https://social.example/@quiet", "quiet@example.org")
HOSTILE = '</script><!--<script>alert("x")</script><img src=x onerror=alert(1)>'


def _seed(reg: Registry) -> dict[str, str]:
    ids = {}
    ids["open"] = reg.register("project", {"title": "Open project", "keywords": ["#iiif"],
                                           "languages": ["fi"]})[0].id
    spam, _ = reg.register("challenge", {"title": "Hidden spam title"})
    reg.hide(spam.id, ADMIN)
    ids["hidden"] = spam.id
    ids["draft"] = reg.register("project", {"title": "Draft secret plan",
                                            "status": "draft"})[0].id
    later, token = reg.register("tool", {"title": "Now public tool", "status": "draft",
                                         "summary": "draft-only words"})
    reg.update(later.id, {"status": "published", "summary": "Ready"}, token=token)
    ids["tool"] = later.id
    ids["quiet"] = reg.register("person", {
        "name": "Quiet Person", "email": "quiet@example.org",
        "social_links": {"mastodon": "https://social.example/@quiet"}})[0].id
    reg.register("person", {"name": "Open Person", "contact_consent": True,
                            "social_links": {"mastodon": "https://social.example/@open"}})
    ids["hostile"] = reg.register("project", {"title": HOSTILE, "summary": HOSTILE})[0].id
    return ids


@pytest.fixture
def registry(monkeypatch, tmp_path):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    reg = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    reg.ids = _seed(reg)
    yield reg
    reg.close()


@pytest.fixture
def keeper(registry):
    return SnapshotKeeper(registry, title="Test showcase")


def _everything(keeper: SnapshotKeeper, site: Site) -> str:
    snap = keeper.snapshot
    parts = [site.page(snap).decode(), site.feed_json(snap).decode(),
             site.page(snap, {"q": "plan"}).decode()]
    parts += [site.entry(snap, e["id"]).decode() for e in snap.entries]
    return "\n".join(parts)


@pytest.mark.parametrize("published", [False, True])
def test_the_snapshot_holds_what_a_public_export_holds(keeper, registry, published):
    text = _everything(keeper, Site(published=published))
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into the public pages"
    for public in ("Open project", "Now public tool", "Quiet Person", "Open Person",
                   "https://social.example/@open"):
        assert public in text
    ids = {e["id"] for e in keeper.snapshot.entries}
    assert registry.ids["hidden"] not in ids and registry.ids["draft"] not in ids
    dumped = {row["id"] for row in registry.dump()["entries"]}
    assert ids == dumped  # exactly the entries of a public export
    assert "token" not in json.dumps(keeper.snapshot.entries).lower().replace("tokens", "")


def test_unknown_hidden_and_draft_ids_have_no_page(keeper, registry):
    site = Site()
    for name in ("hidden", "draft"):
        assert site.entry(keeper.snapshot, registry.ids[name]) is None
    assert site.entry(keeper.snapshot, "project-nope") is None
    assert b"Now public tool" in site.entry(keeper.snapshot, registry.ids["tool"])


def test_hostile_titles_stay_text_and_the_embedded_json_cannot_close_its_script(keeper):
    page = Site().page(keeper.snapshot).decode()
    assert HOSTILE not in page and "<img src=x" not in page
    data = re.search(r'<script id="h4og-data"[^>]*>(.*?)</script>', page, re.DOTALL).group(1)
    assert "</" not in data and "<!--" not in data
    assert any(HOSTILE in item["card"] or HOSTILE in item["text"].upper() or
               "&lt;/script&gt;" in item["card"] for item in json.loads(data)["entries"])
    assert json.loads(script_json({"t": HOSTILE}))["t"] == HOSTILE


def test_an_entry_page_has_open_graph_json_ld_its_timeline_and_history(keeper, registry):
    member = registry.search(text="open person", kind="person")[0].id
    registry.update(registry.ids["open"], {"team": [member]}, token=ADMIN)
    registry.update(registry.ids["open"], {"stage": "team"}, token=ADMIN)
    keeper.refresh()
    site = Site(base_url="https://hack.example.org/")
    page = site.entry(keeper.snapshot, registry.ids["open"]).decode()
    assert '<meta property="og:title" content="Open project">' in page
    assert f'content="https://hack.example.org/entry/{registry.ids["open"]}"' in page
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1))
    assert ld["@type"] == "CreativeWork" and ld["name"] == "Open project"
    assert 'class="h4og-timeline"' in page and "Moved from Idea to Team" in page
    assert "Registered" in page and '<html lang="en" dir="ltr">' in page and "viewport" in page
    tool = site.entry(keeper.snapshot, registry.ids["tool"]).decode()
    assert "draft-only words" not in tool  # its draft version stays out of the history


def test_the_keeper_polls_cheaply_and_sees_changes(keeper, registry):
    before = keeper.snapshot
    assert keeper.refresh() is False and keeper.snapshot is before
    registry.register("project", {"title": "Fresh project"})
    assert keeper.refresh() is True
    assert keeper.snapshot.etag != before.etag
    assert "Fresh project" in Site().feed_json(keeper.snapshot).decode()
    registry.hide(registry.ids["tool"], ADMIN)
    keeper.refresh()
    assert "Now public tool" not in Site().page(keeper.snapshot).decode()


def test_the_server_filters_without_script(keeper):
    site = Site()
    assert b"1 of" in site.page(keeper.snapshot, {"kind": "tool"})
    page = site.page(keeper.snapshot, {"tag": "#IIIF", "lang": "fi"}).decode()
    assert "Open project" in page.split('id="h4og-cards"')[1].split("</section>")[0]
    assert "Quiet Person" not in page.split('id="h4og-cards"')[1].split("</section>")[0]


def test_pages_are_made_once_per_snapshot_and_choice_and_filtered_ones_are_bounded(keeper):
    site, snap = Site(), keeper.snapshot
    assert site.page_body(snap) is site.page_body(snap, {"kind": " ", "q": ""})
    assert site.page_body(snap, {"q": "plan"}) is site.page_body(snap, {"q": " plan "})
    assert site.page_body(snap, {"q": "plan"}).etag == page_etag(snap, {"q": "plan"})
    assert site.page_body(snap).etag != site.page_body(snap, {"q": "plan"}).etag
    first = site.page_body(snap, {"q": "word0"})
    for n in range(1, FILTERED_PAGES + 1):
        site.page_body(snap, {"q": f"word{n}"})
    assert site.page_body(snap, {"q": "word0"}) is not first  # dropped, made again
    assert site.page_body(snap, {"q": "word0"}).data == first.data


def test_accept_encoding_is_read_as_browsers_write_it():
    assert accepts_gzip("gzip, deflate, br") and accepts_gzip("br;q=1.0, GZIP;q=0.5")
    assert accepts_gzip("*") and accepts_gzip("x-gzip")
    assert not accepts_gzip("") and not accepts_gzip("identity") and not accepts_gzip("br")
    assert not accepts_gzip("gzip;q=0, *") and not accepts_gzip("*;q=0")


def test_gzip_is_served_to_who_accepts_it_and_decodes_to_the_same_page(http, registry):
    for path in ("/", "/?kind=project", "/showcase.json", f"/entry/{registry.ids['tool']}",
                 "/assets/showcase.css"):
        plain = http.fetch(path, decompress_response=False)
        packed = http.fetch(path, decompress_response=False,
                            headers={"Accept-Encoding": "gzip, deflate, br"})
        assert plain.code == packed.code == 200
        assert "Content-Encoding" not in plain.headers
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.body) == plain.body
        assert len(packed.body) < len(plain.body)
        assert packed.headers["ETag"] == plain.headers["ETag"]
        assert packed.headers["Vary"] == plain.headers["Vary"] == "Accept-Encoding, Accept-Language"
        again = http.fetch(path, decompress_response=False, headers={
            "Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
        assert again.code == 304 and again.body == b""
    refused = http.fetch("/", decompress_response=False, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers and b"Open project" in refused.body


def test_publish_writes_the_folder_and_removes_pages_no_longer_public(keeper, registry, tmp_path):
    out = tmp_path / "site"
    publish(keeper.snapshot, out)
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"index.html", "showcase.json", "assets/showcase.js", "assets/showcase.css",
            f"entry/{registry.ids['tool']}.html"} <= names
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/showcase.css"' in index and f'href="entry/{registry.ids["tool"]}.html"' in index
    assert 'href="../assets/showcase.css"' in (out / f"entry/{registry.ids['tool']}.html").read_text()
    registry.hide(registry.ids["tool"], ADMIN)
    keeper.refresh()
    publish(keeper.snapshot, out)
    assert not (out / f"entry/{registry.ids['tool']}.html").exists()
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    for secret in (*SECRETS, "Now public tool"):
        assert secret not in text


def test_a_published_folder_holds_every_language_linked_from_each_page(keeper, registry,
                                                                       tmp_path):
    """The root in the server's language, each other language in ``<lang>/``; every language
    menu link of every page leads to a page of that folder in that language."""
    from h4og_kit import i18n

    out = tmp_path / "site"
    publish(keeper.snapshot, out)
    pages = list(out.rglob("*.html"))
    others = [lang for lang in i18n.available() if lang != "en"]
    assert others and all((out / lang / "index.html").is_file() for lang in others)
    assert '<html lang="fi" dir="ltr">' in (out / "fi" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in (out / "ar" / "entry" / f"{registry.ids['tool']}.html"
                                             ).read_text(encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        menu = re.search(r'<nav class="h4og-languages".*?</nav>', html).group(0)
        found = re.findall(r'href="([^"]+)" hreflang="([^"]+)"', menu)
        links = {lang: href for href, lang in found}
        assert set(links) == set(i18n.available()), page
        for lang, href in links.items():
            target = (page.parent / href).resolve()
            assert target.is_file(), (page, href)
            assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8")


def test_the_publish_command(registry, tmp_path, capsys):
    from h4og_kit import cli

    url = registry.engine.url.render_as_string(hide_password=False)
    assert cli.main(["publish", str(tmp_path / "out"), "--registry", url]) == 0
    assert "Open project" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().out


class _Handlers(AsyncHTTPTestCase):
    keeper: SnapshotKeeper

    def get_app(self):
        return Application(public_handlers("/", self.keeper, Site()))


@pytest.fixture
def http(keeper):
    class Case(_Handlers):
        def runTest(self):
            pass

    Case.keeper = keeper
    case = Case()
    case.setUp()
    yield case
    case.tearDown()


def test_the_handlers_serve_pages_feed_etag_and_404(http, registry):
    for path in ("/", "/showcase"):
        answer = http.fetch(path)
        assert answer.code == 200 and b"Open project" in answer.body
    feed = http.fetch("/showcase.json")
    assert feed.code == 200 and "max-age" in feed.headers["Cache-Control"]
    etag = feed.headers["ETag"]
    assert json.loads(feed.body)["version"] == etag
    assert http.fetch("/showcase.json", headers={"If-None-Match": etag}).code == 304
    assert http.fetch(f"/entry/{registry.ids['tool']}").code == 200
    for entry_id in (registry.ids["hidden"], registry.ids["draft"], "nope"):
        missing = http.fetch(f"/entry/{entry_id}")
        assert missing.code == 404 and b"Hidden" not in missing.body
    assert http.fetch("/assets/showcase.js").code == 200
    assert http.fetch("/assets/other.js").code == 404


def test_watch_writes_again_after_a_change(registry, tmp_path):
    from h4og_kit.dashboards.site import watch

    out = tmp_path / "site"
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if len(lines) == 1:  # after the first write, someone registers
            registry.register("project", {"title": "Watched project"})

    watch(registry, out, interval=0, rounds=2, report=report)
    assert len(lines) == 2 and "rewritten" in lines[1]
    assert "Watched project" in (out / "index.html").read_text(encoding="utf-8")
    assert "Watched project" in (out / "showcase.json").read_text(encoding="utf-8")


def test_timelines_are_dated_from_published_versions_only(registry, keeper):
    member = registry.search(text="open person", kind="person")[0].id
    draft, token = registry.register("project", {"title": "Quiet start", "status": "draft",
                                                 "team": [member]})
    registry.update(draft.id, {"stage": "team"}, token=token)
    registry.update(draft.id, {"status": "published"}, token=token)
    keeper.refresh()
    assert keeper.snapshot.entry(draft.id) is not None
    assert "team" not in keeper.snapshot.moves.get(draft.id, {})  # moved while a draft
    assert [v["version"] for v in keeper.snapshot.history[draft.id]] == [3]


def test_each_viewer_gets_their_language_and_a_menu_of_the_others(pseudo_locale, http, registry):
    """``?lang=`` first, then ``Accept-Language``; every page and the feed in that language,
    each language with its own ETag; the menu links this same page in every language."""
    english = http.fetch("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    page = english.body.decode()
    assert '<html lang="en" dir="ltr">' in page and "Live activity" in page
    assert 'href="./?lang=en-XA" hreflang="en-XA"' in page
    accented = http.fetch("/", headers={"Accept-Language": "en-XA, en;q=0.5"})
    text = accented.body.decode()
    assert '<html lang="en-XA" dir="ltr">' in text and pseudo("Live activity") in text
    assert "Open project" in text  # what people typed is never translated
    assert accented.headers["ETag"] != english.headers["ETag"]
    assert "Accept-Language" in accented.headers["Vary"]
    chosen = http.fetch("/showcase?lang=en-XA", headers={"Accept-Language": "en"}).body.decode()
    assert '<html lang="en-XA"' in chosen and 'name="lang" value="en-XA"' in chosen
    assert 'data-feed="showcase.json?lang=en-XA"' in chosen
    assert f'href="entry/{registry.ids["open"]}?lang=en-XA"' in chosen  # links keep the choice
    feed = json.loads(http.fetch("/showcase.json?lang=en-XA").body)
    assert feed["count_template"].startswith("⟦") and "{shown}" in feed["count_template"]
    assert all("⟦" in line for line in feed["feed"])
    entry = http.fetch(f"/entry/{registry.ids['open']}?lang=en-XA").body.decode()
    assert '<html lang="en-XA"' in entry and pseudo("History") in entry
    assert f'href="{registry.ids["open"]}?lang=en"' in entry
    assert 'href="../?lang=en-XA"' in entry
    assert '<h3 lang="fi" dir="auto">Open project</h3>' in entry  # it declares Finnish
    missing = http.fetch("/entry/nothing-here?lang=en-XA")
    assert missing.code == 404 and pseudo("Not found") in missing.body.decode()
