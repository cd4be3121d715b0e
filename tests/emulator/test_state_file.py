"""The state file on disk: only regular files, JSON states migrated, read-only commands never write, crash recovery."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aoai_provision.cli import main
from aoai_provision.emulator.backend import Backend
from aoai_provision.emulator.state import StateStore, export_state
from aoai_provision.errors import InputError

RG = {"location": "westus"}


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _json_state(path: Path) -> dict[str, object]:
    """A state file as the JSON store (format 1) wrote it: built through the backend, exported."""
    backend = Backend(StateStore())
    backend.put_resource_group("sub", "rg1", RG)
    backend.put_account("sub", "rg1", "acct1", {"location": "westus", "kind": "OpenAI", "sku": {"name": "S0"}})
    data = backend.store.export()
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return data


def test_a_json_state_is_migrated_with_its_records_and_a_backup(tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    before = _json_state(state)
    (tmp_path / "emulator.json.migrating").write_bytes(b"half a database from a killed migration")
    (tmp_path / ".emulator-abc.tmp").write_text("{", encoding="utf-8")  # a killed JSON write
    backend = Backend(StateStore(state))
    assert [g["name"] for g in backend.list_resource_groups("sub")] == ["rg1"]
    assert [a["name"] for a in backend.list_accounts("sub", "rg1")] == ["acct1"]
    assert state.read_bytes().startswith(b"SQLite format 3")
    assert json.loads((tmp_path / "emulator.json.v1-backup").read_text(encoding="utf-8")) == before
    assert not (tmp_path / "emulator.json.migrating").exists() and not (tmp_path / ".emulator-abc.tmp").exists()


@pytest.mark.parametrize("make, what", [
    (lambda p: p.mkdir(), "a directory"),
    (lambda p: os.mkfifo(p), "a named pipe (FIFO)"),
    (lambda p: p.symlink_to(p), "a symbolic link loop"),
    (lambda p: p.symlink_to(p.with_name("missing")), "a symbolic link to a missing file"),
])
def test_a_state_path_that_is_not_a_regular_file_is_refused_and_left_alone(tmp_path: Path, make: object,
                                                                           what: str) -> None:
    state = tmp_path / "state"
    make(state)  # type: ignore[operator]
    for command in ("reset", "export"):
        code, out = _cli("emulator", command, "--emulator-state", str(state))
        assert code == 1 and f"Emulator state {state} is {what}" in out and "Traceback" not in out
    assert state.is_symlink() or state.is_dir() or state.is_fifo()


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        Backend(StateStore(Path("/dev/null"))).list_resource_groups("sub")


def test_a_sqlite_database_of_another_program_is_refused_and_kept(tmp_path: Path) -> None:
    state = tmp_path / "other.db"
    conn = sqlite3.connect(state)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = state.read_bytes()
    code, out = _cli("emulator", "reset", "--emulator-state", str(state))
    assert code == 1 and "a SQLite database the emulator did not write" in out and f"rm {state}" in out
    assert state.read_bytes() == before


def test_read_only_commands_neither_create_nor_change_the_state(tmp_path: Path) -> None:
    absent = tmp_path / "dir" / "absent.db"
    code, out = _cli("emulator", "export", "--emulator-state", str(absent))
    assert code == 0 and json.loads(out)["accounts"] == {}
    assert not absent.parent.exists()
    state = tmp_path / "emulator.db"
    Backend(StateStore(state)).put_resource_group("sub", "rg1", RG)
    before = state.read_bytes()
    reader = Backend(StateStore(state, read_only=True))
    reader.put_resource_group("sub", "rg2", RG)  # a change lives in this process only
    assert {g["name"] for g in reader.list_resource_groups("sub")} == {"rg1", "rg2"}
    assert state.read_bytes() == before
    assert [g["name"] for g in Backend(StateStore(state)).list_resource_groups("sub")] == ["rg1"]


KILLED = """
import os, sys
from pathlib import Path
from aoai_provision.emulator.backend import Backend
from aoai_provision.emulator.state import StateStore
store = StateStore(Path(sys.argv[1]))
backend = Backend(store)
backend.put_resource_group("sub", "kept", {"location": "westus"})
with store.transaction() as state:
    state["resource_groups"]["sub/lost"] = {"body": {"name": "lost"}, "meta": {"subscription": "sub"}}
    state.flush()
    os._exit(9)  # killed in the middle of a write: no commit, no close
"""


def test_a_write_killed_half_way_leaves_a_usable_state_without_it(tmp_path: Path) -> None:
    state = tmp_path / "emulator.db"
    assert subprocess.run([sys.executable, "-c", KILLED, str(state)], timeout=60).returncode == 9
    backend = Backend(StateStore(state))
    assert [g["name"] for g in backend.list_resource_groups("sub")] == ["kept"]
    backend.put_resource_group("sub", "after", RG)
    assert {g["name"] for g in backend.list_resource_groups("sub")} == {"kept", "after"}


def test_export_prints_every_record_as_json(tmp_path: Path) -> None:
    state = tmp_path / "emulator.db"
    Backend(StateStore(state)).put_resource_group("sub", "rg1", RG)
    code, out = _cli("emulator", "export", "--emulator-state", str(state))
    assert code == 0
    assert json.loads(out)["resource_groups"]["sub/rg1"]["body"]["name"] == "rg1"
    assert export_state(state)["version"] == 1


def test_the_default_state_is_emulator_db_and_the_former_default_name_keeps_working(tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / ".aoai-provision"
    folder.mkdir()
    former = folder / "emulator.json"  # the default's name before the state was SQLite
    store = StateStore(former)
    with store.transaction() as state:
        state["resource_groups"]["sub/rg0"] = {"name": "rg0"}
    store.close()
    result = CliRunner().invoke(main, ["emulator", "export"])
    assert result.exit_code == 0, result.output
    assert "sub/rg0" in json.loads(result.stdout)["resource_groups"]
    assert "note: using .aoai-provision/emulator.json, the emulator state's former default name" in result.stderr
    assert not (folder / "emulator.db").exists()

    former.unlink()
    result = CliRunner().invoke(main, ["emulator", "reset"])
    assert result.exit_code == 0 and "note:" not in result.stderr
    assert (folder / "emulator.db").is_file()
