"""tools/idlgen.py, the interface generator (RFC-0012): the real interface files load, each
kind of bad file is refused with its line, and the generated C says what the file says."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
protocol: demo
summary: A protocol for the generator's tests.
version: 1
stability: stable
tags: 0x7700
constants:
  SVC_DEMO_MAX: {value: CAIRN_IPC_DATA_MAX - 1, doc: the most bytes}
enums:
  mood: {c_name: demo_mood, values: {DEMO_CALM: 0, DEMO_BUSY: 2}}
methods:
  put:
    ordinal: 1
    summary: Put bytes.
    request:
      - {name: mood, in: w0, type: mood}
      - {name: small, in: w1, type: u8, bits: [8, 15], max: 200}
      - {name: big, in: w1, type: u32, bits: [32, 63]}
      - {name: bytes, in: data, type: bytes, min: 1, max: SVC_DEMO_MAX}
      - {name: note, in: handle, type: handle, kind: KIND_NOTIFICATION, rights: [RIGHT_SIGNAL]}
    reply:
      - {name: count, in: w1, type: u64}
    errors: [ERR_INVAL, ERR_BUSY]
  find:
    ordinal: 2
    summary: Find a name.
    request:
      - {name: name, in: data, type: name, optional: true}
    reply:
      - {name: names, in: data, type: names, max: 3}
"""


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("idlgen", ROOT / "tools/idlgen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def generate(tool: ModuleType, tmp_path: Path, text: str, name: str = "demo") -> int:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return int(tool.main([str(path), "--out", str(tmp_path / "out")]))


def refusal(tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> str:
    assert generate(tool, tmp_path, text) == 1
    return capsys.readouterr().err


def test_the_real_interface_files_generate(tool: ModuleType, tmp_path: Path) -> None:
    files = sorted(str(p) for p in (ROOT / "idl").glob("*.yaml"))
    assert files, "no interface file in idl/"
    assert tool.main([*files, "--out", str(tmp_path)]) == 0
    assert (tmp_path / "include/svc/uart.h").exists()


def test_a_good_file_generates_what_it_says(tool: ModuleType, tmp_path: Path) -> None:
    assert generate(tool, tmp_path, GOOD) == 0
    header = (tmp_path / "out/include/svc/demo.h").read_text()
    assert "SVC_DEMO_PUT = 0x7701," in header and "SVC_DEMO_FIND = 0x7702," in header
    assert "#define SVC_DEMO_MAX (CAIRN_IPC_DATA_MAX - 1)" in header
    assert "DEMO_BUSY = 2," in header
    assert "int svc_demo_put_request_decode(" in header
    assert "long svc_demo_find_call(cairn_handle_t ep" in header
    assert "struct svc_name names[3];" in header
    codec = (tmp_path / "out/demo_codec.c").read_text()
    assert "(m->w[1] & ~0xffffffff0000ff00ull) != 0" in codec  # the bits no field holds
    assert "v > 200" in codec and "!svc_demo_mood_valid(v)" in codec
    assert "(buf->handles[0].rights & (RIGHT_SIGNAL)) != (RIGHT_SIGNAL)" in codec
    assert "svc_name_decode(buf->data, cairn_ipc_len(m->info), true, &r.name)" in codec
    server = (tmp_path / "out/demo_server.c").read_text()
    assert "case SVC_DEMO_PUT:" in server and "ERR_NOTSUP" in server


def test_unchanged_output_is_not_rewritten(tool: ModuleType, tmp_path: Path) -> None:
    assert generate(tool, tmp_path, GOOD) == 0
    header = tmp_path / "out/include/svc/demo.h"
    before = header.stat().st_mtime_ns
    assert generate(tool, tmp_path, GOOD) == 0
    assert header.stat().st_mtime_ns == before


@pytest.mark.parametrize(("change", "message"), [
    (("ordinal: 2", "ordinal: 1"), "share ordinal 1"),
    (("bits: [32, 63]", "bits: [12, 43]"), "overlaps another field of w1"),
    (("max: 200", "max: 300"), "does not fit its 8 bits"),
    (("max: SVC_DEMO_MAX}", "max: SVC_NOPE}"), "unknown constant SVC_NOPE"),
    (("CAIRN_IPC_DATA_MAX - 1", "CAIRN_IPC_DATA_MAX + 1"), "is more than CAIRN_IPC_DATA_MAX"),
    (("[ERR_INVAL, ERR_BUSY]", "[ERR_INVAL, ERR_SLEEPY]"), "ERR_SLEEPY is no ERR_* code"),
    (("rights: [RIGHT_SIGNAL]", "rights: [RIGHT_FLY]"), "RIGHT_FLY is no RIGHT_*"),
    (("kind: KIND_NOTIFICATION", "kind: KIND_TOASTER"), "KIND_TOASTER is no KIND_*"),
    (("{name: count, in: w1, type: u64}", "{name: count, in: w0, type: u64}"), "w0 of a reply is its status"),
    (("type: mood}", "type: feeling}"), "unknown type feeling"),
    (("max: 3}", "max: 8}"), "names may not fit"),
    (("tags: 0x7700", "tags: 0x7701"), "tags"),
    (("stability: stable", "stability: solid"), "stability"),
])
def test_a_bad_file_is_refused_with_its_line(tool: ModuleType, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD
    err = refusal(tool, tmp_path, capsys, GOOD.replace(old, new, 1))
    assert message in err
    assert err.startswith(str(tmp_path / "demo.yaml")) or err.split(":", 2)[1].isdigit()


def test_the_file_name_must_be_the_protocol(tool: ModuleType, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert generate(tool, tmp_path, GOOD, name="other") == 1
    assert "must be in idl/demo.yaml" in capsys.readouterr().err


def test_the_command_line_refuses_with_status_1(tmp_path: Path) -> None:
    bad = tmp_path / "demo.yaml"
    bad.write_text(GOOD.replace("ordinal: 2", "ordinal: 1"), encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "tools/idlgen.py"), str(bad), "--check"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 1 and "share ordinal 1" in run.stderr
