"""Located YAML loading: values as written, duplicate keys, bombs, syntax and encoding problems."""

from __future__ import annotations

import time

from aoai_provision.spec.loader import decode_source, parse_yaml
from aoai_provision.spec.nodes import MapNode, ScalarNode, locate, to_plain


def test_scalars_are_kept_exactly_as_written() -> None:
    parsed = parse_yaml("a: 2024-12-17\nb: 001\nc: 0914\nd: '1'\ne: 1.50\nf: true\ng: ~\nh:\n", "f.yaml")
    assert parsed.findings == ()
    assert to_plain(parsed.root) == {
        "a": "2024-12-17", "b": "001", "c": "0914", "d": "1", "e": "1.50", "f": "true", "g": None, "h": None,
    }


def test_every_key_and_value_knows_its_line_and_column() -> None:
    parsed = parse_yaml("top:\n  inner:\n    - {name: x, version: 0914}\n", "f.yaml")
    assert parsed.root is not None
    node = locate(parsed.root, ("top", "inner", 0, "version"))
    assert isinstance(node, ScalarNode)
    assert (node.line, node.column, node.value) == (3, 26, "0914")
    key = locate(parsed.root, ("top", "inner"), key=True)
    assert (key.line, key.column) == (2, 3)


def test_duplicate_key_is_an_error_at_the_second_naming_the_first() -> None:
    parsed = parse_yaml("environment: prod\nregions: [a]\nenvironment: dev\n", "f.yaml")
    (finding,) = parsed.findings
    assert finding.code == "duplicate-key"
    assert (finding.location.line, finding.location.column) == (3, 1)
    assert "line 1" in finding.message


def test_nested_duplicate_key_is_found_too() -> None:
    parsed = parse_yaml("a:\n  b: 1\n  c: 2\n  b: 3\n", "f.yaml")
    assert [(f.code, f.location.line) for f in parsed.findings] == [("duplicate-key", 4)]


def test_alias_bomb_is_refused_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    parsed = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert parsed.root is None
    assert [f.code for f in parsed.findings] == ["yaml-too-large"]
    assert elapsed < 5  # a billion values would never finish; this is a loose guard, not a benchmark


def test_recursive_alias_is_an_error_not_a_hang() -> None:
    parsed = parse_yaml("a: &a [*a]\n", "f.yaml")
    assert [f.code for f in parsed.findings] == ["yaml-too-large"]


def test_merge_keys_work_and_explicit_keys_win() -> None:
    parsed = parse_yaml("base: &b {sku: Standard, capacity: 1}\nd: {<<: *b, capacity: 5}\n", "f.yaml")
    assert parsed.findings == ()
    assert to_plain(parsed.root)["d"] == {"capacity": "5", "sku": "Standard"}


def test_syntax_error_has_the_problem_location() -> None:
    parsed = parse_yaml("environment: prod\nregions: [eastus2\nx: 1\n", "f.yaml")
    (finding,) = parsed.findings
    assert finding.code == "yaml-syntax"
    assert finding.location.line >= 2
    assert finding.message.startswith("invalid YAML:")


def test_tab_indentation_suggests_spaces() -> None:
    parsed = parse_yaml("a:\n\t- b\n", "f.yaml")
    (finding,) = parsed.findings
    assert (finding.code, finding.location.line) == ("yaml-syntax", 2)
    assert finding.fix == "indent with spaces, not tabs"


def test_empty_and_comment_only_files() -> None:
    for text in ("", "# only a comment\n", "---\n"):
        parsed = parse_yaml(text, "f.yaml")
        assert [f.code for f in parsed.findings] == ["empty-file"], text


def test_root_must_be_a_mapping() -> None:
    for text, kind in (("- a\n- b\n", "a list"), ("just text\n", "a single value")):
        (finding,) = parse_yaml(text, "f.yaml").findings
        assert finding.code == "root-not-mapping"
        assert kind in finding.message


def test_control_characters_are_located() -> None:
    (finding,) = parse_yaml("a: b\nc: \x07\n", "f.yaml").findings
    assert (finding.code, finding.location.line, finding.location.column) == ("yaml-syntax", 2, 4)


def test_binary_and_non_utf8_content() -> None:
    text, findings = decode_source(b"environment: prod\nx: \x00\x01", "f.yaml")
    assert text is None
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [("not-text", 2, 4)]
    text, findings = decode_source("a: caf\u00e9\n".encode("latin-1"), "f.yaml")
    assert text is None and findings[0].code == "not-text" and "UTF-8" in findings[0].message
    text, findings = decode_source("\ufeffa: 1\n".encode(), "f.yaml")
    assert text == "a: 1\n" and findings == ()


def test_multiple_documents_are_refused() -> None:
    (finding,) = parse_yaml("a: 1\n---\nb: 2\n", "f.yaml").findings
    assert finding.code == "yaml-syntax"


def test_complex_keys_are_refused() -> None:
    parsed = parse_yaml("? [a, b]\n: 1\n", "f.yaml")
    assert parsed.root is None and parsed.findings[0].code == "yaml-syntax"


def test_root_is_a_mapping_node() -> None:
    assert isinstance(parse_yaml("a: 1\n", "f.yaml").root, MapNode)
