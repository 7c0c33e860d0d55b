"""``h4og oai formats URL``: the metadata formats an OAI-PMH endpoint offers, which of them the kit
reads, and the one a search asks for unless told.

The endpoint is a loopback server answering with sickle's real ListMetadataFormats sample
(tests/fixtures/oai/PROVENANCE.md).
"""

from __future__ import annotations

from pathlib import Path

from h4og_kit.cli import main

LIST = Path(__file__).resolve().parent / "fixtures" / "oai" / "sickle_ListMetadataFormats.xml"


def test_oai_formats_lists_what_the_endpoint_offers_and_the_choice(httpserver, online, capsys):
    httpserver.expect_request("/oai", query_string="verb=ListMetadataFormats").respond_with_data(
        LIST.read_bytes(), content_type="text/xml")
    assert main(["oai", "formats", httpserver.url_for("/oai")]) == 0
    lines = capsys.readouterr().out.splitlines()
    offered = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert offered == ["epicur", "xMetaDissPlus", "oai_dc", "mods", "swepub_mods"]
    chosen = [line for line in lines if "asked for unless you choose" in line]
    assert len(chosen) == 1 and chosen[0].startswith("mods ") and "read as mods" in chosen[0]
    assert any(line.startswith("epicur ") and "not read by the kit" in line for line in lines)
    assert "http://www.loc.gov/standards/mods/v3/mods-3-0.xsd" in "\n".join(lines)


def test_oai_formats_says_what_went_wrong_in_one_line(httpserver, online, capsys):
    httpserver.expect_request("/oai").respond_with_data("not here", status=404)
    assert main(["oai", "formats", httpserver.url_for("/oai")]) == 1
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "Traceback" not in err
