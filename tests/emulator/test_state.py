"""The state file: shared by transports and processes, atomic, no lost updates, reset, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from azure.core.exceptions import ResourceExistsError
from click.testing import CliRunner

from aoai_provision.cli import main
from aoai_provision.emulator.backend import Backend
from aoai_provision.emulator.state import StateStore, export_state, reset_state
from aoai_provision.errors import InputError

WRITER = """
import sys
from pathlib import Path
from aoai_provision.emulator.backend import Backend
from aoai_provision.emulator.state import StateStore
backend = Backend(StateStore(Path(sys.argv[1])))
for i in range(int(sys.argv[3])):
    backend.put_resource_group("sub", f"{sys.argv[2]}-{i}", {"location": "westus"})
"""


def test_two_transports_on_one_file_see_each_others_writes(emu_factory: Any, tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    first, second = emu_factory(state_path=state), emu_factory(state_path=state)
    first.rg()
    first.account()
    assert second.cognitive.accounts.get("rg1", "acct1").properties.provisioning_state == "Succeeded"
    second.deploy("d1").result()
    assert [d.name for d in first.cognitive.deployments.list("rg1", "acct1")] == ["d1"]
    assert [k.split("/", 1)[1] for k in export_state(state)["deployments"]] == ["rg1/acct1/d1"]


def test_concurrent_processes_lose_no_update(tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(state), f"p{n}", "15"]) for n in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    names = {g["name"] for g in Backend(StateStore(state)).list_resource_groups("sub")}
    assert names == {f"p{n}-{i}" for n in range(3) for i in range(15)}


def test_a_running_operation_in_the_file_blocks_writes_from_another_process(emu_factory: Any,
                                                                            tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    slow = emu_factory(state_path=state, lro_seconds={"deployment_create": 3600})
    slow.rg()
    slow.account()
    slow.deploy("d1", polling=False)
    other = emu_factory(state_path=state)
    with pytest.raises(ResourceExistsError) as info:
        other.deploy("d2")
    assert info.value.error.code == "RequestConflict"


def test_reset_empties_the_state_and_the_cli_does_it_too(emu_factory: Any, tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    emu = emu_factory(state_path=state)
    emu.rg()
    reset_state(state)
    assert emu.resources.resource_groups.check_existence("rg1") is False
    emu.rg()
    result = CliRunner().invoke(main, ["emulator", "reset", "--emulator-state", str(state)])
    assert result.exit_code == 0 and "reset" in result.output
    assert emu.resources.resource_groups.check_existence("rg1") is False


def test_a_corrupt_state_file_is_an_input_error_with_a_fix(tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    state.write_text("{not json")
    with pytest.raises(InputError) as info:
        Backend(StateStore(state)).list_resource_groups("sub")
    # not `emulator reset`, which refuses a file it cannot read as well (it never empties a foreign file)
    assert f"rm {state}" in (info.value.fix or "") and "emulator reset" not in (info.value.fix or "")
    result = CliRunner().invoke(main, ["emulator", "reset", "--emulator-state", str(state)])
    assert result.exit_code == 1 and state.read_text() == "{not json"


def test_failed_request_does_not_leave_half_a_change(tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    backend = Backend(StateStore(state))
    backend.put_resource_group("sub", "rg1", {"location": "westus"})
    with pytest.raises(Exception):  # noqa: B017 - any ArmError
        backend.put_account("sub", "rg1", "-bad-", {"location": "westus", "kind": "OpenAI", "sku": {"name": "S0"}})
    assert export_state(state)["accounts"] == {}


def test_one_transport_serves_many_threads_without_losing_writes(emu_factory: Any, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    emu = emu_factory(state_path=tmp_path / "emulator.json")
    emu.rg()
    for n in range(4):
        emu.account(f"acct{n}")

    def deploy_all(n: int) -> list[str]:
        for i in range(5):
            emu.deploy(f"d{i}", account=f"acct{n}", capacity=1).result()
        return sorted(d.name for d in emu.cognitive.deployments.list("rg1", f"acct{n}"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(deploy_all, range(4)))
    assert results == [[f"d{i}" for i in range(5)]] * 4
    usage = {u.name.value: u.current_value for u in emu.cognitive.usages.list("swedencentral")}
    assert usage["OpenAI.GlobalStandard.gpt-4o"] == 20



def test_opening_the_file_again_in_the_same_process_loses_no_write(tmp_path: Path) -> None:
    # A fleet run opens one store per environment, in threads. Reading the file's header to open another
    # store (here a read-only snapshot) must not drop the SQLite locks the first one holds (closing any
    # descriptor of a file releases all of the process's POSIX locks on it): another process closing
    # the file would then believe it the last user and remove the write-ahead log still in use.
    import sqlite3

    path = tmp_path / "emulator.db"
    first = StateStore(path)
    with first.transaction() as state:
        state["resource_groups"]["sub/rg0"] = {"name": "rg0"}
    assert set(StateStore(path, read_only=True).export()["resource_groups"]) == {"sub/rg0"}
    for n in range(1, 4):  # another process writing, then this one, in turns
        subprocess.run([sys.executable, "-c", WRITER, str(path), f"p{n}", "1"], check=True)
        with first.transaction() as state:
            state["resource_groups"][f"sub/rg{n}"] = {"name": f"rg{n}"}
    first.close()
    rows = sqlite3.connect(path).execute("SELECT key FROM records WHERE coll = 'resource_groups'").fetchall()
    assert sorted(key for (key,) in rows) == ["sub/p1-0", "sub/p2-0", "sub/p3-0", "sub/rg0", "sub/rg1", "sub/rg2",
                                              "sub/rg3"]
