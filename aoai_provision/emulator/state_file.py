"""The state file on disk: a regular file or absent; an emulator SQLite database, or an old JSON state to migrate."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aoai_provision.emulator.state_records import SCHEMA, State
from aoai_provision.errors import InputError

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x414F4149  # "AOAI" in the database header: this file was written by the emulator
FORMAT_VERSION = 2  # 1 was the JSON file
JSON_VERSION = 1
MAX_JSON_BYTES = 256 * 1024 * 1024
JSON_COLLECTIONS = ("resource_groups", "accounts", "deployments", "deleted_accounts", "operations", "extensions")

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def not_a_state_fix(path: Path) -> str:
    # not `emulator reset`: it refuses such a file too, so that it never empties a file it did not write
    return (f"point --emulator-state at another path; if {path} is an old or damaged emulator state, "
            f"delete it (rm {path}) and the emulator starts empty")


def _refuse(path: Path, what: str) -> InputError:
    return InputError(f"Emulator state {path} is {what}, not a regular file.",
                      fix="pass --emulator-state the path of a regular file (it is created when absent)")


def check_path(path: Path) -> bool:
    """True when ``path`` is a regular file, False when absent; InputError for anything else."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise _refuse(path, f"a symbolic link to a missing file ({os.readlink(path)})") from None
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(path, "a symbolic link loop") from None
        raise InputError(f"Emulator state {path} cannot be read: {exc.strerror}.",
                         fix="check the path and its permissions") from None
    for test, what in _KINDS:
        if test(mode):
            raise _refuse(path, what)
    return True


def kind_of(path: Path) -> str:
    """``absent``, ``sqlite`` (also for an empty file: SQLite starts it) or ``json`` (anything else)."""
    if not check_path(path):
        return "absent"
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    return "sqlite" if header in (b"", SQLITE_HEADER) else "json"


def read_json_state(path: Path) -> dict[str, Any]:
    """The collections of a JSON (format 1) state file; InputError naming the problem otherwise."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise InputError(f"Emulator state {path} is larger than {MAX_JSON_BYTES // 2**20} MiB and not an emulator "
                         "database.", fix=not_a_state_fix(path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"Emulator state {path} is neither an emulator database nor JSON (not a file the "
                         "emulator wrote).", fix=not_a_state_fix(path)) from None
    except ValueError as exc:
        raise InputError(f"Emulator state {path} is not valid JSON: {exc}", fix=not_a_state_fix(path)) from exc
    if not isinstance(data, dict) or data.get("version") != JSON_VERSION or not all(
            isinstance(data.get(name, {}), dict) for name in JSON_COLLECTIONS):
        raise InputError(f"Emulator state {path} has an unknown format (not a file the emulator wrote).",
                         fix=not_a_state_fix(path))
    return {name: value for name, value in data.items() if name != "version" and isinstance(value, dict)}


def import_collections(conn: sqlite3.Connection, collections: dict[str, Any]) -> None:
    """Insert every record of ``collections`` ({name: {key: record}}) in ``conn``'s open transaction."""
    state = State(conn)
    for name, records in collections.items():
        for key, value in records.items():
            state[name][key] = value
    state.flush()


def initialise(conn: sqlite3.Connection, path: Path | str) -> None:
    """Create the schema in an empty database, or check that the database is one the emulator wrote."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        verify(conn, path, allow_empty=True)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def verify(conn: sqlite3.Connection, path: Path | str, *, allow_empty: bool = False) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != FORMAT_VERSION:
            raise InputError(f"Emulator state {path} was written by another version of aoai-provision "
                             f"(format {version}, this one reads {FORMAT_VERSION}).", fix=not_a_state_fix(Path(path)))
        return
    tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    if app_id != 0 or tables or not allow_empty:
        raise InputError(f"Emulator state {path} is a SQLite database the emulator did not write.",
                         fix=not_a_state_fix(Path(path)))
    for statement in SCHEMA.split(";"):  # not executescript: it would commit the open transaction
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {FORMAT_VERSION}")


@contextlib.contextmanager
def open_lock(path: Path) -> Iterator[None]:
    """Exclusive ``<path>.lock`` (flock) while a process opens or closes the database, or migrates a JSON state.

    SQLite's busy timeout covers transactions, not every step of a first open (creating the schema,
    switching to WAL) or of the last close (checkpointing and removing the WAL): concurrent opens of
    a new file could fail with "database is locked". Taking this lock around those steps serialises them.
    """
    real = path.resolve()
    with open(real.with_name(real.name + ".lock"), "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        yield


def migrate_json(path: Path) -> None:
    """Replace a JSON (format 1) state at ``path`` by the same records in a database; keep a backup copy.

    Runs under ``<path>.lock`` (the lock the JSON store used), so concurrent starts migrate once.
    A half-written ``<path>.migrating`` left by a killed migration is discarded first.
    """
    real = path.resolve()
    with open_lock(real):
        if kind_of(real) != "json":
            return  # another process migrated it meanwhile
        collections = read_json_state(real)
        tmp = real.with_name(real.name + ".migrating")
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            initialise(conn, real)
            conn.execute("BEGIN IMMEDIATE")
            import_collections(conn, collections)
            conn.execute("COMMIT")
        finally:
            conn.close()
        shutil.copy2(real, real.with_name(real.name + ".v1-backup"))
        os.replace(tmp, real)
        for stale in real.parent.glob(".emulator-*.tmp"):  # temp files of killed JSON writes
            with contextlib.suppress(OSError):
                stale.unlink()
