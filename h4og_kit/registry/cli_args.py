"""What every ``h4og registry`` sub-command shares: the registry it opens (``--url``) and the token
it acts with (``--token``, else ``H4OG_EDIT_TOKEN``, else the organizer token
``H4OG_ADMIN_TOKEN``)."""

from __future__ import annotations

import argparse
import os

from h4og_kit.i18n import gettext as _


def open_registry(args: argparse.Namespace):
    """The registry at ``--url`` (default: ``H4OG_REGISTRY_URL`` or the data directory's file)."""
    from h4og_kit.registry.store import Registry

    return Registry(args.url)


def token_of(args: argparse.Namespace) -> str | None:
    """``--token``, else ``H4OG_EDIT_TOKEN``, else ``H4OG_ADMIN_TOKEN`` (environment or .env)."""
    if getattr(args, "token", None):
        return args.token
    from h4og_kit.config import secret

    return os.environ.get("H4OG_EDIT_TOKEN") or secret("H4OG_ADMIN_TOKEN")


def add_token_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--token", help=_("edit or organizer token (default: H4OG_EDIT_TOKEN, then "
                                     "H4OG_ADMIN_TOKEN)"))
