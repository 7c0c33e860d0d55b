"""normalize(): real rights values from the samples, and full coverage of the vocabularies."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys

import pytest
import rights_samples as samples

from h4og_kit.rights import CATEGORIES, License, normalize
from h4og_kit.rights.vocab import RIGHTSSTATEMENTS_CATEGORY, VOCAB_DIR

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
PDM = "https://creativecommons.org/publicdomain/mark/1.0/"
BY_SA_4 = "https://creativecommons.org/licenses/by-sa/4.0/"
BY_SA_3_DE = "https://creativecommons.org/licenses/by-sa/3.0/de/"
BY_4 = "https://creativecommons.org/licenses/by/4.0/"


def assert_license(value, uri, category, **fields):
    lic = normalize(value)
    assert (lic.uri, lic.category) == (uri, category), value
    for name, expected in fields.items():
        assert getattr(lic, name) == expected, (value, name)
    return lic


# --- real values, per source -------------------------------------------------------------------


def test_met_is_public_domain_flags():
    for name, expected in (
        ("met_openverse_sample_response_object_45734.json", True),
        ("met_srirakshabhat_objects_1.json", False),
    ):
        flag = samples.load(name)["isPublicDomain"]
        assert flag is expected
        lic = normalize(flag)
        assert lic.category == ("public-domain" if flag else "unknown")
        assert lic.is_open is flag
        assert lic.uri == ""
        assert lic.source_value is flag


def test_artic_is_public_domain_and_license_links():
    data = samples.artic()
    flags = {row["is_public_domain"] for row in data["data"]}
    assert flags == {True, False}
    assert normalize(True).category == "public-domain"
    assert normalize(False).category == "unknown"
    assert_license(data["info"]["license_links"][0], CC0, "public-domain", id="CC0-1.0")
    assert normalize(data["info"]["license_links"][1]).category == "unknown"  # artic.edu/terms


def test_artic_license_texts_are_read_for_the_license_inside():
    info = samples.load("artic_api-data_info.json")
    # "...licensed under a Creative Commons Zero (CC0) 1.0 designation and the Terms..."
    assert_license(info["agents"]["license_text"], CC0, "public-domain")
    # "...a Creative Commons Attribution 4.0 Generic License (CC-By) ... ODC Attribution License."
    assert_license(info["places"]["license_text"], BY_4, "open", id="CC-BY-4.0")
    # "The data in this response may be protected by copyright, and other restrictions..."
    maybe = assert_license(info["products"]["license_text"], "", "unknown")
    assert not maybe.is_open


def test_finna_copyright_and_link():
    rights = samples.finna_image_rights()
    assert {r["copyright"] for r in rights} == {"CC BY 4.0"}
    assert {r["link"] for r in rights} == {"http://creativecommons.org/licenses/by/4.0/deed.fi"}
    assert_license(
        "CC BY 4.0", BY_4, "open", label="CC BY 4.0", version="4.0", requires_attribution=True
    )
    assert_license(rights[0]["link"], BY_4, "open")
    # Finnish free text with the license inside, and the whole imageRights object.
    assert_license(rights[0]["description"][0], BY_4, "open")
    assert_license(rights[0], BY_4, "open")


def test_europeana_rights_list_and_edm_rights():
    item = samples.load("europeana_openverse_europeana_single_item.json")
    rights = item["rights"] if "rights" in item else item["object"]["rights"]
    assert rights == ["http://creativecommons.org/publicdomain/zero/1.0/"]
    assert_license(rights, CC0, "public-domain")
    assert_license(rights[0], CC0, "public-domain")
    edm = samples.xml_values("europeana_europeana-oai-pmh_test_getRecord_EDM.xml", "rights")
    assert "http://creativecommons.org/publicdomain/mark/1.0/" in edm
    assert {"Public Domain", "Publiek Domein"} <= set(edm)
    assert_license(
        "http://creativecommons.org/publicdomain/mark/1.0/", PDM, "public-domain", family="PDM"
    )
    for text in ("Public Domain", "Publiek Domein"):
        assert_license(text, "", "public-domain", is_open=True, requires_attribution=False)


def test_wikimedia_commons_extmetadata():
    short = samples.commons_extmetadata("LicenseShortName")
    assert set(short) == {"Public domain", "No restrictions", "CC BY-SA 3.0 de", "CC BY-SA 4.0"}
    assert_license("CC BY-SA 4.0", BY_SA_4, "open", id="CC-BY-SA-4.0", share_alike=True)
    assert_license("CC BY-SA 3.0 de", BY_SA_3_DE, "open", id="CC-BY-SA-3.0-DE", jurisdiction="de")
    assert_license("Public domain", "", "public-domain")
    assert set(samples.commons_extmetadata("License")) == {"pd", "cc-by-sa-3.0-de", "cc-by-sa-4.0"}
    assert_license("pd", "", "public-domain")
    assert_license("cc-by-sa-4.0", BY_SA_4, "open")
    assert_license("cc-by-sa-3.0-de", BY_SA_3_DE, "open")
    urls = set(samples.commons_extmetadata("LicenseUrl"))
    assert "https://creativecommons.org/licenses/by-sa/4.0" in urls  # no trailing slash
    assert "https://creativecommons.org/licenses/by-sa/3.0/de/deed.en" in urls
    assert_license("https://creativecommons.org/licenses/by-sa/4.0", BY_SA_4, "open")
    assert_license("https://creativecommons.org/licenses/by-sa/3.0/de/deed.en", BY_SA_3_DE, "open")
    assert_license("https://www.flickr.com/commons/usage/", "", "unknown")
    terms = set(samples.commons_extmetadata("UsageTerms"))
    assert "Creative Commons Attribution-Share Alike 3.0 de" in terms
    assert_license("Creative Commons Attribution-Share Alike 4.0", BY_SA_4, "open")
    assert_license("Creative Commons Attribution-Share Alike 3.0 de", BY_SA_3_DE, "open")
    # Flickr Commons' statement: not a license, never open.
    for text in ("No restrictions", "No known copyright restrictions"):
        lic = normalize(text)
        assert lic.category == "unknown" and not lic.is_open


def test_smithsonian_and_cleveland_cc0():
    usage = samples.load("smithsonian_openverse_actual_record_data.json")["content"][
        "descriptiveNonRepeating"
    ]
    assert usage["metadata_usage"]["access"] == "CC0"
    cleveland = samples.load("cleveland_openverse_response_success.json")["data"][0]
    assert cleveland["share_license_status"] == "CC0"
    assert_license("CC0", CC0, "public-domain", id="CC0-1.0", label="CC0 1.0", is_open=True)


def test_iiif_license_and_attribution_fields():
    pdm = samples.load("iiif_mirador_version-2_BibliographicResource_3000126341277.json")
    assert_license(pdm["license"], PDM, "public-domain")
    # "... National Library of Finland. Public Domain Mark - http://creativecommons.org/publicdomain/mark/1.0/"
    assert_license(pdm["attribution"], PDM, "public-domain")
    trailing_dot = samples.load("iiif_mirador_version-2_001.json")["attribution"]
    assert trailing_dot == "http://creativecommons.org/licenses/by-nc-sa/3.0/."
    assert_license(
        trailing_dot,
        "https://creativecommons.org/licenses/by-nc-sa/3.0/",
        "restricted",
        non_commercial=True,
        share_alike=True,
        is_open=False,
    )
    stanford = samples.load("iiif_mirador_version-2_fg165hz3589.json")["attribution"]
    assert stanford.endswith("All rights reserved.")
    assert_license(stanford, "", "in-copyright", is_open=False)


def test_oai_pmh_rights_fields():
    access = samples.xml_values("dpla-ingestion3_record_tn.xml", "accessCondition")
    assert "http://rightsstatements.org/vocab/InC-EDU/1.0/" in access
    assert_license(
        "http://rightsstatements.org/vocab/InC-EDU/1.0/",
        "http://rightsstatements.org/vocab/InC-EDU/1.0/",
        "restricted",
        family="InC-EDU",
    )
    assert_license("Rights statement.", "", "unknown")  # the other accessCondition's text
    montana = samples.xml_values(
        "dpla-ingestion3_montana_repox_GetRecord_mods.xml", "accessCondition"
    )[0]
    assert montana.startswith("Copyright to this collection is held by")
    assert_license(montana, "", "in-copyright")
    txdl = samples.xml_values("dpla-ingestion3_record_txdl.xml", "rights")
    assert txdl == [
        "Please contact the Houston Metropolitan Research Center, Houston, Texas.",
        "http://rightsatement.org",
    ]
    for value in txdl:  # a misspelt host is not a rights statement
        assert_license(value, "", "unknown")


def test_tate_copyright_notice():
    notice = samples.load("tate_ar00001-98171.json")["thumbnailCopyright"]
    assert notice == "\u00a9 Alex Katz"
    assert_license(notice, "", "in-copyright", label="All rights reserved")


# --- forms the issue names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, uri",
    [
        ("CC BY-SA 3.0 es", "https://creativecommons.org/licenses/by-sa/3.0/es/"),
        ("cc-by-4.0", BY_4),
        (
            "http://creativecommons.org/licenses/by-nc-sa/4.0/deed.de",
            "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        ),
        ("https://creativecommons.org/licenses/by/4.0/legalcode", BY_4),
        ("https://creativecommons.org/licenses/by/4.0/legalcode.de", BY_4),
        ("https://creativecommons.org/licenses/by/4.0/?ref=chooser-v1", BY_4),
        ("http://www.creativecommons.org/licenses/by/4.0/deed.en#ref", BY_4),
        ("creativecommons.org/licenses/by/4.0", BY_4),
        ("CC-BY-SA-4.0", BY_SA_4),
        ("Attribution-ShareAlike 4.0 International", BY_SA_4),
        (
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International License",
            "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        ),
        ("licensed under CC BY-NC-ND 4.0.", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
        ("https://creativecommons.org/publicdomain/zero/1.0/deed.fi", CC0),
        ("CC0 1.0 Universal", CC0),
        ("cc-zero", CC0),
        ("Public Domain Mark 1.0", PDM),
    ],
)
def test_forms(value, uri):
    assert normalize(value).uri == uri


def test_version_less_names_keep_family_and_category():
    lic = assert_license(
        "Copyright Museums Victoria / CC BY", "", "open", family="CC BY", version=None
    )
    assert lic.requires_attribution and not lic.share_alike
    assert_license("CC-BY-NC-ND", "", "restricted", family="CC BY-NC-ND", no_derivatives=True)


@pytest.mark.parametrize(
    "value, category",
    [
        ("All rights reserved", "in-copyright"),
        ("\u00a9 2019 The Artist", "in-copyright"),
        ("(c) Museum", "in-copyright"),
        ("", "unknown"),
        ("   ", "unknown"),
        ("nan", "unknown"),
        ("Gift of MIT", "unknown"),  # a short SPDX id inside free text is not a license
        ("CC BY-SA 5.0", "open"),  # an unknown version keeps the family, without a URI
    ],
)
def test_statements(value, category):
    assert normalize(value).category == category


def test_missing_values_are_unknown():
    for value in (None, float("nan"), math.nan):
        lic = normalize(value)
        assert (lic.category, lic.uri, lic.is_open) == ("unknown", "", False)


def test_results_are_memoised_and_frozen():
    first = normalize("CC BY-SA 3.0 es")
    assert normalize("CC BY-SA 3.0 es") is first
    assert isinstance(first, License) and first.source_value == "CC BY-SA 3.0 es"
    with pytest.raises(AttributeError):
        first.uri = "x"


def test_import_does_not_load_pandas():
    code = (
        "import sys, h4og_kit.rights as r; r.normalize('CC BY 4.0'); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- every license of the vocabularies ---------------------------------------------------------


def _cc_rows():
    with (VOCAB_DIR / "creativecommons" / "cc_licenserdf_all_licenses_DERIVED.csv").open(
        encoding="utf-8"
    ) as f:
        return list(csv.DictReader(f))


CC_ROWS = _cc_rows()
ELEMENT_ROWS = [r for r in CC_ROWS if set(r["identifier"].split("-")) <= {"by", "nc", "nd", "sa"}]


def test_the_vocabulary_has_every_cc_license():
    assert len(CC_ROWS) == 614
    assert len(ELEMENT_ROWS) == 597


@pytest.mark.parametrize(
    "row", ELEMENT_ROWS, ids=lambda r: r["uri"][len("http://creativecommons.org/licenses/") :]
)
def test_every_cc_license_version_and_port(row):
    canonical = "https://" + row["uri"][len("http://") :]
    elements = set(row["identifier"].split("-"))
    port = row["jurisdiction"].rstrip("/").rsplit("/", 1)[-1] or None
    expected_category = "restricted" if elements & {"nc", "nd"} else "open"
    for form in (
        row["uri"],
        canonical + "deed.fr",
        canonical + "legalcode.",
        row["uri"].rstrip("/"),
        row["legalcode"],
    ):
        lic = normalize(form)
        assert lic.uri == canonical, form
    lic = normalize(canonical)
    assert (lic.category, lic.version, lic.jurisdiction) == (
        expected_category,
        row["version"],
        port,
    )
    assert lic.is_open == (expected_category == "open")
    assert (lic.requires_attribution, lic.non_commercial, lic.no_derivatives, lic.share_alike) == (
        "by" in elements,
        "nc" in elements,
        "nd" in elements,
        "sa" in elements,
    )
    short = f"CC {row['identifier'].upper()} {row['version']}" + (f" {port}" if port else "")
    by_name = normalize(short)
    assert (by_name.family, by_name.version, by_name.jurisdiction, by_name.category) == (
        lic.family,
        lic.version,
        lic.jurisdiction,
        lic.category,
    ), short


def test_cc_titles_with_port_names():
    for title, uri in (
        (
            "Attribution-NonCommercial-NoDerivs 2.5 Denmark",
            "https://creativecommons.org/licenses/by-nc-nd/2.5/dk/",
        ),
        ("Attribution-ShareAlike 3.0 Spain", "https://creativecommons.org/licenses/by-sa/3.0/es/"),
        ("Attribution 3.0 Unported", "https://creativecommons.org/licenses/by/3.0/"),
        (
            "Attribution-NoDerivs 2.0 UK: England & Wales",
            "https://creativecommons.org/licenses/by-nd/2.0/uk/",
        ),
    ):
        assert normalize(title).uri == uri
        assert any(r["title_en"] == title for r in CC_ROWS)


def test_other_cc_tools():
    by_path = {r["uri"]: r for r in CC_ROWS}
    assert_license("http://creativecommons.org/publicdomain/zero/1.0/", CC0, "public-domain")
    assert_license("http://creativecommons.org/publicdomain/mark/1.0/", PDM, "public-domain")
    sampling = normalize("http://creativecommons.org/licenses/sampling+/1.0/")
    assert sampling.category == "restricted" and not sampling.is_open
    assert "http://creativecommons.org/licenses/sampling+/1.0/" in by_path
    assert (
        normalize("http://creativecommons.org/licenses/publicdomain/").category == "public-domain"
    )


RS_DIR = VOCAB_DIR / "rightsstatements"
STATEMENTS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RS_DIR.glob("*_en.json"))]


def test_all_twelve_rightsstatements_are_bundled():
    codes = {s["@id"].split("/")[-3] for s in STATEMENTS}
    assert codes == set(RIGHTSSTATEMENTS_CATEGORY) and len(codes) == 12


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda s: s["@id"].split("/")[-3])
def test_every_rightsstatement(statement):
    uri = statement["@id"]
    code = uri.split("/")[-3]
    category = RIGHTSSTATEMENTS_CATEGORY[code]
    page = uri.replace("http://", "https://").replace("/vocab/", "/page/") + "?language=en"
    for form in (uri, page, uri.rstrip("/"), code, statement["prefLabel"]):
        lic = normalize(form)
        assert (lic.uri, lic.category, lic.family) == (uri, category, code), form
    assert lic.uri.startswith("http://rightsstatements.org/vocab/")
    assert lic.is_open == (code == "NoC-US")
    assert lic.label == statement["prefLabel"]


def test_design_categories_of_rightsstatements():
    expected = {
        "public-domain": {"NoC-US"},
        "restricted": {"NoC-NC", "NoC-OKLR", "NoC-CR", "InC-EDU", "InC-NC"},
        "in-copyright": {"InC", "InC-OW-EU", "InC-RUU"},
        "unknown": {"CNE", "UND", "NKC"},
    }
    for category, codes in expected.items():
        for code in codes:
            assert normalize(f"http://rightsstatements.org/vocab/{code}/1.0/").category == category


OPEN_DEFINITION = json.loads(
    (VOCAB_DIR / "opendefinition" / "all.json").read_text(encoding="utf-8")
)
CONTENT_AND_DATA = [e for e in OPEN_DEFINITION.values() if e["domain_content"] or e["domain_data"]]


@pytest.mark.parametrize("entry", CONTENT_AND_DATA, ids=lambda e: e["id"])
def test_open_definition_list(entry):
    lic = normalize(entry["id"])
    assert lic.category in CATEGORIES
    if entry["od_conformance"] == "approved":
        assert lic.is_open, entry["id"]
        assert lic.category in ("public-domain", "open")
    elif entry["od_conformance"] == "rejected":
        assert not lic.is_open, entry["id"]
    by_title = normalize(entry["title"])
    assert (by_title.uri, by_title.id, by_title.category) == (lic.uri, lic.id, lic.category)


def test_open_data_commons_licenses():
    odbl = assert_license(
        "ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/", "open", id="ODbL-1.0"
    )
    assert normalize("ODbL").uri == odbl.uri
    assert normalize("http://www.opendatacommons.org/licenses/odbl/1.0/").uri == odbl.uri
    assert normalize("PDDL").category == "public-domain"
    assert normalize("ODC-PDDL-1.0").id == "PDDL-1.0"  # an Open Definition legacy id
    assert normalize("ODC-BY").id == "ODC-By-1.0"
    assert normalize("OGL-UK-3.0").is_open


def test_spdx_ids():
    assert (
        normalize("CC-BY-NC-SA-2.0-FR").uri
        == "https://creativecommons.org/licenses/by-nc-sa/2.0/fr/"
    )
    assert normalize("CC-BY-NC-ND-1.0").uri == "https://creativecommons.org/licenses/by-nd-nc/1.0/"
    assert normalize("https://creativecommons.org/licenses/by/3.0/igo/").id == "CC-BY-3.0-IGO"
    mit = normalize("MIT")
    assert (mit.id, mit.category) == ("MIT", "open")


@pytest.mark.parametrize("value", ["copyright unknown", "Copyright status undetermined",
                                   "Copyright not evaluated"])
def test_unknown_copyright_is_unknown_not_in_copyright(value):
    assert normalize(value).category == "unknown"


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2013", "\u2014", "\u2212"])
def test_a_statement_name_with_any_dash(dash):
    """ "In Copyright – Educational Use Permitted" (en dash) was read as plain InC."""
    for value in (
        f"In Copyright {dash} Educational Use Permitted",
        f"In Copyright{dash}Educational Use Permitted",
    ):
        lic = normalize(value)
        assert (lic.family, lic.category) == ("InC-EDU", "restricted"), value


def _listed_cc_parts() -> set[tuple[frozenset[str], str, str | None]]:
    """(elements, version, port) of every license in Creative Commons' list; the elements as a
    set, since normalize reads ``by-nd-nc`` as ``by-nc-nd`` (a repair, not a guess)."""
    return {(frozenset(r["identifier"].split("-")), r["version"],
             r["jurisdiction"].rstrip("/").rsplit("/", 1)[-1] or None) for r in ELEMENT_ROWS}


def _unlisted_cc_uris() -> list[str]:
    """URIs that look like Creative Commons licenses but are not in its list: a version after the
    newest of each family, an unported URI of a version CC published only in ports, and each
    family's newest version with a port that the list never used."""
    listed = _listed_cc_parts()
    ports = {port for _, _, port in listed if port}
    bogus_port = next(p + "x" for p in sorted(ports) if p + "x" not in ports)
    uris = []
    for identifier in sorted({r["identifier"] for r in ELEMENT_ROWS}):
        elements = frozenset(identifier.split("-"))
        versions = sorted({v for e, v, _ in listed if e == elements},
                          key=lambda v: [int(x) for x in v.split(".")])
        base = f"https://creativecommons.org/licenses/{identifier}"
        uris.append(f"{base}/{int(float(versions[-1])) + 5}.0/")
        uris += [f"{base}/{v}/" for v in versions if (elements, v, None) not in listed]
        uris.append(f"{base}/{versions[-1]}/{bogus_port}/")
    return sorted(set(uris))


@pytest.mark.parametrize("uri", _unlisted_cc_uris())
def test_a_cc_uri_not_in_creative_commons_list_is_unknown_and_says_why(uri):
    lic = normalize(uri)
    assert (lic.category, lic.uri) == ("unknown", "")
    assert lic.note and lic.note.startswith("Creative Commons has no ")


def test_a_rightsstatements_uri_not_in_the_vocabulary_is_unknown_and_says_why():
    listed = {s["@id"] for s in STATEMENTS}
    for uri in ("http://rightsstatements.org/vocab/InC-XYZ/1.0/",
                "http://rightsstatements.org/vocab/InC/2.0/"):
        assert uri not in listed
        lic = normalize(f"Rights: {uri}")
        assert (lic.category, lic.note) == (
            "unknown", f"rightsstatements.org lists no statement at {uri}")


def test_a_listed_license_beside_an_unlisted_uri_is_found_and_notes_stay_off_known_values():
    lic = normalize("CC BY 4.0 (not https://creativecommons.org/licenses/by/9.0/)")
    assert (lic.uri, lic.note) == ("https://creativecommons.org/licenses/by/4.0/", None)
    assert normalize("http://rightsstatements.org/vocab/UND/1.0/").note is None  # listed unknown


def test_the_records_rights_note_column_says_why_a_value_is_unknown():
    from h4og_kit.records import COLUMNS, record, to_frame

    frame = to_frame([record("test", id="1", rights="https://creativecommons.org/licenses/by/9.0/"),
                      record("test", id="2", rights="https://creativecommons.org/licenses/by/4.0/")])
    assert "rights_note" in COLUMNS
    assert list(frame["license_category"]) == ["unknown", "open"]
    assert frame["rights_note"][0] == "Creative Commons has no CC BY 9.0 license without a port"
    assert frame["rights_note"].isna()[1]
