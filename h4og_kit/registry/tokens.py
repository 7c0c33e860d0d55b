"""Edit tokens: made here, shown once to their owner, stored only as a SHA-256 hash.

Tokens are 192-bit random strings, so a plain SHA-256 is enough to make the stored hash useless
to a thief (no password-style stretching is needed); comparisons run in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "h4og_"


def new_token() -> str:
    """A fresh edit token, e.g. ``h4og_Xq3...`` (37 characters)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """The hex SHA-256 of ``token``: what the registry stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str | None, stored_hash: str | None) -> bool:
    """True when ``token`` hashes to ``stored_hash`` (constant-time comparison)."""
    if not token or not stored_hash:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)


def is_organizer(token: str | None) -> bool:
    """True when ``token`` is the organizer token (``H4OG_ADMIN_TOKEN``, environment or .env)."""
    if not token:
        return False
    from h4og_kit.config import secret

    admin = secret("H4OG_ADMIN_TOKEN")
    return bool(admin) and token_matches(token, hash_token(admin))
