"""Sources are found through the entry-point group ``h4og_kit.sources``: the kit's own, and a
team's package (the worked example of docs/write-a-source.md, tests/example_source/), with real
package metadata, used through ``h4og_kit.search``.

The example's API is made up; its loopback server answers with SYNTHETIC objects (mechanics only).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.cli import main
from h4og_kit.config import settings
from h4og_kit.sources import ENTRY_POINT_GROUP, SOURCES, UnknownSource, load, registered
from h4og_kit.sources.base import MissingKey

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "example_source"
KIT_SOURCES = ["artic", "cleveland", "commons", "dumps", "europeana", "finna", "iiif", "met",
               "oai", "smithsonian", "wikidata"]


def test_the_kit_registers_its_own_sources_as_entry_points():
    ours = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)
            if ep.dist is not None and ep.dist.name == "h4og-kit"}
    assert sorted(ours) == KIT_SOURCES
    assert ours["met"] == "h4og_kit.sources.met:MetSource"
    assert list(registered())[: len(KIT_SOURCES)] == KIT_SOURCES


def test_listing_names_imports_no_source():
    code = ("import sys, h4og_kit; names = list(h4og_kit.sources.SOURCES); "
            "print(len(names), sorted(m for m in sys.modules if m.startswith('h4og_kit.sources.')), "
            "'pandas' in sys.modules, 'requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(KIT_SOURCES)), "[]", "False", "False"]


def test_classes_declare_who_they_are_and_aliases_resolve():
    met = SOURCES["met"]
    assert (met.name, met.title, met.terms_url) == (
        "met", "The Metropolitan Museum of Art", "https://metmuseum.github.io/#terms")
    europeana = SOURCES["europeana"]
    assert (europeana.key_env, europeana.demo_key, europeana.signup_url) == (
        "EUROPEANA_API_KEY", "api2demo", "https://pro.europeana.eu/page/get-api")
    assert europeana.key_note == "key in EUROPEANA_API_KEY (a public demo key works for trying it out)"
    assert type(load("aic")).name == "artic" and type(load(" Wikimedia ")).name == "commons"
    with pytest.raises(UnknownSource, match="Valid names: artic, cleveland"):
        load("louvre")


# -- a team's own source, installed as a package --------------------------------------------------


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """tests/example_source as an installed package: a copy (nothing is written into the
    repository) whose metadata setuptools writes from its pyproject.toml (``egg_info``, as for an
    editable install), entry points included; on the import path, importlib.metadata finds it."""
    site = tmp_path_factory.mktemp("example-source") / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "egg_info"],
                   cwd=site, check=True, capture_output=True, text=True)
    assert (site / "h4og_example_source.egg-info" / "entry_points.txt").exists()
    return site


@pytest.fixture
def example(example_site, monkeypatch):
    """The example package on the import path, as after ``pip install``; removed afterwards."""
    monkeypatch.syspath_prepend(str(example_site))
    return SOURCES["example-museum"]


def synthetic_museum(httpserver, key: str, objects: int = 60) -> list[dict]:
    """The made-up API on loopback: SYNTHETIC objects 1..n, paged by offset and limit."""
    asked: list[dict] = []

    def answer(request):
        asked.append(request.args.to_dict())
        if request.args.get("key") != key:
            return Response('{"error": "bad key"}', status=403, content_type="application/json")
        start, size = int(request.args["offset"]), int(request.args["limit"])
        items = [{"id": i, "title": f"Synthetic object {i}", "maker": "Synthetic maker",
                  "year": "1890", "license": "CC0" if i % 2 else "All rights reserved"}
                 for i in range(start + 1, min(start + size, objects) + 1)]
        return Response(json.dumps({"total": objects, "objects": items}),
                        content_type="application/json")

    httpserver.expect_request("/v1/objects").respond_with_handler(answer)
    return asked


def test_an_installed_package_adds_a_source_that_search_finds(example, httpserver, online,
                                                              monkeypatch, tmp_path, capsys):
    assert example.__module__ == "h4og_example_source"
    assert "example-museum" in SOURCES and list(SOURCES)[-1] == "example-museum"
    # The key is read from .env like the kit's own keys, and kept out of sight.
    monkeypatch.delenv("EXAMPLE_MUSEUM_KEY", raising=False)
    (Path.cwd() / ".env").write_text("EXAMPLE_MUSEUM_KEY=team-key-4711\n", encoding="utf-8")
    assert settings().key("EXAMPLE_MUSEUM_KEY") == "team-key-4711"
    assert "EXAMPLE_MUSEUM_KEY" in settings().keys
    assert "team-key-4711" not in repr(settings())
    monkeypatch.setattr(example, "base_url", httpserver.url_for("/v1"))  # the API, on loopback
    monkeypatch.setattr("h4og_kit.sources.base._defaults", {})  # no shared instance made before
    asked = synthetic_museum(httpserver, "team-key-4711")

    df = h4og_kit.search("example-museum", "cat", limit=55, progress=False)

    assert len(df) == 55 and list(df["id"].astype(int)) == list(range(1, 56))
    assert [(a["offset"], a["limit"]) for a in asked] == [("0", "50"), ("50", "5")]
    assert all(a["q"] == "cat" for a in asked)
    assert df.attrs["offline"] is False and df.attrs["total"] == 60
    assert set(df["license_category"]) == {"public-domain", "in-copyright"}
    assert http.scrub("https://x/?k=team-key-4711") == "https://x/?k=***"  # registered secret
    reusable = h4og_kit.search("example-museum", "", limit=None, open_only=True, progress=False)
    assert len(reusable) == 30 and asked[-1]["open"] == "1"
    assert main(["sources"]) == 0
    assert re.search(r"example-museum +Example Museum — key in EXAMPLE_MUSEUM_KEY \(required\)",
                     capsys.readouterr().out)


def test_the_example_needs_its_key_and_is_honest_offline(example, monkeypatch):
    monkeypatch.delenv("EXAMPLE_MUSEUM_KEY", raising=False)
    offline = h4og_kit.search("example-museum", "cat", progress=False)  # H4OG_OFFLINE=1 here
    assert offline.empty and offline.attrs["offline"] is True
    assert "has no bundled sample responses" in offline.attrs["notice"]
    monkeypatch.setenv("H4OG_OFFLINE", "0")
    with pytest.raises(MissingKey, match="example.org/keys and set EXAMPLE_MUSEUM_KEY"):
        h4og_kit.search("example-museum", "cat", progress=False)


def test_the_worked_example_in_the_docs_is_the_tested_package():
    page = (ROOT / "docs" / "write-a-source.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", page, re.DOTALL)
    source = (EXAMPLE / "h4og_example_source" / "__init__.py").read_text(encoding="utf-8")
    pyproject = (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8")
    [cls] = [text for lang, text in blocks if "class ExampleMuseumSource(OffsetPaged)" in text]
    [meta] = [text for lang, text in blocks if lang == "toml" and "[project.entry-points" in text]
    assert cls in source and meta in pyproject
