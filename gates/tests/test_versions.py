"""Tools, packages and the gate's Python: asked once per run, keyed by what actually runs."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from gates import cache, versions


def script(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


def test_each_tool_is_asked_once_per_run_even_from_many_threads(monkeypatch, tmp_path):
    script(tmp_path, "frob", "echo frob 1.0")
    asked: list[str] = []
    real = versions.ask_version
    monkeypatch.setattr(versions, "ask_version", lambda tool, env=None: asked.append(tool) or real(tool, env))
    tools = versions.ToolVersions({"PATH": str(tmp_path)})
    threads = [threading.Thread(target=tools.tool, args=("frob",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert tools.version("frob") == "frob 1.0" and asked == ["frob"]


def test_a_missing_tool_is_recorded_as_missing(tmp_path):
    tool = versions.ToolVersions({"PATH": str(tmp_path)}).tool("nonexistent-tool")
    assert (tool.path, tool.version) == ("", "missing")


def test_a_stand_in_of_the_same_name_and_version_elsewhere_on_path_is_another_tool(tmp_path):
    """The issue's fake QEMU printed the real version line; only where it lives tells it apart."""
    line = "echo 'QEMU emulator version 7.2.0 (Debian 1:7.2+dfsg-7+deb12u18)'"
    script(tmp_path / "real", "qemu-system-riscv64", line)
    script(tmp_path / "fake", "qemu-system-riscv64", line + "; echo 'BOOT: nonce ok'")
    judge = tmp_path / "stage.py"
    judge.write_text("# stage\n")
    inputs = cache.Inputs(tools=("qemu-system-riscv64",))

    def key(path: str) -> str:
        return cache.fingerprint(tmp_path, inputs, (judge,), versions.ToolVersions({"PATH": path}))

    real = key(str(tmp_path / "real"))
    assert key(f"{tmp_path / 'fake'}:{tmp_path / 'real'}") != real
    assert key(str(tmp_path / "real")) == real


def test_a_replaced_binary_is_another_tool(tmp_path):
    tool = script(tmp_path, "cc", "echo cc 1.0")
    before = versions.ToolVersions({"PATH": str(tmp_path)}).tool("cc")
    tool.write_text("#!/bin/sh\necho cc 1.0\n# a different build of the same version\n")
    after = versions.ToolVersions({"PATH": str(tmp_path)}).tool("cc")
    assert before.version == after.version and before.key() != after.key()


def test_every_package_is_asked_in_one_dpkg_query_call(monkeypatch, tmp_path):
    log = tmp_path / "calls"
    script(tmp_path / "bin", "dpkg-query", f"echo call >> {log}\n"
           "printf 'opensbi\\t1.1-2\\tii \\ncheck\\t0.15.2-2+b1\\tii \\nlibclang-rt-14-dev\\t1:14.0.6-12\\tii \\n'")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    tools = versions.ToolVersions()
    tools.prefetch([], ["opensbi", "check", "libclang-rt-*-dev", "picolibc-riscv64-unknown-elf"])
    assert tools.packages(["opensbi"]) == (("opensbi", "1.1-2"),)
    assert tools.packages(["libclang-rt-*-dev"]) == (("libclang-rt-14-dev", "1:14.0.6-12"),)
    assert tools.packages(["picolibc-riscv64-unknown-elf"]) == (("picolibc-riscv64-unknown-elf", "missing"),)
    assert len(log.read_text().splitlines()) == 1
    recorded = tools.as_json()["packages"]
    assert recorded == {"check": "0.15.2-2+b1", "libclang-rt-14-dev": "1:14.0.6-12", "opensbi": "1.1-2",
                        "picolibc-riscv64-unknown-elf": "missing"}


def test_a_package_that_is_known_but_not_installed_is_missing(monkeypatch, tmp_path):
    script(tmp_path, "dpkg-query", "printf 'opensbi\\t1.1-2\\tun \\n'")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    assert versions.ask_packages(["opensbi"]) == {}


def test_the_python_record_names_the_interpreter_and_its_libraries():
    facts = versions.python_facts()
    assert set(facts) == {"executable", "version", "jsonschema", "PyYAML", "pytest"}
    assert Path(facts["executable"]).is_absolute()
    assert all(value != "missing" for value in facts.values())


def counting_tool(folder: Path) -> tuple[Path, Path]:
    """A tool that notes each time it is asked its version."""
    log = folder / "asked.log"
    return script(folder, "frob", f"echo x >> {log}; echo frob 2.0"), log


def test_a_remembered_version_is_not_asked_again_in_the_next_run(tmp_path):
    _, log = counting_tool(tmp_path / "bin")
    memo, env = tmp_path / "tools.json", {"PATH": str(tmp_path / "bin")}
    first = versions.ToolVersions(env, memo)
    assert first.version("frob") == "frob 2.0"
    first.save()
    second = versions.ToolVersions(env, memo)
    assert second.version("frob") == "frob 2.0"
    assert log.read_text().count("x") == 1


def test_a_replaced_binary_is_asked_again_despite_the_memo(tmp_path):
    tool, log = counting_tool(tmp_path / "bin")
    memo, env = tmp_path / "tools.json", {"PATH": str(tmp_path / "bin")}
    first = versions.ToolVersions(env, memo)
    first.version("frob")
    first.save()
    tool.write_text(tool.read_text().replace("frob 2.0", "frob 3.0"))
    assert versions.ToolVersions(env, memo).version("frob") == "frob 3.0"
    assert log.read_text().count("x") == 2


def test_an_installed_package_makes_every_remembered_version_stale(tmp_path, monkeypatch):
    _, log = counting_tool(tmp_path / "bin")
    status = tmp_path / "status"
    status.write_text("Package: a\n")
    monkeypatch.setattr(versions, "DPKG_STATUS", status)
    memo, env = tmp_path / "tools.json", {"PATH": str(tmp_path / "bin")}
    first = versions.ToolVersions(env, memo)
    first.version("frob")
    first.save()
    status.write_text("Package: a\n\nPackage: b\n")
    versions.ToolVersions(env, memo).version("frob")
    assert log.read_text().count("x") == 2


def test_another_path_is_asked_again_and_a_corrupt_memo_is_ignored(tmp_path):
    _, log = counting_tool(tmp_path / "bin")
    memo = tmp_path / "tools.json"
    memo.write_text("{not json")
    first = versions.ToolVersions({"PATH": str(tmp_path / "bin")}, memo)
    assert first.version("frob") == "frob 2.0"
    first.save()
    versions.ToolVersions({"PATH": f"{tmp_path / 'none'}:{tmp_path / 'bin'}"}, memo).version("frob")
    assert log.read_text().count("x") == 2
