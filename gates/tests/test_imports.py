"""Judges come from imports: every gate module a stage runs is in its key, found by reading code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gates import runner
from gates.imports import ImportGraph
from gates.stages import all_stages

REPO = Path(__file__).resolve().parents[2]
GATES = REPO / "gates"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def names(graph: ImportGraph, path: Path) -> list[str]:
    return [p.relative_to(graph.package_dir.parent).as_posix() for p in graph.closure(path)]


def test_plain_from_relative_and_literal_dynamic_imports_are_followed(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/sub/__init__.py": "",
        "pkg/sub/stage.py": "import json\nfrom pkg import helper\nfrom . import sibling\n"
                            "import importlib\nchecker = importlib.import_module('pkg.lazy')\n",
        "pkg/sub/sibling.py": "from ..deep import far\n",
        "pkg/helper.py": "import yaml\n",
        "pkg/lazy.py": "",
        "pkg/deep.py": "def far(): pass\n",
        "pkg/unused.py": "",
    })
    graph = ImportGraph(tmp_path / "pkg")
    assert names(graph, tmp_path / "pkg/sub/stage.py") == [
        "pkg/__init__.py", "pkg/deep.py", "pkg/helper.py", "pkg/lazy.py",
        "pkg/sub/__init__.py", "pkg/sub/sibling.py", "pkg/sub/stage.py",
    ]


def test_a_name_built_at_run_time_is_not_guessed(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import importlib\nimportlib.import_module('pkg.' + 'b')\n",
                     "pkg/b.py": ""})
    assert names(ImportGraph(tmp_path / "pkg"), tmp_path / "pkg/a.py") == ["pkg/__init__.py", "pkg/a.py"]


def test_a_file_that_does_not_parse_is_still_judged_with_its_package(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "def (:\nimport pkg.b\n", "pkg/b.py": ""})
    assert names(ImportGraph(tmp_path / "pkg"), tmp_path / "pkg/a.py") == ["pkg/__init__.py", "pkg/a.py"]


def loaded_by_import(module: str) -> set[Path]:
    """The gate modules a fresh interpreter has loaded after importing `module`."""
    program = (
        f"import importlib, sys; importlib.import_module({module!r})\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'gates'))"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True)
    return {Path(line).resolve() for line in done.stdout.split()}


@pytest.mark.parametrize("stage", all_stages(), ids=lambda s: s.name)
def test_every_gate_module_a_stage_loads_is_one_of_its_judges(stage):
    """Asked of Python itself, not of the reader of imports: a shared module a stage imports
    (ctree, globs, report, markers...) can never be missing from its key."""
    judges = set(runner.judges(stage, ImportGraph(GATES)))
    missing = loaded_by_import(f"gates.stages.{stage.name}") - judges
    assert not missing, f"{stage.name} loads {sorted(str(p) for p in missing)} but is not judged by them"
    assert stage.source.resolve() in judges and (GATES / "runner.py") in judges


def test_the_modules_stages_load_at_run_time_are_judges_too():
    graph = ImportGraph(GATES)
    by_name = {s.name: s for s in all_stages()}
    assert GATES / "contracts.py" in runner.judges(by_name["contracts"], graph)
    assert GATES / "frontmatter.py" in runner.judges(by_name["scope"], graph)


def test_importing_one_stage_does_not_load_the_others():
    """gates/stages/__init__.py runs whenever a stage is imported; it must not bring every stage
    into every key, or a change to one stage would re-run them all."""
    stages = {p.resolve() for p in (GATES / "stages").glob("*.py")} - {(GATES / "stages" / n).resolve()
                                                                      for n in ("__init__.py", "base.py", "ctree.py")}
    assert loaded_by_import("gates.stages.format") & stages == {(GATES / "stages" / "format.py").resolve()}


def test_the_memo_spares_parsing_an_unchanged_file_and_never_serves_a_changed_one(tmp_path, monkeypatch):
    from gates import imports as imports_module

    package = tmp_path / "gates"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from gates import b\n")
    (package / "b.py").write_text("")
    (package / "c.py").write_text("")
    memo = tmp_path / "imports.json"
    first = imports_module.ImportGraph(package, memo)
    assert [p.name for p in first.closure(package / "a.py")] == ["__init__.py", "a.py", "b.py"]
    first.save()

    parsed: list[str] = []
    real_parse = imports_module.ImportGraph._parse
    monkeypatch.setattr(imports_module.ImportGraph, "_parse",
                        lambda self, path, data: parsed.append(path.name) or real_parse(self, path, data))
    again = imports_module.ImportGraph(package, memo)
    assert [p.name for p in again.closure(package / "a.py")] == ["__init__.py", "a.py", "b.py"]
    assert parsed == []  # every file came from the memo
    (package / "a.py").write_text("from gates import c\n")
    changed = imports_module.ImportGraph(package, memo)
    assert [p.name for p in changed.closure(package / "a.py")] == ["__init__.py", "a.py", "c.py"]
    assert parsed == ["a.py", "c.py"]  # the changed file, and the one it now reaches for the first time
