"""An in-process sliding-window limiter (per client key). One process serves the app (waitress
threads), so memory is the right place; a restart forgets, which errs on the side of the user."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class Throttle:
    def __init__(self, limit: int, seconds: float, clock=time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self.hits: dict = defaultdict(deque)
        self.lock = threading.Lock()

    def _recent(self, key) -> deque:
        hits, horizon = self.hits[key], self.clock() - self.seconds
        while hits and hits[0] <= horizon:
            hits.popleft()
        return hits

    def blocked(self, key) -> int:
        """Seconds until the key may try again (0: not blocked)."""
        with self.lock:
            hits = self._recent(key)
            if len(hits) < self.limit:
                return 0
            return max(1, int(hits[0] + self.seconds - self.clock()))

    def record(self, key) -> None:
        with self.lock:
            self._recent(key).append(self.clock())

    def clear(self, key) -> None:
        with self.lock:
            self.hits.pop(key, None)
