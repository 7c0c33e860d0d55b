"""What goes wrong is said in the reader's language: source errors and their hints, the offline
notice, the registry's refusals and the Local Contexts report, under the pseudo-locale ``en-XA``
(every marked message comes out accented between ⟦ and ⟧). Data stays as it is: source names,
URLs, entry ids, queries, the Labels' own names."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ADMIN

import h4og_kit
from h4og_kit.equity.labels import UNRECOGNISED, ethical_filter
from h4og_kit.errors import AddressRefused, SourceError, no_answer, status_hint
from h4og_kit.registry import PermissionDenied, ValidationError
from h4og_kit.sources.met import MetSource

URL = "https://collectionapi.metmuseum.org/public/collection/v1/objects/1"


@pytest.mark.parametrize("status", [401, 403, 404, 429, 500, 418])
def test_every_status_hint_is_translated(pseudo_locale, status):
    assert status_hint(status, None).startswith("⟦")
    assert status_hint(401, "EUROPEANA_API_KEY").startswith("⟦")


def test_source_errors_are_translated_and_keep_source_and_url(pseudo_locale):
    for error in (SourceError("met", URL, 404, "a hint"), SourceError("met", None, 500),
                  SourceError("met", URL), SourceError("met", None)):
        message = str(error)
        assert message.startswith("⟦met: ") and "⟧" in message
    assert URL in str(SourceError("met", URL, 404))
    refused = AddressRefused("iiif", "http://127.0.0.1/x", "a reason", "a hint")
    assert str(refused).startswith("⟦iiif: réfûšéd tö fétçh http://127.0.0.1/x: a reason.")


@pytest.mark.parametrize("failure", [
    ConnectionError("Connection refused"), TimeoutError("ReadTimeout"),
    ConnectionError("Connection reset by peer"), OSError("something else"),
])
def test_no_answer_hints_are_translated(pseudo_locale, failure):
    error = no_answer("met", URL, failure)
    assert error.hint.startswith("⟦") and str(error).startswith("⟦met: ")


def test_the_offline_notice_is_translated_and_keeps_the_query(pseudo_locale, tmp_path,
                                                             monkeypatch):
    found = h4og_kit.search("met", "", limit=3, progress=False)
    assert found.attrs["offline"] is True and found.attrs["notice"].startswith("⟦Öfflîñé (")
    assert " met " in found.attrs["notice"]
    missing = h4og_kit.search("met", "zebra-unicorn-xyz", progress=False)
    assert missing.empty and missing.attrs["notice"].count("⟦") >= 2
    assert "'zebra-unicorn-xyz'" in missing.attrs["notice"]
    monkeypatch.setattr(MetSource, "samples_dir", tmp_path)  # a source with nothing bundled
    notice = MetSource().offline_notice("why", 0, "cat")
    assert notice.startswith("⟦Öfflîñé (why): met ")


def _refusal(call, error=PermissionDenied) -> str:
    with pytest.raises(error) as raised:
        call()
    return str(raised.value)


def test_the_registrys_refusals_are_translated(organizer_registry, pseudo_locale):
    entry, token = organizer_registry.register("project", {"title": "Sámi place names"})
    pid = entry.id
    refusals = {
        "no token": _refusal(lambda: organizer_registry.update(pid, {"summary": "x"})),
        "wrong token": _refusal(lambda: organizer_registry.update(pid, {"summary": "x"}, token="h4og_no")),
        "hide": _refusal(lambda: organizer_registry.hide(pid, token)),
        "feature": _refusal(lambda: organizer_registry.feature(pid, token)),
        "lock": _refusal(lambda: organizer_registry.lock(token)),
        "hidden entry": _refusal(lambda: organizer_registry.register(
            "tool", {"title": "x", "status": "hidden"})),
    }
    organizer_registry.lock(ADMIN, entry_id=pid)
    refusals["entry locked"] = _refusal(lambda: organizer_registry.update(pid, {"summary": "x"}, token=token))
    organizer_registry.lock(ADMIN)
    refusals["event locked"] = _refusal(lambda: organizer_registry.register("tool", {"title": "late"}))
    assert {why: text for why, text in refusals.items() if not text.startswith("⟦")} == {}
    assert pid in refusals["wrong token"] and "H4OG_ADMIN_TOKEN" in refusals["hide"]
    assert refusals["hide"].count("⟦") == 2  # the action refused is translated too
    missing = _refusal(lambda: organizer_registry.revert(pid, 9, token=ADMIN), KeyError)
    assert missing.startswith(f"⟦{pid} ")


def test_a_team_of_unknown_people_is_refused_in_the_current_language(organizer_registry, pseudo_locale):
    with pytest.raises(ValidationError) as raised:
        organizer_registry.register("project", {"title": "Map", "team": ["person-nobody"]})
    message = raised.value.errors["team.0"]
    assert message.startswith("⟦") and "'person-nobody'" in message


def test_the_local_contexts_report_is_translated_and_keeps_the_labels_names(pseudo_locale):
    records = pd.DataFrame({"id": ["a", "b", "c"], "labels": ["tkss", "Not A Label", None]})
    _, report = ethical_filter(records)
    assert report.message.startswith("⟦") and "TK Secret / Sacred (TK SS): 1" in report.message
    assert report.by_label.set_index("code").loc[UNRECOGNISED, "name"].startswith("⟦")
    _, nothing = ethical_filter(records.head(0))
    assert nothing.message.startswith("⟦")
