"""Projects' repositories, synced (h4og_kit.registry.repositories), and shown on their pages.

The forge answers are the real recorded GitHub bodies of ``tests/fixtures/forges/`` on a loopback
server (tests/forge_server.py). Mechanics that no recording shows are named SYNTHETIC: the
recorded issues split into pages joined by ``Link`` headers, a spent rate limit (403 with
``X-RateLimit-Remaining: 0``), and the recorded repository body with ``"private": true``.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from forge_server import ABOUT, GITHUB_REPO, ISSUES, recorded, serve_github
from werkzeug import Response

from h4og_kit.dashboards.site import Site
from h4og_kit.dashboards.snapshot import SnapshotKeeper
from h4og_kit.http import clear_cache
from h4og_kit.registry import Registry
from h4og_kit.registry.repositories import summaries, sync

ADMIN = "organizer-token-for-tests-0123456789"
TOKEN = "ghp_secret_token_for_tests_0123456789"
PYGITHUB = "https://github.com/PyGithub/PyGithub"


@pytest.fixture
def registry(tmp_path, monkeypatch):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    reg = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    reg.path = tmp_path / "registry.sqlite3"
    yield reg
    reg.close()


def _project(reg: Registry, source: str | None = PYGITHUB, **fields):
    links = {"source": source} if source else {}
    return reg.register("project", {"title": "Typed title", "summary": "What the team typed",
                                    "links": links, **fields})


def test_sync_stores_the_summary_apart_from_what_the_team_typed(registry, httpserver, online,
                                                                 monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    serve_github(httpserver)
    project, _token = _project(registry)
    other, _ = _project(registry, "https://example.org/not-a-forge")
    cursor = registry.cursor()
    report = sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert report.synced == [project.id] and not report.failed
    stored = summaries(registry)[project.id]
    assert stored["description"] == recorded(ABOUT)["description"]
    assert stored["readme_summary"].startswith("PyGitHub is a Python library")
    assert stored["synced"] and stored["forge"] == "github"
    assert other.id not in summaries(registry)
    entry = registry.get(project.id)  # nothing typed changed, no version, no activity line
    assert (entry.version, entry.fields["summary"]) == (1, "What the team typed")
    assert registry.cursor() == cursor
    with sqlite3.connect(registry.path) as db:  # the token is never stored
        assert not any(TOKEN in str(row) for row in db.execute("select * from h4og_repositories"))
    assert TOKEN.encode() not in registry.path.read_bytes()


def test_the_project_page_shows_the_synced_text_under_its_own_heading(registry, httpserver,
                                                                      online):
    serve_github(httpserver)
    project, _ = _project(registry)
    keeper = SnapshotKeeper(registry)
    sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert keeper.refresh()  # a sync is a change for the public pages, though no entry changed
    page = Site().entry(keeper.snapshot, project.id).decode()
    assert "From the repository" in page and "Fetched from" in page
    assert recorded(ABOUT)["description"] in page
    assert 'href="https://github.com/PyGithub/PyGithub/releases/tag/' in page
    assert "Good first issues" in page
    assert not keeper.refresh()  # nothing new since


def test_a_failed_sync_keeps_the_last_good_summary(registry, httpserver, online):
    serve_github(httpserver)
    project, _ = _project(registry)
    sync(registry, api=httpserver.url_for(""), allow_private=True)
    before = summaries(registry)[project.id]
    clear_cache()  # the answers kept for 10 minutes have expired
    httpserver.clear()
    httpserver.expect_request(GITHUB_REPO).respond_with_data("gone", status=404)
    report = sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert "HTTP 404" in report.failed[project.id]
    assert summaries(registry)[project.id] == before


def test_issues_are_read_page_after_page_up_to_a_limit(registry, httpserver, online):
    # SYNTHETIC mechanics: the 16 recorded issues served two per page, each page linking the next
    issues = recorded(ISSUES)
    pages = [issues[i:i + 2] for i in range(0, len(issues), 2)]
    base = httpserver.url_for("/pages/")

    def page(number: int) -> Response:
        links = {"Link": f'<{base}{number + 1}>; rel="next"'} if number + 1 < len(pages) else {}
        return Response(json.dumps(pages[number]), content_type="application/json",
                        headers=links)

    serve_github(httpserver, issues=lambda request: page(0))
    for number in range(1, len(pages)):
        httpserver.expect_request(f"/pages/{number}").respond_with_handler(
            lambda request, n=number: page(n))
    project, _ = _project(registry)
    sync(registry, api=httpserver.url_for(""), allow_private=True)
    shown = summaries(registry)[project.id]["good_first_issues"]
    assert [i["title"] for i in shown] == [i["title"] for i in issues[:5]]
    asked = [request.path for request, _ in httpserver.log]
    assert asked.count("/pages/1") == 1 and "/pages/3" not in asked  # 3 pages at most


def test_a_spent_rate_limit_stops_asking_that_forge_and_says_until_when(registry, httpserver,
                                                                        online):
    # SYNTHETIC mechanics: GitHub's answer when the hourly limit is spent
    httpserver.expect_request(GITHUB_REPO).respond_with_data(
        '{"message": "API rate limit exceeded"}', status=403, content_type="application/json",
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1767225600"})
    _project(registry)
    _project(registry, "https://github.com/PyGithub/PyGithub/tree/main/doc")
    report = sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert len(httpserver.log) == 1  # the second project was not asked
    assert "until 00:00 UTC" in report.limited["github"]
    assert "GITHUB_TOKEN" in report.limited["github"]
    assert not report.synced and summaries(registry) == {}


def test_a_private_repository_is_never_kept(registry, httpserver, online, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)  # a token can see private repositories
    private = {**recorded(ABOUT), "private": True}  # SYNTHETIC: the recorded body, made private
    serve_github(httpserver)
    httpserver.clear()
    httpserver.expect_request(GITHUB_REPO).respond_with_data(json.dumps(private),
                                                             content_type="application/json")
    project, _ = _project(registry)
    report = sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert "private repository" in report.failed[project.id]
    assert summaries(registry) == {}
    assert len(httpserver.log) == 1  # nothing more of it was asked


def test_unpublished_projects_lose_their_summary_and_offline_asks_nothing(registry, httpserver,
                                                                         online, monkeypatch):
    serve_github(httpserver)
    project, token = _project(registry)
    sync(registry, api=httpserver.url_for(""), allow_private=True)
    registry.update(project.id, {"status": "draft"}, token=token)
    sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert summaries(registry) == {}
    monkeypatch.setenv("H4OG_OFFLINE", "1")
    asked = len(httpserver.log)
    report = sync(registry, api=httpserver.url_for(""), allow_private=True)
    assert report.offline and len(httpserver.log) == asked
    assert "offline" in report.summary()


def test_the_sync_command(registry, capsys, monkeypatch):
    from h4og_kit.cli import main

    _project(registry)
    url = f"sqlite:///{registry.path}"
    assert main(["registry", "--url", url, "sync"]) == 1  # offline in tests: it says so
    assert "offline (H4OG_OFFLINE=1)" in capsys.readouterr().out


def test_the_server_syncs_soon_after_start_then_on_schedule_never_two_at_once(registry,
                                                                            monkeypatch):
    import asyncio
    import threading
    import time

    from h4og_kit.dashboards import public_handlers
    from h4og_kit.registry import repositories

    runs, running, overlapped = [], threading.Lock(), []

    def slow_sync(reg):
        if not running.acquire(blocking=False):
            overlapped.append(True)
            return repositories.SyncReport()
        try:
            runs.append(reg)
            time.sleep(0.05)  # longer than the schedule below: runs must still not overlap
            return repositories.SyncReport()
        finally:
            running.release()

    monkeypatch.setattr(repositories, "sync", slow_sync)
    monkeypatch.setattr(public_handlers, "FIRST_SYNC_SECONDS", 0.01)

    async def serve() -> None:
        callback = public_handlers.start_sync(registry, minutes=0.02 / 60)
        await asyncio.sleep(0.4)
        callback.stop()

    asyncio.run(serve())
    assert len(runs) >= 3 and runs[0] is registry and not overlapped
    monkeypatch.setenv("H4OG_SYNC_MINUTES", "0")
    assert public_handlers.start_sync(registry) is None
