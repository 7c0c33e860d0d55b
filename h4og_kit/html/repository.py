"""What a project's repository says, as a section of its page: kept apart from what the team typed.

:func:`repository_section` shows a synced summary
(:func:`h4og_kit.registry.repositories.summaries`): the repository's description and README
summary, its last activity, open "good first issue" items and latest release, under a heading
that says where the text comes from and when it was fetched. Everything in it is text from the
forge: escaped, isolated for its own script, links only when they are http(s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from h4og_kit.html.pieces import link
from h4og_kit.html.text import Html, block, esc, fill
from h4og_kit.html.times import short_time, time_tag
from h4og_kit.i18n import gettext as _

#: The forges' names as people know them.
FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab", "forgejo": "Codeberg/Forgejo"}


def repository_section(summary: Mapping[str, Any] | None) -> Html:
    """The section of one synced summary; nothing when there is none."""
    if not summary:
        return Html("")
    forge = FORGE_NAMES.get(summary.get("forge"), summary.get("forge"))
    parts = [f"<h3>{esc(_('From the repository'))}</h3>",
             f'<p class="h4og-synced">{fill(_("Fetched from {forge} on {time}; the team does not edit this text here."), forge=link(forge, summary.get("url")), time=short_time(summary.get("synced")))}</p>']
    for text in dict.fromkeys(t for t in (summary.get("description"),
                                           summary.get("readme_summary")) if t):
        parts.append(block("p", text))
    if summary.get("last_activity"):
        parts.append(f"<p>{fill(_('Last activity: {time}'), time=time_tag(summary['last_activity']))}</p>")
    issues = summary.get("good_first_issues") or []
    if issues:
        items = "".join(f'<li dir="auto">{link(i.get("title"), i.get("url"))}</li>' for i in issues)
        parts.append(f"<p>{esc(_('Good first issues:'))}</p><ul>{items}</ul>")
    release = summary.get("latest_release")
    if release:
        parts.append(f"<p>{fill(_('Latest release: {release}'), release=link(release.get('name') or release.get('url'), release.get('url')))}</p>")
    return Html(f'<section class="h4og-repository">{"".join(parts)}</section>')
