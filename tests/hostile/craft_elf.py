#!/usr/bin/python3
"""Craft a hostile ELF: move one PT_LOAD segment of a well-formed RV64 program elsewhere.

    craft_elf.py --segment-at ADDRESS -o OUT IN

The last PT_LOAD segment of IN gets ADDRESS as its virtual and physical address; nothing
else changes, so OUT still passes the boot-image packer's checks (an RV64 executable) and
only the kernel's loader can tell that the segment lies where it must not. The hostile suite
uses it to put a segment on the pages the kernel maps for a program's stack (RFC-0010).
Problems are printed as `path:1: message` with exit status 1.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

PT_LOAD = 1
EHDR = struct.Struct("<16sHHIQQQIHHHHHH")  # Elf64_Ehdr
PHDR = struct.Struct("<IIQQQQQQ")  # Elf64_Phdr: type, flags, offset, vaddr, paddr, filesz, memsz, align


def craft(data: bytearray, address: int) -> None:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian 64-bit ELF file")
    fields = EHDR.unpack_from(data, 0)
    phoff, phentsize, phnum = fields[5], fields[9], fields[10]
    if phentsize != PHDR.size:
        raise ValueError(f"program header entries of {phentsize} bytes, expected {PHDR.size}")
    loads = [phoff + i * phentsize for i in range(phnum)
             if PHDR.unpack_from(data, phoff + i * phentsize)[0] == PT_LOAD]
    if not loads:
        raise ValueError("no PT_LOAD segment to move")
    ptype, flags, offset, _, _, filesz, memsz, align = PHDR.unpack_from(data, loads[-1])
    if address % 4096:
        raise ValueError(f"address {address:#x} is not page-aligned")
    address += offset % 4096  # a segment keeps its file offset's place in the page
    PHDR.pack_into(data, loads[-1], ptype, flags, offset, address, address, filesz, memsz, align)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segment-at", required=True, type=lambda s: int(s, 0), help="the new address")
    parser.add_argument("-o", "--output", required=True, type=Path)
    parser.add_argument("input", type=Path)
    args = parser.parse_args(argv)
    try:
        data = bytearray(args.input.read_bytes())
        craft(data, args.segment_at)
    except (OSError, ValueError, struct.error) as exc:
        print(f"{args.input}:1: {exc}", file=sys.stderr)
        return 1
    args.output.write_bytes(bytes(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
