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


#: Where ``h4og serve`` puts the organizer token's verifier (its SHA-256) for the dashboards,
#: which never receive the token itself.
ADMIN_TOKEN_ENV = "H4OG_ADMIN_TOKEN"
ADMIN_VERIFIER_ENV = "H4OG_ADMIN_TOKEN_SHA256"


def organizer_verifier() -> str | None:
    """The SHA-256 an organizer token must hash to: from ``H4OG_ADMIN_TOKEN`` (environment or
    .env), else ``H4OG_ADMIN_TOKEN_SHA256``; None when no organizer token is set.

    Inside ``h4og serve``'s dashboards only the verifier counts, so a kernel never reads the
    token itself (not even from a .env file it can see)."""
    import os

    from h4og_kit.config import is_served, secret

    if not is_served():
        admin = secret(ADMIN_TOKEN_ENV)
        if admin:
            return hash_token(admin)
    verifier = (os.environ.get(ADMIN_VERIFIER_ENV) or "").strip().lower()
    return verifier or None


def is_organizer(token: str | None) -> bool:
    """True when ``token`` is the organizer token (see :func:`organizer_verifier`)."""
    if not token:
        return False
    return token_matches(token, organizer_verifier())
