"""HTTP header values that list choices with qualities (RFC 9110 §12.4.2), as
``Accept-Language`` and ``Accept-Encoding`` do: ``fi-FI, ar;q=0.9, *;q=0.1``."""

from __future__ import annotations


def weighted(header: str | None) -> list[tuple[str, float]]:
    """Each choice of ``header`` with its quality, in the order written (a missing quality is
    1, a malformed one 0); names as written, stripped."""
    out = []
    for part in (header or "").split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name:
            out.append((name, quality))
    return out
