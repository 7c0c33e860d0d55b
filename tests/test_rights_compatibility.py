"""compatible(): the Creative Commons chart for combining two works into one adaptation."""

from __future__ import annotations

import itertools

import pytest

from h4og_kit.rights import Compatibility, compatible, normalize

LICENSES = [
    "CC0",
    "CC BY 4.0",
    "CC BY-SA 4.0",
    "CC BY-NC 4.0",
    "CC BY-NC-SA 4.0",
    "CC BY-ND 4.0",
    "CC BY-NC-ND 4.0",
]

#: The CC chart for remixing two works: the license of the adaptation, or None where they cannot
#: be combined. Symmetric; ND never combines.
CHART = {
    ("CC0", "CC0"): "CC0 1.0",
    ("CC0", "CC BY 4.0"): "CC BY 4.0",
    ("CC0", "CC BY-SA 4.0"): "CC BY-SA 4.0",
    ("CC0", "CC BY-NC 4.0"): "CC BY-NC 4.0",
    ("CC0", "CC BY-NC-SA 4.0"): "CC BY-NC-SA 4.0",
    ("CC BY 4.0", "CC BY 4.0"): "CC BY 4.0",
    ("CC BY 4.0", "CC BY-SA 4.0"): "CC BY-SA 4.0",
    ("CC BY 4.0", "CC BY-NC 4.0"): "CC BY-NC 4.0",
    ("CC BY 4.0", "CC BY-NC-SA 4.0"): "CC BY-NC-SA 4.0",
    ("CC BY-SA 4.0", "CC BY-SA 4.0"): "CC BY-SA 4.0",
    ("CC BY-SA 4.0", "CC BY-NC 4.0"): None,
    ("CC BY-SA 4.0", "CC BY-NC-SA 4.0"): None,
    ("CC BY-NC 4.0", "CC BY-NC 4.0"): "CC BY-NC 4.0",
    ("CC BY-NC 4.0", "CC BY-NC-SA 4.0"): "CC BY-NC-SA 4.0",
    ("CC BY-NC-SA 4.0", "CC BY-NC-SA 4.0"): "CC BY-NC-SA 4.0",
}


def expected(a: str, b: str) -> str | None:
    if "ND" in a or "ND" in b:
        return None
    return CHART.get((a, b), CHART.get((b, a)))


@pytest.mark.parametrize("a, b", list(itertools.product(LICENSES, repeat=2)))
def test_chart(a, b):
    answer = compatible(a, b)
    assert isinstance(answer, Compatibility)
    want = expected(a, b)
    assert answer.ok is (want is not None), answer.reason
    assert bool(answer) is answer.ok
    assert (answer.license.label if answer.license else None) == want
    assert answer.reason.endswith(".") and answer.reason.count(". ") == 0  # one sentence


def test_reasons_name_the_conflict():
    assert "NoDerivatives" in compatible("CC BY-ND 4.0", "CC0").reason
    clash = compatible("CC BY-SA 4.0", "CC BY-NC-SA 4.0").reason
    assert "CC BY-SA 4.0" in clash and "CC BY-NC-SA 4.0" in clash
    assert "NC" in compatible("CC BY-SA 4.0", "CC BY-NC 4.0").reason


def test_public_domain_in_any_form_adds_nothing():
    # the Met's isPublicDomain flag, Commons' "Public domain", NoC-US, the Public Domain Mark
    for pd_value in (
        True,
        "Public domain",
        "http://rightsstatements.org/vocab/NoC-US/1.0/",
        "http://creativecommons.org/publicdomain/mark/1.0/",
    ):
        answer = compatible(pd_value, "CC BY-SA 3.0 de")
        assert (
            answer.ok and answer.license.uri == "https://creativecommons.org/licenses/by-sa/3.0/de/"
        )


def test_versions_and_ports_of_share_alike():
    later = compatible("CC BY-SA 3.0", "CC BY-SA 4.0")
    assert later.ok and later.license.label == "CC BY-SA 4.0"
    ports = compatible("CC BY-SA 3.0 es", "CC BY-SA 3.0 de")
    assert ports.ok and ports.license.uri == "https://creativecommons.org/licenses/by-sa/3.0/"
    assert not compatible("CC BY-SA 1.0", "CC BY-SA 2.0").ok  # 1.0 ShareAlike allows only itself
    mixed = compatible("CC BY 2.0", "CC BY-NC 4.0")
    assert mixed.ok and mixed.license.label == "CC BY-NC 4.0"


def test_outside_the_chart_is_no_with_a_reason():
    copyright_notice = compatible("\u00a9 Alex Katz", "CC BY 4.0")
    assert not copyright_notice.ok and "rights holder" in copyright_notice.reason
    unknown = compatible(
        "Please contact the Houston Metropolitan Research Center, Houston, Texas.", "CC0"
    )
    assert not unknown.ok and "unknown" in unknown.reason
    odbl = compatible("ODbL-1.0", "CC BY 4.0")
    assert not odbl.ok and "not a Creative Commons license" in odbl.reason
    edu = compatible("http://rightsstatements.org/vocab/InC-EDU/1.0/", "CC BY 4.0")
    assert not edu.ok and edu.license is None


def test_accepts_licenses_as_well_as_raw_values():
    assert (
        compatible(normalize("cc-by-4.0"), normalize("CC BY-SA 4.0")).license.label
        == "CC BY-SA 4.0"
    )
