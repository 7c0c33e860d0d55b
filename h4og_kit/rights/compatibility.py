"""Can two works be combined into one adaptation, and under which license?

Follows the Creative Commons license compatibility chart for remixing two works:

- public domain (CC0, the Public Domain Mark, NoC-US, a public-domain note) adds no condition, so
  the adaptation follows the other work's license;
- NoDerivatives (ND) licenses never allow an adaptation;
- licenses without ShareAlike combine into one that keeps every condition of both
  (BY + BY-NC -> BY-NC);
- a ShareAlike license dictates the adaptation's license, so the other work's conditions must fit
  inside it (BY + BY-SA -> BY-SA, BY-NC + BY-NC-SA -> BY-NC-SA) and two ShareAlike licenses must
  have the same elements (BY-SA and BY-NC-SA are incompatible). A later version of the same
  ShareAlike license may be used, except from version 1.0, which allows only itself.

Anything else (non-CC licenses, rights statements, unknown rights) is outside the chart and
answered "no", with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from h4og_kit.rights.license import License
from h4og_kit.rights.normalize import normalize
from h4og_kit.rights.vocab import CC_ELEMENTS, tables


@dataclass(frozen=True)
class Compatibility:
    """The answer of :func:`compatible`: ``license`` is the adaptation's license when ``ok``."""

    ok: bool
    license: License | None
    reason: str

    def __bool__(self) -> bool:
        return self.ok


def _elements(lic: License) -> frozenset[str] | None:
    """The CC elements of a CC license ({"by", "sa"}), None for anything else."""
    if not lic.family.startswith("CC "):
        return None
    parts = frozenset(lic.family[3:].casefold().split("-"))
    return parts if parts <= set(CC_ELEMENTS) else None


def _version(version: str | None) -> tuple[int, ...]:
    """ "2.5" -> (2, 5); a version-less license sorts first."""
    return tuple(int(p) for p in version.split(".")) if version else ()


def _cc(elements: frozenset[str], version: str | None) -> License:
    """The unported/international CC license with these elements (version-less if none)."""
    t = tables()
    return (version and t.cc_by_parts.get((elements, version, None))) or t.cc_families[elements]


def _outside_chart(lic: License) -> str:
    if lic.category == "unknown":
        what = (
            f"\u201c{lic.source_value}\u201d" if isinstance(lic.source_value, str) else "this work"
        )
        return f"The rights of {what} are unknown, so it cannot be adapted until they are cleared."
    if lic.category == "in-copyright":
        return f"{lic.label} means the work is in copyright: adapting it needs the rights holder's permission."
    if lic.category == "restricted":
        return f"{lic.label} is not a license that allows adaptations, so ask the rights holder."
    return (
        f"{lic.label} is not a Creative Commons license, so the CC compatibility chart does not "
        "cover it: read both licenses' terms."
    )


def _combine_cc(a: License, b: License, ea: frozenset[str], eb: frozenset[str]) -> Compatibility:
    if a == b:
        return Compatibility(
            True, a, f"Both works use {a.label}, so the adaptation can use it too."
        )
    union = ea | eb
    share_alike = [(lic, e) for lic, e in ((a, ea), (b, eb)) if "sa" in e]
    if not share_alike:
        version = max((a.version, b.version), key=_version)
        result = _cc(union, version)
        return Compatibility(
            True,
            result,
            f"Neither license is ShareAlike, so the adaptation can use {result.label}, which keeps "
            "the conditions of both.",
        )
    if len(share_alike) == 2 and ea != eb:
        return Compatibility(
            False,
            None,
            f"{a.label} and {b.label} are ShareAlike licenses with different conditions, and each "
            "requires the adaptation to use its own.",
        )
    sa_lic, sa_elements = max(share_alike, key=lambda pair: _version(pair[0].version))
    other = b if sa_lic is a else a
    if union != sa_elements:
        dropped = ", ".join(e.upper() for e in CC_ELEMENTS if e in union - sa_elements)
        return Compatibility(
            False,
            None,
            f"{sa_lic.label} requires the adaptation to use it, which would drop the {dropped} "
            f"condition of {other.label}.",
        )
    if len(share_alike) == 2 and a.version != b.version and "1.0" in (a.version, b.version):
        return Compatibility(
            False,
            None,
            f"{a.label} and {b.label} differ in version, and a version 1.0 ShareAlike license allows "
            "only itself.",
        )
    result = sa_lic
    if len(share_alike) == 2 and a.version == b.version:  # two ports of one version
        result = _cc(sa_elements, sa_lic.version)
    return Compatibility(
        True,
        result,
        f"{sa_lic.label} is ShareAlike and {other.label}'s conditions fit inside it, so the "
        f"adaptation must use {result.label}.",
    )


def compatible(a: Any, b: Any) -> Compatibility:
    """Whether works under ``a`` and ``b`` (Licenses or raw rights values) can be combined into one
    adaptation, under which license, and why, in one sentence."""
    la = a if isinstance(a, License) else normalize(a)
    lb = b if isinstance(b, License) else normalize(b)
    ea, eb = _elements(la), _elements(lb)
    for lic, e in ((la, ea), (lb, eb)):
        if e is not None and "nd" in e:
            return Compatibility(
                False,
                None,
                f"{lic.label} does not allow adaptations (NoDerivatives), so it cannot be combined.",
            )
    pd_a, pd_b = la.category == "public-domain", lb.category == "public-domain"
    if pd_a and pd_b:
        return Compatibility(
            True,
            la if la.uri or not lb.uri else lb,
            "Both works are in the public domain, so the adaptation may use any license.",
        )
    for pd, lic, other, e in ((pd_a, la, lb, eb), (pd_b, lb, la, ea)):
        if pd and e is not None:
            return Compatibility(
                True,
                other,
                f"{lic.label} adds no conditions, so the adaptation follows {other.label}.",
            )
    for lic, e in ((la, ea), (lb, eb)):
        if e is None and lic.category != "public-domain":
            return Compatibility(False, None, _outside_chart(lic))
    return _combine_cc(la, lb, ea, eb)
