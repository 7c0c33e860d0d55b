"""Every page in every language, in the system Chromium: the public showcase and each Voila app
in English, Finnish, Arabic, Chinese and Spanish, and in the pseudo-locale.

- Each page declares its language (``<html lang>``) and shows the words of its catalog.
- Arabic pages are laid out right to left (the computed ``direction``), with the header's
  menus mirrored: the first link is the rightmost.
- Arabic and Chinese text is drawn with the Noto fonts (Chromium's own record of the fonts it
  used for a node, ``CSS.getPlatformFontsForNode``), not with boxes; ``document.fonts.check``
  agrees. Screenshots are kept in ``test-artifacts/languages/<page>-<lang>-<width>.png``.
- In the pseudo-locale ``en-XA`` (every message of the code accented and bracketed,
  tests/pseudo_locale.py) every visible text node of every page changes, except text people
  typed (isolated in ``<bdi>`` or ``dir="auto"``), text that declares another language
  (``lang``), what CLDR writes (times in ``<time>``, language names: English ones in ``en-XA``),
  the language menu (each language by its own name), and the kit's and the event's names: no
  hard-coded English is left.
"""

from __future__ import annotations

import json

import pytest
from babel import Locale
from browser_helpers import ARTIFACTS, open_page, served_dashboards

from h4og_kit import i18n
from h4og_kit.dashboards.apps import APPS

pytest_plugins = ["browser_fixtures"]

LANGUAGES = ("en", "fi", "ar", "zh", "es")
WIDTHS = (390, 1280)
SHOTS = ARTIFACTS / "languages"
#: Names that stay as they are in every language, and the language names CLDR gives in English
#: (in the pseudo-locale, CLDR's words are English ones).
NAMES = {"h4og-kit", "Hack4OpenGLAM", *Locale("en").languages.values()}
#: Which fonts must draw a script: family names as Chromium reports them.
FONTS = {"ar": ("Noto Sans Arabic", "Noto Naskh Arabic", "Noto Kufi Arabic"),
         "zh": ("Noto Sans CJK SC",)}
SAMPLES = {"ar": "نطاق عام", "zh": "开放获取"}


@pytest.fixture(scope="module")
def server(tmp_path_factory, pseudo_locale_dir):
    """``h4og serve --demo`` with the kit's catalogs and the pseudo-locale's."""
    home = tmp_path_factory.mktemp("languages")
    with served_dashboards(home, "languages-server", H4OG_OFFLINE="1",
                           H4OG_ADMIN_TOKEN="h4og_languages-organizer",
                           H4OG_LOCALE_DIR=str(pseudo_locale_dir)) as served:
        yield served



def test_the_kit_has_a_catalog_for_each_of_the_events_languages():
    assert set(i18n.available()) == set(LANGUAGES)


def _said(lang: str, message: str) -> str:
    return i18n.translations(lang).gettext(message)


def _direction(page) -> str:
    return page.evaluate("getComputedStyle(document.body).direction")


def _mirrored(links) -> bool:
    """Whether the first of the ``links`` (a locator) stands right of the last (a right-to-left
    menu)."""
    boxes = [box for box in (link.bounding_box() for link in links.all()) if box]
    return len(boxes) > 1 and boxes[0]["x"] > boxes[-1]["x"]


def _fonts_used(page, selector: str) -> set[str]:
    """The font families Chromium drew the text of ``selector`` with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts if font["glyphCount"]}


def _check_script(page, lang: str, selector: str) -> None:
    if lang not in FONTS:
        return
    used = _fonts_used(page, selector)
    assert used & set(FONTS[lang]), f"{lang}: {selector} drawn with {used}, not with Noto"
    assert page.evaluate(f"document.fonts.check('16px \"{FONTS[lang][0]}\"', "
                         f"{SAMPLES[lang]!r})")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_public_showcase_speaks_each_language(context, server, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(context, f"{server['base']}/?lang={lang}", ready="#h4og-cards")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator(".h4og-activity h2").inner_text() == _said(lang, "Live activity")
    assert _direction(page) == i18n.direction(lang)
    assert _mirrored(page.locator("header nav").first.locator("a")) == (lang == "ar")
    _check_script(page, lang, ".h4og-activity h2")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"public-showcase-{lang}-{width}.png"))
    page.locator('nav.h4og-languages a[hreflang="en"]').click()
    page.wait_for_url("**/?lang=en")
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_app_speaks_each_language(context, server, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for app, label in APPS.items():
        page = open_page(context, f"{server['base']}/voila/render/{app}?lang={lang}")
        page.wait_for_function(f"document.documentElement.lang === {lang!r}")
        heading = page.locator(".h4og-header h1").inner_text()
        assert _said(lang, label) in heading, (app, heading)
        assert _direction(page) == i18n.direction(lang), app
        assert _mirrored(page.locator(".h4og-header nav").first.locator("a")) == (lang == "ar")
        nav = page.locator(f'.h4og-header nav a[href^="{app}"]').first.get_attribute("href")
        assert nav == f"{app}?lang={lang}"
        _check_script(page, lang, ".h4og-header h1")
        page.screenshot(path=str(SHOTS / f"{app.removesuffix('.ipynb')}-{lang}-1280.png"))
        page.close()
    assert not context.page_errors


#: Every visible text node of the page that is interface text and did not change.
_UNCHANGED = """() => {
  const names = new Set(%s);
  const page = document.documentElement.lang;
  const left = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const text = walk.currentNode.textContent.trim().replace(/^[\\s·,]+|[\\s·,]+$/g, "");
    const element = walk.currentNode.parentElement;
    if (!/[A-Za-z]{2}/.test(text) || !element || !element.checkVisibility()) continue;
    if (element.closest("bdi, [dir=auto], time, .h4og-languages, script, style, option, textarea")) continue;
    const declared = element.closest("[lang]");
    if (declared && declared.lang !== page) continue;
    if (text.includes("\u27e6") || text.includes("\u27e7") || names.has(text)) continue;
    left.push(text.slice(0, 80));
  }
  return left;
}"""


def test_no_hard_coded_english_is_left_on_any_page(context, server):
    pages = {"showcase (public)": (f"{server['base']}/?lang=en-XA", "#h4og-cards")}
    pages |= {app: (f"{server['base']}/voila/render/{app}?lang=en-XA", ".h4og-header")
              for app in APPS}
    left = {}
    for name, (url, ready) in pages.items():
        page = open_page(context, url, ready=ready)
        page.wait_for_function("document.documentElement.lang === 'en-XA'")
        page.wait_for_timeout(1500)  # the app's last widgets and lists arrive
        unchanged = page.evaluate(_UNCHANGED % json.dumps(sorted(NAMES)))
        if unchanged:
            left[name] = unchanged
        page.screenshot(path=str(ARTIFACTS / f"pseudo-locale-{name.split()[0]}.png"),
                        full_page=True)
        page.close()
    assert not left, f"text that is not translated: {left}"
