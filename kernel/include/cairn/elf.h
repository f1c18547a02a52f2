/*
 * A checker for the user program images the kernel starts: static ELF64
 * little-endian RISC-V executables. elf_parse reads the headers, refuses
 * anything it does not fully understand, and returns the loadable segments
 * and the entry point; the caller maps and copies the segments itself.
 *
 * Pure: no globals, no output, no allocation. It reads nothing outside the
 * `size` bytes it is given (the image may sit at any alignment), and a
 * malformed image of any kind yields a negative err_code, never a crash. The
 * host tests and a libFuzzer target hold it to that.
 */
#ifndef CAIRN_ELF_H
#define CAIRN_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 8u  /* PT_LOAD entries accepted */
#define ELF_MAX_PHDRS	 16u /* program headers of any type accepted */

/* One PT_LOAD: memsz bytes at vaddr, the first filesz copied from the image at offset, rest 0. */
struct elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
	uint32_t prot; /* CAIRN_PROT_* bits, never both WRITE and EXEC */
};

struct elf_program {
	uint64_t entry;
	size_t segment_count; /* 1..ELF_MAX_SEGMENTS */
	struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/*
 * Check the image in the `size` bytes at `image` and describe it in *ret.
 * Guarantees on success: every segment lies in [CAIRN_USER_BASE,
 * CAIRN_USER_STACK_BOTTOM) with its page-rounded span too, clear of the
 * stack pages proc_load maps above it; filesz <= memsz and the
 * file bytes lie inside the image; vaddr and offset agree modulo the page
 * size; no two segments share a page; every segment is readable and none
 * is writable and executable; the entry lies inside an executable segment.
 *
 * Returns 0, ERR_RANGE (a segment outside that window) or ERR_BADIMAGE
 * (anything else: a header that is not ELF64 LE RISC-V ET_EXEC, sizes or
 * offsets out of the image, more headers or segments than the limits, a
 * dynamic or interpreted program, W+X, no read, overlaps, a bad entry). RFC-0003
 * lists only these two for process_spawn, so W+X is ERR_BADIMAGE here.
 */
int elf_parse(const void *image, size_t size, struct elf_program *ret);

#endif /* CAIRN_ELF_H */
