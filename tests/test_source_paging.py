"""The base class drives the paging: the remaining limit reaches the page size, gone objects are
skipped and counted, hooks are abstract and declarations required.

The servers are loopback servers with SYNTHETIC answers (synthetic_met.py, pytest-httpserver),
for mechanics only; parsing is tested on real recorded responses elsewhere.
"""

from __future__ import annotations

import json

import pytest
from synthetic_met import SyntheticMet
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.records import record
from h4og_kit.sources.base import Search
from h4og_kit.sources.iiif import IiifSource
from h4og_kit.sources.met import MetSource
from h4og_kit.sources.paging import Batch, IdListPaged, Listing, OffsetPaged, Request

FAST = http.Politeness(connections=8, rate=0, backoff=0.01, retries=1, read_timeout=5)


def objects_asked(server: SyntheticMet) -> int:
    return sum(n for path, n in server.hits.items() if path.startswith("/objects/"))


def test_a_limit_of_100_on_the_met_makes_one_search_and_100_object_requests(online):
    """Pages of 80 ids: the second page asks for the 20 records still wanted, not 80 more."""
    with SyntheticMet(objects=500) as server:
        met = h4og_kit.sources.load("met", base_url=server.url, politeness=FAST)
        df = met.search("x", limit=100, progress=False)
        assert len(df) == 100 and df["id"].is_unique
        assert server.hits["/search"] == 1
        assert objects_asked(server) == 100
        assert sum(server.hits.values()) == 101
    assert df.attrs["total"] == 500 and df.attrs["complete"] is True


def test_the_page_cursor_of_a_shortened_page_is_where_it_stopped(online):
    with SyntheticMet(objects=500) as server:
        source = MetSource(base_url=server.url, politeness=FAST)
        first = source.search("x", limit=90, progress=False)
        pages = list(source.iter_pages("x", cursor=80))  # a harvest resumed after page 1
    assert list(first["id"].astype(int)) == list(range(1, 91))
    assert [p.next_cursor for p in pages][:2] == [160, 240] and pages[-1].next_cursor is None
    assert [int(r["id"]) for r in pages[0].records] == list(range(81, 161))


def test_gone_objects_are_skipped_and_counted_not_fatal(online):
    with SyntheticMet(objects=10, gone=(3, 7)) as server:
        with pytest.warns(UserWarning, match="met: 2 listed objects no longer exist; skipped"):
            df = MetSource(base_url=server.url, politeness=FAST).search(
                "x", limit=None, progress=False)
        assert sorted(df["id"].astype(int)) == [1, 2, 4, 5, 6, 8, 9, 10]
        assert df.attrs["skipped"] == 2 and df.attrs["complete"] is True
        assert df.attrs["total"] == 10  # what the search said; two of them are gone
        with pytest.warns(UserWarning, match="1 listed objects no longer exist"):
            limited = MetSource(base_url=server.url, politeness=FAST).search(
                "other", limit=5, progress=False)
    assert list(limited["id"].astype(int)) == [1, 2, 4, 5, 6]  # page 1: ids 1-5; page 2: id 6
    assert limited.attrs["skipped"] == 1


def test_other_failures_of_listed_objects_stop_the_search(online):
    with (SyntheticMet(objects=10, fail_after=4) as server,
          pytest.raises(http.SourceError, match="HTTP 403")):
        MetSource(base_url=server.url, politeness=FAST).search(
            "x", limit=None, progress=False, strict=True)


def test_a_iiif_collection_listing_a_missing_manifest_stops(httpserver, online):
    """The iiif source does not skip: a collection that lists a manifest it cannot serve is
    broken, and the search says so (SYNTHETIC collection, mechanics only)."""
    collection = {
        "@context": "http://iiif.io/api/presentation/3/context.json", "type": "Collection",
        "id": httpserver.url_for("/collection"),
        "items": [{"id": httpserver.url_for("/missing"), "type": "Manifest"}],
    }
    httpserver.expect_request("/collection").respond_with_json(collection)
    httpserver.expect_request("/missing").respond_with_response(Response("{}", status=404))
    with pytest.raises(http.SourceError, match="HTTP 404"):
        IiifSource(politeness=FAST).search(httpserver.url_for("/collection"), progress=False)


# -- a source of one's own: declarations and hooks -----------------------------------------------


class SyntheticOffset(OffsetPaged):
    """A SYNTHETIC offset-paged API on loopback: ``/items?start=&count=`` (mechanics only)."""

    name = "synthetic-offset"
    title = "Synthetic offset API"
    description = "A loopback test server."
    terms_url = "https://example.org/terms"
    offset_param, size_param = "start", "count"
    page_size = 30

    def request(self, search: Search) -> Request:
        return Request("items", {"q": search.query})

    def read(self, answer, search: Search) -> Batch:
        return Batch(self.parse(answer), answer["total"])

    def parse(self, payload):
        return [record(self.name, id=i, title=f"Synthetic item {i}") for i in payload["items"]]

    def get_payload(self, record_id):
        return {"items": [record_id]}


def test_offset_paging_asks_each_page_for_what_is_still_wanted(httpserver, online):
    asked = []

    def answer(request):
        start, count = int(request.args["start"]), int(request.args["count"])
        asked.append((start, count))
        items = list(range(start, min(start + count, 100)))
        return Response(json.dumps({"total": 100, "items": items}), content_type="application/json")

    httpserver.expect_request("/items").respond_with_handler(answer)
    source = SyntheticOffset(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search("x", limit=70, progress=False)
    assert len(df) == 70 and asked == [(0, 30), (30, 30), (60, 10)]
    assert [p.next_cursor for p in source.iter_pages("y")] == [30, 60, 90, None]
    assert asked[-1] == (90, 30)  # a harvest asks full pages; the last one holds ten


def test_a_source_without_its_hooks_cannot_be_made():
    class Unfinished(IdListPaged):
        name, title, description, terms_url = "unfinished", "Unfinished", "No hooks.", "https://x"

        def parse(self, payload):
            return []

    with pytest.raises(TypeError, match="abstract.*get_payload.*list_ids.*object_path"):
        Unfinished()


def test_a_source_without_its_declarations_cannot_be_made():
    class Anonymous(IdListPaged):
        def list_ids(self, search):
            return Listing([])

        def object_path(self, object_id):
            return str(object_id)

        def parse(self, payload):
            return []

        def get_payload(self, record_id):
            return {}

    with pytest.raises(TypeError, match="Anonymous must declare name, title, description"):
        Anonymous()
