"""Names shown for codes: kinds of entry ("Project") and Local Contexts labels ("TK Attribution
(TK A)"), both read from their one source (the entry models; the bundled Local Contexts index)."""

from __future__ import annotations

from collections.abc import Iterable

from h4og_kit.html.pieces import tags
from h4og_kit.html.text import Html
from h4og_kit.i18n import N_
from h4og_kit.i18n import gettext as _

#: The name of each license category (:data:`h4og_kit.rights.CATEGORIES`) as people read it.
CATEGORY_NAMES = {"public-domain": N_("Public domain"), "open": N_("Open license"),
                  "restricted": N_("Restricted reuse"), "in-copyright": N_("In copyright"),
                  "unknown": N_("Rights unknown")}


def kind_label(kind: str) -> str:
    """``project`` -> ``Project``; an unknown kind as it is."""
    from h4og_kit.registry.models import KINDS

    model = KINDS.get(kind)
    return model.kind_meta.label if model else kind


def kind_plural(kind: str) -> str:
    """``person`` -> ``People``; an unknown kind as it is."""
    from h4og_kit.registry.models import KINDS

    model = KINDS.get(kind)
    return model.kind_meta.plural if model else kind


def tk_label_name(code: str) -> str:
    """The name of a Local Contexts label or notice code (``tka`` -> ``TK Attribution (TK A)``);
    a code the index does not know as it is."""
    from h4og_kit.equity.labels import labels_index

    label = labels_index().get(code)
    return label.name if label else code


def tk_labels(codes: Iterable[str]) -> Html:
    """The TK/BC labels of a collection by name, as tags (nothing for none)."""
    return tags([tk_label_name(code) for code in codes], "TK/BC labels")


def category_label(category: str) -> str:
    """``public-domain`` -> ``Public domain`` in the current language; an unknown category as
    it is."""
    return _(CATEGORY_NAMES[category]) if category in CATEGORY_NAMES else category
