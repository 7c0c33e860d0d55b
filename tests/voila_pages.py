"""Voila pages read without a browser: wait for a server's first page, check that a dashboard's
notebook ran and returned its page, and stop a server with the kernels it started.

Voila sends a rendered page with each cell's output as JSON (``application/vnd.voila.cell-output
+json``); a dashboard's output is its page widget (a ``VBox`` whose first child is the header
``HTML`` with the stylesheet). A notebook that raised shows an error output instead (and, with
tracebacks hidden, "There was an error when executing cell").
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

_OUTPUT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.DOTALL)


def get_when_up(url: str, process: subprocess.Popen, log: Path, seconds: float) -> tuple[str, str]:
    """The final URL and body of ``url`` (redirects followed) once the server answers it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=seconds) as reply:
                assert reply.status == 200
                return reply.geturl(), reply.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            pytest.fail(f"{url} answered {exc.code}; see {log}")
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"the server did not answer {url} within {seconds} s; see {log}")


def assert_dashboard_rendered(page: str, app: str) -> None:
    """The page of ``app`` (``showcase``...) holds its notebook's result: the page widget."""
    assert f"<title>{app}</title>" in page and f'id="cell-id={app}-0"' in page
    assert "There was an error when executing cell" not in page
    (output,) = [json.loads(found) for found in _OUTPUT.findall(page)]
    assert output["output_type"] == "execute_result", output
    assert "model_id" in output["data"]["application/vnd.jupyter.widget-view+json"]
    assert output["data"]["text/plain"].startswith("VBox(children=(HTML(value='<style>")


def stop(process: subprocess.Popen) -> None:
    """Stop a server started with ``start_new_session=True``, and the kernels it started."""
    with contextlib.suppress(ProcessLookupError):  # the whole group has exited already
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
