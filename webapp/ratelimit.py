"""An in-process sliding-window limiter keyed by client (IP): enough for one `mutasi serve` process.
Several processes would each keep their own counts; a shared store would be the next step."""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

MAX_KEYS = 10_000  # beyond this, clients with no recent hit are forgotten


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window_seconds, clock
        self.hits: dict[str, deque] = {}
        self.lock = threading.Lock()

    def hit(self, key: str) -> int | None:
        """Counts one attempt; None when allowed, else the seconds until the next one is."""
        now = self.clock()
        with self.lock:
            if len(self.hits) > MAX_KEYS:
                self.forget_idle(now)
            hits = self.hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, int(hits[0] + self.window - now) + 1)
            hits.append(now)
            return None

    def forget_idle(self, now: float) -> None:
        for key in [k for k, hits in self.hits.items() if not hits or hits[-1] <= now - self.window]:
            del self.hits[key]
