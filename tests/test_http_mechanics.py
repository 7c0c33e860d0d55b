"""The HTTP path under load and faults: paging, concurrency, retries, Retry-After, timeouts, cache.

All servers here are loopback servers with SYNTHETIC payloads (see synthetic_met.py); real
responses are only used for parsing tests.
"""

from __future__ import annotations

import logging
import socket
import time

import pytest
from synthetic_met import SyntheticMet
from werkzeug import Response

import h4og_kit
from h4og_kit import http
from h4og_kit.sources.met import MetSource

FAST = http.Politeness(connections=8, rate=0, backoff=0.01, read_timeout=5)
ONE_TRY = http.Politeness(connections=8, rate=0, retries=1, backoff=0.01)


def met(server: SyntheticMet, politeness: http.Politeness = FAST) -> MetSource:
    return MetSource(base_url=server.url, politeness=politeness)


def test_met_pages_fetch_every_object_once_concurrently(online):
    with SyntheticMet(objects=250, latency=0.01) as server:
        df = met(server).search("anything", limit=None, progress=False)
    assert len(df) == 250
    assert sorted(df["id"].astype(int)) == list(range(1, 251))
    assert list(df.columns) == list(h4og_kit.records.COLUMNS)
    assert df.attrs["offline"] is False and df.attrs["complete"] is True
    assert df.attrs["total"] == 250
    assert 1 < server.max_in_flight <= 8  # concurrent, within the politeness limit
    assert all(n == 1 for p, n in server.served.items() if p.startswith("/objects/"))


def test_limit_fetches_no_more_than_needed(online):
    with SyntheticMet(objects=500) as server:
        df = met(server).search("x", limit=30, progress=False)
    assert len(df) == 30
    assert sum(1 for p in server.served if p.startswith("/objects/")) == 30


def test_open_only_keeps_paging_until_limit_of_reusable_records(online):
    with SyntheticMet(objects=100) as server:
        df = met(server).search("x", limit=20, open_only=True, progress=False)
    assert len(df) == 20
    assert set(df["license_category"]) == {"public-domain"}


def test_fault_run_ends_with_every_record_exactly_once(online):
    """20% of answers are 429, 500 or a connection reset: retries recover every record once."""
    with SyntheticMet(objects=300, fault_rate=0.2, seed=11) as server:
        df = met(server).search("x", limit=None, progress=False, strict=True)
    assert sorted(df["id"].astype(int)) == list(range(1, 301))
    assert df["id"].is_unique
    assert {"429", "500", "reset"} <= set(server.injected)
    assert sum(server.injected.values()) > 30


def test_retry_after_is_honoured(online, httpserver):
    httpserver.expect_ordered_request("/objects/45734").respond_with_response(
        Response('{"message": "slow down"}', status=429, headers={"Retry-After": "1"})
    )
    httpserver.expect_ordered_request("/objects/45734").respond_with_json({"objectID": 45734})
    source = MetSource(base_url=httpserver.url_for(""), politeness=FAST)
    started = time.monotonic()
    body = source.fetch("objects/45734")
    assert body == {"objectID": 45734}
    assert time.monotonic() - started >= 0.95  # waited as told, not the 0.01 s backoff


def test_timeout_becomes_a_source_error(online, httpserver):
    def slow(request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(slow)
    polite = http.Politeness(read_timeout=0.2, retries=1, backoff=0.01)
    source = MetSource(base_url=httpserver.url_for(""), politeness=polite)
    with pytest.raises(http.SourceError, match="did not answer in time") as err:
        source.search("cat", progress=False)
    assert err.value.source == "met"


@pytest.mark.parametrize(
    "status, hint",
    [(401, "check EUROPEANA_API_KEY"), (403, "check EUROPEANA_API_KEY"), (404, "Nothing was found"),
     (429, "rate-limiting"), (503, "try again later")],
)
def test_error_statuses_name_source_status_and_hint_without_the_key(online, httpserver, status, hint):
    httpserver.expect_request("/search.json").respond_with_json({"error": "x"}, status=status)
    polite = http.Politeness(retries=1, backoff=0.01)
    with pytest.raises(http.SourceError) as err:
        http.fetch("europeana", httpserver.url_for("/search.json"), {"wskey": "s3cret", "query": "x"},
                   politeness=polite, key_env="EUROPEANA_API_KEY")
    message = str(err.value)
    assert err.value.status == status and f"HTTP {status}" in message
    assert hint in message and message.startswith("europeana:")
    assert "s3cret" not in message and "wskey=***" in message


def test_truncated_and_non_json_bodies_become_source_errors(online, httpserver):
    with (SyntheticMet(objects=5, fault_rate=1.0, faults=("truncate",)) as server,
          pytest.raises(http.SourceError, match="truncated or not valid JSON")):
        met(server, http.Politeness(retries=2, backoff=0.01)).fetch("objects/1")
    httpserver.expect_request("/objects/1").respond_with_data("<html>maintenance</html>")
    with pytest.raises(http.SourceError, match="truncated or not valid JSON"):
        MetSource(base_url=httpserver.url_for(""), politeness=FAST).fetch("objects/1")


def test_a_good_page_survives_a_later_failure_with_a_warning(online):
    with SyntheticMet(objects=200, fail_after=100) as server:
        with pytest.warns(UserWarning, match="Returning the 80 records"):
            df = met(server, ONE_TRY).search("x", limit=None, progress=False)
        assert len(df) == 80 and df.attrs["complete"] is False
        with pytest.raises(http.SourceError, match="HTTP 403"):
            met(server, ONE_TRY).search("x", limit=None, progress=False, strict=True)


def test_cached_rerun_asks_the_server_nothing(online):
    with SyntheticMet(objects=40) as server:
        first = met(server).search("x", limit=None, progress=False)
        before = sum(server.hits.values())
        second = met(server).search("x", limit=None, progress=False)
        assert sum(server.hits.values()) == before
    assert first.equals(second)


def test_politeness_rate_spaces_requests(online):
    with SyntheticMet(objects=10) as server:
        started = time.monotonic()
        met(server, http.Politeness(connections=8, rate=10, backoff=0.01)).search(
            "x", limit=None, progress=False)
        elapsed = time.monotonic() - started
    assert elapsed >= 0.95  # 11 requests at 10 per second take at least one second


def test_user_agent_names_the_kit(online, httpserver):
    httpserver.expect_request("/objects/1", headers={"User-Agent": http.USER_AGENT}).respond_with_json(
        {"objectID": 1}
    )
    assert MetSource(base_url=httpserver.url_for(""), politeness=FAST).fetch("objects/1")
    assert http.USER_AGENT.startswith(f"h4og-kit/{h4og_kit.__version__} (+https://")


def test_auto_mode_falls_back_to_bundled_samples_when_unreachable(monkeypatch, caplog):
    monkeypatch.setenv("H4OG_OFFLINE", "auto")
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")  # the closed port is on loopback
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    with caplog.at_level(logging.WARNING, logger="h4og_kit"):
        df = MetSource(base_url=closed, politeness=FAST).search("quail", progress=False)
    assert df.attrs["offline"] is True
    assert df["title"].tolist() == ["Quail and Millet"]
    assert sum("Offline" in r.message for r in caplog.records) == 1


def test_never_mode_does_not_fall_back(monkeypatch):
    monkeypatch.setenv("H4OG_OFFLINE", "0")
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")  # the closed port is on loopback
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(http.NetworkUnavailable, match="could not be reached"):
        MetSource(base_url=closed, politeness=FAST).search("quail", progress=False)


def test_unknown_source_lists_the_valid_names():
    with pytest.raises(KeyError) as err:
        h4og_kit.search("louvre", "cat")
    for name in ("met", "artic", "europeana", "oai", "iiif", "dumps"):
        assert name in str(err.value)


def test_bad_offline_setting_says_what_to_use(monkeypatch):
    monkeypatch.setenv("H4OG_OFFLINE", "maybe")
    with pytest.raises(ValueError, match="use auto, 1"):
        h4og_kit.search("met", "cat")


def test_keys_never_reach_logs_or_the_cache(online, httpserver, caplog, tmp_path):
    """Europeana echoes the key in its answers; urllib3 logs full URLs on retries."""
    key = "k3y-that-must-stay-secret"
    http.register_secret(key)
    httpserver.expect_ordered_request("/search.json").respond_with_json({"err": 1}, status=503)
    httpserver.expect_ordered_request("/search.json").respond_with_json(
        {"apikey": key, "items": [], "link": f"https://api.europeana.eu/x?wskey={key}"}
    )
    with caplog.at_level(logging.DEBUG):
        body = http.fetch("europeana", httpserver.url_for("/search.json"), {"wskey": key},
                          politeness=FAST)
    assert body["apikey"] == key  # the caller gets the real answer...
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert key not in ours and "wskey=***" in ours  # ...the log does not (the test server may)
    cache_files = list((tmp_path.parent).rglob("europeana.sqlite*"))
    assert cache_files
    for path in cache_files:
        assert key.encode() not in path.read_bytes()


def test_cache_clear_forgets_every_answer(online, capsys):
    from h4og_kit.cli import main

    with SyntheticMet(objects=10) as server:
        met(server).search("x", limit=None, progress=False)
        assert main(["cache", "info"]) == 0
        assert "cache folder:" in capsys.readouterr().out
        assert main(["cache", "clear"]) == 0
        assert "emptied" in capsys.readouterr().out
        source = met(server)
        for _ in range(2):  # a source object made before the clear keeps working, uncached
            before = sum(server.hits.values())
            source.search("x", limit=None, progress=False)
            assert sum(server.hits.values()) == before + 11  # asked the server again
            main(["cache", "clear"])
