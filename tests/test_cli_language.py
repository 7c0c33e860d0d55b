"""The ``h4og`` command speaks the terminal's language: its help, results and errors.

``h4og`` runs as a subprocess, as people run it, with ``LANG`` set to the pseudo-locale
``en_XA.UTF-8`` (every marked message comes out accented between ⟦ and ⟧) or to ``C.UTF-8``
(English). argparse's own words ("usage:", "options:") come from Python's catalogs and stay
English here. In-process, every help text of every sub-command is checked under the pseudo-locale,
so that a help text nobody marked shows up.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from h4og_kit.cli import build_parser

H4OG = Path(sys.executable).with_name("h4og")  # the console script of the installed kit


@pytest.fixture
def h4og(pseudo_locale_dir, tmp_path):
    """Call ``h4og(lang, *argv)`` to run the command with ``LANG=lang``: (status, stdout, stderr)."""

    def call(lang: str, *argv: str) -> tuple[int, str, str]:
        env = {name: value for name, value in os.environ.items()
               if name not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "H4OG_LANGUAGE")}
        env.update(LANG=lang, H4OG_LOCALE_DIR=str(pseudo_locale_dir), PYTHONIOENCODING="utf-8")
        done = subprocess.run([str(H4OG), *argv], env=env, cwd=tmp_path, capture_output=True,
                              text=True, encoding="utf-8", timeout=120, check=False)
        return done.returncode, done.stdout, done.stderr

    return call


def test_help_speaks_the_terminals_language(h4og):
    code, out, _ = h4og("en_XA.UTF-8", "--help")
    assert code == 0
    assert "⟦h4öĝ-kît: öpéñ-ĝLÅM håçkåthöñ kît" in out  # the description
    assert "⟦hårvéšt å šöûrçé îñtö å ÇŠV fîlé" in out  # a sub-command's help
    assert "usage: h4og" in out and "fetch" in out  # argparse's words and command names stay
    code, out, _ = h4og("C.UTF-8", "--help")
    assert code == 0 and "⟦" not in out
    assert "h4og-kit: open-GLAM hackathon kit" in out and "harvest a source into a CSV file" in out


def test_registry_help_and_errors_speak_the_terminals_language(h4og, tmp_path):
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    code, out, _ = h4og("en_XA.UTF-8", "registry", "--help")
    assert code == 0 and "⟦" in out and "seed-demo" in out
    code, _, err = h4og("en_XA.UTF-8", "registry", "--url", url, "hide", "project-1",
                        "--token", "a-wrong-token")
    assert code == 1
    assert err.startswith("⟦érrör: ") and "H4OG_ADMIN_TOKEN" in err  # the variable's name stays
    assert "⟦öñlý åñ örĝåñîžér" in err and "⟦hîdé ör šhöw éñtrîéš" in err
    code, _, err = h4og("C.UTF-8", "registry", "--url", url, "hide", "project-1",
                        "--token", "a-wrong-token")
    assert code == 1
    assert err == "error: only an organizer (H4OG_ADMIN_TOKEN) may hide or show entries\n"


def test_serve_refusals_say_what_to_do_in_the_terminals_language(h4og):
    argv = ("serve", "--demo", "--registry", "sqlite:///x.sqlite3")
    code, _, err = h4og("en_XA.UTF-8", *argv)
    assert code == 2 and "⟦érrör: ⟦--démö šérvéš" in err
    code, _, err = h4og("C.UTF-8", *argv)
    assert code == 2 and err.startswith("error: --demo serves the kit's example registry")


def _help_texts(parser: argparse.ArgumentParser, path: str = "h4og"):
    """(where, text) for the description and every help text of ``parser`` and its sub-commands,
    argparse's own (``--help``, ``--version``) left out."""
    if parser.description:
        yield path, parser.description
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{path} {choice.dest}", choice.help
            for name, sub in action.choices.items():
                yield from _help_texts(sub, f"{path} {name}")
        elif action.help:
            yield f"{path} {action.dest}", action.help


def test_every_help_text_is_marked(pseudo_locale):
    texts = list(_help_texts(build_parser()))
    assert len(texts) > 60
    assert [where for where, text in texts if "⟦" not in text] == []


def test_a_wrong_value_is_refused_in_the_current_language(pseudo_locale, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["fetch", "met", "cat", "--out", "x.csv", "--filter", "nokey"])
    err = capsys.readouterr().err
    assert "⟦éxpéçtéd KÉÝ=VÅLÛÉ, ĝöt 'nokey'" in err  # the typed value stays as typed
