"""Mutated environment files never crash `validate`: exit 0 or 1 with a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE = (Path(__file__).resolve().parents[1] / "data" / "spec" / "both_forms.yaml").read_text(encoding="utf-8")
LINES = BASE.splitlines(keepends=True)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "char", "indent", "swap", "bytes"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "char" and lines[i]:
            j = draw(st.integers(0, len(lines[i]) - 1))
            new = draw(st.sampled_from(list(":-[]{}&*!|>'\"%@`#,? \t0aZ$") + ["${X}", "<<", "\u00e9"]))
            lines[i] = lines[i][:j] + new + lines[i][j + 1:]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + lines[i].lstrip(" ")
        elif kind == "swap":
            k = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
        elif kind == "bytes":
            return "".join(lines).encode() + draw(st.binary(min_size=1, max_size=8))
    return "".join(lines).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=mutated())
def test_mutated_files_get_a_message_never_a_traceback(cli, tmp_path, content: bytes) -> None:
    path = tmp_path / "env.yaml"
    path.write_bytes(content)
    result = cli("validate", str(path), "--as-of", "2026-11-24")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "Internal error" not in result.output, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith(("valid:", "INVALID:"))
    if result.exit_code == 1:
        assert ": error " in result.stdout
