"""Every link from workshops/ to a notebook, a workshop page or a section of one resolves.

Relative links must name an existing file; a ``#section`` must match a heading of that file (a
Markdown page, or a Markdown cell of a notebook), slugged as GitHub and MyST (``myst_heading_anchors``)
slug them. Binder links must open an existing path of this repository. Other web links are not
fetched (tests run offline).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
PAGES = sorted(WORKSHOPS.rglob("*.md"))
BINDER_BASE = "https://mybinder.org/v2/gh/h4og-kit/h4og-kit/HEAD"
PACKS = ["open-collections-90-minutes", "rights-and-reuse", "knowledge-equity", "hackathon-dashboard"]
PACK_FILES = ["facilitator-guide.md", "exercises.md", "solutions.md", "slides.md"]
#: Packs translated into the kit's other languages: <pack>/<lang>/ holds the same four files.
TRANSLATIONS = {"open-collections-90-minutes": ["fi", "ar", "zh", "es"]}
TRANSLATED_PACKS = [f"{pack}/{lang}" for pack, langs in TRANSLATIONS.items() for lang in langs]

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|<(https?://[^>\s]+)>")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FENCE = re.compile(r"```.*?```", re.DOTALL)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and MyST write it: lower case, punctuation dropped, spaces
    to hyphens."""
    text = unicodedata.normalize("NFKC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    return {slug(h) for h in _HEADING.findall(_CODE.sub("", text))}


def links(page: Path) -> list[str]:
    text = _CODE.sub("", page.read_text(encoding="utf-8"))
    return [a or b for a, b in _LINK.findall(text)]


def _check_binder(url: str) -> str | None:
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    if base != BINDER_BASE:
        return f"{url}: Binder links start with {BINDER_BASE}"
    urlpath = parse_qs(parts.query).get("urlpath", [""])[0]
    match = re.fullmatch(r"(?:lab/tree|voila/render)/(.+)", urlpath)
    if not match:
        return f"{url}: urlpath must be lab/tree/... or voila/render/..."
    if not (ROOT / unquote(match.group(1))).is_file():
        return f"{url}: {match.group(1)} does not exist"
    return None


def broken_links(page: Path) -> list[str]:
    problems = []
    for url in links(page):
        if url.startswith("https://mybinder.org/"):
            problem = _check_binder(url)
            if problem:
                problems.append(problem)
            continue
        if re.match(r"^[a-z]+:", url):
            continue  # other web links are not fetched offline
        target, _, anchor = url.partition("#")
        path = (page.parent / unquote(target)).resolve() if target else page
        if not path.is_file():
            problems.append(f"{url}: no file {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        elif anchor and anchor not in anchors(path):
            problems.append(f"{url}: no section #{anchor} in {path.name}")
    return problems


def test_index_and_four_complete_packs():
    assert (WORKSHOPS / "index.md").is_file()
    for pack in PACKS:
        for name in PACK_FILES:
            assert (WORKSHOPS / pack / name).is_file(), f"{pack}/{name} is missing"
    index_targets = {Path(u.partition("#")[0]) for u in links(WORKSHOPS / "index.md")}
    for pack in PACKS:
        for name in PACK_FILES:
            assert Path(pack) / name in index_targets, f"the index does not link {pack}/{name}"


@pytest.mark.parametrize("pack", PACKS + TRANSLATED_PACKS)
def test_pack_links_the_notebooks_it_uses_and_its_own_pages(pack):
    guide = links(WORKSHOPS / pack / "facilitator-guide.md")
    assert any(re.search(r"notebooks/.+\.ipynb", u) for u in guide), "the guide names no notebook"
    for name in ("exercises.md", "solutions.md", "slides.md"):
        assert name in guide, f"the facilitator guide does not link {name}"
    exercises = links(WORKSHOPS / pack / "exercises.md")
    assert any("notebooks/" in u for u in exercises), "the exercises link no notebook"
    assert "solutions.md" not in exercises, "exercises must not lead straight to the solutions"


@pytest.mark.parametrize("translation", TRANSLATED_PACKS)
def test_a_translated_pack_has_all_four_pages_and_the_index_lists_it(translation):
    for name in PACK_FILES:
        assert (WORKSHOPS / translation / name).is_file(), f"{translation}/{name} is missing"
    index_targets = {u.partition("#")[0] for u in links(WORKSHOPS / "index.md")}
    assert f"{translation}/facilitator-guide.md" in index_targets, f"the index does not list {translation}"


@pytest.mark.parametrize("translation", TRANSLATED_PACKS)
def test_every_translated_page_opens_with_a_draft_note_linking_its_english_original(translation):
    for name in PACK_FILES:
        page = WORKSHOPS / translation / name
        # Only a wrapper such as <div dir="rtl"> (Arabic) may come before the note.
        opening = page.read_text(encoding="utf-8").lstrip().partition("\n#")[0]
        lines = [line for line in opening.splitlines() if line.strip() and not line.startswith("<")]
        assert lines and lines[0].startswith(">"), f"{translation}/{name} does not open with the draft note"
        assert links(page)[0] == f"../{name}", f"{translation}/{name}: the note must link ../{name} first"


@pytest.mark.parametrize("translation", TRANSLATED_PACKS)
def test_a_translated_pack_keeps_the_code_of_the_english_pack(translation):
    """Code blocks call the library: a translation changes their prose, never their code."""
    pack = translation.split("/")[0]
    for name in PACK_FILES:
        english = _FENCE.findall((WORKSHOPS / pack / name).read_text(encoding="utf-8"))
        translated = _FENCE.findall((WORKSHOPS / translation / name).read_text(encoding="utf-8"))
        assert translated == english, f"{translation}/{name}: code blocks differ from ../{name}"


@pytest.mark.parametrize("translation", TRANSLATED_PACKS)
def test_a_translated_guide_starts_people_on_notebook_00_in_their_language(translation):
    """The guide links (and launches Binder on) notebooks/<lang>/00-start-here.ipynb; the other
    notebooks, not translated, are linked in English."""
    lang = translation.split("/")[-1]
    guide = links(WORKSHOPS / translation / "facilitator-guide.md")
    assert f"../../../notebooks/{lang}/00-start-here.ipynb" in guide
    assert any(u.startswith(BINDER_BASE) and u.endswith(f"notebooks/{lang}/00-start-here.ipynb")
               for u in guide), "the launch link does not open the translated notebook 00"
    assert "../../../notebooks/00-start-here.ipynb" not in guide
    assert any(u.startswith("../../../notebooks/01-") for u in guide)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(WORKSHOPS)))
def test_every_link_resolves(page):
    assert links(page) or page.name == "slides.md", f"{page} links nothing"
    assert broken_links(page) == []


def test_the_checker_catches_a_broken_section(tmp_path):
    """The checker itself: a missing file and a missing section are both reported."""
    page = tmp_path / "page.md"
    notebook = ROOT / "notebooks" / "01-fetch-open-collections.ipynb"
    page.write_text(
        f"[ok]({notebook}#save-to-csv) [bad section]({notebook}#no-such-section) "
        "[bad file](missing.ipynb) "
        f"[binder]({BINDER_BASE}?urlpath=lab/tree/notebooks/99-nothing.ipynb)",
        encoding="utf-8",
    )
    problems = broken_links(page)
    assert len(problems) == 3
    assert "no section #no-such-section" in problems[0]
    assert "no file" in problems[1]
    assert "99-nothing.ipynb does not exist" in problems[2]


def test_slug_matches_github_and_myst():
    assert slug("Keep what you may reuse") == "keep-what-you-may-reuse"
    assert slug("One search, one source") == "one-search-one-source"
    assert slug("From notebook to app: Voila") == "from-notebook-to-app-voila"
    # Translated headings keep their letters (Python's \w is Unicode, as in MyST's slugify).
    assert slug("Tehtävä 1: oma haku") == "tehtävä-1-oma-haku"
    assert slug("练习 1：你自己的搜索") == "练习-1你自己的搜索"
    assert slug("التمرين 1: بحثك الخاص") == "التمرين-1-بحثك-الخاص"


def test_docs_site_lists_every_notebook_and_workshop_page():
    """``make docs`` builds only what docs/_toc.yml lists: every notebook and workshop page is in it."""
    toc = (ROOT / "docs" / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s*(?:root|- file):\s*(\S+)", toc, re.MULTILINE))
    expected = {f"notebooks/{p.stem}" for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}
    expected |= {str(p.relative_to(ROOT).with_suffix("")) for p in PAGES}
    assert expected - listed == set(), "missing from docs/_toc.yml"
    for entry in listed:
        assert list(ROOT.glob(f"{entry}.*")), f"docs/_toc.yml lists {entry}, which does not exist"
