"""The event's public data out: hackathon.json, the dribdat Data Package, the Atom feed and the
embeddable cards, without a browser or network.

``hackathon.json`` has the shape of the two real examples (dribdat/hackathon.json, copied into
``tests/fixtures/events/`` with their provenance), the Data Package the columns of dribdat's own
export (its test mock), the Atom feed parses with feedparser, and ``/feed.atom`` and
``/embed/<id>`` are served by the public handlers like the other public pages. None of them holds
a draft, a hidden entry, an e-mail, a token or the links of a person who did not consent.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

# ``http``: the public handlers over this module's keeper (a fixture, so test arguments name it)
from test_public_showcase import ADMIN, HOSTILE, SECRETS, _seed, http  # noqa: F401

from h4og_kit.dashboards.site import Site, publish
from h4og_kit.dashboards.snapshot import SnapshotKeeper
from h4og_kit.registry import Registry
from h4og_kit.registry.event_export import (
    PROGRESS,
    dribdat_datapackage,
    dribdat_package,
    hackathon_json,
)

EVENTS = Path(__file__).parent / "fixtures" / "events"
EXAMPLES = [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(EVENTS.glob("hackathon-json_*.json"))]
DRIBDAT = json.loads((EVENTS / "dribdat_meta-dribdat-cc_awesome-hackathon_datapackage_EXTRACT.json")
                     .read_text(encoding="utf-8"))
EVENT = {"name": "Hack4OpenGLAM", "description": "Open GLAM hackathon",
         "start": "2026-11-29T09:00:00+00:00", "end": "2026-12-01T18:00:00+00:00",
         "location": "Online", "place": "Creative Commons Summit", "url": "https://example.org/h4og"}


@pytest.fixture
def registry(monkeypatch, tmp_path):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    reg = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    reg.ids = _seed(reg)
    member, member_token = reg.register("person", {"name": "Team Member"})
    shy, shy_token = reg.register("person", {"name": "Shy Draft Person", "status": "draft",
                                             "email": "shy@example.org"})
    team, team_token = reg.register("project", {
        "title": "Team project", "summary": "With a team", "team": [member.id, shy.id],
        "links": {"source": "https://example.org/src", "chat": "https://chat.example.org/t"}})
    reg.ids["team"] = team.id
    reg.tokens = (member_token, shy_token, team_token)
    yield reg
    reg.close()


@pytest.fixture
def keeper(registry):
    return SnapshotKeeper(registry, title="Test showcase")


def _clean(text: str, registry) -> None:
    for secret in (*SECRETS, "Shy Draft Person", "shy@example.org", *registry.tokens):
        assert secret not in text


def _has_the_examples_shape(ours: dict) -> None:
    common = set.intersection(*(set(example) for example in EXAMPLES))
    assert common <= set(ours)
    for key in common:
        assert type(ours[key]) in {type(example[key]) for example in EXAMPLES}, key
    assert ours["@type"] == "Hackathon"
    work_keys = {key for example in EXAMPLES for work in example["workPerformed"] for key in work}
    assert ours["workPerformed"]
    for work in ours["workPerformed"]:
        assert set(work) == work_keys
        assert all(isinstance(value, str) for value in work.values())
        assert work["@type"] == "CreativeWork" and len(work["dateCreated"]) == 16


def test_hackathon_json_has_the_shape_of_the_real_examples(registry):
    ours = hackathon_json(registry, base_url="https://show.example.org/", event=EVENT)
    _has_the_examples_shape(ours)
    assert ours["location"]["@type"] == "Place"
    names = {work["name"] for work in ours["workPerformed"]}
    assert {"Open project", "Team project", HOSTILE} <= names
    urls = {work["url"] for work in ours["workPerformed"]}
    assert f"https://show.example.org/entry/{registry.ids['team']}" in urls
    _clean(json.dumps(ours, ensure_ascii=False), registry)


def test_a_plain_location_stays_text_as_in_the_other_example(registry):
    ours = hackathon_json(registry, event={"name": "X", "location": "Planet Earth"})
    assert ours["location"] == "Planet Earth" and ours["startDate"] == ""


def test_the_dribdat_package_has_dribdats_columns_and_public_data_only(registry, tmp_path):
    path = dribdat_datapackage(registry, tmp_path / "out", event=EVENT,
                               base_url="https://show.example.org")
    assert path.name == "datapackage.json"
    ours = json.loads(path.read_text(encoding="utf-8"))
    assert set(ours) == set(DRIBDAT) and ours["version"] == DRIBDAT["version"]
    assert [r["name"] for r in ours["resources"]] == ["events", "projects"]
    tables = {r["name"]: r["data"] for r in ours["resources"]}
    sample = {r["name"]: r["data"] for r in DRIBDAT["resources"]}
    for name in ("events", "projects"):
        assert set(sample[name][0]) <= set(tables[name][0]), name
        for key, value in sample[name][0].items():
            if value is not None and key != "id":
                assert type(tables[name][0][key]) is type(value), (name, key)
    projects = {row["name"]: row for row in tables["projects"]}
    team = projects["Team project"]
    assert team["team"] == "Team Member" and team["team_count"] == 1
    assert team["source_url"] == "https://example.org/src"
    assert team["contact_url"] == "https://chat.example.org/t"
    assert (team["progress"], team["phase"]) == (0, "Challenge") and not team["is_challenge"]
    assert team["url"] == f"https://show.example.org/entry/{registry.ids['team']}"
    assert "Now public tool" not in projects  # a tool is not a dribdat project
    _clean(path.read_text(encoding="utf-8"), registry)


def test_our_stages_map_to_dribdats_progress_in_order(registry):
    from h4og_kit.registry.stages import load_stages

    levels = [PROGRESS[stage.name][0] for stage in load_stages().stages]
    assert levels == sorted(levels) == [0, 5, 10, 20, 30, 40, 50]
    real = {(row["progress"], row["phase"])
            for name in ("glamhack2020", "glamhack2022")
            for resource in json.loads((EVENTS / f"{name}_dribdat_datapackage_EXTRACT.json")
                                       .read_text(encoding="utf-8"))["resources"]
            if resource["name"] == "projects" for row in resource["data"] if row["progress"] >= 0}
    assert real <= {(level, phase) for level, _name, phase in PROGRESS.values()}
    registry.register("challenge", {"title": "A public challenge"})
    rows = {r["name"]: r for r in dribdat_package(registry)["resources"][1]["data"]}
    assert rows["A public challenge"]["is_challenge"] is True
    assert rows["A public challenge"]["progress"] == 0


def _atom(keeper, site=None) -> bytes:
    return (site or Site()).atom_body(keeper.snapshot).data


def test_the_atom_feed_parses_and_holds_public_activity_only(keeper, registry):
    data = _atom(keeper, Site(base_url="https://show.example.org"))
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.title == "Test showcase"
    assert parsed.feed.id == "https://show.example.org/feed.atom"
    ids = [entry.id for entry in parsed.entries]
    assert ids and len(ids) == len(set(ids))
    for entry in parsed.entries:
        assert entry.updated_parsed and entry.link.startswith("https://show.example.org/entry/")
    titles = " ".join(entry.title for entry in parsed.entries)
    assert "Open project" in titles and "Team project" in titles and HOSTILE in titles
    assert b"<script" not in data and b"<img" not in data
    _clean(data.decode("utf-8"), registry)


def test_the_atom_feed_without_an_address_links_relative_to_itself(keeper):
    parsed = feedparser.parse(_atom(keeper))
    assert not parsed.bozo
    assert parsed.feed.id.startswith("urn:h4og-kit:feed:")
    assert all(entry.link.startswith("entry/") for entry in parsed.entries)


def test_feed_atom_is_served_with_etag_and_linked_from_the_page(http, registry):  # noqa: F811
    answer = http.fetch("/feed.atom")
    assert answer.code == 200
    assert answer.headers["Content-Type"].startswith("application/atom+xml")
    assert not feedparser.parse(answer.body).bozo
    again = http.fetch("/feed.atom", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.code == 304
    page = http.fetch("/").body.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page
    _clean(answer.body.decode(), registry)


def test_embed_serves_a_public_card_and_404_otherwise(http, registry):  # noqa: F811
    answer = http.fetch(f"/embed/{registry.ids['team']}")
    assert answer.code == 200
    assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in answer.headers
    body = answer.body.decode()
    assert "Team project" in body and "Team Member" in body and "<script" not in body
    assert 'target="_blank"' in body
    for name in ("draft", "hidden"):
        assert http.fetch(f"/embed/{registry.ids[name]}").code == 404
    assert http.fetch("/embed/no-such-entry").code == 404
    hostile = http.fetch(f"/embed/{registry.ids['hostile']}").body.decode()
    assert "<script" not in hostile and "<img src=x" not in hostile
    _clean(body, registry)


def test_publish_writes_the_atom_feed(keeper, registry, tmp_path):
    publish(keeper.snapshot, tmp_path / "site")
    data = (tmp_path / "site" / "feed.atom").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.entries
    assert all(entry.link.startswith("entry/") and entry.link.endswith(".html")
               for entry in parsed.entries)
    assert 'href="feed.atom"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    _clean(data.decode("utf-8"), registry)


def test_hackathon_json_is_served_and_published_with_the_programmes_dates(http, registry,  # noqa: F811
                                                                         keeper, tmp_path):
    registry.register("workshop", {"title": "Kick-off", "start": "2026-12-01T08:00:00+00:00",
                                   "end": "2026-12-01T09:00:00+00:00"})
    registry.register("workshop", {"title": "Gala", "start": "2026-12-02T16:00:00+00:00",
                                   "end": "2026-12-02T18:00:00+00:00"})
    keeper.refresh()
    answer = http.fetch("/hackathon.json")
    assert answer.code == 200 and answer.headers["Content-Type"].startswith("application/ld+json")
    served = json.loads(answer.body)
    _has_the_examples_shape(served)
    assert (served["name"], served["startDate"], served["endDate"]) == (
        "Test showcase", "2026-12-01T08:00", "2026-12-02T18:00")
    assert {"Open project", "Team project"} <= {w["name"] for w in served["workPerformed"]}
    _clean(answer.body.decode("utf-8"), registry)
    assert http.fetch("/hackathon.json", headers={"If-None-Match": answer.headers["ETag"]}
                      ).code == 304
    publish(keeper.snapshot, tmp_path / "site")
    assert json.loads((tmp_path / "site" / "hackathon.json").read_text(encoding="utf-8")) == served
