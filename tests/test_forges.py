"""A project's repository summary from GitHub, GitLab and Codeberg (h4og_kit.forges).

The forges' answers are real recorded response bodies (tests/fixtures/forges/PROVENANCE.md),
served on a loopback server in place of the forge's API. Where no real body was recorded (GitLab
and Codeberg releases, Codeberg issues), the server answers an empty list: the mechanics of a
repository with none, named as SYNTHETIC below.
"""

from __future__ import annotations

import base64
import json

import pytest
from forge_server import ABOUT, ISSUES, RELEASES, recorded, serve_github
from forge_server import body as _body

from h4og_kit.forges import NotARepository, forge_of, readme_summary, repository_summary

SYNTHETIC_NONE = "[]"


@pytest.mark.parametrize(("url", "kind", "path"), [
    ("https://github.com/PyGithub/PyGithub", "github", "PyGithub/PyGithub"),
    ("https://github.com/PyGithub/PyGithub.git", "github", "PyGithub/PyGithub"),
    ("https://github.com/PyGithub/PyGithub/tree/main/doc", "github", "PyGithub/PyGithub"),
    ("https://gitlab.com/gitlab-org/release/tasks/-/issues/617", "gitlab",
     "gitlab-org/release/tasks"),
    ("https://codeberg.org/privacyguides/privacyguides.org", "forgejo",
     "privacyguides/privacyguides.org"),
])
def test_a_source_link_names_its_forge_and_repository(url, kind, path):
    forge = forge_of(url)
    assert (forge.kind, forge.path) == (kind, path)


@pytest.mark.parametrize("url", ["https://example.org/project", "https://github.com/only-owner",
                                 "ftp://github.com/a/b", "not a link"])
def test_other_links_are_not_repositories(url):
    with pytest.raises(NotARepository):
        forge_of(url)


def test_github_summary_from_the_recorded_answers(httpserver, online, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_token_for_tests_0123456789")
    serve_github(httpserver)
    summary = repository_summary("https://github.com/PyGithub/PyGithub",
                                 api=httpserver.url_for(""), allow_private=True)
    about = recorded(ABOUT)
    # the 2012 recording gives every issue a pull_request object, with empty links for the
    # issues that are not pull requests
    issues = [i for i in recorded(ISSUES) if not (i["pull_request"] or {}).get("html_url")]
    newest = recorded(RELEASES)[0]
    assert summary.description == about["description"]
    assert summary.last_activity == about["pushed_at"]
    assert summary.readme_summary.startswith(
        "PyGitHub is a Python library to access the GitHub REST API. This library enables you")
    assert len(summary.good_first_issues) == 5
    assert [(i.title, i.url) for i in summary.good_first_issues] == [
        (i["title"], i["html_url"]) for i in issues][:5]
    assert summary.latest_release.name == newest["tag_name"]  # its name is empty
    assert summary.latest_release.url == newest["html_url"]
    sent = httpserver.log[0][0].headers["Authorization"]
    assert sent == "Bearer ghp_secret_token_for_tests_0123456789"


def test_gitlab_summary_from_the_recorded_answers(httpserver, online, monkeypatch):
    monkeypatch.setenv("GITLAB_TOKEN", "glpat-secret-token-for-tests")  # never sent: see forges
    project = "/projects/gitlab-org/release/tasks"  # the server decodes the %2F of the request
    commits = "gitlab_GET_projects_gitlab-org__gitlab-foss_repository_commits_per_page5_EXTRACT_emails_removed.json"
    httpserver.expect_request(project + "/repository/commits").respond_with_data(
        _body(commits), content_type="application/json")
    httpserver.expect_request(project + "/issues", query_string={
        "labels": "good first issue", "state": "opened"}).respond_with_data(
        _body("gitlab_GET_projects_gitlab-org__release__tasks_issues_EXTRACT.json"),
        content_type="application/json")
    httpserver.expect_request(project + "/releases").respond_with_data(
        SYNTHETIC_NONE, content_type="application/json")
    summary = repository_summary("https://gitlab.com/gitlab-org/release/tasks",
                                 api=httpserver.url_for(""), allow_private=True)
    issue = json.loads(_body("gitlab_GET_projects_gitlab-org__release__tasks_issues_EXTRACT.json"))[0]
    assert summary.last_activity == json.loads(_body(commits))[0]["committed_date"]
    assert [(i.title, i.url) for i in summary.good_first_issues] == [
        (issue["title"], issue["web_url"])]
    assert summary.latest_release is None
    assert all("PRIVATE-TOKEN" not in request.headers and "Authorization" not in request.headers
               for request, _ in httpserver.log)  # public projects only


def test_codeberg_summary_from_the_recorded_answer(httpserver, online):
    repo = "/repos/privacyguides/privacyguides.org"
    body = _body("codeberg_GET_repos_privacyguides_privacyguides.org_EXTRACT.json")
    httpserver.expect_request(repo).respond_with_data(body, content_type="application/json")
    httpserver.expect_request(repo + "/issues").respond_with_data(
        SYNTHETIC_NONE, content_type="application/json")
    summary = repository_summary("https://codeberg.org/privacyguides/privacyguides.org",
                                 api=httpserver.url_for(""), allow_private=True)
    about = json.loads(body)
    assert (summary.description, summary.last_activity) == (about["description"],
                                                            about["updated_at"])
    assert about["release_counter"] == 0 and summary.latest_release is None
    assert all(not path.endswith("/releases") for path in
               (request.path for request, _ in httpserver.log))  # none to ask for


def test_a_readme_summary_is_prose_without_badges_images_or_html():
    readme = base64.b64decode(json.loads(_body(
        "GET_repos_PyGithub_PyGithub_readme_EXTRACT.json"))["content"]).decode("utf-8")
    summary = readme_summary(readme)
    assert "![" not in summary and "](" not in summary and "[" not in summary
    assert readme_summary("# Title\n\n<p align=center><img src=x></p>\n\n```\ncode\n```") is None
