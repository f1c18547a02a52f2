"""tools/bench.py, the benchmark judge behind `just bench` and the bench stage.

The pure parts (console parsing, the 10% rule, the record) are tested directly; main()
runs with its boot replaced by a canned console, so no QEMU is needed here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from gates.contracts_schema import load_schemas
from gates.frontmatter import parse_data
from gates.stages import bench as bench_stage

ROOT = Path(__file__).resolve().parents[2]

GOOD_CONSOLE = [
    "\x01[kernel] KBOOT: init started ok",
    "\x01[init] bench: ipc_roundtrip instructions=250 (median of 21 batches of 100; min 249, max 900)",
    "\x01[init] bench: null_syscall instructions=60 (median of 21 batches of 1000; min 60, max 61)",
    "\x01[init] bench: decode_fixed instructions=250 (median of 21 batches of 100; min 250, max 250)",
    "\x01[init] bench: decode_varint instructions=360 (median of 21 batches of 100; min 360, max 360)",
    "\x01[init] bench: timer_tick instructions=332 (median of 5 batches of 1; min 332, max 332)",
    "\x01[init] bench: boot_to_init instructions=49955783 (median of 1 batches of 1; min 49955783, max 49955783)",
    "\x01[init] bench: notify_wake instructions=1163 (median of 5 batches of 1; min 1163, max 1163)",
    "\x01[init] bench: call_handle instructions=3856 (median of 5 batches of 1; min 3856, max 3856)",
    "\x01[init] bench: vmo_map_unmap instructions=1189 (median of 5 batches of 1; min 1189, max 1189)",
    "\x01[init] bench: thread_cycle instructions=8187 (median of 5 batches of 1; min 8187, max 8187)",
    "\x01[init] bench: spawn instructions=130012 (median of 5 batches of 1; min 130012, max 130012)",
    "\x01[init] bench: copy_64k instructions=786786 (median of 5 batches of 1; min 786786, max 786786)",
    "\x01[init] bench: yield_pair instructions=720 (median of 5 batches of 1; min 720, max 720)",
    "\x01[kernel] init exited with status 0x0",
    "\x01[kernel] KSELFTEST: all ok",
]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cairn_bench_tool", ROOT / "tools/bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def write_record(path: Path, roundtrip: int, null: int) -> None:
    path.write_text(
        'measured_on: "2026-11-22"\nenvironment: test\nfigures:\n'
        f"  ipc_roundtrip:\n    instructions: {roundtrip}\n    batches: 21\n    per_batch: 100\n    target: 300\n"
        f"  null_syscall:\n    instructions: {null}\n    batches: 21\n    per_batch: 1000\n",
        encoding="utf-8",
    )


def test_parse_console_reads_the_figure_lines(tool: ModuleType) -> None:
    figures = tool.parse_console(GOOD_CONSOLE)
    assert sorted(figures) == sorted(["boot_to_init", "decode_fixed", "decode_varint", "ipc_roundtrip",
                                      "null_syscall", "timer_tick", "notify_wake", "call_handle",
                                      "vmo_map_unmap", "thread_cycle", "spawn", "copy_64k", "yield_pair"])
    assert figures["ipc_roundtrip"].instructions == 250
    assert (figures["null_syscall"].batches, figures["null_syscall"].per_batch) == (21, 1000)
    assert tool.parse_console(["\x01[init] bench: ipc_roundtrip instructions=x (median of 1 batches of 1)"]) == {}


def test_a_figure_from_any_other_source_is_not_a_figure(tool: ModuleType) -> None:
    line = "bench: ipc_roundtrip instructions=250 (median of 21 batches of 100; min 249, max 900)"
    assert tool.parse_console([line]) == {}  # untagged: the console, not the bench client
    assert tool.parse_console(["\x01[benchecho] " + line]) == {}
    assert set(tool.parse_console(["\x01[init] " + line])) == {"ipc_roundtrip"}


def test_console_problem_finds_fail_and_panic(tool: ModuleType) -> None:
    assert tool.console_problem(GOOD_CONSOLE) is None
    assert tool.console_problem(["bench: FAIL ipc_roundtrip: ERR_PEERDEAD"]) == "bench: FAIL ipc_roundtrip: ERR_PEERDEAD"
    assert tool.console_problem(["PANIC at kernel/x.c:1"]) is not None


def test_ten_percent_worse_passes_and_one_more_fails(tool: ModuleType) -> None:
    record = {"ipc_roundtrip": tool.Recorded("ipc_roundtrip", 1000, None, 7)}
    at_limit = {"ipc_roundtrip": tool.Figure("ipc_roundtrip", 1100, 21, 100, "")}
    above = {"ipc_roundtrip": tool.Figure("ipc_roundtrip", 1101, 21, 100, "")}
    assert tool.compare(at_limit, record, "r.yaml")[1] == []
    verdicts, problems = tool.compare(above, record, "r.yaml")
    assert verdicts[0].regressed
    assert problems == ["r.yaml:7: ipc_roundtrip: 1101 instructions is +10.1% against the 1000 recorded; "
                        "more than 10% worse (limit 1100)"]


def test_a_target_the_record_meets_is_a_ceiling(tool: ModuleType) -> None:
    record = {"ipc_roundtrip": tool.Recorded("ipc_roundtrip", 298, 300, 9)}
    at_target = {"ipc_roundtrip": tool.Figure("ipc_roundtrip", 300, 21, 100, "")}
    above = {"ipc_roundtrip": tool.Figure("ipc_roundtrip", 301, 21, 100, "")}
    assert tool.compare(at_target, record, "r.yaml")[1] == []
    verdicts, problems = tool.compare(above, record, "r.yaml")
    assert verdicts[0].regressed and verdicts[0].limit == 300
    assert problems == ["r.yaml:9: ipc_roundtrip: 301 instructions is above its target of 300, "
                        "which the recorded 298 meets (limit 300)"]


def test_a_target_not_yet_met_leaves_the_ten_percent_rule(tool: ModuleType) -> None:
    record = {"ipc_roundtrip": tool.Recorded("ipc_roundtrip", 577, 300, 9)}
    at_limit = {"ipc_roundtrip": tool.Figure("ipc_roundtrip", 634, 21, 100, "")}
    assert tool.compare(at_limit, record, "r.yaml")[1] == []


def test_a_recorded_case_the_boot_did_not_print_fails(tool: ModuleType) -> None:
    record = {"null_syscall": tool.Recorded("null_syscall", 60, None, 3)}
    _, problems = tool.compare({}, record, "r.yaml")
    assert problems == ["r.yaml:3: null_syscall: the benchmark printed no figure for it"]


def test_the_checked_in_record_is_readable(tool: ModuleType) -> None:
    record = tool.load_record(ROOT / "gates/bench.yaml", "gates/bench.yaml")
    assert {"ipc_roundtrip", "null_syscall"} <= set(record)
    text = (ROOT / "gates/bench.yaml").read_text(encoding="utf-8").splitlines()
    assert text[record["ipc_roundtrip"].line - 1].strip() == "ipc_roundtrip:"


def test_an_updated_record_meets_its_schema_and_reads_back(tool: ModuleType) -> None:
    figures = tool.parse_console(GOOD_CONSOLE)
    old = {"ipc_roundtrip": tool.Recorded("ipc_roundtrip", 1, 300, 1)}
    text = tool.render_record(figures, old, "QEMU 7.2 virt", "2026-11-22")
    assert load_schemas().validate("bench", parse_data(text, "gates/bench.yaml")) == []
    assert yaml.safe_load(text)["figures"]["ipc_roundtrip"]["target"] == 300


def run_main(tool: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, console: list[str], code: int,
             *args: str) -> int:
    kernel = tmp_path / "cairn-bench.elf"
    kernel.write_bytes(b"\x7fELF")
    monkeypatch.setattr(tool, "boot", lambda *a: (console, code))
    monkeypatch.setattr(tool.shutil, "which", lambda name: "/usr/bin/" + name)
    return tool.main(["--kernel", str(kernel), "--record", str(tmp_path / "bench.yaml"), *args])


def test_main_passes_within_the_record(tool, monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_record(tmp_path / "bench.yaml", 240, 60)
    assert run_main(tool, monkeypatch, tmp_path, GOOD_CONSOLE, 0) == 0
    out = capsys.readouterr().out
    assert "bench: ipc_roundtrip 250 vs recorded 240 (+4.2%, fails above 264; target <= 300: met): ok" in out


def test_main_fails_a_regression(tool, monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_record(tmp_path / "bench.yaml", 200, 60)
    assert run_main(tool, monkeypatch, tmp_path, GOOD_CONSOLE, 0) == 1
    assert "ipc_roundtrip: 250 instructions is +25.0% against the 200 recorded" in capsys.readouterr().err


def test_main_fails_a_boot_that_did_not_end_cleanly(tool, monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_record(tmp_path / "bench.yaml", 250, 60)
    assert run_main(tool, monkeypatch, tmp_path, GOOD_CONSOLE, 3) == 1
    assert "QEMU exited with 3, not 0" in capsys.readouterr().err


def test_main_update_writes_the_measured_figures(tool, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_record(tmp_path / "bench.yaml", 999, 99)
    assert run_main(tool, monkeypatch, tmp_path, GOOD_CONSOLE, 0, "--update") == 0
    data = yaml.safe_load((tmp_path / "bench.yaml").read_text(encoding="utf-8"))
    assert data["figures"]["ipc_roundtrip"] == {"instructions": 250, "batches": 21, "per_batch": 100, "target": 300}
    assert data["figures"]["null_syscall"]["instructions"] == 60


def test_stage_summary_names_each_figure() -> None:
    tool_output = [line.split("] ", 1)[1] for line in GOOD_CONSOLE]  # the figure lines, as the tool prints them
    assert bench_stage.summary("\n".join(tool_output)) == (
        "bench: ipc_roundtrip 250, null_syscall 60, decode_fixed 250, decode_varint 360, timer_tick 332, "
        "boot_to_init 49955783, notify_wake 1163, call_handle 3856, vmo_map_unmap 1189, thread_cycle 8187, "
        "spawn 130012, copy_64k 786786, yield_pair 720 instructions")
    assert bench_stage.summary("") == "bench: no figures"


def test_a_much_better_figure_says_how_to_record_it(tool: ModuleType) -> None:
    better = tool.Verdict("ipc_roundtrip", 280, 1156, 1271, 300, 11)
    assert not better.regressed
    assert "better than recorded: `just bench --update`" in tool.describe(better)
    assert "better" not in tool.describe(tool.Verdict("null_syscall", 260, 273, 300, None, 16))


def test_compare_table_lines_up_both_commits(tool: ModuleType) -> None:
    mine = tool.parse_console(GOOD_CONSOLE)
    theirs = {"ipc_roundtrip": tool.Figure("ipc_roundtrip", 500, 21, 100, ""),
              "retired_case": tool.Figure("retired_case", 7, 21, 100, "")}
    lines = tool.compare_table(mine, theirs, "v1 (abc)")
    assert lines[0].startswith("bench: figure") and lines[0].endswith("(other = v1 (abc))")
    row = next(ln for ln in lines if " ipc_roundtrip " in ln)
    assert row.split()[2:] == ["500", "250", "-50.0%"]
    assert next(ln for ln in lines if " null_syscall " in ln).split()[2:] == ["-", "60", "-"]
    assert next(ln for ln in lines if " retired_case " in ln).split()[2:] == ["7", "-", "-"]
    assert len(lines) == 1 + len(mine) + 1


def test_compare_refuses_what_is_not_a_commit(tool: ModuleType) -> None:
    with pytest.raises(tool.BenchError, match="not a commit"):
        tool.build_other("no-such-revision-here")
