"""IIIF on real manifests from viewers' and parsers' test suites (tests/fixtures/iiif, with their
PROVENANCE.md): every file's label, rights and license category, canvases, sound and video
durations, language choice, collections (nested too), and a manifest with a byte that is not UTF-8.

What a test expects is read from the JSON in the test itself (``json.loads`` and the field), never
copied from the kit's output; the category each rights value means is written beside the value.
"""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

import h4og_kit
from h4og_kit import http
from h4og_kit.i18n import speaking
from h4og_kit.iiif import (
    is_collection,
    language_text,
    parse_collection,
    parse_manifest,
    read_document,
)
from h4og_kit.sources.base import Search
from h4og_kit.sources.iiif import IiifSource, parse

HERE = FIXTURES / "iiif"
FILES = sorted(p.name for p in HERE.glob("*.json"))
COLLECTIONS = ["cookbook_0032-collection-collection.json", "parser_p2_nls-collection.json"]
MANIFESTS = [f for f in FILES if f not in COLLECTIONS]
FAST = http.Politeness(connections=4, rate=0, retries=1, backoff=0.01)

#: The rights field each manifest declares (read from the JSON in the test) and the category that
#: value means; None where the manifest declares none.
DECLARED = {
    "cookbook_0003-mvm-video.json": (None, "unknown"),
    "cookbook_0006-text-language.json": (None, "unknown"),
    "cookbook_0008-rights.json": ("rights", "open"),  # CC BY-SA 3.0
    "cookbook_0010-book-2-viewing-direction-manifest-rtl.json": (None, "unknown"),
    "manifesto_attribution-without-label_bsb.json": ("license", "restricted"),  # NoC-NC
    "manifesto_required-statement_bl-sounds.json": (None, "unknown"),
    "mirador_version-2_emptyCanvas_florus-dispersus.json": ("license", "restricted"),  # BY-NC
    "parser_p3_ldmax_museum-kranenburgh.json": ("rights", "open"),  # CC BY 4.0, no final slash
}


def raw(name: str) -> dict:
    return json.loads((HERE / name).read_bytes())


def v3(doc: dict) -> bool:
    return "presentation/3" in json.dumps(doc.get("@context"))


def words(text: str) -> str:
    return " ".join(text.split())


def label_of(doc: dict) -> str:
    """The label as the JSON gives it: the English of a v3 map, else its first language; v2 text."""
    label = doc["label"]
    if isinstance(label, dict):
        return words("; ".join(label.get("en") or next(iter(label.values()))))
    return words(label)


def canvases_of(doc: dict) -> list[dict]:
    if v3(doc):
        return [c for c in doc.get("items", []) if c["type"] == "Canvas"]
    return doc["sequences"][0]["canvases"] if doc.get("sequences") else []


def test_every_shared_file_is_here():
    assert sorted(DECLARED) == MANIFESTS and len(FILES) == 10
    assert all(is_collection(raw(f)) for f in COLLECTIONS)
    assert not any(is_collection(raw(f)) for f in MANIFESTS)


@pytest.mark.parametrize("name", MANIFESTS)
def test_label_canvases_and_record_of_every_manifest(name):
    doc = raw(name)
    m = parse_manifest(doc)
    assert m.version == (3 if v3(doc) else 2)
    assert m.id == (doc.get("id") or doc.get("@id"))
    assert m.label == label_of(doc)
    assert [c.id for c in m.canvases] == [c.get("id") or c.get("@id") for c in canvases_of(doc)]
    (rec,) = parse(doc)
    assert (rec["id"], rec["title"], rec["rights"]) == (m.id, m.label, m.rights)
    assert rec["license_category"] == m.license_category and rec["warnings"] is None


@pytest.mark.parametrize("name", MANIFESTS)
def test_rights_and_license_category_of_every_manifest(name):
    doc = raw(name)
    field, category = DECLARED[name]
    m = parse_manifest(doc)
    if field:
        value = doc[field]
        values = value if isinstance(value, list) else [value]  # v2 license: a string or a list
        assert m.rights == "; ".join(values)  # every license of a list is kept
    assert m.license_category == category
    (rec,) = parse(doc)
    assert rec["license_category"] == category


def test_a_list_of_licenses_keeps_the_terms_page_url():
    doc = raw("mirador_version-2_emptyCanvas_florus-dispersus.json")
    cc, terms_page = doc["license"]
    assert terms_page.startswith("https://gallica.bnf.fr/")  # a record page, not a license URI
    (rec,) = parse(doc)
    assert rec["rights"] == f"{cc}; {terms_page}"
    assert (rec["license_uri"], rec["license_category"]) == (
        "https://creativecommons.org/licenses/by-nc/4.0/", "restricted")


def test_rights_uri_as_published_is_kept_and_recognised():
    doc = raw("parser_p3_ldmax_museum-kranenburgh.json")
    assert not doc["rights"].endswith("/")
    m = parse_manifest(doc)
    assert m.rights == doc["rights"]
    assert m.license_uri == "https://creativecommons.org/licenses/by/4.0/"
    bsb = parse_manifest(raw("manifesto_attribution-without-label_bsb.json"))
    assert bsb.license_uri == "http://rightsstatements.org/vocab/NoC-NC/1.0/"  # stays http


def test_audio_manifest_without_rights_keeps_what_stands_in_for_them():
    doc = raw("manifesto_required-statement_bl-sounds.json")
    assert "rights" not in doc
    usage = next(e["value"]["en"][0] for e in doc["metadata"] if e["label"]["en"] == ["Usage"])
    statement = doc["requiredStatement"]["value"]["en"][0]
    link = statement.split("href='")[1].split("'")[0]
    (rec,) = parse(doc)
    assert usage.removeprefix("<span>").removesuffix("</span>") in rec["rights"]
    assert "Please read the full information about this object." in rec["rights"]
    assert link in rec["rights"]  # the page the statement points to
    assert rec["license_category"] == "unknown"  # nothing the normalizer recognises
    assert parse_manifest(doc).attribution == "Please read the full information about this object."


def test_required_statement_and_attribution_are_read_as_text():
    rights = raw("cookbook_0008-rights.json")
    m = parse_manifest(rights)
    assert "<a" in rights["requiredStatement"]["value"]["en"][0]
    assert m.attribution == "Glen Robson, IIIF Technical Coordinator. CC BY-SA 3.0"
    bsb = raw("manifesto_attribution-without-label_bsb.json")
    assert parse_manifest(bsb).attribution == bsb["attribution"][0]["@value"]


def test_sound_canvases_with_durations():
    doc = raw("manifesto_required-statement_bl-sounds.json")
    m = parse_manifest(doc)
    assert [c.duration for c in m.canvases] == [c["duration"] for c in doc["items"]]
    assert m.duration == sum(c["duration"] for c in doc["items"])
    first_choice = doc["items"][0]["items"][0]["items"][0]["body"]["items"][0]
    assert first_choice["type"] == "Audio"
    assert (m.canvases[0].media_type, m.canvases[0].media_url) == ("Sound", first_choice["id"])
    assert m.image_urls == [] and all(c.image_url is None for c in m.canvases)
    assert m.canvases[1].label == doc["items"][1]["label"]["en"][0]
    assert parse(doc)[0]["type"] == "Sound"  # no type in the metadata: what the canvases show


def test_video_canvas_with_duration():
    doc = raw("cookbook_0003-mvm-video.json")
    (canvas,) = parse_manifest(doc).canvases
    body = doc["items"][0]["items"][0]["items"][0]["body"]
    assert canvas.duration == doc["items"][0]["duration"] == body["duration"]
    assert (canvas.media_type, canvas.media_url) == ("Video", body["id"])
    assert (canvas.width, canvas.height) == (doc["items"][0]["width"], doc["items"][0]["height"])
    assert canvas.image_url is None
    assert parse(doc)[0]["type"] == "Video"


def test_image_canvases_keep_no_duration_and_empty_canvases_are_kept():
    doc = raw("mirador_version-2_emptyCanvas_florus-dispersus.json")
    m = parse_manifest(doc)
    empty = [c for c in canvases_of(doc) if not c.get("images")]
    assert len(m.canvases) == len(canvases_of(doc)) and len(empty) > 0
    assert sum(c.media_type is None for c in m.canvases) == len(empty)
    assert len(m.image_urls) == len(canvases_of(doc)) - len(empty)
    assert m.duration is None
    book = parse_manifest(raw("cookbook_0010-book-2-viewing-direction-manifest-rtl.json"))
    assert {c.media_type for c in book.canvases} == {"Image"} and len(book.image_urls) == 5


def test_language_maps_follow_the_viewer_then_english_then_none():
    doc = raw("cookbook_0006-text-language.json")
    with speaking("fi"):  # no Finnish in this manifest: English
        m = parse_manifest(doc)
    assert m.label == doc["label"]["en"][0]
    assert m.summary == doc["summary"]["en"][0]
    creator = next(e for e in doc["metadata"] if e["label"]["en"] == ["Creator"])
    assert m.metadata_value("Creator") == creator["value"]["none"][0]  # only "none" is given
    assert m.attribution == doc["requiredStatement"]["value"]["none"][0]
    assert language_text(doc["label"], prefer=("fr",)) == doc["label"]["fr"][0]


def test_a_language_the_viewer_reads_comes_before_english():
    doc = raw("manifesto_attribution-without-label_bsb.json")
    title = doc["metadata"][0]
    with speaking("zh"):
        m = parse_manifest(doc)
    zh = next(v["@value"] for v in title["label"] if v["@language"] == "zh")
    assert m.metadata[0] == (zh, title["value"])
    assert m.metadata_value("Title") == title["value"]  # labels match in any language
    with speaking("fi"):
        assert parse_manifest(doc).metadata[0][0] == "Title"  # no Finnish: English


def test_a_manifest_in_one_other_language_gives_that_language():
    doc = raw("parser_p3_ldmax_museum-kranenburgh.json")
    assert list(doc["label"]) == ["nl"]
    with speaking("fi"):
        m = parse_manifest(doc)
    assert m.label == doc["label"]["nl"][0]  # neither Finnish, English nor "none": any
    assert m.attribution == doc["requiredStatement"]["value"]["en"][0]
    assert m.provider == doc["provider"][0]["label"]["none"][0]


@pytest.mark.parametrize("name", COLLECTIONS)
def test_collections_list_their_manifests(name):
    doc = raw(name)
    members = doc.get("items") or doc.get("manifests")
    c = parse_collection(doc)
    assert c.label == label_of(doc)
    assert c.manifests == [m.get("id") or m.get("@id") for m in members]
    assert c.collections == []
    assert parse(doc) == []  # a collection is no record


def test_embedded_sub_collections_are_walked_and_referenced_ones_left_to_fetch():
    # SYNTHETIC top collection (mechanics: the real files hold no collection of collections):
    # the real cookbook collection embedded with its items, the real NLS one by reference.
    cookbook, nls = raw(COLLECTIONS[0]), raw(COLLECTIONS[1])
    top = {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "top",
           "type": "Collection", "label": {"en": ["top"]},
           "items": [cookbook, {"id": nls["@id"], "type": "Collection"}]}
    c = parse_collection(top)
    assert c.manifests == [m["id"] for m in cookbook["items"]]
    assert c.collections == [nls["@id"]]
    assert c.manifest_labels[cookbook["items"][1]["id"]] == cookbook["items"][1]["label"]["en"][0]


def test_a_collection_of_collections_is_walked_over_http(httpserver, online):
    # The real collections served on loopback, listed by a SYNTHETIC top collection (mechanics).
    paths = {f"/c/{name}": (HERE / name).read_bytes() for name in COLLECTIONS}
    top = {"@context": "http://iiif.io/api/presentation/2/context.json",
           "@id": httpserver.url_for("/top"), "@type": "sc:Collection",
           "collections": [{"@id": httpserver.url_for(p), "@type": "sc:Collection"}
                           for p in paths]}
    httpserver.expect_request("/top").respond_with_json(top)
    for path, body in paths.items():
        httpserver.expect_request(path).respond_with_data(body, content_type="application/json")
    listing = IiifSource(politeness=FAST).list_ids(Search(httpserver.url_for("/top"), False, {}))
    expected = [m["id"] for m in raw(COLLECTIONS[0])["items"]]
    expected += [m["@id"] for m in raw(COLLECTIONS[1])["manifests"]]
    assert listing.ids == expected and listing.total == len(expected) == 22


def not_utf8(name: str, char: str) -> bytes:
    """A real manifest with ONE character re-encoded as Windows-1252 (a mechanic: the publisher
    sent UTF-8): the first ``char`` of its text."""
    body = (HERE / name).read_bytes()
    assert char.encode() in body
    return body.replace(char.encode(), char.encode("cp1252"), 1)


def test_a_byte_that_is_not_utf8_keeps_the_manifest_and_says_so():
    name = "mirador_version-2_emptyCanvas_florus-dispersus.json"
    body = not_utf8(name, "é")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    m = parse_manifest(body)
    assert len(m.canvases) == len(canvases_of(raw(name)))
    assert m.raw == raw(name)  # the stray byte read as the character it was
    (warning,) = m.warnings
    assert "not UTF-8" in warning and "Windows-1252" in warning
    (rec,) = parse(body)
    assert rec["warnings"] == warning and rec["license_category"] == "restricted"
    assert read_document((HERE / name).read_bytes()).warnings == ()


def test_a_fetched_manifest_that_is_not_utf8_gives_its_record(httpserver, online):
    body = not_utf8("manifesto_attribution-without-label_bsb.json", "ü")
    httpserver.expect_request("/bsb").respond_with_data(body, content_type="application/json")
    df = h4og_kit.search("iiif", httpserver.url_for("/bsb"), progress=False)
    assert len(df) == 1 and "not UTF-8" in df["warnings"][0]
    assert df["title"][0] == label_of(raw("manifesto_attribution-without-label_bsb.json"))


def test_a_body_that_is_not_json_is_a_source_error(httpserver, online):
    httpserver.expect_request("/broken").respond_with_data(
        (HERE / COLLECTIONS[0]).read_bytes()[:200], content_type="application/json"
    )  # a real collection cut off (mechanics)
    with pytest.raises(http.SourceError, match="not valid JSON"):
        IiifSource(politeness=FAST).search(httpserver.url_for("/broken"), progress=False)
