"""Names shown for codes: kinds of entry ("Project"), Local Contexts labels ("TK Attribution
(TK A)") and license categories, in the viewer's language. Kinds and labels are read from their one
source (the entry models; the bundled Local Contexts index), in English, and translated here."""

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

#: The names of the Local Contexts Labels and Notices of the bundled index, marked for
#: translation (the message extractor reads code, not CSV; a test keeps them in step).
TK_LABEL_NAMES = (
    # Translators: the name of a Local Contexts Label or Notice. Use Local Contexts' own name in
    # your language where it has one (localcontexts.org); else keep the English name.
    N_("TK Attribution (TK A)"),
    N_("TK Clan (TK CL)"),
    N_("TK Family (TK F)"),
    N_("TK Multiple Communities (TK MC)"),
    N_("TK Community Voice (TK CV)"),
    N_("TK Creative (TK CR)"),
    N_("TK Verified (TK V)"),
    N_("TK Non-Verified (TK NV)"),
    N_("TK Seasonal (TK S)"),
    N_("TK Women General (TK WG)"),
    N_("TK Men General (TK MG)"),
    N_("TK Men Restricted (TK MR)"),
    N_("TK Women Restricted (TK WR)"),
    N_("TK Culturally Sensitive (TK CS)"),
    N_("TK Secret / Sacred (TK SS)"),
    N_("TK Open to Commercialization (TK OC)"),
    N_("TK Non-Commercial (TK NC)"),
    N_("TK Community Use Only (TK CO)"),
    N_("TK Outreach (TK O)"),
    N_("TK Open to Collaboration (TK CB)"),
    N_("BC Provenance (BC P)"),
    N_("BC Multiple Communities (BC MC)"),
    N_("BC Open to Collaboration (BC CB)"),
    N_("BC Open to Commercialization (BC OC)"),
    N_("BC Research Use (BC R)"),
    N_("BC Consent Verified (BC CV)"),
    N_("BC Consent Non-Verified (BC CNV)"),
    N_("BC Clan (BC CL)"),
    N_("BC Outreach (BC O)"),
    N_("BC Non-Commercial (BC NC)"),
    N_("Attribution Incomplete Notice"),
    N_("Biocultural (BC) Notice"),
    N_("Traditional Knowledge (TK) Notice"),
    N_("Open to Collaborate Notice"),
)


def kind_label(kind: str) -> str:
    """``project`` -> ``Project`` in the current language; an unknown kind as it is."""
    from h4og_kit.registry.models import KINDS

    model = KINDS.get(kind)
    return _(model.kind_meta.label) if model else kind


def kind_plural(kind: str) -> str:
    """``person`` -> ``People`` in the current language; an unknown kind as it is."""
    from h4og_kit.registry.models import KINDS

    model = KINDS.get(kind)
    return _(model.kind_meta.plural) if model else kind


def tk_label_name(code: str) -> str:
    """The name of a Local Contexts label or notice code (``tka`` -> ``TK Attribution (TK A)``)
    in the current language; a code the index does not know as it is."""
    from h4og_kit.equity.labels import labels_index

    label = labels_index().get(code)
    return _(label.name) if label else code


def tk_labels(codes: Iterable[str]) -> Html:
    """The TK/BC labels of a collection by name, as tags (nothing for none)."""
    return tags([tk_label_name(code) for code in codes], _("TK/BC labels"))


def category_label(category: str) -> str:
    """``public-domain`` -> ``Public domain`` in the current language; an unknown category as
    it is."""
    return _(CATEGORY_NAMES[category]) if category in CATEGORY_NAMES else category


def field_labels(kind: str) -> dict[str, str]:
    """Field name -> its label in the current language, for the fields of entries of ``kind``
    (an unknown kind has none)."""
    from h4og_kit.registry.meta import fields_meta
    from h4og_kit.registry.models import KINDS

    model = KINDS.get(kind)
    return {name: _(meta.label) for name, meta in fields_meta(model).items()} if model else {}
