"""Organizer announcements for the event screen: "Lunch is served", "Demos start in 10 minutes".

::

    from h4og_kit.registry.announcements import announce, current, withdraw
    made = announce(registry, "Demos start at 15:00 in the main hall", token=organizer_token)
    current(registry)            # the newest first, withdrawn ones left out
    withdraw(registry, made.id, token=organizer_token)

Only organizers announce and withdraw (checked here, not only in the admin app). An announcement
is public text: it is shown on ``/screen`` to anyone, so it must hold nothing private. Each one
writes an event-wide line in the activity (``announce``, ``withdraw-announcement``; never the
text), so open screens pick it up within seconds, as they do any change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _
from h4og_kit.registry import schema
from h4og_kit.registry.access import ORGANIZER
from h4og_kit.registry.errors import EntryNotFound, ValidationError
from h4og_kit.registry.models import utc_now

if TYPE_CHECKING:
    from h4og_kit.registry.store import Registry

#: The longest announcement, in characters: a screen shows it in big type.
LONGEST = 280
#: How many announcements :func:`current` gives by default.
SHOWN = 3
#: The activity actions of announcements: event-wide, they touch no entry.
ACTIONS = ("announce", "withdraw-announcement")


@dataclass(frozen=True)
class Announcement:
    id: int
    at: str
    text: str
    language: str | None


def announce(registry: Registry, text: str, *, language: str | None = None,
             token: str | None = None) -> Announcement:
    """Post ``text`` (in ``language``, a BCP 47 tag, if given) to the event screen; organizers
    only. Raises :class:`ValidationError` for an empty or too long text."""
    registry.require_organizer(token, N_("post announcements"))
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write the announcement.")})
    if len(text) > LONGEST:
        raise ValidationError({"text": _("At most {limit} characters ({count} given).").format(
            limit=LONGEST, count=len(text))})
    at = utc_now()

    def work(conn: Connection) -> int:
        new_id = conn.execute(schema.announcements.insert().values(
            at=at, text=text, language=language or None, withdrawn=False)).inserted_primary_key[0]
        _log(conn, "announce")
        return new_id

    return Announcement(registry.run_write(work), at, text, language or None)


def withdraw(registry: Registry, announcement_id: int, *, token: str | None = None) -> None:
    """Take an announcement off the screen; organizers only."""
    registry.require_organizer(token, N_("withdraw announcements"))
    table = schema.announcements

    def work(conn: Connection) -> None:
        done = conn.execute(table.update().where(table.c.id == announcement_id)
                            .values(withdrawn=True)).rowcount
        if not done:
            raise EntryNotFound(_("There is no announcement {number}.").format(
                number=announcement_id))
        _log(conn, "withdraw-announcement")

    registry.run_write(work)


def current(registry: Registry, limit: int = SHOWN) -> list[Announcement]:
    """The newest announcements that are not withdrawn, newest first."""
    table = schema.announcements
    query = (select(table.c.id, table.c.at, table.c.text, table.c.language)
             .where(table.c.withdrawn.is_(False)).order_by(table.c.id.desc()).limit(limit))
    return registry.run_read(lambda conn: [Announcement(*row) for row in conn.execute(query)])


def _log(conn: Connection, action: str) -> None:
    conn.execute(schema.activity.insert().values(at=utc_now(), actor=ORGANIZER, action=action,
                                                 changed="[]"))
