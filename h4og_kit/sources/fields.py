"""Small helpers for reading nested JSON answers, where any level may be missing, and for query
parameters."""

from __future__ import annotations

from typing import Any


def dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...``, or None as soon as a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def first(value: Any) -> Any:
    """The first item of a list (None when empty), or the value itself when it is not a list."""
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def as_list(value: Any) -> list:
    """The value as a list: lists stay, None becomes empty, anything else becomes one item."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def query_value(value: Any) -> Any:
    """A filter value as a query parameter: booleans become ``true``/``false``, as the APIs want."""
    return str(value).lower() if isinstance(value, bool) else value
