"""The page frame, the Voila request context, the demo flag and `h4og serve`."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from pseudo_locale import pseudo

import h4og_kit
from h4og_kit.dashboards import demo
from h4og_kit.dashboards.apps import APPS, FOLDER, SUBTITLES
from h4og_kit.widgets import context
from h4og_kit.widgets.page import dashboard_page

pytest_plugins = ["widget_fixtures"]


def test_the_page_frame_has_navigation_and_the_demo_notice(monkeypatch):
    monkeypatch.setenv("H4OG_DEMO", "1")
    page = dashboard_page("Showcase", active="showcase.ipynb")
    header = page.children[0].value
    assert "<style>" in header and "<h1>Hack4OpenGLAM: Showcase</h1>" in header
    assert '<a href="showcase.ipynb?lang=en" aria-current="page">Showcase</a>' in header
    assert all(f'href="{app}?lang=en"' in header for app in APPS)
    assert 'data-h4og-lang="en" data-h4og-dir="ltr"' in header
    assert "Demo: this dashboard serves the kit&#x27;s example registry" in page.children[1].value
    assert len(dashboard_page("Rights", shows_registry=False).children) == 2
    monkeypatch.delenv("H4OG_DEMO")
    assert len(dashboard_page("Showcase").children) == 2


def test_the_page_frame_speaks_the_kernels_language(pseudo_locale, monkeypatch):
    """Title, subtitle, navigation, notices and footer come from the catalog; the header
    declares the language for the template's script; links carry it; the menu links this page
    (its query kept) in each language."""
    monkeypatch.setenv("H4OG_DEMO", "1")
    page = dashboard_page("Register", active="register.ipynb")
    header, notice, footer = page.children[0].value, page.children[1].value, page.children[-1].value
    assert 'data-h4og-lang="en-XA" data-h4og-dir="ltr"' in header
    assert f'<a href="register.ipynb?lang=en-XA" aria-current="page">{pseudo("Register")}</a>' in header
    assert pseudo(SUBTITLES["register.ipynb"]) in header and pseudo("Find teammates") in header
    assert 'href="?lang=en" hreflang="en"' in header and 'aria-current="true">' in header
    assert notice.count("⟦") == 1 and footer.count("⟦") == 3


def test_the_busy_page_speaks_the_visitors_language(pseudo_locale):
    from h4og_kit.dashboards.kernels import busy_page

    page = busy_page("/?lang=en-XA")
    assert '<html lang="en-XA" dir="ltr">' in page and pseudo("the public showcase") in page
    assert '<a href="/?lang=en-XA">' in page


def test_the_demo_flag_opens_the_demo_registry(monkeypatch, tmp_path):
    monkeypatch.setenv("H4OG_DEMO", "1")
    with demo.open_registry() as reg:
        assert reg.url.endswith("demo-registry.sqlite3")
        assert reg.get("demo-project-labels").kind == "project"
    monkeypatch.setenv("H4OG_DEMO", "0")
    monkeypatch.setenv("H4OG_REGISTRY_URL", f"sqlite:///{tmp_path / 'mine.sqlite3'}")
    with demo.open_registry() as reg:
        assert reg.url.endswith("mine.sqlite3") and reg.counts()["kind"] == {}


@pytest.fixture
def voila_request(monkeypatch):
    """The environment Voila gives a kernel started for a request (not preheated)."""
    context._request_loaded.cache_clear()
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "edit=project-1a2b&token=h4og_abc%2Bdef&edit=ignored")
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/register.ipynb")
    monkeypatch.setenv("SERVER_NAME", "127.0.0.1")
    monkeypatch.setenv("SERVER_PORT", "8866")
    yield monkeypatch
    context._request_loaded.cache_clear()


def test_query_parameters_and_page_url_come_from_the_request(voila_request):
    assert context.query_params() == {"edit": "project-1a2b", "token": "h4og_abc+def"}
    assert context.page_url() == "http://127.0.0.1:8866/voila/render/register.ipynb"
    voila_request.setenv("HTTP_HOST", "hack.example.org")
    voila_request.setenv("HTTP_X_FORWARDED_PROTO", "https")
    assert context.page_url() == "https://hack.example.org/voila/render/register.ipynb"
    assert context.edit_link("project-1", "h4og_a+b") == (
        "https://hack.example.org/voila/render/register.ipynb?edit=project-1&token=h4og_a%2Bb")


def test_outside_voila_there_is_no_request(monkeypatch):
    context._request_loaded.cache_clear()
    for name in ("VOILA_PREHEAT", "VOILA_KERNEL_ID", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    assert context.query_params() == {}
    assert context.page_url() is None
    assert context.edit_link("project-1", "t") == "?edit=project-1&token=t"
    context._request_loaded.cache_clear()


def test_serve_runs_voila_on_the_dashboards_with_the_demo(monkeypatch, capsys):
    from h4og_kit import cli

    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, cwd, env: calls.append((cmd, cwd, env)) or 0)
    assert cli.main(["serve", "--demo", "--port", "9999"]) == 0
    command, cwd, env = calls[0]
    assert command[1:3] == ["-m", "h4og_kit.dashboards.server"]
    assert "--port=9999" in command and "--DashboardServer.landing=showcase.ipynb" in command
    assert cwd == FOLDER and (cwd / "voila.json").is_file()
    assert env["H4OG_DEMO"] == "1" and env["H4OG_SERVED"] == "1"
    out = capsys.readouterr().out
    assert "http://127.0.0.1:9999/voila/render/register.ipynb" in out
    # the demo organizer token is printed once; the dashboards get only its verifier
    token = re.search(r"this session only .*: (h4og_\S+)", out).group(1)
    assert "H4OG_ADMIN_TOKEN" not in env and token not in "".join(env.values())
    assert env["H4OG_ADMIN_TOKEN_SHA256"] == hashlib.sha256(token.encode()).hexdigest()
    assert cli.main(["serve", "--app", "nope.ipynb"]) == 2
    assert "no dashboard 'nope.ipynb'" in capsys.readouterr().err
    assert cli.main(["serve", "--demo", "--registry", "sqlite:///x.sqlite3"]) == 2
    assert "give one of them" in capsys.readouterr().err and len(calls) == 1


def test_every_app_exists_and_voila_json_culls_and_preheats():
    import json

    assert FOLDER == Path(h4og_kit.__file__).resolve().parent / "dashboards"
    assert sorted(p.name for p in FOLDER.glob("*.ipynb")) == sorted(APPS)
    assert (FOLDER / "templates" / "lab" / "index.html.j2").is_file()
    config = json.loads((FOLDER / "voila.json").read_text())
    assert config["VoilaConfiguration"]["show_tracebacks"] is False
    assert config["VoilaConfiguration"]["preheat_kernel"] is True
    assert config["VoilaConfiguration"]["template"] == "lab"
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert config["MappingKernelManager"]["cull_connected"] is False


@pytest.mark.parametrize("token", ["a", "organizer", "h4og_short-token-23chars"[:23]])
def test_serve_refuses_an_organizer_token_shorter_than_24_characters(monkeypatch, capsys, token):
    from h4og_kit import cli

    calls = []
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: calls.append(a) or 0)
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", token)
    assert cli.main(["serve", "--demo"]) == 2 and calls == []
    err = capsys.readouterr().err
    assert f"has {len(token)} characters" in err and "at least 24" in err
    assert len(token) < 20 or token not in err  # the refused token is not printed


def test_serve_passes_only_a_verifier_of_the_organizer_token(monkeypatch, tmp_path, capsys):
    """The organizer's ``.env`` is read where ``h4og serve`` runs: its settings reach the
    dashboards (which run in the package's folder), its token only as a verifier."""
    from h4og_kit import cli

    token = "h4og_an-organizer-token-long-enough"
    (tmp_path / ".env").write_text(  # read from .env, as organizers do
        f"H4OG_ADMIN_TOKEN={token}\nH4OG_ALLOWED_HOSTS=images.example.org\n"
        "H4OG_ALLOW_PRIVATE_ADDRESSES=1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("H4OG_ALLOWED_HOSTS", "")  # empty counts as unset, as in h4og_kit.config
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, cwd, env: calls.append(env) or 0)
    assert cli.main(["serve"]) == 0
    (env,) = calls
    assert token not in "".join(env.values()) and token not in capsys.readouterr().out
    assert "H4OG_ALLOW_PRIVATE_ADDRESSES" not in env and env["H4OG_SERVED"] == "1"
    assert env["H4OG_ALLOWED_HOSTS"] == "images.example.org"
    assert env["H4OG_ADMIN_TOKEN_SHA256"] == hashlib.sha256(token.encode()).hexdigest()


def test_a_served_kernel_knows_the_organizer_by_the_verifier_only(monkeypatch, tmp_path):
    """Inside h4og serve's dashboards the token itself is never read, not even from a .env the
    kernel can see; the verifier recognizes the organizer."""
    from h4og_kit.registry.tokens import is_organizer

    token = "h4og_an-organizer-token-long-enough"
    (tmp_path / ".env").write_text("H4OG_ADMIN_TOKEN=a-token-in-a-stray-env-file\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("H4OG_SERVED", "1")
    assert not is_organizer("a-token-in-a-stray-env-file")
    monkeypatch.setenv("H4OG_ADMIN_TOKEN_SHA256", hashlib.sha256(token.encode()).hexdigest())
    assert is_organizer(token) and not is_organizer(token[:-1]) and not is_organizer("")
