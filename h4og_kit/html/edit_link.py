"""What a person gets once after registering: the edit link and the edit token, shown whole
with copy buttons, and as a text file to download, with what they are for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from h4og_kit.html.copy import copy_button
from h4og_kit.html.pieces import download_link
from h4og_kit.html.text import Html, bdi, esc, fill
from h4og_kit.i18n import gettext as _

if TYPE_CHECKING:
    from h4og_kit.registry.entries import Entry


def edit_link_text(entry: Entry, token: str, link: str) -> str:
    """The text file a person downloads after registering: what the link and token are for."""
    title = entry.fields.get("title") or entry.id
    return "\n".join([
        _("Your edit link for \u201c{title}\u201d ({id})").format(title=title, id=entry.id),
        "",
        _("Open this link to change your entry later:"),
        link,
        "",
        _("Your edit token: {token}").format(token=token),
        "",
        _("Keep this file private: anyone who has the link or the token can change the entry."),
        _("The registration page showed them only once; nobody can show them again."),
        "",
    ])


def edit_link_box(entry: Entry, token: str, link: str, key: int) -> Html:
    """What a person sees after registering: the edit link and the token, whole, each with a
    copy button, a text file to download, and what they are for. Marked to be brought into
    view (``data-h4og-scroll``)."""
    title = bdi(entry.fields.get("title"))
    done = fill(_("Registered \u201c{title}\u201d as {id}."), title=title, id=entry.id)
    once = esc(_("Save your edit link now: it is shown only this once."))
    why = esc(_("The link opens this form with your entry, so you can change it later. It is the "
                "only way to change the entry; nobody can show it to you again."))
    private = esc(_("Keep it private: anyone who has it can change your entry."))
    filename = f"h4og-edit-link-{entry.id}.txt"
    download = download_link(edit_link_text(entry, token, link), filename, "text/plain;charset=utf-8",
                             _("Download as a text file"))
    return Html(
        f'<section class="h4og-token-box h4og-banner h4og-success" role="status" '
        f'data-h4og-scroll="token-{key}">'
        f"<p>{done}</p><h2>{esc(_('Your edit link'))}</h2>"
        f"<p><strong>{once}</strong> {why} {private}</p>"
        f'<p class="h4og-secret"><code class="h4og-edit-link" dir="ltr">{esc(link)}</code></p>'
        f"<p>{copy_button(link, _('Copy the edit link'))}</p>"
        f"<h3>{esc(_('Your edit token'))}</h3>"
        f'<p class="h4og-secret"><code class="h4og-edit-token" dir="ltr">{esc(token)}</code></p>'
        f"<p>{copy_button(token, _('Copy the edit token'))}</p>"
        f'<p class="h4og-download-line">{download}</p>'
        "</section>"
    )
