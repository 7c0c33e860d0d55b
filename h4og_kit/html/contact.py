"""How to reach a match, as escaped HTML: a consenting person's chat and own links, a project's
chat and homepage (only http(s) links; an e-mail never)."""

from __future__ import annotations

from typing import Any

from h4og_kit.html.pieces import link
from h4og_kit.html.text import Html, bdi, esc, web_url
from h4og_kit.i18n import gettext as _


def contact_html(entry: Any) -> Html:
    """How to reach the person or project of ``entry``: a person's chat, homepage and own links
    (only when they agreed to be contacted), a project's chat and homepage. Only http(s) links
    are shown, escaped; an e-mail never is. Nothing for an entry of another kind, or a person who
    did not agree."""
    from h4og_kit.registry.access import public_view

    fields = public_view(entry.kind, entry.fields)
    if entry.kind not in ("person", "project") or (
            entry.kind == "person" and fields.get("contact_consent") is not True):
        return esc("")
    stored = fields.get("links") or {}
    items = [(esc(_("Chat")), stored.get("chat")), (esc(_("Homepage")), stored.get("homepage"))]
    if entry.kind == "person":
        items += [(bdi(label), url) for label, url in (fields.get("social_links") or {}).items()]
    anchors = [link(label, url) for label, url in items if web_url(url)]
    name = fields.get("title") or fields.get("name") or entry.id
    if entry.kind == "project":
        if not anchors:
            return esc("")
        heading = esc(_("How to reach the team:"))
    elif anchors:
        heading = esc(_("How to reach {name}:")).replace("{name}", bdi(name))
    else:
        return Html('<p class="h4og-contact h4og-meta">' + esc(_(
            "{name} agreed to be contacted but left no chat or profile link: ask the organizers "
            "to put you in touch.")).replace("{name}", bdi(name)) + "</p>")
    return Html(f'<p class="h4og-contact"><strong>{heading}</strong> {" · ".join(anchors)}</p>')
