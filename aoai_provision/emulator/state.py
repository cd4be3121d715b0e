"""The emulator's data: SQLite (WAL) in a file shared by processes, or in memory; one row per record, indexed.

A transaction costs what it touches, not the size of the estate: records are read by key or by an
indexed query (see ``state_index``), and only the records that changed are written back. Several
processes (CLI runs, ``emulator serve``) share one file; SQLite's locks serialise their writes, and
its journal makes a write killed half-way disappear on the next start.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aoai_provision.emulator.state_file import (
    JSON_COLLECTIONS,
    JSON_VERSION,
    check_path,
    import_collections,
    initialise,
    kind_of,
    migrate_json,
    not_a_state_fix,
    open_lock,
    read_json_state,
    verify,
)
from aoai_provision.emulator.state_records import State
from aoai_provision.errors import InputError

BUSY_TIMEOUT_SECONDS = 120.0
OPEN_ATTEMPTS = 20


class StateStore:
    """Holds the state in memory (``path=None``) or in a SQLite file shared by several processes.

    ``with store.transaction() as state:`` gives exclusive access: a thread lock plus SQLite's write
    lock (``BEGIN IMMEDIATE``); on success the changed records are committed, on an exception nothing
    is. Transactions nest per thread. ``read_only=True`` reads a snapshot of the file taken at first
    use and never writes it (nor creates it): changes live in memory for this process only.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        self._depth = 0
        self._conn: sqlite3.Connection | None = None
        self._state: State | None = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[State]:
        with self._lock:
            if self._depth:
                assert self._state is not None
                self._depth += 1
                self._state.nested = True
                try:
                    yield self._state
                finally:
                    self._depth -= 1
                    self._state.nested = self._depth > 1
                return
            conn = self._connect()
            _begin(conn, self.path if self._shared else None)
            self._depth, self._state = 1, State(conn)
            committed = False
            try:
                yield self._state
                self._state.flush()
                conn.execute("COMMIT")
                committed = True
            finally:
                self._depth, self._state = 0, None
                if not committed:
                    conn.execute("ROLLBACK")

    @property
    def _shared(self) -> bool:
        return self.path is not None and not self.read_only

    def reset(self) -> None:
        """Forget everything (the file keeps existing, empty)."""
        with self.transaction() as state:
            state.conn.execute("DELETE FROM records")
            state.conn.execute("DELETE FROM terms")
            state.conn.execute("DELETE FROM totals")

    def export(self) -> dict[str, Any]:
        """Every record, in the layout of the JSON state (format 1): ``{"version": 1, collection: {key: record}}``."""
        data: dict[str, Any] = {name: {} for name in JSON_COLLECTIONS}
        with self.transaction() as state:
            for coll, key, body in state.query("SELECT coll, key, body FROM records ORDER BY coll, key", ()):
                data.setdefault(coll, {})[key] = state.adopt(coll, key, body)
        data["version"] = JSON_VERSION
        return data

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                if self._shared:
                    assert self.path is not None
                    with open_lock(self.path):  # the last connection checkpoints and removes the WAL
                        self._conn.close()
                    _unuse(self.path)
                else:
                    self._conn.close()
                self._conn = None

    # -- opening -------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.Error as exc:
                assert self.path is not None
                raise InputError(f"Emulator state {self.path} cannot be opened: {exc}.",
                                 fix=not_a_state_fix(self.path)) from exc
        return self._conn

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return _memory()
        if self.read_only:
            conn = _memory()
            kind = _use(self.path)
            try:
                if kind == "json":
                    _import(conn, read_json_state(self.path))
                elif kind == "sqlite" and self.path.stat().st_size:
                    _snapshot(self.path, conn)
            finally:
                _unuse(self.path)
            return conn
        _use(self.path, migrate=True)
        try:
            with open_lock(self.path):
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                       check_same_thread=False)
                try:
                    initialise(conn, self.path)  # before WAL: a database of another program is left as it was
                    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        conn.execute("PRAGMA journal_mode=WAL")
                except BaseException:
                    conn.close()
                    raise
        except BaseException:
            _unuse(self.path)
            raise
        conn.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process; a power cut may lose the last writes
        return conn


# Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's included
# (SQLite copes among its own connections, not with other code). So the file's header is read, and a
# JSON state migrated, only while no SQLite connection of this process has the file open: a CLI run
# with several environments opens one store per environment, each in its own thread.
_IN_USE: dict[str, int] = {}  # resolved path -> SQLite connections (or snapshots) of this process on it
_IN_USE_LOCK = threading.Lock()


def _use(path: Path, *, migrate: bool = False) -> str:
    """Count a connection about to open ``path``; the file's kind (read from its header only when safe)."""
    exists = check_path(path)  # (refuses a directory, a device, a symbolic link loop...)
    key = str(path.resolve())
    with _IN_USE_LOCK:
        if _IN_USE.get(key):
            kind = "sqlite" if exists else "absent"
        else:
            kind = kind_of(path)
            if migrate and kind == "json":
                migrate_json(path)
        _IN_USE[key] = _IN_USE.get(key, 0) + 1
    return kind


def _unuse(path: Path) -> None:
    key = str(path.resolve())
    with _IN_USE_LOCK:
        _IN_USE[key] -= 1
        if not _IN_USE[key]:
            del _IN_USE[key]


def _begin(conn: sqlite3.Connection, shared: Path | None) -> None:
    conn.execute("BEGIN IMMEDIATE" if shared is not None else "BEGIN")


def _memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    initialise(conn, ":memory:")
    return conn


def _import(conn: sqlite3.Connection, collections: dict[str, Any]) -> None:
    conn.execute("BEGIN")
    import_collections(conn, collections)
    conn.execute("COMMIT")


def _snapshot(path: Path, into: sqlite3.Connection) -> None:
    """Copy the database at ``path`` into ``into`` without writing anything (not even a lock file)."""
    for attempt in range(OPEN_ATTEMPTS):
        source = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            verify(source, path)
            source.backup(into)
            return
        except sqlite3.OperationalError as exc:
            # a writer opening or closing the file (creating or removing its WAL) can make a read-only
            # open fail at once, without waiting: try again shortly
            if not _is_busy(exc) or attempt == OPEN_ATTEMPTS - 1:
                raise
        finally:
            source.close()
        time.sleep(min(0.05 * 2 ** attempt, 1.0))


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def reset_state(path: Path) -> None:
    """Empty the emulator state at ``path`` (created if missing); refuses a file the emulator did not write."""
    store = StateStore(path)
    try:
        store.reset()
    finally:
        store.close()


def export_state(path: Path) -> dict[str, Any]:
    """The records of the state at ``path`` as JSON-ready data, read without writing the file."""
    return StateStore(path, read_only=True).export()
