"""CollectionExplorer and RightsExplorer on the bundled real samples (offline)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from widget_helpers import HOSTILE_TITLES, assert_no_markup_from

from h4og_kit.rights import attribution
from h4og_kit.widgets import CollectionExplorer, RightsExplorer
from h4og_kit.widgets.explorer import iiif_viewer_links

pytest_plugins = ["widget_fixtures"]


@pytest.fixture(scope="module")
def artic_explorer(tmp_path_factory):
    """One offline search, shared (module fixtures run before the autouse offline settings)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("H4OG_OFFLINE", "1")
        mp.setenv("H4OG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return CollectionExplorer("artic", query="")


def test_an_offline_search_says_so_and_pages_the_results(artic_explorer):
    ex = artic_explorer
    assert ex.frame.attrs["offline"] is True
    assert "Offline (H4OG_OFFLINE=1 is set)" in ex.status.value
    assert "100 records found." in ex.status.value
    assert len(ex.results.children) == 12
    assert ex.page_label.value == "Page 1 of 9: records 1 to 12"
    first = ex.results.children[0].children[0].value
    assert "The Madonna of the Rosary" in first and "Israhel van Meckenem, the younger" in first
    assert "h4og-badge-public-domain" in first
    ex.next_button.click()
    assert ex.page_label.value == "Page 2 of 9: records 13 to 24"
    assert not ex.previous_button.disabled
    ex.show_page(99)
    assert ex.page_label.value == "Page 9 of 9: records 97 to 100" and ex.next_button.disabled
    assert len(ex.results.children) == 4


def test_filters_keep_reusable_records_or_one_category(artic_explorer):
    ex = artic_explorer
    ex.reusable_only.value = True
    assert set(ex.selection["license_category"]) == {"public-domain"}
    reusable = len(ex.selection)
    assert f"{reusable} of 100 records match the filters." in ex.status.value
    ex.reusable_only.value = False
    ex.category_filter.value = "unknown"
    assert set(ex.selection["license_category"]) == {"unknown"}
    assert len(ex.selection) == 100 - reusable
    ex.category_filter.value = ""
    assert len(ex.selection) == 100


def test_a_record_opens_with_its_credit_line_viewers_and_terms(artic_explorer):
    ex = artic_explorer
    position = int((ex.selection["title"] == "Jeanne Bécu, Comtesse Du Barry, and her servant Zamor")
                   .to_numpy().nonzero()[0][0])
    record = ex.open_record(position)
    assert ex.detail_box.layout.display == ""
    assert ex.credit.value == attribution(record)
    assert ex.credit.value.startswith("\u201cJeanne Bécu, Comtesse Du Barry, and her servant Zamor\u201d")
    assert "public domain" in ex.credit.value
    assert "Open in Mirador" in ex.detail.value and "IIIF manifest" in ex.detail.value
    assert "<mark title=" in ex.terms.value and ">servant</mark>" in ex.terms.value
    assert "A match is a prompt to look, not a verdict" in ex.terms.value


def test_the_selection_exports_to_csv(artic_explorer, tmp_path):
    ex = artic_explorer
    ex.category_filter.value = "public-domain"
    frame = pd.read_csv(io.StringIO(ex.selection_csv()))
    assert len(frame) == len(ex.selection) and set(frame["license_category"]) == {"public-domain"}
    ex.export_csv(tmp_path / "out.csv")
    assert pd.read_csv(tmp_path / "out.csv")["id"].astype(str).tolist() == \
        ex.selection["id"].astype(str).tolist()
    ex.export_button.click()
    assert 'download="artic-selection.csv"' in ex.export_link.value
    assert f"({len(ex.selection)} records)" in ex.export_link.value
    ex.category_filter.value = ""


def test_the_source_picker_shows_terms_and_a_key_field_where_needed():
    ex = CollectionExplorer("artic")
    assert ex.key_input.layout.display == "none"
    assert 'href="https://www.artic.edu/open-access/public-api"' in ex.source_info.value
    ex.source_picker.value = "europeana"
    assert ex.key_input.layout.display == ""
    assert ex.key_input.description == "API key (EUROPEANA_API_KEY)"
    assert "https://www.europeana.eu/en/rights/api-terms-of-use" in ex.source_info.value


def test_a_failing_search_says_what_to_do(monkeypatch):
    from h4og_kit.http import SourceError
    from h4og_kit.sources import base

    def broken(self, *args, **kwargs):
        raise SourceError("artic", "https://api.artic.edu/api/v1/artworks/search", 503,
                          hint="The service is down.")

    monkeypatch.setattr(base.Source, "search", broken)
    ex = CollectionExplorer("artic", query="cats")
    assert "artic: HTTP 503" in ex.status.value and "What to do" in ex.status.value
    assert ex.results.children == () and ex.frame is None
    assert not ex.search_button.disabled


def test_a_failing_search_is_reported_in_a_kernel_too(monkeypatch):
    """In a kernel, an Output widget would swallow exceptions (it shows a traceback instead): the
    page must still say what went wrong, not stay "Searching", and hide its progress bar."""
    from ipywidgets.widgets import widget_output

    from h4og_kit.http import SourceError
    from h4og_kit.sources import base

    class Kernel:
        def showtraceback(self, *args, **kwargs):
            pass

    def broken(self, *args, **kwargs):
        raise SourceError("artic", None, 503, hint="The service is down.")

    monkeypatch.setattr(widget_output, "get_ipython", Kernel)
    monkeypatch.setattr(base.Source, "search", broken)
    ex = CollectionExplorer("artic", query="cats")
    assert "artic: HTTP 503" in ex.status.value and "Searching" not in ex.status.value
    assert not ex.search_button.disabled and ex.progress_box.layout.display == "none"


def test_a_refused_address_is_explained_without_blaming_the_connection(monkeypatch):
    """Served to the public, the explorer cannot be made to fetch an internal address: the page
    says the address was refused and what the setting is, not "check your connection"."""
    monkeypatch.setenv("H4OG_SERVED", "1")
    monkeypatch.setenv("H4OG_OFFLINE", "0")
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")  # ignored when served
    ex = CollectionExplorer("iiif", query="http://169.254.169.254/latest/meta-data/")
    assert "refused to fetch http://169.254.169.254/latest/meta-data/" in ex.status.value
    assert "What to do: check your connection" not in ex.status.value
    assert ex.frame is None and ex.results.children == ()


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_record_text_is_escaped(title):
    """A synthetic record (mechanics only): whatever a source returns is shown as text."""
    html = CollectionExplorer.card_html({"title": title, "creator": title, "license_category":
                                         "open", "thumbnail_url": "javascript:alert(1)"})
    assert title not in html and "javascript:" not in html
    frame = pd.DataFrame([{"title": title, "description": title, "license_category": "unknown",
                           "url": "javascript:alert(1)", "iiif_manifest": None}])
    ex = CollectionExplorer("artic")
    ex.selection = frame
    ex.open_record(0)
    assert_no_markup_from([title], ex)
    assert 'href="javascript' not in ex.detail.value


def test_viewer_links_encode_the_manifest():
    links = dict(iiif_viewer_links("https://example.org/iiif/1/manifest.json?a=b&c=d"))
    assert links["Open in Mirador"] == ("https://projectmirador.org/embed/?iiif-content="
                                        "https%3A%2F%2Fexample.org%2Fiiif%2F1%2Fmanifest.json"
                                        "%3Fa%3Db%26c%3Dd")
    assert iiif_viewer_links("ftp://example.org/m.json") == []


def test_the_rights_explorer_charts_tabulates_and_checks():
    view = RightsExplorer(sources=("artic", "cleveland", "finna"), limit=50)
    assert "Offline: these figures come from the bundled real sample responses" in view.chart.value
    assert "Public domain: 20 · Rights unknown: 30 (50 records)" in view.chart.value
    assert 'title="Public domain: 20 (40%)"' in view.chart.value
    assert "Public domain: 26 (26 records)" in view.chart.value
    assert "Open license: 13 (13 records)" in view.chart.value
    assert "CC0 1.0" in view.values.value and "Rights as given" in view.values.value
    assert view.check() is True  # CC BY 4.0 + CC BY-SA 4.0
    assert "The adaptation&#x27;s license: CC BY-SA 4.0." in view.answer.value
    view.first.value, view.second.value = "CC BY-SA 4.0", "CC BY-NC-SA 4.0"
    view.check_button.click()
    assert "No: CC BY-SA 4.0 and CC BY-NC-SA 4.0 are ShareAlike licenses" in view.answer.value
    view.first.value = "<script>alert(1)</script>"
    view.check()
    assert "<script>" not in view.answer.value


# -- progress, counts, a record brought into view, credit, images ----------------------------------

class _PagedSource:
    """Synthetic (mechanics only): a source whose search moves a ``tqdm.auto`` bar page by page,
    waits once, logs, warns and prints, as a live search through the kit may."""

    name = "paged"

    def __init__(self, seen):
        self.seen = seen

    def search(self, query, limit=100, progress=True, **kwargs):
        import logging
        import sys
        import warnings

        from tqdm.auto import tqdm

        bar = tqdm(total=limit, desc="paged", unit="rec", disable=not progress)
        bar.set_postfix_str("waiting 2 s: the provider asked us to slow down", refresh=True)
        self.seen.append((bar.n, self.explorer.progress_note.value))
        for _ in range(3):
            bar.update(10)
            self.seen.append((self.explorer.progress.value, self.explorer.progress.max))
        bar.close()
        logging.getLogger("h4og_kit").warning("a log line for the terminal")
        warnings.warn("paged: 2 listed objects no longer exist; skipped.", stacklevel=1)
        print("printed", file=sys.stderr)
        frame = pd.DataFrame([{"title": f"Record {i}", "license_category": "unknown",
                               "thumbnail_url": f"https://images.example.org/{i}.jpg"}
                              for i in range(20)])
        frame.attrs.update(offline=False)
        return frame


def test_a_search_moves_a_widget_bar_and_prints_nothing(monkeypatch, capsys, caplog):
    import h4og_kit.sources

    seen = []
    source = _PagedSource(seen)
    monkeypatch.setattr(h4og_kit.sources, "load", lambda name, **kw: source)
    ex = CollectionExplorer("artic", limit=30)
    source.explorer = ex
    with caplog.at_level("WARNING"):
        ex.search()
    assert seen == [(0, "waiting 2 s: the provider asked us to slow down"),
                    (10, 30), (20, 30), (30, 30)]
    assert ex.progress_box.layout.display == "none"  # shown only while searching
    assert capsys.readouterr() == ("", "")  # no terminal bar, no log line, no print
    assert "a log line" not in caplog.text
    assert ("paged: 2 listed objects no longer exist; skipped." in ex.status.value
            and "h4og-warning" in ex.status.value)
    import logging

    assert logging.getLogger("h4og_kit").propagate  # the logger is given back as it was


def test_counts_and_pages_agree(monkeypatch):
    import h4og_kit.sources

    source = _PagedSource([])
    monkeypatch.setattr(h4og_kit.sources, "load", lambda name, **kw: source)
    ex = CollectionExplorer("artic", page_size=12)
    source.explorer = ex
    ex.search()
    assert "20 records found." in ex.status.value and "of 20" not in ex.status.value
    assert ex.page_label.value == "Page 1 of 2: records 1 to 12"
    ex.next_button.click()
    assert ex.page_label.value == "Page 2 of 2: records 13 to 20"
    assert len(ex.results.children) == 8
    # online, the cards show the images, with their titles as alt text
    assert ('<img class="h4og-thumb" src="https://images.example.org/12.jpg" alt="Record 12"'
            in ex.results.children[0].children[0].value)


def test_offline_images_are_a_placeholder_not_a_broken_image(artic_explorer):
    ex = artic_explorer
    ex.show_page(0)
    placeholder = '<div class="h4og-thumb h4og-placeholder" dir="auto">Image not shown offline</div>'
    cards = [card.children[0].value for card in ex.results.children]
    assert all("<img" not in card for card in cards)
    with_image = [i for i in range(len(cards)) if ex.selection["thumbnail_url"].notna().iloc[i]]
    assert with_image and all(placeholder in cards[i] for i in with_image)
    ex.open_record(with_image[0])
    assert "<img" not in ex.detail.value and placeholder in ex.detail.value


def test_an_opened_record_asks_to_be_brought_into_view_each_time(artic_explorer):
    ex = artic_explorer
    ex.open_record(3)
    first = ex.detail.value
    ex.open_record(3)  # the same record again: a new mark, so the page scrolls to it again
    assert 'data-h4og-scroll="' in first and first != ex.detail.value
    assert ex.detail_box.layout.display == ""
    # the pane sits beside the results (below them when the page is narrow)
    assert any(ex.detail_box in child.children for child in ex.children
               if "h4og-browse" in getattr(child, "_dom_classes", ()))


def test_the_credit_line_has_a_copy_button(artic_explorer):
    from html import unescape

    ex = artic_explorer
    record = ex.open_record(0)
    line = attribution(record)
    button = ex.credit_copy.value
    assert 'data-h4og-copied="Copied."' in button and ">Copy the credit line</button>" in button
    copied = unescape(button.split('data-h4og-copy="', 1)[1].split('"', 1)[0])
    assert copied == line == ex.credit.value


def test_images_have_alt_text():
    from h4og_kit.widgets.explorer import picture

    assert 'alt="A map"' in picture({"title": "A map", "thumbnail_url": "https://x.org/a.jpg"})
    assert 'alt="Image of an untitled record"' in picture({"image_url": "https://x.org/a.jpg"})
    assert picture({"title": "No image"}) == ""
    assert picture({"title": "Bad", "thumbnail_url": "javascript:alert(1)"}) == ""


def test_the_search_shows_its_quality_report_folded(artic_explorer):
    report = artic_explorer.frame.attrs["report"]
    shown = artic_explorer.quality.value
    assert shown.startswith('<details class="h4og-quality-details')
    assert "<summary>Quality report: 100 records.</summary>" in shown
    missing_dates = int(artic_explorer.frame["date"].isna().sum())
    assert report.count("date", "missing") == missing_dates
    assert f"<td>date</td><td>missing</td><td>{missing_dates}</td>" in shown
