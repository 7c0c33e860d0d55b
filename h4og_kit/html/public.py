"""The kernel-free public pages: the live showcase and one page per entry, as escaped HTML.

Both are rendered from what they are given (public records, cards built with
:func:`~h4og_kit.html.cards.entry_card`, feed lines from :func:`~h4og_kit.html.feed.feed_line`)
and work without JavaScript: the showcase's filter form is a plain GET form, its cards and
activity are in the HTML. A small script (``assets/showcase.js``) filters in the page over the
JSON in ``<script id="h4og-data">`` and polls the feed. An entry page carries Open Graph tags and
a schema.org JSON-LD description. JSON inside ``<script>`` goes through
:func:`~h4og_kit.html.text.script_json`. Pages are ``lang="en"``; ``dir`` is left to the
languages work (typed text is isolated with ``dir="auto"`` and ``<bdi>`` already).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from h4og_kit.html.labels import kind_label, kind_plural
from h4og_kit.html.style import PAGE_CSS
from h4og_kit.html.text import Html, bdi, block, esc, fill, script_json, web_url
from h4og_kit.html.timeline import short_time

#: The public pages' own rules, after :data:`~h4og_kit.html.style.PAGE_CSS`: a header that wraps,
#: filters in one column on phones, cards and the activity side by side on wide screens only.
PUBLIC_CSS = PAGE_CSS + """
*{box-sizing:border-box}
html,body{max-width:100%;overflow-x:hidden}
header nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin-top:.6rem}
header nav a{margin:0}
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
.h4og-history{font-size:.9rem;padding-left:1.2rem}
.h4og-entry .h4og-card{max-width:48rem}
@media (max-width:30rem){.h4og-cards{grid-template-columns:minmax(0,1fr)}}
"""


def _head(title: Any, assets: str, extra: str = "") -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title>"
            f'<link rel="stylesheet" href="{esc(assets)}showcase.css">{extra}</head>')


def _header(title: Any, apps: Sequence[tuple[str, str]], root: str, note: Any = "") -> str:
    links = [f'<a href="{esc(root) or "./"}">{esc("Showcase")}</a>']
    links += [f'<a href="{esc(href)}">{esc(label)}</a>' for label, href in apps]
    shown = f"<p>{esc(note)}</p>" if note else ""
    return (f'<header class="h4og-site">{block("h1", title)}{shown}'
            f'<nav aria-label="Apps">{"".join(links)}</nav></header>')


def _options(values: Iterable[tuple[str, str]], chosen: str, everything: str) -> str:
    out = [f'<option value="">{esc(everything)}</option>']
    for value, label in values:
        picked = " selected" if value == chosen else ""
        out.append(f'<option value="{esc(value)}"{picked}>{esc(label)}</option>')
    return "".join(out)


def filter_form(kinds: Iterable[str], stages: Sequence[tuple[str, str]], tags: Iterable[str],
                languages: Iterable[str], chosen: Mapping[str, str]) -> Html:
    """The filters: kind, hashtag, stage, language and text; a GET form that works without
    script (the server filters), and that the script filters in place."""
    tag_list = "".join(f'<option value="{esc(t)}">' for t in tags)
    lang_list = "".join(f'<option value="{esc(t)}">' for t in languages)
    return Html(
        '<form class="h4og-filters" id="h4og-filters" role="search" method="get">'
        f'<label>{esc("Kind")}<select name="kind">'
        f'{_options(((k, kind_plural(k)) for k in kinds), chosen.get("kind", ""), "All kinds")}'
        "</select></label>"
        f'<label>{esc("Hashtag")}<input name="tag" list="h4og-tags" '
        f'value="{esc(chosen.get("tag", ""))}" autocomplete="off"></label>'
        f'<datalist id="h4og-tags">{tag_list}</datalist>'
        f'<label>{esc("Stage")}<select name="stage">'
        f'{_options(stages, chosen.get("stage", ""), "Any stage")}</select></label>'
        f'<label>{esc("Language")}<input name="lang" list="h4og-langs" '
        f'value="{esc(chosen.get("lang", ""))}" autocomplete="off"></label>'
        f'<datalist id="h4og-langs">{lang_list}</datalist>'
        f'<label>{esc("Text")}<input type="search" name="q" '
        f'value="{esc(chosen.get("q", ""))}"></label>'
        f'<button type="submit">{esc("Filter")}</button></form>'
    )


def showcase_page(*, title: str, cards: Sequence[Html], feed: Sequence[str], total: int,
                  filters: Html, data: Any, apps: Sequence[tuple[str, str]] = (),
                  root: str = "", assets: str = "assets/", feed_url: str = "showcase.json",
                  generated: str = "", note: Any = "") -> Html:
    """The public showcase: header with a link to each app (``(label, href)``), the filter
    form, the ``cards`` shown (already filtered by the server, or all), the activity ``feed``
    lines (HTML from :func:`~h4og_kit.html.feed.feed_line`), and ``data`` (the JSON the script
    filters over and updates from ``feed_url``)."""
    shown = fill("{} of {} entries", len(cards), total)
    return Html(
        _head(title, assets, f'<meta name="description" content="{esc(title)}">')
        + f"<body>{_header(title, apps, root, note)}<main>{filters}"
        f'<p class="h4og-count" id="h4og-count" aria-live="polite">{shown}</p>'
        '<div class="h4og-layout"><section aria-label="Entries">'
        f'<div class="h4og-cards" id="h4og-cards">{"".join(cards)}</div></section>'
        f'<aside class="h4og-activity" aria-label="Live activity"><h2>{esc("Live activity")}</h2>'
        f'<div id="h4og-feed">{"".join(feed)}</div></aside></div></main>'
        f"<footer>{fill('Updated {}.', short_time(generated))} Everything here was typed by "
        "participants and is shown as plain text.</footer>"
        f'<script id="h4og-data" type="application/json" data-feed="{esc(feed_url)}">'
        f"{script_json(data)}</script>"
        f'<script src="{esc(assets)}showcase.js" defer></script></body></html>\n'
    )


def history_list(history: Sequence[Mapping[str, Any]], stages: Mapping[str, str]) -> Html:
    """The history summary of an entry: each published version, when, and what changed."""
    items = []
    for v in reversed(history):
        before, after = v.get("stage_before"), v.get("stage_after")
        if v["action"] == "register":
            what = esc("Registered")
        elif after and before and after != before:
            what = fill("Moved from {} to {}", stages.get(before, before), stages.get(after, after))
        elif v.get("changed"):
            what = fill("Updated: {}", ", ".join(v["changed"]))
        else:
            what = fill("{}", v["action"].capitalize())
        items.append(f"<li><time>{esc(short_time(v['at']))}</time> · {what}</li>")
    if not items:
        return Html("")
    return Html(f'<section><h2>{esc("History")}</h2><ol class="h4og-history" reversed>'
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
               assets: str = "../assets/", url: str | None = None) -> Html:
    """The page of one public entry: its card (with its timeline), its history summary, Open
    Graph tags and a schema.org JSON-LD description. ``url``: its absolute address, if known."""
    f = record["fields"]
    title = f.get("title") or record["id"]
    summary = f.get("summary") or ""
    og = [("og:title", title), ("og:type", "website"), ("og:site_name", site_title)]
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
        + f'<body class="h4og-entry">{_header(site_title, apps, root)}<main>'
        f'<p><a href="{esc(root) or "./"}">{esc("← All entries")}</a></p>'
        f"<h2>{heading}</h2>{card}{history}</main>"
        "<footer>Everything here was typed by participants and is shown as plain text."
        "</footer></body></html>\n"
    )


def not_found_page() -> Html:
    """The plain page of an id that is unknown or not public."""
    return Html('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                "<title>Not found</title></head><body><h1>Not found</h1>"
                '<p>There is no public entry here. <a href="/">The showcase</a></p>'
                "</body></html>\n")
