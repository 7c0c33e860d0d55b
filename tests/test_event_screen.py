"""The event screen (``/screen``), organizer announcements, and the organizers' event tools.

The screen is rendered by the server from the public snapshot: now and next from the programme
in the event's time zone, countdowns, announcements (typed text, escaped), the latest activity
and the stages, in every interface language. Announcements are for organizers only, checked in
the library; a posted one reaches the snapshot at its next refresh without the histories being
read again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

# ``http``: the public handlers over this module's keeper (a fixture, so test arguments name it)
from test_public_showcase import ADMIN, HOSTILE, _seed, http  # noqa: F401

from h4og_kit.dashboards.site import Site
from h4og_kit.dashboards.snapshot import SnapshotKeeper
from h4og_kit.registry import PermissionDenied, Registry, ValidationError
from h4og_kit.registry.announcements import LONGEST, announce, current, withdraw

EVENTS = Path(__file__).parent / "fixtures" / "events"
TYPED = '<img src=x onerror=alert(1)> Lunch is served'
ESCAPED = "&lt;img src=x onerror=alert(1)&gt; Lunch is served"


def _workshop(reg: Registry, title: str, start: str, end: str | None = None) -> None:
    reg.register("workshop", {"title": title, "start": start, **({"end": end} if end else {})})


@pytest.fixture
def registry(monkeypatch, tmp_path):
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    monkeypatch.setenv("H4OG_EVENT_TIME_ZONE", "Europe/Helsinki")
    reg = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    reg.ids = _seed(reg)
    _workshop(reg, "Opening", "2026-12-01T08:00:00+00:00", "2026-12-01T09:00:00+00:00")
    _workshop(reg, "IIIF hands-on", "2026-12-01T10:00:00+00:00", "2026-12-01T11:30:00+00:00")
    _workshop(reg, "Final gala", "2026-12-02T16:00:00+00:00", "2026-12-02T18:00:00+00:00")
    yield reg
    reg.close()


@pytest.fixture
def keeper(registry):
    return SnapshotKeeper(registry, title="Test showcase")


def _screen(keeper, at: datetime, lang: str = "en") -> str:
    return Site().screen_body(keeper.snapshot, lang, now=at).data.decode()


def test_now_next_and_the_finale_in_the_events_time_zone(keeper):
    page = _screen(keeper, datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    now, rest = page.split("<h2>Next</h2>", 1)
    nxt, finale = rest.split("<h2>Finale</h2>", 1)
    assert "Opening" in now and "10:00–11:00" in now  # 08:00 UTC is 10:00 in Helsinki
    assert "IIIF hands-on" in nxt and 'data-countdown datetime="2026-12-01T10:00:00+00:00"' in nxt
    assert "in 2 hours" in nxt  # 90 minutes, as CLDR rounds it, until the script ticks
    assert "Final gala" in finale and "18:00–20:00" in finale and "Wed, Dec 2" in finale
    assert "Times in Europe/Helsinki" in page
    after = _screen(keeper, datetime(2026, 12, 2, 20, 0, tzinfo=UTC))
    assert "No session right now." in after and "No more sessions in the programme." in after
    assert "<h2>Finale</h2>" not in after


def test_the_screen_shows_activity_stages_and_nothing_private(keeper, registry):
    from test_public_showcase import SECRETS

    page = _screen(keeper, datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    assert "Latest activity" in page and "New workshop: <strong><bdi>Final gala" in page
    assert "Projects by stage" in page and "<strong>2</strong>Idea" in page
    assert not any(secret in page for secret in SECRETS)
    assert HOSTILE not in page


def test_announcements_are_for_organizers_and_escaped_on_the_screen(keeper, registry):
    with pytest.raises(PermissionDenied):
        announce(registry, "Free pizza for everyone", token="not-the-token")
    with pytest.raises(ValidationError):
        announce(registry, "   ", token=ADMIN)
    with pytest.raises(ValidationError, match=f"At most {LONGEST} characters"):
        announce(registry, "x" * (LONGEST + 1), token=ADMIN)
    made = announce(registry, TYPED, token=ADMIN)
    announce(registry, "عرض المشاريع في الساعة الثالثة", language="ar", token=ADMIN)
    histories = dict(keeper.snapshot.history)
    assert keeper.refresh()
    assert keeper.snapshot.history == histories  # an announcement touches no entry
    page = _screen(keeper, datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    assert TYPED not in page and ESCAPED in page
    assert 'dir="auto" lang="ar">عرض المشاريع' in page
    assert page.index("عرض المشاريع") < page.index(ESCAPED)  # newest first
    with pytest.raises(PermissionDenied):
        withdraw(registry, made.id, token="not-the-token")
    withdraw(registry, made.id, token=ADMIN)
    assert [a.language for a in current(registry)] == ["ar"]
    assert keeper.refresh() and ESCAPED not in _screen(
        keeper, datetime(2026, 12, 1, 8, 30, tzinfo=UTC))


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("zh", "ltr"), ("fi", "ltr"),
                                                 ("es", "ltr")])
def test_the_screen_speaks_every_language(keeper, lang, direction):
    page = _screen(keeper, datetime(2026, 12, 1, 8, 30, tzinfo=UTC), lang)
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert "Latest activity" not in page and "Projects by stage" not in page


def test_the_screen_is_served_with_an_etag_per_minute(http, registry):  # noqa: F811
    answer = http.fetch("/screen?lang=ar")
    assert answer.code == 200 and 'dir="rtl"' in answer.body.decode()
    again = http.fetch("/screen?lang=ar", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.code == 304
    script = http.fetch("/assets/screen.js")
    assert script.code == 200 and b"data-countdown" in script.body


def test_organizers_post_and_withdraw_announcements_and_import_from_the_admin_panel(registry):
    from h4og_kit.widgets import AdminPanel

    panel = AdminPanel(registry)
    tools = panel.event_tools
    tools.announcement.value = "Demos start at 15:00"
    tools.post_button.click()  # no organizer token yet: the library refuses
    assert current(registry) == [] and "organizer" in tools.message.value
    panel.token.value = ADMIN
    tools.announcement.value = "Demos start at 15:00"
    tools.post_button.click()
    assert [a.text for a in current(registry)] == ["Demos start at 15:00"]
    assert tools.shown.options[0][0] == "Demos start at 15:00"
    tools.withdraw_button.click()
    assert current(registry) == []
    sample = EVENTS / "hackathon-json_glamhack2024_README_EXTRACT.json"
    tools.event_file.value = ({"name": sample.name, "type": "application/json",
                               "size": sample.stat().st_size, "content": sample.read_bytes(),
                               "last_modified": datetime(2026, 11, 30, tzinfo=UTC)},)
    tools.event_format.value = "hackathon-json"
    before = len(registry.all_entries(include_hidden=True))
    tools.import_button.click()  # "Try first" is on: nothing is written
    assert "1 would be created" in tools.report.value
    assert len(registry.all_entries(include_hidden=True)) == before
    tools.dry_run.value = False
    tools.import_button.click()
    assert "1 created" in tools.report.value
    assert len(registry.all_entries(include_hidden=True)) == before + 1


def test_the_panel_reads_announcements_only_once_its_tools_are_open(registry):
    from h4og_kit.widgets import AdminPanel

    announce(registry, "Posted before the panel opened", token=ADMIN)
    panel = AdminPanel(registry)
    assert panel.event_tools.shown.options == ()
    panel.token.value = ADMIN
    assert panel.event_tools.shown.options == (("Posted before the panel opened", 1),)
    panel.token.value = "not-the-token"
    panel.event_tools.sync_button.click()
    assert "only an organizer (H4OG_ADMIN_TOKEN) may sync repositories" in (
        panel.event_tools.message.value)
