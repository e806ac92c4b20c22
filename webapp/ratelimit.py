"""An in-process sliding-window limiter keyed by client: enough for one `mutasi serve` process.
Several processes would each keep their own counts; a shared store would be the next step.
Used for public comments (every post counts) and for logins (only failures count)."""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

MAX_KEYS = 10_000  # beyond this, clients with no recent hit are forgotten


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window_seconds, clock
        self.hits: dict = {}
        self.lock = threading.Lock()

    def _recent(self, key, now: float) -> deque:
        if len(self.hits) > MAX_KEYS:
            self.forget_idle(now)
        hits = self.hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def blocked(self, key) -> int | None:
        """None when the key may act now, else the seconds until it may."""
        now = self.clock()
        with self.lock:
            hits = self._recent(key, now)
            return max(1, int(hits[0] + self.window - now) + 1) if len(hits) >= self.limit else None

    def record(self, key) -> None:
        now = self.clock()
        with self.lock:
            self._recent(key, now).append(now)

    def hit(self, key) -> int | None:
        """Counts one attempt; None when allowed, else the seconds until the next one is."""
        wait = self.blocked(key)
        if wait is None:
            self.record(key)
        return wait

    def clear(self, key) -> None:
        with self.lock:
            self.hits.pop(key, None)

    def forget_idle(self, now: float) -> None:
        for key in [k for k, hits in self.hits.items() if not hits or hits[-1] <= now - self.window]:
            del self.hits[key]
