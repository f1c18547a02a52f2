#!/usr/bin/python3
"""Pack user programs and text files into a Cairn boot image.

The image is what kernel/loader/bootimg_blob.S links into the kernel; the
format is described in kernel/include/cairn/bootimg.h and this file writes
exactly that: a 32-byte header, a table of 48-byte entries sorted by name,
then each payload at the next multiple of 8. Output depends only on the
names and file contents, so the same inputs always give the same bytes.

Each file is NAME=PATH, or just PATH, which names it after the file with
its extension removed (build/user/init.elf -> init). Programs and text files
are packed alike, byte for byte: the kernel's loader judges a program when it
is spawned, and a text file is read with bootimage_read (init's `manifest`,
packed from services/manifest.txt once tools/manifest.py passed it, and
policyd's `policy`, from services/policyd/policy.rules; services/services.mk
lists them as BOOT_FILES).
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOTIMG_H = ROOT / "kernel/include/cairn/bootimg.h"
SYSCALL_H = ROOT / "kernel/abi/cairn/abi/syscall.h"


def header_define(path: Path, name: str) -> str:
    """The value of `#define NAME VALUE` in a kernel header: the one source of the format."""
    match = re.search(rf"^#define\s+{name}\s+(\S+)", path.read_text(encoding="utf-8"), re.M)
    if match is None:
        raise SystemExit(f"mkbootimg: {path}: no #define {name}")
    return match.group(1)


def header_number(path: Path, name: str) -> int:
    return int(header_define(path, name).rstrip("uUlL"), 0)


MAGIC = header_define(BOOTIMG_H, "BOOTIMG_MAGIC").strip('"').encode()
VERSION = header_number(BOOTIMG_H, "BOOTIMG_VERSION")
NAME_FIELD = header_number(BOOTIMG_H, "BOOTIMG_NAME_FIELD")
HEADER = struct.Struct(f"<{len(MAGIC)}sIIQQ")  # magic, version, count, total size, reserved
ENTRY = struct.Struct(f"<{NAME_FIELD}sQQ")  # name, offset, size
ALIGN = header_number(BOOTIMG_H, "BOOTIMG_ALIGN")
NAME_MAX = header_number(SYSCALL_H, "CAIRN_NAME_MAX")
MAX_ENTRIES = header_number(BOOTIMG_H, "BOOTIMG_MAX_ENTRIES")
if (HEADER.size, ENTRY.size) != (header_number(BOOTIMG_H, "BOOTIMG_HEADER_SIZE"),
                                 header_number(BOOTIMG_H, "BOOTIMG_ENTRY_SIZE")):
    raise SystemExit(f"mkbootimg: the layouts here disagree with {BOOTIMG_H}")
NAME_OK = re.compile(r"[A-Za-z0-9._-]+")


class PackError(Exception):
    """An input the image cannot hold; the message says which and why."""


@dataclass(frozen=True)
class Program:
    name: str
    data: bytes


def parse_spec(spec: str) -> tuple[str, Path]:
    """NAME=PATH or PATH -> (name, path)."""
    name, sep, path = spec.partition("=")
    if not sep:
        return Path(spec).stem, Path(spec)
    return name, Path(path)


# Console sources that are not programs (kernel/include/cairn/console_line.h); spawn refuses them too.
RESERVED_NAMES = ("kernel", "console")


def check_name(name: str) -> None:
    if not name:
        raise PackError("empty program name")
    if len(name.encode()) > NAME_MAX:
        raise PackError(f"program name '{name}' is longer than {NAME_MAX} bytes")
    if not NAME_OK.fullmatch(name):
        raise PackError(f"program name '{name}' may use only letters, digits, '.', '_' and '-'")
    if name in RESERVED_NAMES:
        raise PackError(f"program name '{name}' is reserved: the console names its own lines so (RFC-0006)")


ELF_HEADER = struct.Struct("<16sHH")  # e_ident, e_type, e_machine
ELFCLASS64, ELFDATA2LSB, ET_EXEC, EM_RISCV = 2, 1, 2, 243


def check_elf(name: str, data: bytes) -> None:
    """Refuse what is not an RV64 executable, as the kernel's loader would (it checks the rest).

    Only programs from outside the build (`make run EXTRA=...`) need this: the build's own
    are linked by the cross compiler, and the image may also carry text files."""
    if len(data) < 64 or data[:4] != b"\x7fELF":
        raise PackError(f"program '{name}' is not an ELF file")
    ident, e_type, machine = ELF_HEADER.unpack_from(data)
    if ident[4] != ELFCLASS64 or ident[5] != ELFDATA2LSB:
        raise PackError(f"program '{name}' is not a 64-bit little-endian ELF; Cairn runs RV64 programs")
    if machine != EM_RISCV:
        raise PackError(f"program '{name}' is for ELF machine {machine}, not RISC-V ({EM_RISCV})")
    if e_type != ET_EXEC:
        raise PackError(f"program '{name}' is ELF type {e_type}, not a static executable ({ET_EXEC})")


def load(specs: list[str]) -> list[Program]:
    """Read every program, refusing bad and duplicate names; sorted by name."""
    programs: dict[str, Program] = {}
    for spec in specs:
        name, path = parse_spec(spec)
        check_name(name)
        if name in programs:
            raise PackError(f"program name '{name}' given twice")
        try:
            programs[name] = Program(name, path.read_bytes())
        except OSError as exc:
            raise PackError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(programs) > MAX_ENTRIES:
        raise PackError(f"{len(programs)} programs; an image holds at most {MAX_ENTRIES}")
    return [programs[n] for n in sorted(programs)]


def align(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def pack(programs: list[Program]) -> bytes:
    """The image bytes for `programs`, in the order given."""
    offset = HEADER.size + ENTRY.size * len(programs)
    table, payloads = [], []
    for p in programs:
        offset = align(offset)
        table.append(ENTRY.pack(p.name.encode(), offset, len(p.data)))
        payloads.append((offset, p.data))
        offset += len(p.data)
    body = bytearray(HEADER.pack(MAGIC, VERSION, len(programs), offset, 0))
    for entry in table:
        body += entry
    for at, data in payloads:
        body += bytes(at - len(body)) + data
    return bytes(body)


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mkbootimg",
        description="Pack user programs and text files into a Cairn boot image "
        "(format: kernel/include/cairn/bootimg.h).",
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="the image to write")
    parser.add_argument(
        "programs", nargs="*", metavar="[NAME=]PATH", help="a program; NAME defaults to the file name without extension"
    )
    args = parser.parse_args(argv)
    try:
        image = pack(load(args.programs))
        write_atomically(args.output, image)
    except PackError as exc:
        print(f"mkbootimg: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"mkbootimg: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
