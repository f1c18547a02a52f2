"""tools/asm_offsets.py: the compiler's constants into a header, and its refusals."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cairn_asm_offsets_tool", ROOT / "tools/asm_offsets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ASSEMBLY = """\
\t.type\tasm_offset_THREAD_PROC, @object
asm_offset_THREAD_PROC:
\t.dword\t272
asm_offset_ASM_SYS_NULL:
\t.zero\t8
asm_offset_BIG:
\t.quad\t17179869188
"""


def test_values_in_order_with_zero_and_large(tool: ModuleType) -> None:
    assert tool.parse(ASSEMBLY, "a.s") == [("THREAD_PROC", 272), ("ASM_SYS_NULL", 0), ("BIG", 17179869188)]
    header = tool.render(tool.parse(ASSEMBLY, "a.s"))
    assert "#define THREAD_PROC 272\n" in header and header.startswith("/* Generated")
    assert "#ifndef CAIRN_ASM_OFFSETS_H" in header


def test_a_label_without_a_value_is_refused(tool: ModuleType) -> None:
    with pytest.raises(ValueError, match="a.s:2: asm_offset_X has no .dword value"):
        tool.parse("asm_offset_X:\n\t.word\t4\n", "a.s")
    with pytest.raises(ValueError, match="has no .dword value"):
        tool.parse("asm_offset_X:\n", "a.s")


def test_no_constant_at_all_is_refused(tool: ModuleType) -> None:
    with pytest.raises(ValueError, match="no asm_offset_ constants"):
        tool.parse("\t.text\n", "a.s")


def test_main_writes_the_header_and_fails_cleanly(tool: ModuleType, tmp_path: Path) -> None:
    src = tmp_path / "a.s"
    src.write_text(ASSEMBLY)
    out = tmp_path / "gen" / "asm_offsets.h"
    assert tool.main([str(src), "-o", str(out)]) == 0
    assert "#define BIG 17179869188" in out.read_text()
    src.write_text("nothing\n")
    assert tool.main([str(src), "-o", str(out)]) == 1
