"""Fingerprints and the record of each stage's last pass."""

from __future__ import annotations

from pathlib import Path

from gates import cache


class FixedTools(cache.ToolVersions):
    def __init__(self, versions: dict[str, str]) -> None:
        super().__init__()
        self._known = dict(versions)


def fp(root: Path, inputs: cache.Inputs, judge: Path, tools: dict[str, str] | None = None) -> str:
    return cache.fingerprint(root, inputs, (judge,), FixedTools(tools or {"cc": "cc 1.0"}))


def make_inputs(tmp_path: Path) -> tuple[cache.Inputs, Path]:
    (tmp_path / "a.c").write_text("int a;\n")
    (tmp_path / "b.c").write_text("int b;\n")
    judge = tmp_path / "stage.py"
    judge.write_text("# stage\n")
    return cache.Inputs(files=("a.c", "b.c"), tools=("cc",), facts=("HEAD=1",)), judge


def test_the_same_inputs_give_the_same_fingerprint(tmp_path):
    inputs, judge = make_inputs(tmp_path)
    assert fp(tmp_path, inputs, judge) == fp(tmp_path, inputs, judge)


def test_contents_paths_tools_facts_and_judges_all_count(tmp_path):
    inputs, judge = make_inputs(tmp_path)
    base = fp(tmp_path, inputs, judge)
    assert fp(tmp_path, inputs, judge, {"cc": "cc 2.0"}) != base
    assert fp(tmp_path, cache.Inputs(inputs.files, inputs.tools, ("HEAD=2",)), judge) != base
    (tmp_path / "c.c").write_text("int b;\n")
    assert fp(tmp_path, cache.Inputs(("a.c", "c.c"), inputs.tools, inputs.facts), judge) != base
    (tmp_path / "b.c").write_text("int b2;\n")
    assert fp(tmp_path, inputs, judge) != base
    (tmp_path / "b.c").write_text("int b;\n")
    judge.write_text("# stage, changed\n")
    assert fp(tmp_path, inputs, judge) != base


def test_a_missing_input_is_recorded_not_fatal(tmp_path):
    inputs, judge = make_inputs(tmp_path)
    missing = cache.Inputs(("a.c", "gone.elf"))
    first = fp(tmp_path, missing, judge)
    (tmp_path / "gone.elf").write_bytes(b"\x7fELF")
    assert fp(tmp_path, missing, judge) != first


def test_packages_count_by_their_versions(tmp_path):
    inputs, judge = make_inputs(tmp_path)
    with_package = cache.Inputs(inputs.files, inputs.tools, inputs.facts, packages=("opensbi",))
    old, new = FixedTools({"cc": "cc 1.0"}), FixedTools({"cc": "cc 1.0"})
    old._packages, new._packages = {"opensbi": "1.1-2"}, {"opensbi": "1.2-1"}
    old._patterns, new._patterns = {"opensbi"}, {"opensbi"}
    assert cache.fingerprint(tmp_path, with_package, (judge,), old) != cache.fingerprint(tmp_path, with_package, (judge,), new)


def test_judges_are_labelled_by_their_path_not_only_their_name(tmp_path):
    """gates/contracts.py and gates/stages/contracts.py share a name; each is its own judge."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = tmp_path / "a" / "contracts.py", tmp_path / "b" / "contracts.py"
    one.write_text("x")
    two.write_text("y")
    tools = FixedTools({})
    assert cache.fingerprint(tmp_path, cache.Inputs(), (one,), tools) != cache.fingerprint(tmp_path, cache.Inputs(), (two,), tools)


def test_a_file_named_by_several_stages_is_read_once(tmp_path, monkeypatch):
    inputs, judge = make_inputs(tmp_path)
    digests = cache.FileDigests()
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    tools = FixedTools({"cc": "cc 1.0"})
    cache.fingerprint(tmp_path, inputs, (judge,), tools, digests)
    cache.fingerprint(tmp_path, inputs, (judge,), tools, digests)
    assert sorted(p.name for p in opened) == ["a.c", "b.c", "stage.py"]


def test_the_store_keeps_passes_across_runs(tmp_path):
    store = cache.CacheStore(tmp_path)
    assert store.hit("build", "f1") is None
    store.record_pass("build", "f1", "build: ok")
    again = cache.CacheStore(tmp_path)
    entry = again.hit("build", "f1")
    assert entry is not None and entry.summary == "build: ok"
    assert again.hit("build", "f2") is None


def test_an_unreadable_store_is_empty(tmp_path):
    path = tmp_path / cache.CACHE_FILE
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert cache.CacheStore(tmp_path).hit("build", "f1") is None
