"""The kernel-free public pages: the live showcase and one page per entry, as escaped HTML.

Both are rendered from what they are given (public records, cards built with
:func:`~h4og_kit.html.cards.entry_card`, feed lines from :func:`~h4og_kit.html.feed.feed_line`)
and work without JavaScript: the showcase's filter form is a plain GET form, its cards and
activity are in the HTML. A small script (``assets/showcase.js``) filters in the page over the
JSON in ``<script id="h4og-data">`` and polls the feed. An entry page carries Open Graph tags and
a schema.org JSON-LD description. JSON inside ``<script>`` goes through
:func:`~h4og_kit.html.text.script_json`.

Pages speak the current language (:mod:`h4og_kit.i18n`): ``<html lang dir>`` (Arabic right to
left), the interface's words from the catalogs, times through CLDR. A language menu in the header
links the same page in every language the kit has; typed text stays isolated (``dir="auto"``,
``<bdi>``) in every direction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from h4og_kit.html.feed import action_name
from h4og_kit.html.frame import html_open, typed_note
from h4og_kit.html.labels import kind_label, kind_plural
from h4og_kit.html.style import PAGE_CSS
from h4og_kit.html.text import Html, bdi, block, esc, fill, script_json, web_url
from h4og_kit.html.times import short_time, time_tag
from h4og_kit.i18n import current, direction, ngettext
from h4og_kit.i18n import gettext as _

#: The public pages' own rules, after :data:`~h4og_kit.html.style.PAGE_CSS`: a header that wraps,
#: filters in one column on phones, cards and the activity side by side on wide screens only.
PUBLIC_CSS = PAGE_CSS + """
*{box-sizing:border-box}
html,body{max-width:100%;overflow-x:hidden}
header nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin-top:.6rem}
header nav a{margin:0}
header nav.h4og-languages{font-size:.85rem;gap:.2rem .8rem}
header nav a[aria-current]{border-bottom:3px solid #e9c46a}
main{margin:0 auto}
.h4og-filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}
.h4og-filters label{display:flex;flex-direction:column;font-size:.85rem;flex:1 1 9rem;min-width:0}
.h4og-filters input,.h4og-filters select,.h4og-filters button{font:inherit;padding:.3rem;max-width:100%}
.h4og-layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5rem}
@media (min-width:60rem){.h4og-layout{grid-template-columns:minmax(0,1fr) 20rem}}
.h4og-activity{background:#fff;border-radius:.5rem;padding:.5rem 1rem;align-self:start}
.h4og-activity h2{font-size:1.1rem}
.h4og-feed-item{font-size:.85rem;padding:.3rem 0;border-bottom:1px solid #eee;overflow-wrap:anywhere}
.h4og-permalink{font-size:.85rem}
.h4og-card[hidden]{display:none}
.h4og-history{font-size:.9rem;padding-inline-start:1.2rem}
.h4og-entry .h4og-card{max-width:48rem}
.h4og-repository{max-width:48rem;background:#fff;border-radius:.5rem;padding:.5rem 1rem;margin-top:1rem;overflow-wrap:anywhere}
.h4og-synced{font-size:.85rem;color:#555}
@media (max-width:30rem){.h4og-cards{grid-template-columns:minmax(0,1fr)}}
"""


def _head(title: Any, assets: str, extra: str = "") -> str:
    return (f'{html_open()}<head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title>"
            f'<link rel="stylesheet" href="{esc(assets)}showcase.css">{extra}</head>')


def language_menu(languages: Sequence[tuple[str, str]]) -> Html:
    """Links to this page in each language (``(code, href)``), each named in its own language;
    the current one marked. Nothing when there is only one language."""
    from h4og_kit.i18n import LANGUAGE_NAMES, language_name

    if len(languages) < 2:
        return Html("")
    links = []
    for code, href in languages:
        name = LANGUAGE_NAMES.get(code) or language_name(code, code)
        marked = ' aria-current="true"' if code == current() else ""
        links.append(f'<a href="{esc(href)}" hreflang="{esc(code)}" lang="{esc(code)}"'
                     f' dir="{direction(code)}"{marked}>{esc(name)}</a>')
    return Html(f'<nav class="h4og-languages" aria-label="{esc(_("Language"))}">'
                f'{"".join(links)}</nav>')


def _header(title: Any, apps: Sequence[tuple[str, str]], root: str, note: Any = "",
            languages: Sequence[tuple[str, str]] = ()) -> str:
    links = [f'<a href="{esc(root) or "./"}">{esc(_("Showcase"))}</a>']
    links += [f'<a href="{esc(href)}">{esc(label)}</a>' for label, href in apps]
    shown = f"<p>{esc(note)}</p>" if note else ""
    return (f'<header class="h4og-site">{block("h1", title)}{shown}'
            f'<nav aria-label="{esc(_("Apps"))}">{"".join(links)}</nav>'
            f"{language_menu(languages)}</header>")


def _options(values: Iterable[tuple[str, str]], chosen: str, everything: str) -> str:
    out = [f'<option value="">{esc(everything)}</option>']
    for value, label in values:
        picked = " selected" if value == chosen else ""
        out.append(f'<option value="{esc(value)}"{picked}>{esc(label)}</option>')
    return "".join(out)


def filter_form(kinds: Iterable[str], stages: Sequence[tuple[str, str]], tags: Iterable[str],
                languages: Iterable[str], chosen: Mapping[str, str]) -> Html:
    """The filters: kind, hashtag, stage, language of the entry and text; a GET form that works
    without script (the server filters), and that the script filters in place. It carries the
    interface's language (``lang``) along."""
    tag_list = "".join(f'<option value="{esc(t)}">' for t in tags)
    lang_list = "".join(f'<option value="{esc(t)}">' for t in languages)
    return Html(
        '<form class="h4og-filters" id="h4og-filters" role="search" method="get">'
        f'<label>{esc(_("Kind"))}<select name="kind">'
        f'{_options(((k, kind_plural(k)) for k in kinds), chosen.get("kind", ""), _("All kinds"))}'
        "</select></label>"
        f'<label>{esc(_("Hashtag"))}<input name="tag" list="h4og-tags" '
        f'value="{esc(chosen.get("tag", ""))}" autocomplete="off"></label>'
        f'<datalist id="h4og-tags">{tag_list}</datalist>'
        f'<label>{esc(_("Stage"))}<select name="stage">'
        f'{_options(stages, chosen.get("stage", ""), _("Any stage"))}</select></label>'
        f'<label>{esc(_("Language of the entry"))}<input name="language" list="h4og-langs" '
        f'value="{esc(chosen.get("language", ""))}" autocomplete="off"></label>'
        f'<datalist id="h4og-langs">{lang_list}</datalist>'
        f'<label>{esc(_("Text"))}<input type="search" name="q" '
        f'value="{esc(chosen.get("q", ""))}"></label>'
        f'<button type="submit">{esc(_("Filter"))}</button>'
        f'<input type="hidden" name="lang" value="{esc(current())}"></form>'
    )


def count_template(total: int) -> str:
    """"{shown} of {total} entries" in the current language, for ``total`` entries (the page's
    script fills ``{shown}`` in again when it filters)."""
    return ngettext("{shown} of {total} entry", "{shown} of {total} entries", total)


def showcase_page(*, title: str, cards: Sequence[Html], feed: Sequence[str], total: int,
                  filters: Html, data: Any, apps: Sequence[tuple[str, str]] = (),
                  root: str = "", assets: str = "assets/", feed_url: str = "showcase.json",
                  generated: str = "", note: Any = "",
                  languages: Sequence[tuple[str, str]] = (), atom_url: str = "") -> Html:
    """The public showcase: header with a link to each app (``(label, href)``) and to this page
    in each of the ``languages`` (``(code, href)``), the filter form, the ``cards`` shown
    (already filtered by the server, or all), the activity ``feed`` lines (HTML from
    :func:`~h4og_kit.html.feed.feed_line`), and ``data`` (the JSON the script filters over and
    updates from ``feed_url``); ``atom_url``: the Atom feed of the activity, linked from the
    head."""
    template = count_template(total)
    shown = esc(template.format(shown=len(cards), total=total))
    return Html(
        _head(title, assets, f'<meta name="description" content="{esc(title)}">' + (
            f'<link rel="alternate" type="application/atom+xml" title="{esc(title)}" '
            f'href="{esc(atom_url)}">' if atom_url else ""))
        + f"<body>{_header(title, apps, root, note, languages)}<main>{filters}"
        f'<p class="h4og-count" id="h4og-count" aria-live="polite" '
        f'data-template="{esc(template)}">{shown}</p>'
        f'<div class="h4og-layout"><section aria-label="{esc(_("Entries"))}">'
        f'<div class="h4og-cards" id="h4og-cards">{"".join(cards)}</div></section>'
        f'<aside class="h4og-activity" aria-label="{esc(_("Live activity"))}">'
        f'<h2>{esc(_("Live activity"))}</h2>'
        f'<div id="h4og-feed">{"".join(feed)}</div></aside></div></main>'
        f"<footer>{fill(_('Updated {}.'), short_time(generated))} {typed_note()}</footer>"
        f'<script id="h4og-data" type="application/json" data-feed="{esc(feed_url)}">'
        f"{script_json(data)}</script>"
        f'<script src="{esc(assets)}showcase.js" defer></script></body></html>\n'
    )


def history_list(history: Sequence[Mapping[str, Any]], stages: Mapping[str, str],
                 field_names: Mapping[str, str] | None = None) -> Html:
    """The history summary of an entry: each published version, when, and what changed
    (``stages``: stage name -> label; ``field_names``: field -> label, both as shown)."""
    field_names = field_names or {}
    items = []
    for v in reversed(history):
        before, after = v.get("stage_before"), v.get("stage_after")
        if v["action"] == "register":
            what = esc(_("Registered"))
        elif after and before and after != before:
            what = fill(_("Moved from {before} to {after}"), before=stages.get(before, before),
                        after=stages.get(after, after))
        elif v.get("changed"):
            changed = ", ".join(field_names.get(name, name) for name in v["changed"])
            what = fill(_("Updated: {}"), changed)
        else:
            what = esc(action_name(v["action"]))
        items.append(f"<li>{time_tag(v['at'])} · {what}</li>")
    if not items:
        return Html("")
    return Html(f'<section><h2>{esc(_("History"))}</h2><ol class="h4og-history" reversed>'
                f'{"".join(items)}</ol></section>')


_SCHEMA_TYPES = {"project": "CreativeWork", "person": "Person", "collection": "Dataset",
                 "tool": "SoftwareApplication", "workshop": "Event", "challenge": "CreativeWork"}


def json_ld(record: Mapping[str, Any], url: str | None = None) -> dict[str, Any]:
    """A schema.org description of a public entry record (its public fields only)."""
    f = record["fields"]
    out: dict[str, Any] = {"@context": "https://schema.org",
                           "@type": _SCHEMA_TYPES.get(record["kind"], "CreativeWork"),
                           "name": f.get("title") or record["id"], "identifier": record["id"]}
    if f.get("summary") or f.get("description"):
        out["description"] = f.get("summary") or f.get("description")
    if f.get("keywords"):
        out["keywords"] = ", ".join(f["keywords"])
    if f.get("languages") and record["kind"] != "person":
        out["inLanguage"] = list(f["languages"])
    image = web_url(f.get("image_url"))
    if image:
        out["image"] = image
    homepage = web_url((f.get("links") or {}).get("homepage"))
    if url or homepage:
        out["url"] = url or homepage
    if record["kind"] == "workshop":
        out.update({k: f[s] for k, s in (("startDate", "start"), ("endDate", "end")) if f.get(s)})
    elif record["kind"] != "person":
        out["dateCreated"], out["dateModified"] = record.get("created"), record.get("updated")
    if record["kind"] == "project" and f.get("stage"):
        out["creativeWorkStatus"] = f["stage"]
    return {k: v for k, v in out.items() if v is not None}


def entry_page(record: Mapping[str, Any], *, card: Html, history: Html, site_title: str,
               apps: Sequence[tuple[str, str]] = (), root: str = "../",
               assets: str = "../assets/", url: str | None = None,
               languages: Sequence[tuple[str, str]] = ()) -> Html:
    """The page of one public entry: its card (with its timeline), its history summary, Open
    Graph tags and a schema.org JSON-LD description. ``url``: its absolute address, if known;
    ``languages``: ``(code, href)`` of this page in each language."""
    f = record["fields"]
    title = f.get("title") or record["id"]
    summary = f.get("summary") or ""
    og = [("og:title", title), ("og:type", "website"), ("og:site_name", site_title),
          ("og:locale", current().replace("-", "_"))]
    if summary:
        og.append(("og:description", summary))
    if web_url(f.get("image_url")):
        og.append(("og:image", f["image_url"]))
    if url:
        og.append(("og:url", url))
    meta = "".join(f'<meta property="{esc(k)}" content="{esc(v)}">' for k, v in og)
    if summary:
        meta += f'<meta name="description" content="{esc(summary)}">'
    if url:
        meta += f'<link rel="canonical" href="{esc(url)}">'
    meta += (f'<script type="application/ld+json">{script_json(json_ld(record, url))}'
             "</script>")
    heading = fill("{} · {}", kind_label(record["kind"]), bdi(title))
    return Html(
        _head(fill("{} · {}", title, site_title), assets, meta)
        + f'<body class="h4og-entry">{_header(site_title, apps, root, "", languages)}<main>'
        f'<p><a href="{esc(root) or "./"}">{esc(_("← All entries"))}</a></p>'
        f"<h2>{heading}</h2>{card}{history}</main>"
        f"<footer>{typed_note()}</footer></body></html>\n"
    )


def not_found_page() -> Html:
    """The plain page of an id that is unknown or not public."""
    return Html(f'{html_open()}<head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{esc(_('Not found'))}</title></head><body><h1>{esc(_('Not found'))}</h1>"
                f"<p>{esc(_('There is no public entry here.'))} "
                f'<a href="/">{esc(_("The showcase"))}</a></p></body></html>\n')
