"""Every authorization decision of the registry: who a token is, who may see what, what is public.

- **Who a token is** (:func:`actor`): the entry's own edit token (``"owner"``), the token of a
  person on the entry's ``team`` (``"team:<person id>"``), or the organizer token
  (``"organizer"``). The ``owner`` field grants nothing: it is a label people typed, and rights
  follow the team list only, so removing someone from the team removes their access.
- **Who may change** (:func:`authorize`) and **who may open an entry for editing**: the same
  three, and nobody while the entry or the event is locked (organizers excepted).
- **What the public sees** (:func:`public_view`, :func:`is_public`): published entries only;
  never private fields (e-mail); a person's own links (``social_links``) only when they agreed to
  be contacted. Exports without the organizer token, the showcase, cards and feeds use this one
  definition.
- **Wrong tokens are slowed down** (:data:`THROTTLE`): after a few failures, each further wrong
  token waits longer before its answer, per process (one dashboard kernel). The wait happens
  after the database transaction ends, so it never holds up other writers.

A refusal says why in the language in force (a dashboard's visitor's, the terminal's).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from h4og_kit.i18n import gettext as _
from h4og_kit.registry.errors import PermissionDenied
from h4og_kit.registry.models import CONSENT_FIELDS, PRIVATE_FIELDS
from h4og_kit.registry.tokens import ADMIN_TOKEN_ENV, is_organizer, token_matches

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.engine import Row

ORGANIZER = "organizer"
OWNER = "owner"
PUBLIC_STATUS = "published"


class WrongToken(PermissionDenied):
    """A token was given and it matches nothing that may do this: answered after a delay."""


class FailedTokenThrottle:
    """Slows down the answers to wrong tokens in this process.

    The first ``free`` failures answer at once; each one after waits twice as long as the one
    before, from ``base`` up to ``max_delay`` seconds. After ``forget_after`` seconds without a
    failure, the count starts again. ``clock`` and ``sleep`` can be replaced in tests.
    """

    def __init__(self, *, free: int = 3, base: float = 0.5, max_delay: float = 8.0,
                 forget_after: float = 600.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.free, self.base, self.max_delay, self.forget_after = free, base, max_delay, forget_after
        self.clock, self.sleep = clock, sleep
        self.failures = 0
        self._last = float("-inf")
        self._lock = threading.Lock()

    def reset(self) -> None:
        """Forget every failure (as after a quiet period)."""
        with self._lock:
            self.failures, self._last = 0, float("-inf")

    def failed(self) -> float:
        """Count one wrong token and wait as long as the count says; return the wait."""
        with self._lock:
            now = self.clock()
            if now - self._last > self.forget_after:
                self.failures = 0
            self.failures += 1
            self._last = now
            over = self.failures - self.free
            delay = 0.0 if over <= 0 else min(self.max_delay, self.base * 2 ** (over - 1))
        if delay:
            self.sleep(delay)
        return delay


#: The throttle of this process (a dashboard kernel, a notebook, the CLI).
THROTTLE = FailedTokenThrottle()


def require_organizer(token: str | None, what: str) -> None:
    """Raise :class:`PermissionDenied` unless ``token`` is the organizer token.

    ``what`` is the action refused, such as ``N_("hide or show entries")``: marked for
    translation where it is written, translated here.
    """
    if is_organizer(token):
        return
    # Translators: {variable} is H4OG_ADMIN_TOKEN; {action} is what was refused, e.g. "hide or
    # show entries".
    message = _("only an organizer ({variable}) may {action}").format(
        variable=ADMIN_TOKEN_ENV, action=_(what))
    raise WrongToken(message) if token else PermissionDenied(message)


def actor(conn: Connection, row: Row, token: str | None) -> str | None:
    """Who ``token`` is for the entry ``row``: "owner", "team:<id>", "organizer", or None."""
    if not token:
        return None
    if token_matches(token, row.token_hash):
        return OWNER
    members = [m for m in dict.fromkeys(json.loads(row.data).get("team", [])) if m]
    if row.kind != "person" and members:
        from sqlalchemy import select

        from h4og_kit.registry import schema

        e = schema.entries
        hashes = conn.execute(
            select(e.c.id, e.c.token_hash).where(e.c.id.in_(members), e.c.kind == "person")
        )
        for member_id, member_hash in hashes:
            if token_matches(token, member_hash):
                return f"team:{member_id}"
    return ORGANIZER if is_organizer(token) else None


def authorize(conn: Connection, row: Row, token: str | None) -> str:
    """The actor ``token`` is, if it may change the entry ``row`` now; else PermissionDenied."""
    who = actor(conn, row, token)
    if who == ORGANIZER:
        return who
    if who is None and token:
        raise WrongToken(_("this token may not change {id}").format(id=row.id))
    if row.event_locked == "1":
        raise PermissionDenied(_("editing is locked for the event; ask an organizer"))
    if row.locked:
        raise PermissionDenied(_("{id} is locked by the organizers").format(id=row.id))
    if who is None:
        raise PermissionDenied(
            _("changing {id} needs its edit token (given when it was registered), a team "
              "member's token or the organizer token").format(id=row.id)
        )
    return who


def may_see_private(conn: Connection, row: Row, token: str | None) -> bool:
    """True when ``token`` may read the private fields (e-mail) of ``row``: its own or an
    organizer's."""
    if row.kind not in PRIVATE_FIELDS or not token:
        return False
    return actor(conn, row, token) in (OWNER, ORGANIZER)


def is_public(fields: Mapping[str, Any]) -> bool:
    """True for an entry anyone may see (published; not a draft, not hidden)."""
    return fields.get("status") == PUBLIC_STATUS


def public_view(kind: str, fields: Mapping[str, Any], *, consent: bool | None = None) -> dict[str, Any]:
    """``fields`` as the public may see them: without private fields, and a person's own links
    only with their consent (``consent`` overrides the fields' own ``contact_consent``, e.g. the
    current one for an older version)."""
    hidden = set(PRIVATE_FIELDS.get(kind, ()))
    agreed = fields.get("contact_consent") is True if consent is None else consent
    if not agreed:
        hidden |= CONSENT_FIELDS.get(kind, frozenset())
    return {name: value for name, value in fields.items() if name not in hidden}
