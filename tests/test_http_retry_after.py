"""Retry-After has a cap and every request a deadline: a provider cannot put a kernel to sleep.

The servers are loopback servers (pytest-httpserver) with SYNTHETIC Met-shaped answers. No test
waits for real: the HTTP path's clock is replaced by one that records each requested wait and
moves its time forward by it.
"""

from __future__ import annotations

import json
import re
from typing import ClassVar

import pytest
from tqdm.std import tqdm
from werkzeug import Response

from h4og_kit import http, waits
from h4og_kit.cli import main
from h4og_kit.harvest import harvest
from h4og_kit.sources.met import MetSource

FAST = http.Politeness(connections=4, rate=0, backoff=0.01, read_timeout=5)


class FakeClock(http.Clock):
    """Records every wait and advances its time by it; never sleeps."""

    def __init__(self):
        self.time = 1000.0
        self.waits: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.time += seconds


@pytest.fixture
def clock(monkeypatch, online):
    fake = FakeClock()
    monkeypatch.setattr(waits, "clock", fake)
    for name in ("H4OG_RETRY_AFTER_MAX", "H4OG_REQUEST_DEADLINE"):
        monkeypatch.delenv(name, raising=False)
    return fake


def slow_down(seconds: int | str, status: int = 429) -> Response:
    return Response('{"message": "synthetic: slow down"}', status=status,
                    headers={"Retry-After": str(seconds)}, content_type="application/json")


def synthetic_object(object_id: int) -> dict:
    return {"objectID": object_id, "title": f"Synthetic object {object_id}",
            "isPublicDomain": True, "objectURL": f"http://127.0.0.1/synthetic/{object_id}"}


def test_a_wait_within_the_cap_is_honoured_and_announced(clock, httpserver):
    httpserver.expect_ordered_request("/objects/1").respond_with_response(slow_down(45))
    httpserver.expect_ordered_request("/objects/1").respond_with_json(synthetic_object(1))
    heard: list = []
    with http.on_wait(heard.append):
        body = http.fetch("met", httpserver.url_for("/objects/1"), politeness=FAST)
    assert body["objectID"] == 1
    assert clock.waits == [45]
    assert heard[0] == http.Wait(45, 429, True, "localhost") and heard[1] is None
    assert heard[0].text == "waiting 45 s: the provider asked us to slow down"


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_3600_is_a_quick_clear_error(clock, httpserver, status):
    httpserver.expect_request("/objects/1").respond_with_response(slow_down(3600, status))
    with pytest.raises(http.WaitTooLong) as err:
        http.fetch("met", httpserver.url_for("/objects/1"), politeness=FAST)
    assert clock.waits == []  # gave up without waiting at all
    assert len(httpserver.log) == 1  # and without asking again
    message = str(err.value)
    assert isinstance(err.value, http.SourceError) and err.value.status == status
    assert message.startswith(f"met: HTTP {status} from ")
    assert "The provider asked us to wait 3600 s before trying again" in message
    assert "at most 60 s (H4OG_RETRY_AFTER_MAX)" in message and "Try again later." in message


def test_an_http_date_retry_after_far_ahead_is_refused_too(clock, httpserver):
    httpserver.expect_request("/objects/1").respond_with_response(
        slow_down("Fri, 31 Dec 2100 23:59:59 GMT"))
    with pytest.raises(http.WaitTooLong, match="H4OG_RETRY_AFTER_MAX"):
        http.fetch("met", httpserver.url_for("/objects/1"), politeness=FAST)
    assert clock.waits == []


def test_no_single_wait_exceeds_the_cap(clock, httpserver, monkeypatch):
    monkeypatch.setenv("H4OG_RETRY_AFTER_MAX", "5")
    for _ in range(3):
        httpserver.expect_ordered_request("/objects/1").respond_with_response(slow_down(5))
    for _ in range(2):  # 500s back off exponentially: 8 s, 16 s at this backoff, capped at 5
        httpserver.expect_ordered_request("/objects/1").respond_with_json({}, status=500)
    httpserver.expect_ordered_request("/objects/1").respond_with_json(synthetic_object(1))
    patient = http.Politeness(rate=0, retries=6, backoff=2)
    assert http.fetch("met", httpserver.url_for("/objects/1"), politeness=patient)["objectID"] == 1
    assert clock.waits == [5, 5, 5, 5, 5]


def test_waits_that_would_pass_the_deadline_end_the_request(clock, httpserver, monkeypatch):
    monkeypatch.setenv("H4OG_REQUEST_DEADLINE", "100")
    httpserver.expect_request("/objects/1").respond_with_response(slow_down(60))
    with pytest.raises(http.WaitTooLong) as err:
        http.fetch("met", httpserver.url_for("/objects/1"), politeness=FAST)
    assert clock.waits == [60]  # the second 60 s would end at 120 s, past the deadline
    assert "past 100 s (H4OG_REQUEST_DEADLINE)" in str(err.value)
    assert "asked us to wait 60 s" in str(err.value) and err.value.status == 429


def test_the_deadline_also_ends_plain_retries(clock, httpserver, monkeypatch):
    monkeypatch.setenv("H4OG_REQUEST_DEADLINE", "10")
    httpserver.expect_request("/objects/1").respond_with_json({}, status=503)
    patient = http.Politeness(rate=0, retries=10, backoff=2)
    with pytest.raises(http.WaitTooLong, match=r"Gave up after \d+ s of retries"):
        http.fetch("met", httpserver.url_for("/objects/1"), politeness=patient)
    assert sum(clock.waits) <= 10


def test_bad_settings_say_what_to_use(clock, httpserver, monkeypatch):
    monkeypatch.setenv("H4OG_RETRY_AFTER_MAX", "a minute")
    httpserver.expect_request("/objects/1").respond_with_response(slow_down(5))
    with pytest.raises(ValueError, match="H4OG_RETRY_AFTER_MAX='a minute' is not understood"):
        http.fetch("met", httpserver.url_for("/objects/1"), politeness=FAST)


class RecordingBar(tqdm):
    """A tqdm bar that remembers every postfix it was given."""

    postfixes: ClassVar[list[str]] = []

    def set_postfix_str(self, s="", refresh=True):
        RecordingBar.postfixes.append(s)
        super().set_postfix_str(s, refresh)


@pytest.fixture
def bars(monkeypatch):
    RecordingBar.postfixes = []
    monkeypatch.setattr("tqdm.auto.tqdm", RecordingBar)
    return RecordingBar.postfixes


def met_with_one_slow_object(httpserver, wait: int = 7) -> None:
    """/search finds objects 1-3; object 2 asks once for a wait (fetched in a worker thread)."""
    asked = []

    def answer(request):
        if request.path == "/search":
            return Response(json.dumps({"total": 3, "objectIDs": [1, 2, 3]}),
                            content_type="application/json")
        object_id = int(request.path.rsplit("/", 1)[1])
        if object_id == 2 and not asked:
            asked.append(True)
            return slow_down(wait)
        return Response(json.dumps(synthetic_object(object_id)), content_type="application/json")

    httpserver.expect_request(re.compile("/.*")).respond_with_handler(answer)


def test_the_search_progress_bar_says_why_it_waits(clock, httpserver, bars):
    met_with_one_slow_object(httpserver)
    source = MetSource(base_url=httpserver.url_for(""), politeness=FAST)
    df = source.search("x", limit=None, progress=False)
    assert len(df) == 3 and clock.waits == [7]
    assert bars == ["waiting 7 s: the provider asked us to slow down", ""]


def test_the_harvest_progress_bar_says_why_it_waits(clock, httpserver, bars, tmp_path):
    met_with_one_slow_object(httpserver)
    result = harvest("met", "x", tmp_path / "met.csv", progress=False,
                     source_options={"base_url": httpserver.url_for(""), "politeness": FAST})
    assert result.written == 3
    assert bars == ["waiting 7 s: the provider asked us to slow down", ""]


def test_h4og_fetch_stops_at_once_on_retry_after_3600(clock, httpserver, tmp_path, capsys):
    httpserver.expect_request("/search").respond_with_response(slow_down(3600))
    out = tmp_path / "met.csv"
    assert main(["fetch", "met", "*", "--out", str(out), "--base-url", httpserver.url_for("")]) == 1
    err = capsys.readouterr().err
    assert "asked us to wait 3600 s" in err and "Try again later" in err
    assert clock.waits == []
