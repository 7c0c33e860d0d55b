"""A loopback server answering as GitHub's REST API with the real recorded response bodies of
``tests/fixtures/forges/`` (see its PROVENANCE.md), for the forge and repository sync tests."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "forges"
GITHUB_REPO = "/repos/PyGithub/PyGithub"
ABOUT = "GET_repos_PyGithub_PyGithub_EXTRACT.json"
README = "GET_repos_PyGithub_PyGithub_readme_EXTRACT.json"
ISSUES = "GET_repos_PyGithub_PyGithub_issues_EXTRACT.json"
RELEASES = "GET_repos_PyGithub_PyGithub_releases_per_page10_page1_EXTRACT.json"


def body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def recorded(name: str):
    return json.loads(body(name))


def serve_github(httpserver, repo: str = GITHUB_REPO, *, issues=None) -> None:
    """Answer ``repo``, its readme, good first issues and releases from the recordings
    (``issues``: a handler answering the issues instead, e.g. with a page of them)."""
    json_type = "application/json"
    httpserver.expect_request(repo).respond_with_data(body(ABOUT), content_type=json_type)
    httpserver.expect_request(repo + "/readme").respond_with_data(body(README),
                                                                  content_type=json_type)
    asked = httpserver.expect_request(repo + "/issues", query_string={
        "labels": "good first issue", "state": "open"})
    if issues is None:
        asked.respond_with_data(body(ISSUES), content_type=json_type)
    else:
        asked.respond_with_handler(issues)
    httpserver.expect_request(repo + "/releases").respond_with_data(body(RELEASES),
                                                                    content_type=json_type)
