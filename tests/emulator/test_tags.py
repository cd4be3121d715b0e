"""Microsoft.Resources/tags `default` on a resource group, as ARM serves it (Tags_UpdateAtScope / GetAtScope)."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError


def _scope(emu: Any, rg: str = "rg1") -> str:
    return f"/subscriptions/{emu.SUB}/resourceGroups/{rg}"


def _patch(emu: Any, operation: str, tags: dict[str, str], rg: str = "rg1") -> dict[str, str]:
    body = {"operation": operation, "properties": {"tags": tags}}
    result = emu.resources.tags.begin_update_at_scope(_scope(emu, rg), body).result()
    return dict(result.properties.tags)


def test_merge_adds_and_updates_case_insensitively_and_keeps_the_rest(emu: Any) -> None:
    emu.resources.resource_groups.create_or_update("rg1", {"location": "eastus2", "tags": {"Team": "a", "keep": "1"}})
    assert _patch(emu, "Merge", {"team": "b", "new": "2"}) == {"Team": "b", "keep": "1", "new": "2"}
    assert emu.resources.resource_groups.get("rg1").tags == {"Team": "b", "keep": "1", "new": "2"}
    got = emu.resources.tags.get_at_scope(_scope(emu))
    assert (got.name, got.type, dict(got.properties.tags)) == ("default", "Microsoft.Resources/tags",
                                                                {"Team": "b", "keep": "1", "new": "2"})


def test_delete_and_replace(emu: Any) -> None:
    emu.resources.resource_groups.create_or_update("rg1", {"location": "eastus2", "tags": {"a": "1", "b": "2", "c": "3"}})
    assert _patch(emu, "Delete", {"a": "", "b": "not-its-value"}) == {"b": "2", "c": "3"}
    assert _patch(emu, "Replace", {"z": "9"}) == {"z": "9"}


def test_more_than_50_tags_and_a_missing_group_are_refused(emu: Any) -> None:
    emu.resources.resource_groups.create_or_update("rg1", {"location": "eastus2"})
    with pytest.raises(HttpResponseError) as too_many:
        _patch(emu, "Merge", {f"t{i}": "v" for i in range(51)})
    assert too_many.value.status_code == 400 and "at most 50" in str(too_many.value)
    with pytest.raises(ResourceNotFoundError):
        _patch(emu, "Merge", {"a": "1"}, rg="nope")
    with pytest.raises(HttpResponseError) as bad:
        _patch(emu, "Upsert", {"a": "1"})
    assert bad.value.status_code == 400
