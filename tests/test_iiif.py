"""IIIF Presentation 2 and 3: the pure manifest parser on real manifests; the iiif source, which
fetches them, offline and on loopback (manifest URL, collection paging)."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.iiif import language_text, parse_manifest
from h4og_kit.records import COLUMNS
from h4og_kit.sources.iiif import IiifSource, parse, read_manifest

IIIF = SAMPLES / "iiif"
FAST = http.Politeness(connections=4, rate=0, retries=1, backoff=0.01)
BODLEIAN = "https://iiif.bodleian.ox.ac.uk/iiif/manifest/9cca8fdd-4a61-4429-8ac1-f648764b4d6d.json"
BODLEIAN_IMAGE = "https://iiif.bodleian.ox.ac.uk/iiif/image/9cca8fdd-4a61-4429-8ac1-f648764b4d6d"


def load(name):
    return json.loads((IIIF / name).read_text(encoding="utf-8"))


def test_v3_manifest():
    m = parse_manifest(load("mirador_version-3_001.json"))
    assert (m.version, m.id) == (3, BODLEIAN)
    assert m.label == "Bodleian Library: Human Freaks 2 (33)"  # from {"en": [...]}
    assert m.summary == "[Handbill of Mr. Becket, [1787] ]"
    assert m.attribution == "None"  # the requiredStatement value, as the manifest gives it
    # No "rights": the required statement stands in as the raw value, and says nothing known.
    assert m.rights == "None" and m.license_uri is None and m.license_category == "unknown"
    assert m.metadata_value("creator") == "Becket, Mr ([London], England) [author]"
    assert m.metadata_value("Contributor") == (
        "Becket Mr [funder/Sponsor]; Incledon, Charles Benjamin, 1763-1826 [performer]"
    )
    assert (
        m.homepage
        == "https://digital.bodleian.ox.ac.uk/inquire/p/9cca8fdd-4a61-4429-8ac1-f648764b4d6d"
    )
    assert m.thumbnail == f"{BODLEIAN_IMAGE}/full/256,/0/default.jpg"
    (canvas,) = m.canvases
    assert (canvas.label, canvas.width, canvas.height) == ("Whole Page", 5776, 9125)
    assert canvas.image_service == BODLEIAN_IMAGE
    # The painting body's id is the image service itself, so the full image is built from it.
    assert m.image_urls == [f"{BODLEIAN_IMAGE}/full/full/0/default.jpg"]
    assert canvas.thumbnail == f"{BODLEIAN_IMAGE}/full/200,/0/default.jpg"


def test_v2_manifest_of_the_same_object():
    m = parse_manifest(load("mirador_version-2_001.json"))
    assert (m.version, m.id, m.label) == (2, BODLEIAN, "Bodleian Library Human Freaks 2 (33)")
    assert m.attribution == "http://creativecommons.org/licenses/by-nc-sa/3.0/."
    # v2 has no "license" here: the attribution stands in, and it names a CC license.
    assert m.rights == m.attribution and m.license_category == "restricted"
    assert ("Homepage", "View on Digital Bodleian") in m.metadata  # HTML link reduced to its text
    assert m.image_urls == [f"{BODLEIAN_IMAGE}/full/full/0/default.jpg"]


def test_v2_license_and_language_values():
    m = parse_manifest(load("mirador_version-2_BibliographicResource_3000126341277.json"))
    assert m.label == "Uusi Aura, nr: 274A - 1909-11-26"  # from [{"@value": ...}]
    assert m.rights == "http://creativecommons.org/publicdomain/mark/1.0/"
    assert m.license_uri == "https://creativecommons.org/publicdomain/mark/1.0/"
    assert m.license_category == "public-domain"
    assert m.attribution.endswith(
        "National Library of Finland. Public Domain Mark - http://creativecommons.org/publicdomain/mark/1.0/"
    )
    # English values are preferred over the untagged schema.org URI in the same list.
    assert m.metadata_value("type") == "Analytic serial; Newspaper; Newspaper Issue"
    assert m.metadata_value("language") == "fin"
    assert [c.label for c in m.canvases] == ["p. 1", "p. 2"]
    assert [(c.width, c.height) for c in m.canvases] == [(1890, 2594), (1882, 2656)]
    assert m.image_urls[0].endswith("/19091126_274B_1-0001/full/full/0/default.jpg")
    assert m.nav_date == "1909-11-26T00:00:00Z"


def test_v2_manifests_with_direct_image_urls_and_html_values():
    harvard = parse_manifest(load("mirador_version-2_299843.json"))
    assert harvard.label == "Self-Portrait Dedicated to Paul Gauguin"
    assert harvard.attribution == "Harvard Art Museums"
    assert len(harvard.canvases) == 6 and len(harvard.image_urls) == 6
    assert (
        harvard.image_urls[0]
        == "https://ids.lib.harvard.edu/ids/iiif/47174896/full/full/0/native.jpg"
    )
    assert harvard.homepage == "https://www.harvardartmuseums.org/collections/object/299843"

    loc = parse_manifest(load("mirador_version-2_2017498721.json"))
    assert loc.canvases == [] and loc.image_urls == []  # no sequences in this manifest
    apa = loc.metadata_value("APA Citation Style")
    assert apa.startswith("Ṣalāḥ Al-Dīn Bak, M. & Eltaher Collection. (1949) 1. al-Jāmiʻah")
    assert "<cite>" not in apa and "&amp;" not in apa

    stanford = parse_manifest(load("mirador_version-2_fg165hz3589.json"))
    assert stanford.attribution.endswith("All rights reserved.")
    assert stanford.metadata_value("Available Online") == "https://purl.stanford.edu/fg165hz3589"
    assert len(stanford.image_urls) == 5
    assert stanford.image_urls[-1].endswith("fg165hz3589%2Ffg165hz3589_5/full/full/0/default.jpg")
    assert stanford.canvases[1].label == "Page 2"


def test_language_text_prefers_english_then_untagged():
    assert language_text({"fr": ["Paris"], "none": ["Lutetia"]}) == "Lutetia"
    assert language_text({"de": ["Wien"], "en": ["Vienna"]}) == "Vienna"
    assert language_text({"de": ["Wien"]}) == "Wien"
    assert (
        language_text([{"@language": "fr", "@value": "chat"}, {"@language": "en", "@value": "cat"}])
        == "cat"
    )


def test_parse_gives_one_common_record_per_manifest():
    (record,) = parse(load("mirador_version-2_299843.json"))
    assert (
        record["id"]
        == record["iiif_manifest"]
        == "https://iiif.harvardartmuseums.org/manifests/object/299843"
    )
    assert record["title"] == "Self-Portrait Dedicated to Paul Gauguin"
    assert record["creator"] == "Artist: Vincent van Gogh, Dutch, 1853 - 1890"
    assert (record["date"], record["date_start"], record["type"]) == ("1888", 1888, "Paintings")
    assert (
        record["image_url"]
        == "https://ids.lib.harvard.edu/ids/iiif/47174896/full/full/0/native.jpg"
    )
    assert record["thumbnail_url"] == (
        "https://ids.lib.harvard.edu/ids/iiif/47174896/full/!170,170/0/native.jpg"
    )
    assert record["license_category"] == "unknown"

    (bodleian,) = parse(load("mirador_version-3_001.json"))
    assert bodleian["institution"] == "Bodleian Libraries, University of Oxford"
    assert (bodleian["date"], bodleian["date_start"], bodleian["language"]) == (
        "[1787]",
        1787,
        "English",
    )

    (paper,) = parse(load("mirador_version-2_BibliographicResource_3000126341277.json"))
    assert (paper["date_start"], paper["license_category"]) == (1909, "public-domain")


def test_offline_search_by_url_and_by_words():
    url = "https://iiif.harvardartmuseums.org/manifests/object/299843"
    df = h4og_kit.search("iiif", url, progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is True
    assert list(df["title"]) == ["Self-Portrait Dedicated to Paul Gauguin"]
    assert list(h4og_kit.search("iiif", "gauguin", progress=False)["iiif_manifest"]) == [url]
    assert h4og_kit.search("iiif", "https://example.org/not/bundled", progress=False).empty
    assert len(h4og_kit.search("iiif", "", limit=None, progress=False)) == 5  # 6 files, 5 ids


def test_read_manifest_by_url_offline_uses_the_bundled_manifests():
    m = read_manifest("https://iiif.harvardartmuseums.org/manifests/object/299843")
    assert m.offline is True and m.label == "Self-Portrait Dedicated to Paul Gauguin"
    with pytest.raises(http.SourceError, match="not among the bundled samples"):
        read_manifest("https://example.org/iiif/not-bundled/manifest")


def test_read_manifest_by_url_goes_through_the_cached_http_path(httpserver, online):
    body = (IIIF / "mirador_version-2_299843.json").read_bytes()  # real manifest
    httpserver.expect_request("/manifests/object/299843").respond_with_data(
        body, content_type="application/json"
    )
    url = httpserver.url_for("/manifests/object/299843")
    first, again = read_manifest(url), read_manifest(url)
    assert first.label == again.label == "Self-Portrait Dedicated to Paul Gauguin"
    assert first.offline is False
    assert len(httpserver.log) == 1  # the second read came from the cache
    assert httpserver.log[0][0].headers["User-Agent"].startswith("h4og-kit/")


def test_collection_paging_fetches_every_manifest_once(httpserver, online):
    # Real manifests, listed by SYNTHETIC collections (mechanics only): a v2 top collection
    # with two manifests and a v3 sub-collection with two more.
    files = [
        "mirador_version-2_299843.json",
        "mirador_version-2_fg165hz3589.json",
        "mirador_version-2_2017498721.json",
        "mirador_version-3_001.json",
    ]
    urls = [httpserver.url_for(f"/m/{name}") for name in files]
    sub = httpserver.url_for("/collection/sub")
    top = {
        "@context": "http://iiif.io/api/presentation/2/context.json",
        "@id": httpserver.url_for("/collection/top"),
        "@type": "sc:Collection",
        "manifests": [{"@id": u, "@type": "sc:Manifest"} for u in urls[:2]],
        "collections": [{"@id": sub, "@type": "sc:Collection"}],
    }
    child = {
        "@context": "http://iiif.io/api/presentation/3/context.json",
        "id": sub,
        "type": "Collection",
        "items": [{"id": u, "type": "Manifest"} for u in urls[2:]]
        + [{"id": urls[0], "type": "Manifest"}],
    }
    served = []

    def answer(request):
        served.append(request.path)
        if request.path == "/collection/top":
            return Response(json.dumps(top), content_type="application/json")
        if request.path == "/collection/sub":
            return Response(json.dumps(child), content_type="application/json")
        return Response(
            (IIIF / request.path.rsplit("/", 1)[-1]).read_bytes(), content_type="application/json"
        )

    httpserver.expect_request("/collection/top").respond_with_handler(answer)
    httpserver.expect_request("/collection/sub").respond_with_handler(answer)
    for name in files:
        httpserver.expect_request(f"/m/{name}").respond_with_handler(answer)
    source = IiifSource(politeness=FAST)
    source.page_size = 3  # manifests fetched per page
    pages = list(source.iter_pages(httpserver.url_for("/collection/top")))
    assert [(len(p.records), p.total, p.next_cursor) for p in pages] == [(3, 4, 3), (1, 4, None)]
    assert sorted(p for p in served if p.startswith("/m/")) == sorted(f"/m/{f}" for f in files)
    resumed = list(source.iter_pages(httpserver.url_for("/collection/top"), cursor=3))
    assert [r["id"] for p in resumed for r in p.records] == [BODLEIAN]
    df = source.search(httpserver.url_for("/collection/top"), limit=None, progress=False)
    assert len(df) == 4 and df["id"].is_unique and df.attrs["total"] == 4


def test_a_query_that_is_not_a_url_is_explained(online):
    with pytest.raises(http.SourceError, match="URL of a manifest or a collection"):
        h4og_kit.search("iiif", "van gogh", progress=False)
