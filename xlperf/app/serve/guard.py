"""What keeps the service safe by default: rate limits, form tokens, response headers."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque
from dataclasses import dataclass

#: Sent with every page: no scripts at all, nothing framed, no token leaked in a Referer.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Rates:
    """Uploads allowed per minute: for one link, and for one client address."""

    per_token: int = 10
    per_address: int = 120
    window: float = 60.0


class RateLimiter:
    """A sliding window per key; memory stays bounded by forgetting idle keys."""

    MAX_KEYS = 100_000

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one request of ``key``; False when it is over the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.MAX_KEYS:
                    self._forget(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _forget(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[key]


def form_token(secret: bytes, token: str, purpose: str) -> str:
    """The hidden field of a form: signed for one link and one action."""
    message = f"{purpose}\n{hashlib.sha256(token.encode()).hexdigest()}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def form_token_ok(secret: bytes, token: str, purpose: str, given: object) -> bool:
    """Whether a form came from our own page for this link and action (constant time)."""
    return isinstance(given, str) and hmac.compare_digest(
        form_token(secret, token, purpose), given)
