"""`Idempotency-Key` on creating requests: a retry with the same key and the same request
gets the first answer again instead of creating a duplicate.

Answers are kept in memory (the newest CAPACITY keys); only successes are kept, so a
retry after an error (a 429, say) tries again.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Response

from nnplayground.encoding import dumps
from nnplayground.errors import FieldError

CAPACITY = 1000
HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class Answer:
    fingerprint: str
    status: int
    body: bytes
    headers: dict[str, str]


class IdempotencyCache:
    def __init__(self, capacity: int = CAPACITY):
        self.capacity = capacity
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}

    def answer(self, key: str | None, scope: str, request: object,
               produce: Callable[[], tuple[object, int, dict[str, str]]]) -> Response:
        """`produce()` -> (body, status, headers), once per key; the same answer for retries.
        FieldError when the key was used for a different request."""
        if key is None:
            return respond(*produce())
        key = f"{scope}:{key}"
        fingerprint = hashlib.sha256(dumps(request)).hexdigest()
        with self._key_lock(key):  # a concurrent retry waits for the first attempt
            with self._lock:
                kept = self._answers.get(key)
            if kept is None:
                try:
                    body, status, headers = produce()
                except BaseException:
                    self._forget(key)  # errors are not kept: the next attempt tries again
                    raise
                kept = Answer(fingerprint, status, dumps(body), headers)
                self._keep(key, kept)
            elif kept.fingerprint != fingerprint:
                raise FieldError(HEADER, "this key was already used for a different request "
                                         "(use a new key for a new request)")
        return Response(kept.body, kept.status, kept.headers, media_type="application/json")

    def _key_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def _forget(self, key: str) -> None:
        with self._lock:
            if key not in self._answers:
                self._key_locks.pop(key, None)

    def _keep(self, key: str, answer: Answer) -> None:
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.capacity:
                old, _ = self._answers.popitem(last=False)
                self._key_locks.pop(old, None)


def respond(body: object, status: int, headers: dict[str, str]) -> Response:
    return Response(dumps(body), status, headers, media_type="application/json")
