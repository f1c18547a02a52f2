"""gates/frontmatter.py: values with source lines, and every way a block can be unusable."""

from __future__ import annotations

import pytest

from gates.findings import Finding
from gates.frontmatter import FrontMatterError, parse, parse_data

TEXT = """---
id: TASK-0001
title: "A task"
created: 2026-11-01
proof:
  commands:
    - make test
    - make build
  markers: []
---

## Goal
"""


def error_of(text: str, path: str = "tasks/x.md") -> Finding:
    with pytest.raises(FrontMatterError) as caught:
        parse(text, path)
    return caught.value.finding


def test_values_body_and_body_line() -> None:
    doc = parse(TEXT, "tasks/x.md")
    assert doc.data["id"] == "TASK-0001"
    assert doc.data["proof"] == {"commands": ["make test", "make build"], "markers": []}
    assert doc.body == "\n## Goal\n"
    assert doc.body_line == 11
    assert doc.path == "tasks/x.md"


def test_line_of_keys_items_and_fallbacks() -> None:
    doc = parse(TEXT, "tasks/x.md")
    assert doc.line_of(("title",)) == 3
    assert doc.line_of(("proof", "commands")) == 6
    assert doc.line_of(("proof", "commands", 1)) == 8
    assert doc.line_of(("proof", "markers", 4)) == 9  # no such item: its parent
    assert doc.line_of(("nothing", "here")) == 1  # no such key: the opening '---'
    assert doc.line_of(()) == 1


def test_unquoted_date_is_kept_as_text_and_listed() -> None:
    doc = parse(TEXT, "tasks/x.md")
    assert doc.data["created"] == "2026-11-01"
    assert doc.implicit_dates == (("created",),)
    quoted = parse(TEXT.replace("2026-11-01", '"2026-11-01"'), "tasks/x.md")
    assert quoted.implicit_dates == ()


def test_scalars_keep_their_yaml_types() -> None:
    doc = parse("---\na: 3\nb: true\nc:\nd: 1.5\ne: 'x'\n---\n", "p.md")
    assert doc.data == {"a": 3, "b": True, "c": None, "d": 1.5, "e": "x"}


def test_crlf_and_byte_order_mark() -> None:
    doc = parse("\ufeff---\r\nid: X\r\n---\r\nbody\r\n", "p.md")
    assert doc.data == {"id": "X"}
    assert doc.body_line == 4


def test_missing_front_matter() -> None:
    assert error_of("# Title\n").line == 1
    assert "must begin with a '---' line" in error_of("").message


def test_unterminated_front_matter() -> None:
    finding = error_of("---\nid: X\n\n## Goal\n")
    assert str(finding) == ("tasks/x.md:1: the front matter opened on line 1 is never "
                            "closed by a '---' line")


def test_yaml_error_carries_yaml_line() -> None:
    finding = error_of("---\nid: X\ntitle: [open\nstatus: x\n---\n")
    assert finding.line == 4
    assert finding.message.startswith("YAML syntax error: ")


@pytest.mark.parametrize("block, found", [
    ("- a\n- b\n", "a list"),
    ("just words\n", "the single value 'just words'"),
    ("", "empty"),
])
def test_front_matter_must_be_a_mapping(block: str, found: str) -> None:
    finding = error_of(f"---\n{block}---\n")
    assert finding.message == f"front matter must be a mapping of keys to values, but it is {found}"
    assert finding.line == 1


def test_duplicate_key() -> None:
    assert str(error_of("---\na: 1\nb: 2\na: 3\n---\n")) == \
        "tasks/x.md:4: key 'a' appears twice (first on line 2)"


def test_unsupported_tag_and_complex_key() -> None:
    assert "unsupported YAML tag" in error_of("---\na: !!binary aGk=\n---\n").message
    assert error_of("---\n? [a, b]\n: 1\n---\n").message.startswith("a key must be")


def test_recursive_alias_is_an_error() -> None:
    assert "refers to itself" in error_of("---\na: &x [*x]\n---\n").message


def test_parse_data_lines_start_at_one() -> None:
    doc = parse_data("name: one\nmarkers:\n  - text: a\n    deadline: 3\n", "gates/p.yaml")
    assert doc.line_of(("markers", 0, "deadline")) == 4
    assert doc.body == ""
    with pytest.raises(FrontMatterError) as caught:
        parse_data("a: [\n", "gates/p.yaml")
    assert caught.value.finding.path == "gates/p.yaml"
    assert caught.value.finding.line == 2
