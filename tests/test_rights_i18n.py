"""Rights in every language: translated Creative Commons titles and jurisdiction names,
rightsstatements.org statement names, public-domain and copyright phrases, other open licenses,
and ``License.label_in``.

The titles and names are read here straight from the bundled files (h4og_kit/data/vocab/*-i18n,
provenance beside them), so every one CC and rightsstatements.org published is checked; the
phrases come from the one hand-written list (h4og_kit/rights/phrases.py).
"""

from __future__ import annotations

import csv
import gzip
import re
import subprocess
import sys
from collections import defaultdict

import pytest

from h4og_kit.rights import normalize
from h4og_kit.rights.phrases import PHRASES
from h4og_kit.rights.vocab import RIGHTSSTATEMENTS_CATEGORY, VOCAB_DIR

CC_I18N = VOCAB_DIR / "creativecommons-i18n"
RS_I18N = VOCAB_DIR / "rightsstatements-i18n"
#: The kit's interface languages, and the others the issue names.
LANGUAGES = ("en", "fi", "ar", "zh", "es", "de", "fr", "nl", "sv", "it")


def _csv(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


TITLES = [
    r
    for r in _csv(CC_I18N / "cc_license_titles_i18n_DERIVED.csv.gz")
    if r["lang"] not in ("", "x-i18n")
]
UNIT_NAMES = _csv(CC_I18N / "cc_i18n_unit_names_DERIVED.csv")
STATEMENT_NAMES = _csv(RS_I18N / "rightsstatements_labels_i18n_DERIVED.csv")


def canonical(uri: str) -> str:
    return "https://" + uri.removeprefix("http://")


def _same_words(title: str) -> str:
    return " ".join(re.split(r"[\s\-\u2010-\u2015]+", title.casefold().strip()))


#: Titles that CC's data gives to more than one license, and those licenses.
LICENSES_OF_TITLE: dict[str, set[str]] = defaultdict(set)
for _row in TITLES:
    LICENSES_OF_TITLE[_same_words(_row["title"])].add(canonical(_row["uri"]))

ELEMENTS = {"by", "nc", "nd", "sa"}


def _is_element_license(uri: str) -> bool:
    parts = uri.split("/")
    return parts[3] == "licenses" and set(parts[4].split("-")) <= ELEMENTS


def _elements(uri: str) -> frozenset[str]:
    return frozenset(uri.split("/")[4].split("-"))


def test_the_bundled_catalogs():
    assert len(TITLES) == 55456 - 2 - 614  # less the untagged rows and CC's template rows
    assert len({r["uri"] for r in TITLES}) == 614
    assert len({r["lang"] for r in TITLES}) == 91  # as written: both sr-Latn and sr-latn
    assert len(STATEMENT_NAMES) == 12 * 13
    assert {r["uri"].split("/")[-3] for r in STATEMENT_NAMES} == set(RIGHTSSTATEMENTS_CATEGORY)


# --- Creative Commons titles ------------------------------------------------------------------

TITLES_4_0 = [r for r in TITLES if re.search(r"/licenses/[a-z-]+/4\.0/$", r["uri"])]
LANGUAGES_4_0 = sorted({r["lang"] for r in TITLES_4_0})


def _variants(title: str):
    """What people type: other case, extra or missing spaces, other dashes, a "CC" prefix, the
    version without ".0"."""
    yield title
    yield title.upper()
    yield title.lower()
    yield "CC " + title
    yield "Creative Commons " + title
    yield "  " + re.sub(r"\s+", "  ", title) + " "
    yield re.sub(r"\s*-\s*", " \u2013 ", title)
    yield re.sub(r"\s*-\s*", "\u2014", title)
    yield re.sub(r"\s*-\s*", "-", title)
    yield title.replace(" 4.0 ", " 4 ")
    yield title.replace(" 4.0 ", "4.0")


@pytest.mark.parametrize("lang", LANGUAGES_4_0)
def test_every_4_0_title_of_every_language(lang):
    rows = [r for r in TITLES_4_0 if r["lang"] == lang]
    assert len(rows) >= 6
    for row in rows:
        meant = LICENSES_OF_TITLE[_same_words(row["title"])]
        for form in _variants(row["title"]):
            if len(meant) == 1:
                assert normalize(form).uri == canonical(row["uri"]), (lang, form)
            else:  # CC's Romanian names nc-nd and nc-sa alike: no guess between them
                assert {_elements(u) for u in meant} != {_elements(canonical(row["uri"]))}
                assert normalize(form).uri == "", (lang, form)


def test_the_4_0_titles_cover_every_language_and_license():
    assert len(LANGUAGES_4_0) == 84
    assert {r["uri"] for r in TITLES_4_0} == {
        f"http://creativecommons.org/licenses/{e}/4.0/"
        for e in ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_version_and_port_in_the_issue_languages(lang):
    """Every title of every CC license, version and port in ten languages. Where CC's data gives
    the same title to several licenses (the South African 3.0 ports are titled "United States",
    some Japanese 2.0 ones "Generic"), the answer is one of those, or none."""
    rows = [r for r in TITLES if r["lang"] == lang and _is_element_license(r["uri"])]
    assert len(rows) > 500
    for row in rows:
        meant = LICENSES_OF_TITLE[_same_words(row["title"])]
        lic = normalize(row["title"])
        if len(meant) == 1:
            assert lic.uri == canonical(row["uri"]), row
        else:
            assert lic.uri in meant | {""}, row


@pytest.mark.parametrize(
    "value, uri",
    [
        # the issue's examples
        ("Naamsvermelding-GelijkDelen 2.5 Nederland", "licenses/by-sa/2.5/nl/"),
        ("署名 3.0 中国大陆", "licenses/by/3.0/cn/"),
        ("Nimeä 4.0 Kansainvälinen", "licenses/by/4.0/"),
        # ports and older versions, from the titles
        ("Reconocimiento-CompartirIgual 3.0 España", "licenses/by-sa/3.0/es/"),
        (
            "Namensnennung - Weitergabe unter gleichen Bedingungen 3.0 Deutschland",
            "licenses/by-sa/3.0/de/",
        ),
        ("表示 - 継承 2.1 日本", "licenses/by-sa/2.1/jp/"),
        ("姓名標示-非商業性-禁止改作 3.0 台灣", "licenses/by-nc-nd/3.0/tw/"),
        ("Nimeä-EiKaupallinen-JaaSamoin 1.0 Suomi", "licenses/by-nc-sa/1.0/fi/"),
        ("Attribuzione 2.5 Italia", "licenses/by/2.5/it/"),
        ("Attribution 3.0 IGO", "licenses/by/3.0/igo/"),
        ("CC0 1.0 Yleismaailmallinen", "publicdomain/zero/1.0/"),
        ("Etiqueta de Dominio Público 1.0", "publicdomain/mark/1.0/"),
        # missing spaces, other digits, other dashes
        ("署名3.0中国大陆", "licenses/by/3.0/cn/"),
        ("Nimeä-JaaSamoin 4,0 Kansainvälinen", "licenses/by-sa/4.0/"),
        ("CC BY–SA 4.0", "licenses/by-sa/4.0/"),
        # a short name with CC's name of the place, in any language
        ("CC BY-SA 2.5 Nederland", "licenses/by-sa/2.5/nl/"),
        ("CC BY 3.0 中国大陆", "licenses/by/3.0/cn/"),
        ("CC BY-NC 3.0 España", "licenses/by-nc/3.0/es/"),
        # a title inside a sentence (the wording of CC's license chooser)
        (
            (
                "Esta obra está bajo una Licencia Creative Commons "
                "Atribución-NoComercial-CompartirIgual 4.0 Internacional."
            ),
            "licenses/by-nc-sa/4.0/",
        ),
        (
            "本作品采用知识共享署名-非商业性使用-相同方式共享 4.0 国际许可协议进行许可。",
            "licenses/by-nc-sa/4.0/",
        ),
        (
            (
                "Dieses Werk ist lizenziert unter einer Creative Commons Namensnennung 4.0 "
                "International Lizenz."
            ),
            "licenses/by/4.0/",
        ),
    ],
)
def test_titles_and_places(value, uri):
    assert normalize(value).uri == "https://creativecommons.org/" + uri


@pytest.mark.parametrize(
    "value",
    [
        "Nimeä 4 kuvaa",  # a bare "4" needs the rest of a title after it
        "Atribuire-Necomercial-FărăModificări 2.0 Generică",  # Romanian: nc-nd or nc-sa?
        "Sampling Plus No Comercial 1.0 ja",  # never the NoComercial inside another name
    ],
)
def test_no_guess(value):
    lic = normalize(value)
    assert lic.uri in ("", "https://creativecommons.org/licenses/nc-sampling+/1.0/")
    assert lic.uri != "https://creativecommons.org/licenses/nc/1.0/"


def test_a_named_place_that_is_not_known_is_not_read_as_unported():
    title = "Atribusi-NonKomersial-TanpaTurunan 3.0 Amerika Serikat"  # Indonesian, by-nc-nd/3.0/us/
    assert any(r["title"] == title for r in TITLES)
    assert normalize(title).uri == "https://creativecommons.org/licenses/by-nc-nd/3.0/us/"


# --- rightsstatements.org ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", STATEMENT_NAMES, ids=lambda r: f"{r['uri'].split('/')[-3]}-{r['lang']}"
)
def test_every_rightsstatement_translation(row):
    code = row["uri"].split("/")[-3]
    name = row["prefLabel"]
    for form in (
        name,
        name.upper(),
        name.replace(" - ", " \u2013 "),
        name.replace(" - ", "\u2014"),
        name.replace(" - ", "-"),
        "  ".join(name.split()),
        f"Rights: {name}.",
    ):
        lic = normalize(form)
        assert (lic.uri, lic.family, lic.category) == (
            row["uri"],
            code,
            RIGHTSSTATEMENTS_CATEGORY[code],
        ), form


def test_the_issue_statements():
    inc_edu = "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    assert normalize("Urheberrechtsschutz - Nutzung zu Bildungszwecken erlaubt").uri == inc_edu
    assert normalize("In Copyright \u2013 Educational Use Permitted").uri == inc_edu
    assert normalize("In Copyright\u2014Educational Use Permitted").uri == inc_edu


# --- free-text phrases ----------------------------------------------------------------------------


def _published(msgid: str, langs=LANGUAGES) -> list[tuple[str, str]]:
    found = [(r["lang"], r["msgstr"].strip()) for r in UNIT_NAMES if r["msgid"] == msgid]
    return [(lang, text) for lang, text in found if lang in langs or lang == "zh-Hans"]


PUBLIC_DOMAIN_PHRASES = (
    _published("Public Domain")
    + _published("No Copyright")
    + [
        (lang, t)
        for (lang, kind), texts in PHRASES.items()
        if kind == "public-domain"
        for t in texts
    ]
)
COPYRIGHT_PHRASES = [
    (lang, t)
    for (lang, kind), texts in PHRASES.items()
    if kind in ("all-rights-reserved", "in-copyright")
    for t in texts
]


#: What a phrase of each kind normalises to, and the forms it is written in on records.
PHRASE_MEANINGS = {"public-domain": ("public-domain", "", True),
                   "in-copyright": ("in-copyright", "", False)}


def _written(kind: str, text: str) -> tuple[str, ...]:
    if kind == "public-domain":
        return (text, text.upper(), f"{text}.", f"Rights: {text}")
    return (text, f"\u00a9 Museum. {text}.")


@pytest.mark.parametrize("kind, lang, text",
                         [("public-domain", *pair) for pair in PUBLIC_DOMAIN_PHRASES]
                         + [("in-copyright", *pair) for pair in COPYRIGHT_PHRASES])
def test_free_text_phrases(kind, lang, text):
    for form in _written(kind, text):
        lic = normalize(form)
        assert (lic.category, lic.uri, lic.is_open) == PHRASE_MEANINGS[kind], (lang, form)


def test_every_issue_language_has_its_phrases():
    public_domain = {lang for lang, _ in PUBLIC_DOMAIN_PHRASES} | {"en"}
    in_copyright = {r["lang"] for r in STATEMENT_NAMES if "/InC/" in r["uri"]}
    copyright_ = {lang for lang, _ in COPYRIGHT_PHRASES}
    for lang in LANGUAGES:
        assert lang in public_domain, lang
        assert lang in copyright_, lang
    assert {"de", "es", "fi", "fr", "it", "nl", "sv-FI"} <= in_copyright


def test_the_issue_phrase_and_no_copyright():
    assert normalize("نطاق عام").category == "public-domain"
    assert normalize("Kein Urheberrechtsschutz").category == "public-domain"
    # "No copyright" followed by more words says nothing, and is never the "copyright" inside it
    for value in ("No copyright restrictions", "Geen auteursrecht bekend"):
        assert normalize(value).category == "unknown", value
    # the German "Urheberrechtsschutz" (InC) inside "Kein Urheberrechtsschutz - ..." is not InC
    assert normalize("Kein Urheberrechtsschutz \u2013 Vereinigte Staaten").family == "NoC-US"


# --- other open licenses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, uri, category",
    [
        ("GFDL 1.3", "https://www.gnu.org/licenses/fdl-1.3.txt", "open"),
        (
            "GNU Free Documentation License 1.2",
            "https://www.gnu.org/licenses/old-licenses/fdl-1.2.txt",
            "open",
        ),
        (
            "https://www.gnu.org/licenses/fdl-1.3.html",
            "https://www.gnu.org/licenses/fdl-1.3.txt",
            "open",
        ),
        ("GFDL", "", "open"),
        ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/", "open"),
        (
            "http://opendatacommons.org/licenses/odbl/",
            "https://opendatacommons.org/licenses/odbl/1-0/",
            "open",
        ),
        (
            "Open Government Licence v3.0",
            "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "open",
        ),
        (
            "OGL-UK 3",
            "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "open",
        ),
        # without its version the OGL is not known to be open: 1.0 is not Open Definition approved
        ("Open Government Licence", "", "unknown"),
        ("https://www.nationalarchives.gov.uk/doc/open-government-licence/", "", "unknown"),
        (
            "http://creativecommons.org/about/pdm",
            "https://creativecommons.org/publicdomain/mark/1.0/",
            "public-domain",
        ),
        (
            "https://creativecommons.org/about/cc0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "public-domain",
        ),
        (
            "creativecommons.org/publicdomain/mark/",
            "https://creativecommons.org/publicdomain/mark/1.0/",
            "public-domain",
        ),
        (
            "http://creativecommons.org/licenses/publicdomain/",
            "https://creativecommons.org/licenses/publicdomain/",
            "public-domain",
        ),
        ("https://creativecommons.org/publicdomain/", "", "public-domain"),
    ],
)
def test_other_open_licenses(value, uri, category):
    lic = normalize(value)
    assert (lic.uri, lic.category) == (uri, category), value


def test_family_names_keep_the_family():
    assert normalize("GFDL").family == "GFDL"
    assert normalize("Open Government Licence").family == "OGL-UK"
    assert normalize("https://creativecommons.org/about/mit").category == "unknown"


# --- names in the viewer's language ---------------------------------------------------------


@pytest.mark.parametrize(
    "value, lang, name",
    [
        ("CC BY 4.0", "fi", "Nimeä 4.0 Kansainvälinen"),
        ("CC BY 4.0", "es", "Atribución 4.0 Internacional"),
        ("CC BY 4.0", "zh", "署名 4.0 国际"),
        ("CC BY 4.0", "zh-Hans", "署名 4.0 国际"),
        ("CC BY 4.0", "zh-Hant", "姓名標示 4.0 國際"),
        ("CC BY 4.0", "zh_TW", "姓名標示 4.0 國際"),
        ("CC BY 4.0", "ar", "نسب المصنف 4.0 دولي"),
        ("CC BY 4.0", "en", "Attribution 4.0 International"),
        ("CC BY 4.0", "fi-FI", "Nimeä 4.0 Kansainvälinen"),
        ("CC BY 4.0", "xx", "Attribution 4.0 International"),  # no such language: English
        ("CC BY-SA 2.5 nl", "nl", "Naamsvermelding-GelijkDelen 2.5 Nederland"),
        ("CC0", "fi", "CC0 1.0 Yleismaailmallinen"),
        ("InC-EDU", "de", "Urheberrechtsschutz - Nutzung zu Bildungszwecken erlaubt"),
        ("InC-EDU", "sv", "Underkastad upphovsrätt \u2013 användning inom undervisning tillåten"),
        ("InC-EDU", "ar", "In Copyright - Educational Use Permitted"),  # no Arabic translation
        ("public domain", "es", "Dominio Público"),
        ("public domain", "ar", "الملك العام"),
        ("All rights reserved", "fi", "Kaikki oikeudet pidätetään"),
        ("MIT", "fi", "MIT License"),  # no translation: the label
        ("no idea", "fi", "Unknown"),
    ],
)
def test_label_in(value, lang, name):
    lic = normalize(value)
    assert lic.label_in(lang) == name


def test_label_stays_english():
    lic = normalize("Nimeä 4.0 Kansainvälinen")
    assert lic.label == "CC BY 4.0"
    assert lic.label_in("fi") == "Nimeä 4.0 Kansainvälinen"


# --- speed: the catalogs load on first use --------------------------------------------------


def test_the_title_catalog_loads_only_when_a_value_needs_it():
    code = (
        "import h4og_kit.rights as r\n"
        "from h4og_kit.rights import catalogs\n"
        "for v in ('CC BY 4.0', 'http://rightsstatements.org/vocab/InC/1.0/', 'Public domain'):\n"
        "    r.normalize(v)\n"
        "print(catalogs.cc_titles.cache_info().currsize)\n"
        "r.normalize('Nimeä 4.0 Kansainvälinen')\n"
        "print(catalogs.cc_titles.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]


def test_no_title_name_ends_in_a_cc_code():
    """cc_titles skips a version after "by", "sa", ...: the short names are read elsewhere."""
    from h4og_kit.rights import cc_titles

    tables = cc_titles.title_tables()
    assert not {words[-1] for words in tables.unit_words} & cc_titles.SHORT_NAME_CODES
