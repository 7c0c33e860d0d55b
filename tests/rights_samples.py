"""Rights values read out of the real recorded responses in tests/fixtures/rights (see PROVENANCE.md).

The rights tests take their strings from here, so every value they check is one a real API or
dump returned, at a known place in a known file.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rights"


def load(name: str):
    """A fixture JSON file, parsed."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def xml_values(name: str, local_name: str) -> list[str]:
    """Text and resource/href attributes of every element called ``local_name`` (any namespace).

    Parsed with lxml's recovering parser: one recorded MODS record uses an unbound prefix.
    """
    found = []
    tree = etree.parse(str(FIXTURES / name), etree.XMLParser(recover=True))
    for element in tree.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname != local_name:
            continue
        for attr, value in element.attrib.items():
            if attr.rsplit("}", 1)[-1].rsplit(":", 1)[-1] in ("resource", "href"):
                found.append(value)
        if element.text and element.text.strip():
            found.append(element.text.strip())
    return found


def commons_extmetadata(field: str) -> list[str]:
    """One extmetadata field ("LicenseShortName", "LicenseUrl", "License", "UsageTerms") of every
    page of the recorded Wikimedia Commons imageinfo response."""
    pages = load("wikimedia-commons_openverse_wmc_raw.json")["query"]["pages"].values()
    meta = [page["imageinfo"][0]["extmetadata"] for page in pages]
    return [m[field]["value"] for m in meta if field in m]


def artic():
    return load("artic_api-response_GET_artworks_page1_jgale-nuvoair.json")


def finna_image_rights() -> list[dict]:
    return [
        r["imageRights"]
        for r in load("finna_openverse_finna_full_response_example.json")["records"]
    ]
