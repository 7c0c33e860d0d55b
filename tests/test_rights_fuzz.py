"""Hypothesis fuzzing: normalize never raises, and never calls an unrecognized value open."""

from __future__ import annotations

import string

import rights_samples as samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from h4og_kit.rights import CATEGORIES, normalize

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Letters from which no license id, name, URL or keyword can be spelt, plus digits and punctuation.
JUNK = "fhjkqvwzFHJKQVWZ" + string.digits + " .,;:-_/()[]#?&=+*'\"\n\t"

#: Real text from the samples that is about the object, not its rights (AIC credit lines, titles).
NON_RIGHTS_TEXT = sorted(
    {row["credit_line"] for row in samples.artic()["data"] if row["credit_line"]}
    | {row["title"] for row in samples.artic()["data"] if row["title"]}
)


def check_invariants(value) -> None:
    lic = normalize(value)
    assert lic.category in CATEGORIES
    assert lic.is_open == (lic.category in ("public-domain", "open"))
    if lic.category == "unknown":
        assert not lic.is_open
        assert lic.uri == "" or lic.uri.startswith("http")


@FUZZ
@given(
    st.one_of(
        st.text(),
        st.binary(),
        st.integers(),
        st.floats(allow_nan=True),
        st.none(),
        st.booleans(),
        st.lists(st.text(), max_size=4),
        st.dictionaries(st.text(max_size=8), st.text(), max_size=3),
    )
)
def test_never_raises(value):
    check_invariants(value)


@FUZZ
@given(st.text(alphabet=JUNK))
def test_junk_is_never_open(text):
    lic = normalize(text)
    assert lic.category in ("unknown", "in-copyright") and not lic.is_open
    assert lic.uri == ""


@FUZZ
@given(st.sampled_from(NON_RIGHTS_TEXT), st.text(alphabet=JUNK, max_size=20))
def test_real_non_rights_text_is_never_open(text, junk):
    assert NON_RIGHTS_TEXT, "the AIC sample should carry credit lines and titles"
    lic = normalize(text + junk)
    assert not lic.is_open, text


@FUZZ
@given(st.text(alphabet="fhjkqvwz0123456789-./", min_size=1, max_size=20))
def test_made_up_cc_paths_are_never_open(path):
    lic = normalize("https://creativecommons.org/licenses/" + path)
    assert not lic.is_open and lic.uri == ""


@FUZZ
@given(
    st.sampled_from(
        [
            ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
            ("CC BY-SA 3.0 de", "https://creativecommons.org/licenses/by-sa/3.0/de/"),
            (
                "http://creativecommons.org/licenses/by-nc-sa/3.0/",
                "https://creativecommons.org/licenses/by-nc-sa/3.0/",
            ),
            (
                "http://creativecommons.org/publicdomain/zero/1.0/",
                "https://creativecommons.org/publicdomain/zero/1.0/",
            ),
            (
                "http://rightsstatements.org/vocab/InC-EDU/1.0/",
                "http://rightsstatements.org/vocab/InC-EDU/1.0/",
            ),
        ]
    ),
    st.text(alphabet=" ,;:()[]\n", max_size=10),
    st.text(alphabet=" ,;:()[]\n", max_size=10),
)
def test_a_license_inside_text_is_found(pair, before, after):
    value, uri = pair
    assert normalize(before + value + after).uri == uri
