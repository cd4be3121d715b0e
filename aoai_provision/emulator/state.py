"""The emulator's data and its JSON file: atomic writes, a file lock around read-modify-write, reload on change."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aoai_provision.errors import InputError

STATE_VERSION = 1
COLLECTIONS = ("resource_groups", "accounts", "deployments", "deleted_accounts", "operations", "extensions")


def empty_state() -> dict[str, Any]:
    """A fresh state document: one dict per collection, keyed by lower-cased resource path."""
    data: dict[str, Any] = {name: {} for name in COLLECTIONS}
    data["version"] = STATE_VERSION
    return data


class StateStore:
    """Holds the state in memory (``path=None``) or in a JSON file shared by several processes.

    ``with store.transaction() as data:`` gives exclusive access to the state: a thread lock plus an
    ``fcntl`` lock on ``<path>.lock``; the file is re-read when another process changed it, and written
    back atomically (temp file + ``os.replace``) when the data changed. Transactions nest per thread.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._data: dict[str, Any] = empty_state()
        self._signature: tuple[int, int, int] | None = None
        self._saved_text: str | None = None
        self._lock_file: Any = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            outer = self._depth == 0
            if outer and self.path is not None:
                self._acquire_file_lock()
            self._depth += 1
            try:
                if outer and self.path is not None:
                    self._reload_if_changed()
                try:
                    yield self._data
                except BaseException:
                    self._signature = None  # a failed transaction re-reads the file next time
                    raise
                if outer and self.path is not None:
                    self._save_if_changed()
            finally:
                self._depth -= 1
                if outer and self.path is not None:
                    self._release_file_lock()

    def reset(self) -> None:
        """Forget everything (and write the empty state if file-backed)."""
        with self.transaction() as data:
            data.clear()
            data.update(empty_state())

    # -- file handling -------------------------------------------------------------------------
    def _acquire_file_lock(self) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path.with_name(self.path.name + ".lock"), "a+")  # noqa: SIM115 - held across calls
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        self._lock_file = handle

    def _release_file_lock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def _stat(self) -> tuple[int, int, int] | None:
        assert self.path is not None
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _reload_if_changed(self) -> None:
        signature = self._stat()
        if signature is not None and signature == self._signature:
            return
        if signature is None:
            self._data = empty_state()
            self._saved_text = None
        else:
            assert self.path is not None
            text = self.path.read_text(encoding="utf-8")
            self._data = _parse(text, self.path)
            self._saved_text = text
        self._signature = signature

    def _save_if_changed(self) -> None:
        assert self.path is not None
        text = json.dumps(self._data, indent=1, sort_keys=True)
        if text == self._saved_text:
            return
        fd, tmp = tempfile.mkstemp(prefix=".emulator-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._saved_text = text
        self._signature = self._stat()


def _not_a_state_fix(path: Path) -> str:
    # not `emulator reset`: it refuses such a file too, so that it never empties a file it did not write
    return (f"point --emulator-state at another path; if {path} is an old or damaged emulator state, "
            f"delete it (rm {path}) and the emulator starts empty")


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.strip() else empty_state()
    except ValueError as exc:
        raise InputError(f"Emulator state {path} is not valid JSON: {exc}", fix=_not_a_state_fix(path)) from exc
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise InputError(f"Emulator state {path} has an unknown format (not a file the emulator wrote).",
                         fix=_not_a_state_fix(path))
    for name in COLLECTIONS:
        data.setdefault(name, {})
    return data


def reset_state(path: Path) -> None:
    """Empty the emulator state file at ``path`` (created if missing), under the file lock."""
    StateStore(path).reset()
