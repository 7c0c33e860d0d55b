"""HTML to plain text for source values (Commons extmetadata, IIIF labels and values)."""

from __future__ import annotations

from h4og_kit.text import one_line, plain_text


def test_tags_go_entities_are_decoded_and_hidden_text_is_left_out():
    # Values as they appear in the recorded Commons and Library of Congress answers.
    assert plain_text('<a href="//commons.wikimedia.org/wiki/User:PtrQs">PtrQs</a>') == "PtrQs"
    assert (
        plain_text('1891<div style="display: none;">date QS:P,+1891-00-00T00:00:00Z/9</div>')
        == "1891"
    )
    assert (
        plain_text("M. &amp; Eltaher Collection. <cite>Title</cite>.")
        == "M. & Eltaher Collection. Title."
    )
    assert plain_text("<script>alert(1)</script><style>b{}</style>kept") == "kept"
    assert plain_text("<span hidden>secret</span>shown") == "shown"


def test_blocks_become_lines_and_plain_text_is_kept():
    assert plain_text("<p>one</p><p>two<br>three</p>") == "one\ntwo\nthree"
    assert plain_text("a < b and c > d") == "a < b and c > d"  # no markup: left alone
    assert plain_text("  spaced\r\n   out  ") == "spaced\nout"
    assert plain_text("<b>unclosed <i>tags") == "unclosed tags"
    assert plain_text("") is None and plain_text(None) is None and plain_text("<br>") is None
    assert (
        one_line("Vanderhorst, James P;<br>Heidel, Bonnie L")
        == "Vanderhorst, James P; Heidel, Bonnie L"
    )
