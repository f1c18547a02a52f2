"""gates/contracts_idl.py: a stable protocol's wire change needs a higher version (RFC-0012)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from gates.contracts_idl import breaks, check_idl

V1 = """\
protocol: demo
summary: A protocol.
version: 1
stability: stable
tags: 0x7700
constants:
  SVC_DEMO_MAX: {value: 8}
methods:
  put:
    ordinal: 1
    summary: Put.
    request:
      - {name: count, in: w0, type: u32, max: SVC_DEMO_MAX}
    reply: []
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "gate@cairn.invalid")
    git(tmp_path, "config", "user.name", "gate")
    (tmp_path / "idl").mkdir()
    (tmp_path / "idl/demo.yaml").write_text(V1)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    return tmp_path


def test_a_changed_field_type_without_a_new_version_fails(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "idl/demo.yaml").write_text(V1.replace("type: u32", "type: u64"))
    found = check_idl(root)
    assert [f.path for f in found] == ["idl/demo.yaml"]
    assert "method put: its request changed" in found[0].message
    assert found[0].line == V1.splitlines().index("  put:") + 1


def test_the_same_change_with_a_new_version_passes(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "idl/demo.yaml").write_text(V1.replace("type: u32", "type: u64").replace("version: 1", "version: 2"))
    assert check_idl(root) == []


def test_a_committed_break_is_found_in_the_history(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "idl/demo.yaml").write_text(V1.replace("max: SVC_DEMO_MAX", "max: 4"))
    git(root, "commit", "-q", "-am", "narrower")
    found = check_idl(root)
    assert len(found) == 1 and "in commit" in found[0].message


def test_compatible_and_unstable_changes_pass() -> None:
    import yaml

    old = yaml.safe_load(V1)
    added = yaml.safe_load(V1 + "  get:\n    ordinal: 2\n    summary: Get.\n")
    assert breaks(old, added) == []  # a new method is compatible
    unstable = yaml.safe_load(V1.replace("stable", "unstable"))
    changed = yaml.safe_load(V1.replace("stable", "unstable").replace("ordinal: 1", "ordinal: 3"))
    assert breaks(unstable, changed) == []


def test_every_kind_of_break_is_named() -> None:
    import yaml

    old = yaml.safe_load(V1)
    cases = {
        "tags: 0x7700": ("tags: 0x7800", "the tags changed"),
        "ordinal: 1": ("ordinal: 2", "its ordinal changed"),
        "{value: 8}": ("{value: 9}", "constant SVC_DEMO_MAX changed"),
        "  put:\n": ("  take:\n", "method put was removed"),
    }
    for before, (after, message) in cases.items():
        new = yaml.safe_load(V1.replace(before, after))
        assert any(message in problem for _, problem in breaks(old, new)), (before, breaks(old, new))


def test_removing_a_stable_file_fails(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "idl/demo.yaml").unlink()
    found = check_idl(root)
    assert len(found) == 1 and "was removed in the work tree" in found[0].message


ROOT = Path(__file__).resolve().parents[2]
RFC = "rfcs/RFC-0012-interface-definitions.md"


def tree_with_rfc(tmp_path: Path, text: str) -> Path:
    """A tree with the real generator, interface files and other RFCs, and RFC-0012 of `text`."""
    for folder in ("tools", "idl"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (tmp_path / "rfcs").mkdir()
    for other in (ROOT / "rfcs").glob("*.md"):
        if other.name != Path(RFC).name:
            (tmp_path / "rfcs" / other.name).write_text(other.read_text())
    (tmp_path / RFC).write_text(text)
    return tmp_path


def test_the_real_rfcs_include_every_reference() -> None:
    from gates.contracts_idl import check_references

    assert check_references(ROOT) == []


def test_a_block_that_differs_is_found(tmp_path: Path) -> None:
    from gates.contracts_idl import check_references

    text = (ROOT / RFC).read_text().replace("(no translation)", "(translated)", 1)
    found = check_references(tree_with_rfc(tmp_path, text))
    assert len(found) == 1 and found[0].path == RFC
    assert "the reference of protocol uart differs" in found[0].message


def test_a_protocol_no_rfc_includes_is_found(tmp_path: Path) -> None:
    from gates.contracts_idl import check_references

    text = (ROOT / RFC).read_text()
    start, end = text.index("<!-- idl:uart -->"), text.index("<!-- /idl:uart -->") + len("<!-- /idl:uart -->")
    found = check_references(tree_with_rfc(tmp_path, text[:start] + text[end:]))
    assert [(f.path, f.line) for f in found] == [("idl/uart.yaml", 1)]
    assert "no RFC includes the reference of protocol uart" in found[0].message


def test_a_block_for_no_protocol_is_found(tmp_path: Path) -> None:
    from gates.contracts_idl import check_references

    text = (ROOT / RFC).read_text() + "\n<!-- idl:ghost -->\n<!-- /idl:ghost -->\n"
    found = check_references(tree_with_rfc(tmp_path, text))
    assert len(found) == 1 and "no idl/ghost.yaml" in found[0].message
