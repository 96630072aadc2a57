"""Wrong teacher tokens, counted per client address: after a few in a minute that address
must wait (429 with Retry-After) before it may try again, so a token cannot be guessed by
trying many. Kept in memory: a restart forgets the count, which costs a guesser a restart.
"""

import math
import threading
import time
from collections import deque

FAILURES_PER_MINUTE = 5
WINDOW_SECONDS = 60.0
MAX_ADDRESSES = 10_000  # addresses remembered at once; the oldest are forgotten first


class TooManyFailures(Exception):
    def __init__(self, most: int, retry_after: int):
        super().__init__(f"teacher login: at most {most} wrong tokens a minute from one "
                         f"address; try again in {retry_after} s")
        self.retry_after = retry_after


class LoginThrottle:
    def __init__(self, most: int = FAILURES_PER_MINUTE, window: float = WINDOW_SECONDS,
                 clock=time.monotonic):
        self.most, self.window, self.clock = most, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, address: str) -> None:
        """TooManyFailures if `address` failed `most` times within the window (whatever
        token it sends now: a right one would tell a guesser they found it)."""
        with self._lock:
            failures = self._recent(address)
            if len(failures) >= self.most:
                wait = failures[0] + self.window - self.clock()
                raise TooManyFailures(self.most, max(1, math.ceil(wait)))

    def failed(self, address: str) -> None:
        with self._lock:
            failures = self._recent(address)
            failures.append(self.clock())
            self._failures[address] = self._failures.pop(address, failures)  # newest last
            while len(self._failures) > MAX_ADDRESSES:
                del self._failures[next(iter(self._failures))]

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.get(address, deque())
        while failures and failures[0] <= self.clock() - self.window:
            failures.popleft()
        return failures
