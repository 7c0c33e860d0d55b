"""The escaping primitives and small pieces of h4og_kit.html (moved from the widget tests)."""

from __future__ import annotations

import base64

import pytest
from widget_helpers import HOSTILE_TITLES

from h4og_kit import html as markup
from h4og_kit.html import Html, bdi, block, esc, fill, join


@pytest.mark.parametrize("text", HOSTILE_TITLES)
def test_every_piece_escapes_its_text(text):
    pieces = [markup.esc(text), markup.badge(text, "open"), markup.tags([text], text),
              markup.banner(text, "error"), markup.bullet_list([text]),
              markup.table([text], [[text]], caption=text), markup.link(text, "https://x.org"),
              markup.image("https://x.org/i.png", text), markup.highlight(text, [(0, 4, text)]),
              bdi(text), block("p", text), fill("{} and {}", text, bdi(text)), join(", ", [text])]
    for html in pieces:
        assert text not in html and "<script>" not in html and "<img src=x" not in html


def test_only_web_urls_become_links_or_images():
    assert markup.link("a", "javascript:alert(1)") == "a"
    assert markup.link("a", "https://example.org/x y") == "a"
    assert markup.link("a", 'https://example.org/"onmouseover=') == (
        '<a href="https://example.org/&quot;onmouseover=" target="_blank" '
        'rel="noopener noreferrer nofollow">a</a>')
    assert markup.image("data:image/png;base64,xx", "alt") == ""


def test_highlight_marks_spans_and_skips_overlaps():
    html = markup.highlight("a <b> servant c", [(6, 13, "note <x>"), (8, 10, "overlap")])
    assert html == 'a &lt;b&gt; <mark title="note &lt;x&gt;">servant</mark> c'


def test_download_links_carry_the_content():
    html = markup.download_link("a,b\n1,<2>\n", "x.csv", "text/csv", "Get <it>")
    payload = html.split("base64,")[1].split('"')[0]
    assert base64.b64decode(payload).decode() == "a,b\n1,<2>\n"
    assert ">Get &lt;it&gt;</a>" in html


def test_built_html_is_escaped_once_and_typed_text_every_time():
    typed = 'ليلى <b>"&'
    assert esc(typed) == "ليلى &lt;b&gt;&quot;&amp;"
    assert esc(esc(typed)) == esc(typed)  # built HTML passes through
    assert esc(typed + "") == esc(typed)  # plain text (even equal to built HTML) is escaped
    assert bdi(typed) == "<bdi>ليلى &lt;b&gt;&quot;&amp;</bdi>" and bdi("") == ""
    assert block("h3", typed) == '<h3 dir="auto">ليلى &lt;b&gt;&quot;&amp;</h3>'
    assert block("p", typed, "h4og-desc") == (
        '<p class="h4og-desc" dir="auto">ليلى &lt;b&gt;&quot;&amp;</p>')
    assert fill("Saved {} & {}", bdi(typed), "<i>") == (
        "Saved <bdi>ليلى &lt;b&gt;&quot;&amp;</bdi> &amp; &lt;i&gt;")
    assert markup.banner(bdi(typed)).count("<bdi>") == 1
    assert isinstance(markup.tags([typed], "x"), Html)
    assert markup.tags([typed], "x") == (
        '<div class="h4og-tags" aria-label="x"><bdi class="h4og-tag">ليلى &lt;b&gt;&quot;&amp;'
        "</bdi></div>")


def test_only_the_text_module_escapes():
    """All escaping lives in h4og_kit/html/text.py: no other module of the rendering layer or
    the widgets calls html.escape itself, and no widget marks text as built HTML."""
    from pathlib import Path

    import h4og_kit

    root = Path(h4og_kit.__file__).parent
    for path in [*(root / "html").glob("*.py"), *(root / "widgets").glob("*.py")]:
        if path.name == "text.py" and path.parent.name == "html":
            continue
        source = path.read_text(encoding="utf-8")
        assert "from html import" not in source and "html.escape" not in source, path
        if path.parent.name == "widgets":  # only the rendering layer vouches for built HTML
            assert "Html(" not in source, path
