"""attribution(): TASL credit lines in text, HTML, Markdown and wikitext."""

from __future__ import annotations

import html.parser

import pandas as pd
import pytest
import rights_samples as samples

from h4og_kit.rights import attribution, normalize

BY_SA_3_DE = "https://creativecommons.org/licenses/by-sa/3.0/de/"


def finna_record() -> dict:
    """A common record made from the recorded Finna response (title, author, rights)."""
    raw = samples.load("finna_openverse_finna_full_response_example.json")["records"][0]
    return {
        "title": raw["title"],
        "creator": raw["nonPresenterAuthors"][0]["name"],
        "url": "https://www.finna.fi/Record/" + raw["id"],
        "rights": raw["imageRights"]["copyright"],
        "license_uri": None,
    }


def test_text_line_has_title_author_source_license():
    record = finna_record()
    assert (record["title"], record["creator"], record["rights"]) == (
        "linnunpönttö koivussa",
        "Vikstedt, Topi",
        "CC BY 4.0",
    )
    line = attribution(record)
    assert line == (
        "\u201clinnunpönttö koivussa\u201d by Vikstedt, Topi, available at "
        "https://www.finna.fi/Record/museovirasto.CC0641BB5337F541CBD19169838BAC1F, is licensed under "
        "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    )


def test_series_record_and_overrides():
    row = pd.Series(finna_record())
    assert attribution(row) == attribution(finna_record())
    line = attribution(row, title="Birdhouse", creator="T. Vikstedt", source_url=None)
    assert line.startswith(
        "\u201cBirdhouse\u201d by T. Vikstedt, available at https://www.finna.fi/"
    )


def test_license_uri_column_wins_over_raw_rights():
    record = {
        "title": "Street",
        "creator": None,
        "url": None,
        "rights": "see website",
        "license_uri": BY_SA_3_DE,
    }
    assert (
        attribution(record)
        == f"\u201cStreet\u201d is licensed under CC BY-SA 3.0 DE ({BY_SA_3_DE})."
    )


def test_html_links_and_escapes_every_part():
    record = {
        "title": "<script>alert('x')</script>",
        "creator": "Eckhard & <b>Henkel</b>",
        "url": "https://commons.wikimedia.org/wiki/File:2002-04-02_Hauptstra%C3%9Fe.jpg?a=1&b=2",
        "rights": "CC BY-SA 3.0 de",  # a real Commons LicenseShortName
    }
    line = attribution(record, fmt="html")
    assert "<script>" not in line and "<b>" not in line
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in line
    assert "Eckhard &amp; &lt;b&gt;Henkel&lt;/b&gt;" in line
    assert (
        'href="https://commons.wikimedia.org/wiki/File:2002-04-02_Hauptstra%C3%9Fe.jpg?a=1&amp;b=2"'
        in line
    )
    assert f'<a href="{BY_SA_3_DE}" rel="license">CC BY-SA 3.0 DE</a>' in line
    tags = []

    class Collector(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    Collector().feed(line)
    assert tags == ["a", "a"]  # only the two links are markup


def test_html_never_links_a_script_url():
    line = attribution({"title": "x", "url": "javascript:alert(1)", "rights": "CC0"}, fmt="html")
    assert line.count("href=") == 1  # only the license is a link
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/"' in line
    assert "available at javascript:alert(1)," in line  # shown as plain text


@pytest.mark.parametrize(
    "value",
    [True, "Public domain", "CC0", "http://creativecommons.org/publicdomain/mark/1.0/", "NoC-US"],
)
def test_public_domain_says_so(value):
    line = attribution(value, title="Night in Nice", creator="Edvard Munch")
    assert line.startswith("\u201cNight in Nice\u201d by Edvard Munch is in the public domain")
    assert "licensed" not in line


def test_cc0_marks_the_tool():
    assert attribution("CC0", title="Kiwi", fmt="markdown") == (
        "\u201cKiwi\u201d is in the public domain, marked with "
        "[CC0 1.0](https://creativecommons.org/publicdomain/zero/1.0/)."
    )


def test_markdown_and_wikitext():
    record = {
        "title": "A [draft] *map*",
        "creator": "Anon",
        "url": "https://example.org/m",
        "rights": "CC BY-SA 4.0",
    }
    md = attribution(record, fmt="markdown")
    assert md == (
        "\u201c[A \\[draft\\] \\*map\\*](https://example.org/m)\u201d by Anon is licensed under "
        "[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)."
    )
    wiki = attribution(record, fmt="wikitext")
    assert wiki == (
        "\u201c[https://example.org/m <nowiki>A [draft] *map*</nowiki>]\u201d by Anon is licensed "
        "under [https://creativecommons.org/licenses/by-sa/4.0/ CC BY-SA 4.0]."
    )


def test_statements_copyright_and_unknown():
    assert attribution("http://rightsstatements.org/vocab/InC-EDU/1.0/", title="Letter") == (
        "\u201cLetter\u201d is marked In Copyright - Educational Use Permitted "
        "(http://rightsstatements.org/vocab/InC-EDU/1.0/)."
    )
    notice = samples.load("tate_ar00001-98171.json")["thumbnailCopyright"]
    assert (
        attribution(notice, title="Portrait")
        == "\u201cPortrait\u201d is in copyright (\u00a9 Alex Katz)."
    )
    assert attribution(None) == "This work has no known license: check its rights before reuse."


def test_accepts_a_license_and_rejects_unknown_formats():
    assert attribution(normalize("cc-by-4.0"), title="T").endswith(
        "is licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    )
    with pytest.raises(ValueError, match="fmt must be one of"):
        attribution("CC0", fmt="pdf")
