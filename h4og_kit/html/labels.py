"""Names shown for codes: kinds of entry ("Project") and Local Contexts labels ("TK Attribution
(TK A)"), both read from their one source (the entry models; the bundled Local Contexts index)."""

from __future__ import annotations

from collections.abc import Iterable

from h4og_kit.html.pieces import tags
from h4og_kit.html.text import Html


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
