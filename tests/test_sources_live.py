"""Live searches against the real APIs (marked ``network``: left out of CI, run with ``-m network``).

They check what the recorded samples cannot: that today's APIs still accept the kit's requests and
still answer in the shape ``parse`` reads. Keys come from the environment or the public demo keys.
"""

from __future__ import annotations

import pytest

import h4og_kit
from h4og_kit.records import COLUMNS


@pytest.mark.network
@pytest.mark.parametrize(
    "source, query",
    [
        ("artic", "cat"),
        ("cleveland", "cat"),
        ("finna", "kissa"),
        ("smithsonian", "cat"),
        ("europeana", "cat"),
    ],
)
def test_live_search_returns_common_records(source, query, online):
    df = h4og_kit.search(source, query, limit=5, open_only=True, progress=False, strict=True)
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["offline"] is False
    assert 0 < len(df) <= 5
    assert df["id"].notna().all() and df["title"].notna().all()
    assert set(df["license_category"]) <= {"public-domain", "open"}
