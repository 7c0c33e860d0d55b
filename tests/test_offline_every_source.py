"""Offline, every source answers from its bundled real responses, and says so."""

from __future__ import annotations

import pytest

import h4og_kit
from h4og_kit.records import COLUMNS, DTYPES
from h4og_kit.sources import SOURCES


@pytest.mark.parametrize("name", list(SOURCES))
def test_every_source_answers_offline_with_the_common_columns(name):
    df = h4og_kit.search(name, "", limit=None, progress=False)
    assert len(df) >= 1, f"{name} has no bundled records"
    assert list(df.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in df.dtypes.items()} == DTYPES
    assert df.attrs["offline"] is True and "bundled real sample" in df.attrs["notice"]
    assert set(df["source"]) == {name}
    assert df["id"].is_unique
    assert set(df["license_category"]) <= {"public-domain", "open", "restricted", "in-copyright",
                                           "unknown"}


def test_offline_query_filters_by_word_starts():
    df = h4og_kit.search("artic", "monet", progress=False)
    assert len(df) >= 1 and all("monet" in c.lower() for c in df["creator"] + " " + df["title"])
    none = h4og_kit.search("artic", "cat", progress=False)
    assert none.empty and list(none.columns) == list(COLUMNS)
    assert "search with an empty query" in none.attrs["notice"]


def test_offline_open_only_keeps_reusable_records():
    df = h4og_kit.search("cleveland", "", open_only=True, limit=None, progress=False)
    assert len(df) >= 1 and set(df["license_category"]) <= {"public-domain", "open"}


def test_catalog_lists_every_source_with_its_bundled_records():
    table = h4og_kit.sources.catalog()
    assert list(table["source"]) == list(SOURCES)
    assert (table["bundled records"] > 0).all()
    europeana = table.set_index("source").loc["europeana"]
    assert "EUROPEANA_API_KEY" in europeana["key"]
