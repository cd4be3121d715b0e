"""One transaction's view of the SQLite state: collections as mappings, loaded lazily, written back when changed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from aoai_provision.emulator.state_index import Index, index_of

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    coll TEXT NOT NULL, key TEXT NOT NULL, parent TEXT, scope TEXT, due REAL, body TEXT NOT NULL,
    PRIMARY KEY (coll, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_parent ON records (coll, parent);
CREATE INDEX IF NOT EXISTS records_scope ON records (coll, scope, due);
CREATE INDEX IF NOT EXISTS records_due ON records (coll, due);
CREATE TABLE IF NOT EXISTS terms (
    coll TEXT NOT NULL, key TEXT NOT NULL, term TEXT NOT NULL, amount REAL NOT NULL,
    PRIMARY KEY (coll, key, term)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS terms_term ON terms (term, coll, key);
CREATE TABLE IF NOT EXISTS totals (term TEXT PRIMARY KEY, amount REAL NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
"""

_GONE = object()  # marks a record deleted in this transaction


class _Entry:
    """A record loaded or written in this transaction, with its stored text and index (None: not stored)."""

    __slots__ = ("value", "text", "index")

    def __init__(self, value: Any, text: str | None = None, index: Index | None = None) -> None:
        self.value, self.text, self.index = value, text, index


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class State(Mapping[str, "Collection"]):
    """The state inside one transaction: ``state["deployments"]`` is a mutable mapping of key -> record.

    Records read are kept (one object per key) and compared with their stored text when the transaction
    flushes, so a backend may change a record in place. Queries flush first, so they see this
    transaction's changes. Cost is proportional to the records touched, not to the size of the estate.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.nested = False  # inside another transaction of the same thread (what it reads may still change)
        self.reading = False  # records loaded now are private copies, never written back (``Backend.read``)
        self._loaded: dict[tuple[str, str], _Entry] = {}
        self._collections: dict[str, Collection] = {}

    def __getitem__(self, name: str) -> Collection:
        coll = self._collections.get(name)
        if coll is None:
            coll = self._collections[name] = Collection(self, name)
        return coll

    def __iter__(self) -> Iterator[str]:
        self.flush(bodies=False)
        names = {row[0] for row in self.conn.execute("SELECT DISTINCT coll FROM records")}
        return iter(sorted(names | set(self._collections)))

    def __len__(self) -> int:
        return len(list(iter(self)))

    # -- the identity map ----------------------------------------------------------------------
    def load(self, coll: str, key: str) -> Any:
        entry = self._loaded.get((coll, key))
        if entry is not None:
            return entry.value
        row = self.conn.execute("SELECT body FROM records WHERE coll = ? AND key = ?", (coll, key)).fetchone()
        if row is None:
            return _GONE
        if self.reading:  # untracked: no change check (a re-serialisation) when the transaction commits
            return json.loads(row[0])
        return self.adopt(coll, key, row[0])

    def adopt(self, coll: str, key: str, text: str) -> Any:
        """The record for a row a query returned (the one already loaded, if any)."""
        entry = self._loaded.get((coll, key))
        if entry is not None:
            return entry.value
        value = json.loads(text)
        self._loaded[(coll, key)] = _Entry(value, text, index_of(coll, key, value))
        return value

    def peek(self, coll: str, key: str, text: str) -> Any:
        """A record for a reply only: this transaction's object if it has one, else a private, untracked copy.

        Not written back, so it costs no change check when the transaction commits (a list of 1,000
        accounts was serialised again at every page); the caller must not change the state through it.
        """
        entry = self._loaded.get((coll, key))
        if entry is not None:
            return entry.value
        return json.loads(text)

    def store(self, coll: str, key: str, value: Any) -> None:
        self._loaded[(coll, key)] = _Entry(value)

    def drop(self, coll: str, key: str) -> None:
        self._loaded[(coll, key)] = _Entry(_GONE)

    def flush(self, *, bodies: bool = True) -> None:
        """Write every record changed since it was read (and forget the deleted ones).

        ``bodies=False`` (before a query) writes only records whose indexed facts changed: queries
        read those, and return the records already loaded rather than their stored text.
        """
        conn = self.conn
        for (coll, key), entry in list(self._loaded.items()):
            if entry.value is _GONE:
                conn.execute("DELETE FROM records WHERE coll = ? AND key = ?", (coll, key))
                _replace_terms(conn, coll, key, ())
                del self._loaded[(coll, key)]
                continue
            index = index_of(coll, key, entry.value)
            if not bodies and entry.text is not None and index == entry.index:
                continue
            text = dumps(entry.value)
            if text == entry.text:
                continue
            conn.execute("INSERT OR REPLACE INTO records (coll, key, parent, scope, due, body) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (coll, key, index.parent, index.scope, index.due, text))
            if entry.index is None or index.terms != entry.index.terms:
                _replace_terms(conn, coll, key, index.terms)
            entry.text, entry.index = text, index

    def query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        self.flush(bodies=False)
        return self.conn.execute(sql, params).fetchall()

    # -- queries across collections ------------------------------------------------------------
    def total(self, term: str, exclude: tuple[str, str] | None = None) -> float:
        """Sum of the amounts recorded for ``term`` (e.g. a quota usage), leaving out record ``exclude``.

        Read from a running total kept per term: the cost does not depend on how many records count.
        """
        rows = self.query("SELECT amount FROM totals WHERE term = ?", (term,))
        total = float(rows[0][0]) if rows else 0.0
        if exclude is not None:
            own = self.conn.execute("SELECT amount FROM terms WHERE coll = ? AND key = ? AND term = ?",
                                    (*exclude, term)).fetchone()
            total -= float(own[0]) if own else 0.0
        return total

    def terms_with_prefix(self, prefix: str) -> set[str]:
        rows = self.query("SELECT term FROM totals WHERE term >= ? AND term < ? AND n > 0", (prefix, prefix + "\uffff"))
        return {row[0] for row in rows}

    def has_term(self, term: str, collections: tuple[str, ...]) -> bool:
        marks = ",".join("?" * len(collections))
        rows = self.query(f"SELECT 1 FROM terms WHERE term = ? AND coll IN ({marks}) LIMIT 1",  # noqa: S608
                          (term, *collections))
        return bool(rows)


class Collection(MutableMapping[str, Any]):
    """The records of one collection, keyed by lower-cased resource path; indexed queries below."""

    def __init__(self, state: State, name: str) -> None:
        self.state = state
        self.name = name

    def __getitem__(self, key: str) -> Any:
        value = self.state.load(self.name, key)
        if value is _GONE:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.state.store(self.name, key, value)

    def __delitem__(self, key: str) -> None:
        if self.state.load(self.name, key) is _GONE:
            raise KeyError(key)
        self.state.drop(self.name, key)

    def __iter__(self) -> Iterator[str]:
        return iter([row[0] for row in self.state.query("SELECT key FROM records WHERE coll = ? ORDER BY key",
                                                         (self.name,))])

    def __len__(self) -> int:
        return int(self.state.query("SELECT COUNT(*) FROM records WHERE coll = ?", (self.name,))[0][0])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.state.load(self.name, key) is not _GONE

    def _rows(self, where: str, params: tuple[Any, ...], order: str = "key") -> list[tuple[str, Any]]:
        rows = self.state.query(f"SELECT key, body FROM records WHERE coll = ? AND {where} ORDER BY {order}",  # noqa: S608
                                (self.name, *params))
        return [(key, self.state.adopt(self.name, key, body)) for key, body in rows]

    def children(self, parent: str) -> list[tuple[str, Any]]:
        """Records whose parent is ``parent`` (deployments of an account, accounts of a resource group)."""
        return self._rows("parent = ?", (parent,))

    def bodies_of_children(self, parent: str) -> list[Any]:
        """The ``body`` of each child of ``parent``, for a reply: untracked copies (see ``State.peek``)."""
        return self._bodies("parent = ?", (parent,))

    def bodies_in_scope(self, scope: str) -> list[Any]:
        return self._bodies("scope = ?", (scope,))

    def _bodies(self, where: str, params: tuple[Any, ...]) -> list[Any]:
        rows = self.state.query(f"SELECT key, body FROM records WHERE coll = ? AND {where} ORDER BY key",  # noqa: S608
                                (self.name, *params))
        found = [self.state.peek(self.name, key, body) for key, body in rows]
        return [record["body"] for record in found if record is not _GONE]

    def in_scope(self, scope: str) -> list[tuple[str, Any]]:
        return self._rows("scope = ?", (scope,))

    def due_by(self, when: float, scope: str | None = None) -> list[tuple[str, Any]]:
        """Records due at or before ``when`` (in ``scope`` if given), earliest first."""
        if scope is None:
            return self._rows("due <= ?", (when,), order="due, key")
        return self._rows("scope = ? AND due <= ?", (scope, when), order="due, key")

    def count_in_scope(self, scope: str) -> int:
        return int(self.state.query("SELECT COUNT(*) FROM records WHERE coll = ? AND scope = ?",
                                    (self.name, scope))[0][0])

    def earliest_in_scope(self, scope: str, limit: int) -> list[tuple[str, Any]]:
        return self._rows("scope = ?", (scope,), order=f"due, key LIMIT {int(limit)}")

    def with_term(self, term: str) -> list[tuple[str, Any]]:
        rows = self.state.query("SELECT r.key, r.body FROM terms t CROSS JOIN records r ON r.coll = t.coll AND r.key = t.key "
                                "WHERE t.term = ? AND t.coll = ? ORDER BY r.key", (term, self.name))
        return [(key, self.state.adopt(self.name, key, body)) for key, body in rows]


def _replace_terms(conn: sqlite3.Connection, coll: str, key: str, terms: tuple[tuple[str, float], ...]) -> None:
    """Set the terms of record (coll, key), keeping the per-term running totals in step."""
    old = conn.execute("SELECT term, amount FROM terms WHERE coll = ? AND key = ?", (coll, key)).fetchall()
    if old:
        conn.executemany("UPDATE totals SET amount = amount - ?, n = n - 1 WHERE term = ?",
                         [(amount, term) for term, amount in old])
        conn.execute("DELETE FROM terms WHERE coll = ? AND key = ?", (coll, key))
    if terms:
        conn.executemany("INSERT INTO terms (coll, key, term, amount) VALUES (?, ?, ?, ?)",
                         [(coll, key, term, amount) for term, amount in terms])
        conn.executemany("INSERT INTO totals (term, amount, n) VALUES (?, ?, 1) ON CONFLICT (term) DO UPDATE "
                         "SET amount = amount + excluded.amount, n = n + 1", list(terms))
