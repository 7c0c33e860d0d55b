"""What a project's code repository says about it: GitHub, GitLab and Codeberg (Forgejo, Gitea).

During a hackathon a project's page should show what its repository shows: the README's summary,
the last activity, the open "good first issue" items a newcomer could take, and the latest
release. :func:`repository_summary` asks the forge's public REST API for them, through the kit's
one HTTP path (cached, polite, guarded; :mod:`h4og_kit.http`):

- GitHub: ``/repos/{owner}/{repo}``, its ``/readme``, ``/issues?labels=good first issue`` (pull
  requests left out) and ``/releases``;
- GitLab (API v4, on gitlab.com or a host named ``gitlab.*``): the last commit of
  ``/projects/{path}/repository/commits``, ``/issues?labels=good first issue`` and ``/releases``
  (no README summary yet);
- Forgejo and Gitea (Codeberg): ``/api/v1/repos/{owner}/{repo}``, its ``/issues`` and, when
  it has any, ``/releases`` (no README summary yet).

A token from the environment (``GITHUB_TOKEN``, ``CODEBERG_TOKEN``) raises the rate limits; it is
sent as a header, registered as a secret (kept out of errors, logs and caches) and never stored.
A token must not bring private text to a public page: a repository the forge marks private
(GitHub's and Forgejo's ``private``) is refused (:class:`PrivateRepository`), and GitLab, whose
answers to these requests do not say whether the project is public, is asked without a token, so
it answers for public projects only (and leaves out confidential issues, which are also skipped).
A spent rate limit is :class:`h4og_kit.http.RateLimited`. What is fetched here is the
repository's text, kept apart from what people typed: nothing here writes to the registry.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import asdict, dataclass, field
from urllib.parse import quote, urlsplit

from h4og_kit import http

#: The public forges' API addresses (a served dashboard may reach these hosts; a self-hosted
#: GitLab or Gitea needs its host in ``H4OG_ALLOWED_HOSTS``).
GITHUB_API = "https://api.github.com"
GITLAB_API = "https://gitlab.com/api/v4"
CODEBERG_API = "https://codeberg.org/api/v1"
#: How the kit asks a forge: one request at a time (GitHub asks clients not to run them
#: concurrently), one a second, answers kept 10 minutes (then revalidated by their ETag, which
#: GitHub does not count against the rate limit), well within a sync's period.
POLITENESS = http.Politeness(connections=1, rate=1.0, expire_after=10 * 60)
#: The label of issues meant for newcomers, as GitHub, GitLab and Forgejo suggest it.
GOOD_FIRST_ISSUE = "good first issue"
#: How many good first issues a summary keeps.
ISSUES_SHOWN = 5
#: The longest README summary kept, in characters.
SUMMARY_LENGTH = 280


#: The most pages of issues read to find the good first ones (GitHub lists pull requests too).
ISSUE_PAGES = 3


class NotARepository(ValueError):
    """The link is not a repository on a forge the kit knows."""


class PrivateRepository(ValueError):
    """The forge says the repository is private (a token let the kit see it): nothing of it is
    kept, so that nothing private reaches a public page."""


@dataclass(frozen=True)
class Forge:
    """A repository on a forge: which API (``github``, ``gitlab``, ``forgejo``), where, and
    the repository's path (``owner/name``, or a GitLab group path)."""

    kind: str
    api: str
    path: str
    token_env: str | None

    @property
    def source(self) -> str:
        return self.kind


@dataclass(frozen=True)
class Issue:
    title: str
    url: str


@dataclass(frozen=True)
class Release:
    name: str
    url: str
    published: str | None


@dataclass(frozen=True)
class RepositorySummary:
    """What :func:`repository_summary` found; ``None`` where the forge gave nothing."""

    url: str
    forge: str
    description: str | None = None
    readme_summary: str | None = None
    last_activity: str | None = None
    good_first_issues: tuple[Issue, ...] = field(default_factory=tuple)
    latest_release: Release | None = None

    def as_dict(self) -> dict:
        """Plain data (for storing as JSON); :meth:`from_dict` reads it back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RepositorySummary:
        release = data.get("latest_release")
        return cls(**{**data,
                      "good_first_issues": tuple(Issue(**i) for i in data.get("good_first_issues") or ()),
                      "latest_release": Release(**release) if release else None})


def forge_of(url: str) -> Forge:
    """The forge and repository of a project's source link, or :class:`NotARepository`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].endswith(".git"):
        segments[-1] = segments[-1][:-4]
    if parts.scheme not in ("http", "https") or len(segments) < 2:
        raise NotARepository(f"{url!r} is not the address of a repository (https://host/owner/name)")
    if host in ("github.com", "www.github.com"):
        return Forge("github", GITHUB_API, "/".join(segments[:2]), "GITHUB_TOKEN")
    if "-" in segments:  # GitLab's /-/ separates the project path from its pages
        segments = segments[: segments.index("-")]
    if host == "gitlab.com" or host.startswith("gitlab."):
        api = GITLAB_API if host == "gitlab.com" else f"https://{host}/api/v4"
        return Forge("gitlab", api, "/".join(segments), None)  # no token: see the module
    if host == "codeberg.org" or host.startswith(("gitea.", "forgejo.")):
        api = CODEBERG_API if host == "codeberg.org" else f"https://{host}/api/v1"
        return Forge("forgejo", api, "/".join(segments[:2]), "CODEBERG_TOKEN")
    raise NotARepository(f"{host} is not a forge the kit reads (GitHub, GitLab, Codeberg)")


def _headers(forge: Forge) -> dict[str, str]:
    token = os.environ.get(forge.token_env) if forge.token_env else None
    if not token:
        return {}
    http.register_secret(token)
    return {"Authorization": f"token {token}" if forge.kind == "forgejo" else f"Bearer {token}"}


def readme_summary(markdown: str) -> str | None:
    """The README's first paragraph of prose: headings, badges, images, HTML and code left out,
    links reduced to their text, cut at :data:`SUMMARY_LENGTH` characters on a word."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().splitlines()]
        if not lines or lines[0].startswith(("#", "<", "!", "[!", "|", "=", "-" * 3)):
            continue
        prose = " ".join(lines)
        prose = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", prose)  # images
        prose = re.sub(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?", r"\1", prose)  # links: text
        prose = re.sub(r"<[^>]+>", "", prose).replace("**", "").replace("`", "").strip()
        if len(prose) < 20 or not re.search(r"[^\W\d_]", prose):
            continue
        if len(prose) > SUMMARY_LENGTH:
            prose = prose[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
        return prose
    return None


def _fetch(forge: Forge, url: str, params: dict | None, *, allow_private: bool,
           as_: str = "json"):
    """One answer of the forge at ``url``: its token (if any), politeness and rate-limit hint."""
    return http.fetch(forge.source, url, params, as_=as_, headers=_headers(forge),
                      politeness=POLITENESS, key_env=forge.token_env, allow_private=allow_private)


def _get(forge: Forge, path: str, params: dict | None = None, *, allow_private: bool):
    return _fetch(forge, forge.api + path, params, allow_private=allow_private)


def _open_issues(forge: Forge, path: str, params: dict, allow_private: bool) -> list[Issue]:
    """Up to :data:`ISSUES_SHOWN` issues, following the ``Link`` header's next pages (at most
    :data:`ISSUE_PAGES`): GitHub lists pull requests among issues, GitLab marks confidential
    ones; neither is shown."""
    found: list[Issue] = []
    url, pages = forge.api + path, 0
    while url and len(found) < ISSUES_SHOWN and pages < ISSUE_PAGES:
        items, url = _fetch(forge, url, params if pages == 0 else None, as_="page",
                            allow_private=allow_private)
        pages += 1
        found += [Issue(i["title"], i.get("html_url") or i.get("web_url") or "") for i in items
                  if not _is_pull_request(i) and not i.get("confidential")]
    return found[:ISSUES_SHOWN]


def _is_pull_request(issue: dict) -> bool:
    """GitHub lists pull requests among issues with a ``pull_request`` object; its older API gave
    every issue one, with empty links for the issues that are not pull requests."""
    links = issue.get("pull_request") or {}
    return bool(links.get("html_url") or links.get("url"))


def _public(about: dict, url: str) -> dict:
    if about.get("private") is True:
        raise PrivateRepository(f"{url} is a private repository: its text is not shown")
    return about


def _github(forge: Forge, url: str, allow_private: bool) -> RepositorySummary:
    repo = f"/repos/{forge.path}"
    about = _public(_get(forge, repo, allow_private=allow_private), url)
    readme = _get(forge, repo + "/readme", allow_private=allow_private)
    markdown = base64.b64decode(readme.get("content") or "").decode("utf-8", "replace")
    issues = _open_issues(forge, repo + "/issues", {"labels": GOOD_FIRST_ISSUE, "state": "open"},
                          allow_private)
    releases = _get(forge, repo + "/releases", {"per_page": 1}, allow_private=allow_private)
    return RepositorySummary(
        url, forge.kind, about.get("description"), readme_summary(markdown),
        about.get("pushed_at") or about.get("updated_at"), tuple(issues),
        _release(releases, "html_url", "published_at"))


def _gitlab(forge: Forge, url: str, allow_private: bool) -> RepositorySummary:
    project = "/projects/" + quote(forge.path, safe="")
    commits = _get(forge, project + "/repository/commits", {"per_page": 1},
                   allow_private=allow_private)
    issues = _open_issues(forge, project + "/issues",
                          {"labels": GOOD_FIRST_ISSUE, "state": "opened"}, allow_private)
    releases = _get(forge, project + "/releases", {"per_page": 1}, allow_private=allow_private)
    return RepositorySummary(
        url, forge.kind, None, None, commits[0].get("committed_date") if commits else None,
        tuple(issues), _release(releases, "_links", "released_at"))


def _forgejo(forge: Forge, url: str, allow_private: bool) -> RepositorySummary:
    repo = f"/repos/{forge.path}"
    about = _public(_get(forge, repo, allow_private=allow_private), url)
    issues = _open_issues(forge, repo + "/issues", {"labels": GOOD_FIRST_ISSUE, "state": "open",
                                                    "type": "issues"}, allow_private)
    releases = (_get(forge, repo + "/releases", {"limit": 1}, allow_private=allow_private)
                if about.get("release_counter") != 0 else [])
    return RepositorySummary(
        url, forge.kind, about.get("description"), None, about.get("updated_at"), tuple(issues),
        _release(releases, "html_url", "published_at"))


def _release(releases: list, url_key: str, date_key: str) -> Release | None:
    """The newest release (forges list them newest first); GitLab's page is in ``_links``."""
    if not releases:
        return None
    newest = releases[0]
    link = newest.get(url_key)
    if isinstance(link, dict):
        link = link.get("self")
    return Release(newest.get("name") or newest.get("tag_name") or "", link or "",
                   newest.get(date_key))


_READERS = {"github": _github, "gitlab": _gitlab, "forgejo": _forgejo}


def repository_summary(url: str, *, api: str | None = None,
                       allow_private: bool = False) -> RepositorySummary:
    """What the repository at ``url`` says about the project (see the module). ``api`` replaces
    the forge's API address (a mirror, or a test server on loopback with ``allow_private``)."""
    forge = forge_of(url)
    if api:
        forge = Forge(forge.kind, api.rstrip("/"), forge.path, forge.token_env)
    return _READERS[forge.kind](forge, url, allow_private)
