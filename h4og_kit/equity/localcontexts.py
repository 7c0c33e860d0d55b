"""A client for the Local Contexts Hub API v2: attach a project's TK/BC Labels and Notices to records.

Institutions link records to a Local Contexts Hub project (a project page such as
``https://localcontextshub.org/projects/<uuid>`` or the bare project id). ``GET
/api/v2/projects/<uuid>/`` answers with the project; depending on what the community and the
institution applied, it lists ``tk_labels`` and ``bc_labels`` (each with a ``label_type`` such as
``secret_sacred``) and/or ``notice`` (each with a ``notice_type`` such as
``traditional_knowledge``). The client turns these into the label codes of the bundled index and
adds them to the records' ``labels`` column, where :func:`h4og_kit.equity.ethical_filter` reads
them.

The Hub asks for an API key in the ``X-Api-Key`` header: pass ``api_key=`` or set
``LOCALCONTEXTS_API_KEY`` (environment or ``.env``). Requests go through :mod:`h4og_kit.http`
(cache, retries, politeness); the key is never logged or cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from h4og_kit import http
from h4og_kit.equity.labels import label_codes, labels_index

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "localcontexts"
HUB_URL = "https://localcontextshub.org/api/v2/"
SANDBOX_URL = "https://sandbox.localcontextshub.org/api/v2/"
KEY_ENV = "LOCALCONTEXTS_API_KEY"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def project_id(link) -> str | None:
    """The project's unique id in a Hub link or a bare id; None when there is none."""
    if not isinstance(link, str):
        return None
    found = _UUID.search(link)
    return found.group(0).lower() if found else None


@dataclass(frozen=True)
class HubProject:
    """The parts of a Hub project the kit uses."""

    unique_id: str
    title: str
    project_page: str
    codes: tuple[str, ...]  # label and notice codes of the bundled index
    unrecognised: tuple[str, ...]  # label or notice types the bundled index does not know


def parse_project(payload: dict[str, Any]) -> HubProject:
    """A ``/projects/<id>/`` answer as a :class:`HubProject`."""
    by_type = {(label.kind, label.label_type): code for code, label in labels_index().items()}
    codes: list[str] = []
    unrecognised: list[str] = []
    entries = [("TK", e.get("label_type")) for e in payload.get("tk_labels") or []]
    entries += [("BC", e.get("label_type")) for e in payload.get("bc_labels") or []]
    entries += [("Notice", e.get("notice_type")) for e in payload.get("notice") or []]
    for kind, label_type in entries:
        code = by_type.get((kind, label_type))
        if code is None:
            unrecognised.append(f"{kind} {label_type}")
        elif code not in codes:
            codes.append(code)
    return HubProject(
        unique_id=str(payload.get("unique_id") or ""),
        title=str(payload.get("title") or ""),
        project_page=str(payload.get("project_page") or ""),
        codes=tuple(codes),
        unrecognised=tuple(unrecognised),
    )


class LocalContextsHub:
    """The Hub (or its sandbox, ``base_url=SANDBOX_URL``), queried with one account's API key."""

    def __init__(self, base_url: str = HUB_URL, api_key: str | None = None):
        from h4og_kit.config import secret

        self.base_url = base_url.rstrip("/") + "/"
        self._api_key = api_key or secret(KEY_ENV)
        http.register_secret(self._api_key)

    def __repr__(self) -> str:
        return f"LocalContextsHub({self.base_url!r}, api_key={'set' if self._api_key else 'missing'})"

    def project(self, link_or_id: str) -> HubProject:
        """One project, by its page link or unique id."""
        from h4og_kit.config import settings

        unique_id = project_id(link_or_id)
        if unique_id is None:
            raise ValueError(f"no Local Contexts project id in {link_or_id!r}")
        url = f"{self.base_url}projects/{unique_id}/"
        if settings().forced_offline:
            raise http.NetworkUnavailable(
                SOURCE, url,
                hint="Working offline (H4OG_OFFLINE=1), and no Local Contexts Hub answers are bundled. "
                "Labels already in the records' labels column are still honoured.",
            )
        if not self._api_key:
            raise http.SourceError(
                SOURCE, url,
                hint=f"The Local Contexts Hub needs an API key: set {KEY_ENV} (environment or .env) "
                "or pass api_key=. Get one from your account on localcontextshub.org.",
            )
        payload = http.fetch(SOURCE, url, headers={"X-Api-Key": self._api_key}, key_env=KEY_ENV)
        return parse_project(payload)

    def attach(
        self,
        df: pd.DataFrame,
        project_column: str = "localcontexts_project",
        labels_column: str = "labels",
    ) -> pd.DataFrame:
        """A copy of ``df`` with each linked project's labels added to ``labels_column``.

        Each distinct project is fetched once. Labels already on a record are kept; the project's
        are added after them, as a list of codes. Records without a project link are unchanged.
        ``attrs["localcontexts_unrecognised"]`` lists label types the bundled index did not know.
        """
        out = df.copy()
        links = out.get(project_column)
        if links is None:
            raise KeyError(f"no column {project_column!r} with Local Contexts project links")
        projects = {pid: self.project(pid) for pid in {project_id(v) for v in links} - {None}}
        existing = out[labels_column] if labels_column in out else [None] * len(out)
        merged = []
        for link, current in zip(links, existing):
            codes = label_codes(current)
            project = projects.get(project_id(link))
            if project is not None:
                codes += [c for c in project.codes if c not in codes]
            merged.append(codes)
        out[labels_column] = merged
        out.attrs["localcontexts_unrecognised"] = sorted(
            {u for p in projects.values() for u in p.unrecognised})
        return out
