"""Waiting budgets that stretch with the machine's load, so a wait fails on a hang and not on
a busy machine. A budget is counted in a quiet machine's seconds: while the load per core
is L, a second of the clock spends only 1/L of it (at most 10 times stretched)."""

import os
import time

MOST_STRETCH = 10.0


def slack() -> float:
    """How many times a quiet machine's time the work takes now: the 1-minute load per
    core, at least 1, at most MOST_STRETCH."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load figure on this system: no stretch
        return 1.0
    return min(MOST_STRETCH, max(1.0, load / (os.cpu_count() or 1)))


def stretched(seconds: float) -> float:
    """`seconds` of a quiet machine's time, in the clock's seconds at today's load."""
    return seconds * slack()


class Budget:
    """`seconds` of a quiet machine's time, spent as the clock runs at the current load."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.left = seconds
        self.last = time.monotonic()

    def spent(self) -> bool:
        now = time.monotonic()
        self.left -= (now - self.last) / slack()
        self.last = now
        return self.left <= 0

    def left_in_clock_seconds(self) -> float:
        """What remains, in the clock's seconds at today's load (for a single blocking wait)."""
        return max(0.0, self.left) * slack()
