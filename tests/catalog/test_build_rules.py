"""How scripts/build_catalog.py reads catalog rows: names, dates, replacements, retired flags."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from catalog_sources import facts_from_row, parse_doc_date, row_keys  # noqa: E402


def _row(model: str, version: str | None, key: str, **fields: Any) -> dict[str, Any]:
    return {"model": model, "version": version, "source": {"key": key}, **fields}


def test_retired_table_names_split_at_the_first_hyphen_are_joined() -> None:
    assert row_keys(_row("text", "similarity-ada-001", "S6"), {}) == [("text-similarity-ada-001", None)]
    assert row_keys(_row("gpt", "4.5-preview", "S6"), {}) == [("gpt-4.5-preview", None)]
    assert row_keys(_row("babbage", "002", "S6"), {}) == [("babbage-002", None)]
    assert row_keys(_row("gpt-35-turbo", "0301", "S6"), {}) == [("gpt-35-turbo", "0301")]


def test_joined_model_cells_aliases_and_version_spelling() -> None:
    assert row_keys(_row("gpt-4 ; gpt-4-32k", "0613", "S4"), {}) == [("gpt-4", "0613"), ("gpt-4-32k", "0613")]
    assert row_keys(_row("gpt-3.5-turbo-instruct", "0914", "S5"), {}) == [("gpt-35-turbo-instruct", "0914")]
    listed = {("gpt-4", "0125-Preview"): None}
    assert row_keys(_row("gpt-4", "0125-preview", "S5"), listed) == [("gpt-4", "0125-Preview")]  # type: ignore[arg-type]
    assert row_keys(_row("gpt-4o (fine-tuned)", "2024-08-06", "S1"), {}) == []


def test_dates_are_read_from_the_written_cell() -> None:
    assert parse_doc_date("No earlier than May 20, 2025 ; ; Deployments set to ...") == date(2025, 5, 20)
    assert parse_doc_date("Standard deployment type retires on 2026-03-31, with ...") == date(2026, 3, 31)
    assert parse_doc_date("n/a") is None and parse_doc_date(None) is None


def test_facts_keep_qualifier_replacement_and_confirmation() -> None:
    [fact] = facts_from_row(_row(
        "gpt-4o-realtime-preview", "2024-10-01", "S6", lifecycle_status="Retired", retirement_date="March 26, 2025",
        retirement_date_iso="2025-03-26", retirement_qualifier="scheduled", deprecation_date="February 25, 2025",
        replacement="gpt-4o-realtime-preview (version 2024-12-17) or gpt-4o-mini-realtime-preview (version 2024-12-17)",
    ), ("gpt-4o-realtime-preview", "2024-10-01"))
    assert (fact.retirement_date, fact.retirement_qualifier, fact.lifecycle_status) == (date(2025, 3, 26), "retired", "Retired")
    assert fact.deprecation_date == date(2025, 2, 25)
    assert fact.replacement == "gpt-4o-realtime-preview 2024-12-17 or gpt-4o-mini-realtime-preview 2024-12-17"
    [net] = facts_from_row(_row(
        "gpt-4o", "2024-05-13", "S5", retirement_date="No earlier than May 20, 2025", retirement_date_iso="2024-08-06",
        retirement_qualifier="no-earlier-than", auto_upgrade_target="2024-08-06", replacement="gpt-4.1 version: 2025-04-14",
    ), ("gpt-4o", "2024-05-13"))
    assert (net.retirement_date, net.retirement_qualifier) == (date(2025, 5, 20), "no-earlier-than")
    assert net.auto_upgrade_target == "gpt-4o 2024-08-06" and net.replacement == "gpt-4.1 2025-04-14"
    [upgrade] = facts_from_row(_row("gpt-4", "1106-preview", "S5", retirement_date="starting no sooner than January 27, 2025",
                                  retirement_qualifier="upgrade-no-sooner-than"), ("gpt-4", "1106-preview"))
    assert upgrade.retirement_date is None and upgrade.auto_upgrade_date == date(2025, 1, 27)


def test_a_per_deployment_type_retirement_gives_a_sku_limited_fact() -> None:
    """S3 (2025-12-16): gpt-4o-mini Standard retires 2026-03-31, every other deployment type 2026-10-01."""
    general, standard = facts_from_row(_row(
        "gpt-4o-mini", "2024-07-18", "S3", lifecycle_status="GA",
        retirement_date="Standard deployment type retires on 2026-03-31, with auto-upgrades scheduled to start on "
                        "2026-03-09. For other deployment types, including ALL Provisioned, Global Standard, and Data "
                        "Zone Standard, the retirement date has been moved to 2026-10-01.",
        retirement_qualifier="scheduled", replacement="gpt-4.1-mini",
        notes="Deployment-type-specific retirement: Standard 2026-03-31; all other types 2026-10-01.",
    ), ("gpt-4o-mini", "2024-07-18"))
    assert (general.retirement_date, general.skus) == (date(2026, 10, 1), ())
    assert (standard.retirement_date, standard.skus, standard.auto_upgrade_date) == (
        date(2026, 3, 31), ("Standard",), date(2026, 3, 9))
