"""`audit FILE`: lifecycle findings with dates, sources and lines; the --fail-within gate; filters; errors."""

from __future__ import annotations

import shutil
from pathlib import Path

AS_OF = "2026-11-24"  # the day the bundled data was checked against; pinned so the tests do not age


def test_prod_previews_are_reported_with_dates_and_sources_and_gate_ci(work: Path, audit_json, line_of, repo) -> None:
    shutil.copy(repo / "environments" / "prod.yaml", work / "prod.yaml")
    code, report = audit_json("prod.yaml", "--as-of", AS_OF, "--fail-within", "90")
    assert code == 3
    assert report["summary"]["exit_code"] == 3
    previews = {(d["account"], d["deployment"]): d for d in report["deployments"]
                if d["model"] in ("gpt-4o-mini-realtime-preview", "gpt-4o-mini-audio-preview")}
    assert {a for a, _ in previews} == {"aoai-prod-eastus2", "aoai-prod-swedencentral"}
    assert len(previews) == 4
    for d in previews.values():
        assert d["version"] == "2024-12-17"
        assert d["lifecycle"]["retirement_date"] == "2026-02-28"
        assert d["lifecycle"]["retirement_qualifier"] == "no-earlier-than"
        assert d["lifecycle"]["days_left"] == -269
        assert "as of" in d["sources"]["retirement_date"]
        assert d["location"]["line"] == line_of(work / "prod.yaml", "version:", 0 if "realtime" in d["model"] else 1)
    codes = {(f["deployment"].split("/")[-1], f["code"]) for f in report["findings"]}
    assert ("realtime", "AOAI602") in codes and ("audio", "AOAI602") in codes
    assert all(f["gated"] for f in report["findings"] if f["code"] == "AOAI602")


def test_past_earliest_message_says_the_date_is_only_the_earliest(work: Path, cli, line_of) -> None:
    result = cli("audit", "previews.yaml", "--as-of", AS_OF)
    assert result.exit_code == 0  # no --fail-within: the report is the product, not a failure
    line = line_of(work / "previews.yaml", "version:", 0)
    assert f"previews.yaml:{line}:14: error AOAI602: gpt-4o-mini-realtime-preview 2024-12-17 may retire at " \
           "any time: its earliest retirement date 2026-02-28 passed" in result.stdout


def test_gate_only_fires_within_the_window(work: Path, cli) -> None:
    # 2026-02-28 is 272 days after 2025-06-01: reported (as previews) but not within 90 days.
    assert cli("audit", "previews.yaml", "--as-of", "2025-06-01", "--fail-within", "90").exit_code == 0
    assert cli("audit", "previews.yaml", "--as-of", "2025-06-01", "--fail-within", "300").exit_code == 3
    early = cli("audit", "previews.yaml", "--as-of", "2025-06-01")
    assert "info AOAI605" in early.stdout and "retirement no earlier than 2026-02-28" in early.stdout


def test_retired_realtime_version_is_an_error_with_its_date_and_line(work: Path, cli, audit_json, line_of) -> None:
    line = line_of(work / "realtime-retired.yaml", "version: '2024-10-01'")
    result = cli("audit", "realtime-retired.yaml", "--as-of", AS_OF)
    assert f"realtime-retired.yaml:{line}:14: error AOAI601: gpt-4o-realtime-preview 2024-10-01 was retired " \
           "on 2025-03-26" in result.stdout
    # NoAutoUpgrade on it: the consequence is spelled out.
    assert "error AOAI607" in result.stdout and "stopped working on 2025-03-26" in result.stdout
    _, report = audit_json("realtime-retired.yaml", "--as-of", AS_OF)
    (dep,) = report["deployments"]
    assert dep["lifecycle"]["state"] == "retired"
    assert dep["upgrade_policy"] == "NoAutoUpgrade"
    assert dep["consequence"] == "stopped working on 2025-03-26"
    assert dep["replacement"]["model"] == "gpt-realtime" and dep["replacement"]["version"] == "2025-08-28"
    assert "Retired models" in dep["sources"]["retirement_date"]


def test_explicit_accounts_are_audited_at_their_flow_mapping_line(work: Path, audit_json, line_of) -> None:
    _, report = audit_json("explicit-retired.yaml", "--as-of", AS_OF)
    by_name = {d["deployment"]: d for d in report["deployments"]}
    assert by_name["voice"]["lifecycle"]["state"] == "retired"
    assert by_name["voice"]["location"]["line"] == line_of(work / "explicit-retired.yaml", "name: voice")
    assert by_name["rt"]["lifecycle"]["state"] == "ok"
    assert [f["deployment"] for f in report["findings"] if f["code"] != "AOAI620"] == ["file:batch/aoai-batch-eus2/voice"]
    # neither names a content filter: a note at each flow mapping's line
    notes = {f["deployment"].rsplit("/", 1)[1]: f["location"]["line"] for f in report["findings"] if f["code"] == "AOAI620"}
    assert notes == {"voice": line_of(work / "explicit-retired.yaml", "name: voice"),
                     "rt": line_of(work / "explicit-retired.yaml", "name: rt")}


def test_unknown_version_is_a_warning_and_min_severity_filters(work: Path, audit_json) -> None:
    _, report = audit_json("unknown-version.yaml", "--as-of", AS_OF)
    (note, finding) = report["findings"]  # by line: the entry, then the version
    assert (finding["severity"], finding["code"]) == ("warning", "AOAI609")
    assert (note["severity"], note["code"]) == ("info", "AOAI620")  # no explicit content filter
    assert "2025-08-28" in finding["message"]  # names the versions that do exist
    _, filtered = audit_json("unknown-version.yaml", "--as-of", AS_OF, "--min-severity", "error")
    assert filtered["findings"] == [] and filtered["summary"]["warning"] == 0
    assert len(filtered["deployments"]) == 1  # the inventory stays complete


def test_min_severity_also_limits_the_gate(work: Path, cli) -> None:
    # 2026-02-28 falls within 300 days of 2025-06-01, but that finding is only info then.
    assert cli("audit", "previews.yaml", "--as-of", "2025-06-01", "--fail-within", "300",
               "--min-severity", "warning").exit_code == 0


def test_warn_within_turns_a_future_date_into_a_warning(work: Path, audit_json) -> None:
    _, report = audit_json("explicit-retired.yaml", "--as-of", AS_OF, "--warn-within", "120")
    rt = [f for f in report["findings"] if f["deployment"].endswith("/rt") and f["code"] != "AOAI620"]
    assert [(f["code"], f["date"]) for f in rt] == [("AOAI603", "2027-02-28")]
    assert "retires on 2027-02-28, in 96 days" in rt[0]["message"]


def test_stale_bundled_data_is_called_out(work: Path, audit_json) -> None:
    _, late = audit_json("explicit-retired.yaml", "--as-of", AS_OF)
    assert any("Only bundled catalog data was used" in n and "83 days" in n for n in late["notices"])
    _, fresh = audit_json("explicit-retired.yaml", "--as-of", "2026-09-20")
    assert fresh["notices"] == []


def test_several_files_in_one_report(work: Path, audit_json) -> None:
    _, report = audit_json("realtime-retired.yaml", "explicit-retired.yaml", "--as-of", AS_OF)
    assert report["inputs"] == ["realtime-retired.yaml", "explicit-retired.yaml"]
    assert {d["environment"] for d in report["deployments"]} == {"legacy", "batch"}


def test_a_file_with_other_errors_is_refused_with_the_location(work: Path, cli, line_of) -> None:
    text = (work / "realtime-retired.yaml").read_text().replace("capacity: 1", "capacty: 1")
    (work / "typo.yaml").write_text(text)
    result = cli("audit", "typo.yaml", "--as-of", AS_OF)
    assert result.exit_code == 1
    line = line_of(work / "typo.yaml", "capacty")
    assert "cannot audit" in result.stderr and f"typo.yaml:{line}:5: error" in result.stderr
    assert "Traceback" not in result.output


def test_bad_input_exits_1_without_traceback(work: Path, cli) -> None:
    missing = cli("audit", "nope.yaml")
    assert missing.exit_code == 1 and "nope.yaml" in missing.stderr
    bad_date = cli("audit", "previews.yaml", "--as-of", "24/11/2026")
    assert bad_date.exit_code == 1 and "YYYY-MM-DD" in bad_date.stderr
    nothing = cli("audit")
    assert nothing.exit_code == 1 and "--subscription" in nothing.stderr
    assert "Traceback" not in missing.output + bad_date.output + nothing.output


def test_unwritable_output_is_a_clear_error(work: Path, cli) -> None:
    result = cli("audit", "previews.yaml", "--as-of", AS_OF, "--format", "json", "-o", "missing/dir/report.json")
    assert result.exit_code == 1 and "cannot write missing/dir/report.json" in result.stderr


def test_text_lines_of_a_matrix_entry_name_each_deployment(work: Path, cli, line_of) -> None:
    # one YAML line feeds an account per region: each report line must say which one it is about
    result = cli("audit", "previews.yaml", "--as-of", AS_OF, "--format", "text")
    line = line_of(work / "previews.yaml", "version:", 0)
    about = [text for text in result.stdout.splitlines() if text.startswith(f"previews.yaml:{line}:14: error AOAI602")]
    assert len(about) == 2
    assert any("-eastus2/" in text for text in about) and any("-swedencentral/" in text for text in about)
