"""Who owns what, and what owners call themselves: two SQLite tables beside the jobs'.

An owner is known by the SHA-256 of their token (the token itself is never stored). Jobs,
uploads and sweeps made before multi-user mode have no owner: only the teacher acts on
them. The tables live in the store's database file (created there if missing, so an old
data directory loads as it is); the book keeps a copy in memory for every request.
"""

import hashlib
import re
import sqlite3
import threading
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS owners (
    key TEXT PRIMARY KEY,
    nickname TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS owned (
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (kind, item_id)
) WITHOUT ROWID;
"""
JOB, UPLOAD, SWEEP = "job", "upload", "sweep"
MAX_NICKNAME = 40
NICKNAME = re.compile(r"[^\x00-\x1f\x7f<>]{1,40}")


def owner_key(token: str) -> str:
    """What the server keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def default_nickname(key: str) -> str:
    return f"student-{key[:4]}"


def check_nickname(nickname: str) -> str:
    """The nickname stripped, or ValueError naming what is wrong with it."""
    nickname = nickname.strip()
    if not NICKNAME.fullmatch(nickname):
        raise ValueError(f"a nickname has 1 to {MAX_NICKNAME} characters, no control "
                         f"characters and no < or > (got {len(nickname)} characters)")
    return nickname


class OwnerBook:
    def __init__(self, database: Path):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)
        self._nicknames = dict(self._db.execute("SELECT key, nickname FROM owners"))
        self._owners = {(kind, item): owner for kind, item, owner in
                        self._db.execute("SELECT kind, item_id, owner FROM owned")}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def nickname(self, key: str | None) -> str | None:
        if key is None:
            return None
        return self._nicknames.get(key) or default_nickname(key)

    def set_nickname(self, key: str, nickname: str) -> str:
        nickname = check_nickname(nickname)
        with self._lock:
            self._db.execute("INSERT INTO owners (key, nickname) VALUES (?, ?) ON CONFLICT(key) "
                             "DO UPDATE SET nickname = excluded.nickname", (key, nickname))
            self._nicknames[key] = nickname
        return nickname

    def owner_of(self, kind: str, item_id: str) -> str | None:
        return self._owners.get((kind, item_id))

    def owned(self, kind: str, key: str) -> set[str]:
        return {item for (k, item), owner in list(self._owners.items())
                if k == kind and owner == key}

    def assign(self, kind: str, item_id: str, key: str) -> None:
        """`item_id` belongs to `key` (the first owner stays: a replayed create changes none)."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO owned (kind, item_id, owner) VALUES (?, ?, ?)",
                             (kind, item_id, key))
            self._owners.setdefault((kind, item_id), key)

    def forget(self, kind: str, item_ids: set[str] | list[str]) -> None:
        with self._lock:
            self._db.executemany("DELETE FROM owned WHERE kind = ? AND item_id = ?",
                                 [(kind, item) for item in item_ids])
            for item in item_ids:
                self._owners.pop((kind, item), None)

    def keep_only(self, kind: str, existing: set[str]) -> None:
        """Forget the owners of items deleted while the server was not looking."""
        gone = {item for (k, item) in list(self._owners) if k == kind and item not in existing}
        if gone:
            self.forget(kind, gone)
