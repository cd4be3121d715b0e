"""The one lifecycle rule: each state, with fixed dates, on bundled data and on hand-made facts."""

from __future__ import annotations

from datetime import date

import pytest

from aoai_provision.catalog.catalog import Catalog
from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.resolve import resolve
from aoai_provision.catalog.types import LifecycleFact, ModelVersion, Source

S1 = Source("S1", "Model retirement schedule", "2026-07-07")
S2 = Source("S2", "Model retirement schedule (rendered)", "2026-09-02")
S3 = Source("S3", "Model retirements, classic", "2025-12-16")
S4 = Source("S4", "Model retirements (mid-2025)", "2025-06-18")


def _mv(*facts: LifecycleFact) -> ModelVersion:
    return ModelVersion(model="m", version="1", lifecycle=resolve(facts))


def test_confirmed_retired(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-realtime-preview", "2024-10-01")
    assert mv is not None
    a = assess(mv, date(2026, 11, 24))
    assert a.state == "retired"
    assert a.retirement_date == date(2025, 3, 26)
    assert a.source is not None and a.source.key == "S6"
    assert a.replacements == ("gpt-4o-realtime-preview 2024-12-17", "gpt-4o-mini-realtime-preview 2024-12-17")
    assert "retired on 2025-03-26" in a.message and "gpt-4o-realtime-preview 2024-12-17" in a.message


def test_no_earlier_than_date_passed_is_past_earliest_not_retired(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    assert mv is not None
    a = assess(mv, date(2026, 11, 24))
    assert a.state == "past-earliest"
    assert (a.retirement_date, a.qualifier) == (date(2026, 2, 28), "no-earlier-than")
    assert a.days_left == -269
    assert a.source is not None and a.source.key == "S3"
    assert "may retire at any time" in a.message


def test_within_the_warning_window_is_retiring(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    assert mv is not None
    a = assess(mv, date(2026, 1, 15))
    assert (a.state, a.days_left) == ("retiring", 44)
    assert assess(mv, date(2026, 1, 15), warn_within_days=30).state == "preview"


def test_firm_date_passed_is_past_scheduled(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-realtime-preview", "2024-12-17")
    assert mv is not None
    a = assess(mv, date(2026, 11, 24))
    assert (a.state, a.retirement_date, a.qualifier) == ("past-scheduled", date(2026, 2, 2), "scheduled")
    assert a.replacements == ("gpt-realtime",)
    assert "live models list decides" in a.message


def test_deprecated_preview_and_ok() -> None:
    far = date(2030, 1, 1)
    legacy = _mv(LifecycleFact(S2, lifecycle_status="Legacy", retirement_date=far, retirement_qualifier="scheduled"),
                 LifecycleFact(S1, lifecycle_status="GenerallyAvailable"))
    assert assess(legacy, date(2026, 11, 24)).state == "deprecated"
    preview = _mv(LifecycleFact(S1, lifecycle_status="Preview"))
    assert assess(preview, date(2026, 11, 24)).state == "preview"
    ga = _mv(LifecycleFact(S1, lifecycle_status="GenerallyAvailable", retirement_date=far,
                           retirement_qualifier="scheduled"))
    a = assess(ga, date(2026, 11, 24))
    assert a.state == "ok" and a.days_left == (far - date(2026, 11, 24)).days


def test_confirmed_retirement_in_the_future_of_as_of_is_not_yet_retired(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-realtime-preview", "2024-10-01")
    assert mv is not None
    assert assess(mv, date(2025, 3, 1)).state == "retiring"


def test_conflicting_current_sources_resolve_to_the_earliest_and_keep_both(catalog: Catalog) -> None:
    # S1 says 2026-07-23; S2 says 2027-04-06 and 2026-09-21 (README "Conflicts" 2).
    mv = catalog.get("gpt-realtime-mini", "2025-10-06")
    assert mv is not None
    lc = mv.lifecycle
    assert lc.retirement_date == date(2026, 7, 23)
    assert lc.retirement_source is not None and lc.retirement_source.key == "S1"
    dates = {(f.source.key, f.retirement_date) for f in lc.facts}
    assert {("S1", date(2026, 7, 23)), ("S2", date(2027, 4, 6)), ("S2", date(2026, 9, 21))} <= dates


def test_a_newer_firm_date_refines_an_older_no_earlier_than_date(catalog: Catalog) -> None:
    # S3: "no earlier than 2026-02-28"; S1/S2 (newer): 2026-10-15 firm.
    mv = catalog.get("gpt-4o-transcribe", "2025-03-20")
    assert mv is not None
    assert (mv.lifecycle.retirement_date, mv.lifecycle.qualifier) == (date(2026, 10, 15), "scheduled")
    lc = resolve((LifecycleFact(S1, retirement_date=date(2026, 10, 15), retirement_qualifier="scheduled"),
                  LifecycleFact(S3, retirement_date=date(2026, 11, 1), retirement_qualifier="no-earlier-than")))
    assert lc.retirement_date == date(2026, 10, 15)


def test_superseded_sources_do_not_decide_when_a_current_one_does() -> None:
    lc = resolve((LifecycleFact(S4, retirement_date=date(2025, 7, 2), retirement_qualifier="no-earlier-than"),
                  LifecycleFact(S3, retirement_date=date(2026, 2, 2), retirement_qualifier="scheduled")))
    assert (lc.retirement_date, lc.retirement_source) == (date(2026, 2, 2), S3)
    only_old = resolve((LifecycleFact(S4, retirement_date=date(2025, 7, 2), retirement_qualifier="no-earlier-than"),))
    assert only_old.retirement_date == date(2025, 7, 2)


@pytest.mark.parametrize(("status", "state"), [("Deprecating", "deprecated"), ("Deprecated", "deprecated")])
def test_deprecated_statuses(status: str, state: str) -> None:
    assert assess(_mv(LifecycleFact(S1, lifecycle_status=status)), date(2026, 1, 1)).state == state


def test_newest_source_wins_the_status_but_all_are_kept() -> None:
    lc = resolve((LifecycleFact(S3, lifecycle_status="GenerallyAvailable"), LifecycleFact(S2, lifecycle_status="Legacy")))
    assert lc.status == "Legacy"
    assert [f.lifecycle_status for f in lc.facts] == ["GenerallyAvailable", "Legacy"]
