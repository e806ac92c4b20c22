"""A per-client rate limit shared by every worker: the counts live in the database
(`events.readside.throttle`), so N processes of `mutasi serve --workers N` count together.
Used for public comments (every post counts); logins have their own throttle (`accounts.log_in`)."""
from __future__ import annotations

import math
import time
from typing import Callable

from events.readside import throttle


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, name: str = "public",
                 clock: Callable[[], float] = time.time):
        self.limit, self.window, self.name, self.clock = limit, window_seconds, name, clock

    def hit(self, key) -> int | None:
        """Counts one attempt; None when allowed, else the whole seconds until the next one is."""
        wait = throttle.hit(f"rate:{self.name}:{key}", self.limit, self.window, self.clock())
        return None if wait is None else max(1, math.ceil(wait))
