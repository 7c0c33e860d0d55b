"""The pseudo-locale ``en-XA``: every message of the kit, accented, 30% longer and bracketed.

Built from the code itself (the kit's extractor, :mod:`h4og_kit.message_extractor`, over
``h4og_kit/``, as ``make translations`` runs it), never from a catalog, so a
string that was not marked for translation stays plain English on a page shown in ``en-XA``:
tests look for such text. Placeholders (``{}``, ``{name}``) are kept as they are. The catalog is
written as a compiled ``.mo`` into a folder that ``H4OG_LOCALE_DIR`` names.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo

from h4og_kit import i18n

ROOT = Path(__file__).resolve().parent.parent
LANG = "en-XA"
OPEN, CLOSE = "⟦", "⟧"
_ACCENTED = str.maketrans("AaCcEeGgIiNnOoSsUuYyZz", "ÅåÇçÉéĝĝÎîÑñÖöŠšÛûÝýŽž")
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def pseudo(message: str) -> str:
    """``message`` accented outside its placeholders, padded by 30%, between ⟦ and ⟧."""
    parts = [part if _PLACEHOLDER.fullmatch(part) else part.translate(_ACCENTED)
             for part in _PLACEHOLDER.split(message)]
    padding = "·" * max(1, round(len(message) * 0.3))
    return f"{OPEN}{''.join(parts)}{padding}{CLOSE}"


def messages() -> list[str | tuple[str, str]]:
    """Every message marked in the kit's code (a plural message as ``(singular, plural)``)."""
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "h4og_kit", method_map=[("**.py", "h4og_kit.message_extractor:extract")],
            keywords=DEFAULT_KEYWORDS):
        found[message if isinstance(message, str) else tuple(message)] = None
    return list(found)


def write(folder: Path) -> Path:
    """The ``en-XA`` catalog compiled into ``folder`` (for ``H4OG_LOCALE_DIR``)."""
    catalog = Catalog(locale="en", domain=i18n.DOMAIN)
    for message in messages():
        if isinstance(message, tuple):
            catalog.add(message, tuple(pseudo(form) for form in message))
        else:
            catalog.add(message, pseudo(message))
    target = folder / LANG.replace("-", "_") / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / f"{i18n.DOMAIN}.mo").open("wb") as out:
        write_mo(out, catalog)
    return folder
