/*
 * The ELF checker (see cairn/elf.h). This file owns reading the ELF header
 * and program headers field by field (little-endian, any alignment) and
 * every rule an image must meet before the kernel maps it. It does not map,
 * copy or allocate anything, and ignores section headers entirely.
 *
 * Field offsets and constants are those of the ELF-64 object file format and
 * the RISC-V ELF psABI.
 */
#include "cairn/elf.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"

enum {
	ELF_EHDR_SIZE = 64,
	ELF_PHDR_SIZE = 56,

	/* e_ident */
	EI_CLASS = 4,
	EI_DATA = 5,
	EI_VERSION = 6,
	EI_OSABI = 7,
	ELFCLASS64 = 2,
	ELFDATA2LSB = 1,
	EV_CURRENT = 1,
	ELFOSABI_NONE = 0,

	/* header fields */
	EH_TYPE = 16,
	EH_MACHINE = 18,
	EH_VERSION = 20,
	EH_ENTRY = 24,
	EH_PHOFF = 32,
	EH_EHSIZE = 52,
	EH_PHENTSIZE = 54,
	EH_PHNUM = 56,
	ET_EXEC = 2,
	EM_RISCV = 243,

	/* program header fields */
	PH_TYPE = 0,
	PH_FLAGS = 4,
	PH_OFFSET = 8,
	PH_VADDR = 16,
	PH_FILESZ = 32,
	PH_MEMSZ = 40,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PF_X = 1,
	PF_W = 2,
	PF_R = 4,
};

#define ELF_PAGE_MASK ((uint64_t)CAIRN_PAGE_SIZE - 1)

static uint64_t elf_get(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = bytes; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return v;
}

static bool elf_ident_ok(const uint8_t *h)
{
	return h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F' &&
	       h[EI_CLASS] == ELFCLASS64 && h[EI_DATA] == ELFDATA2LSB &&
	       h[EI_VERSION] == EV_CURRENT && h[EI_OSABI] == ELFOSABI_NONE;
}

/* Check the ELF header; on success store where the program headers are. */
static int elf_check_header(const uint8_t *h, size_t size, uint64_t *ret_phoff, uint64_t *ret_phnum)
{
	uint64_t phoff;
	uint64_t phnum;

	if (size < ELF_EHDR_SIZE || !elf_ident_ok(h))
		return ERR_BADIMAGE;
	if (elf_get(h + EH_TYPE, 2) != ET_EXEC || elf_get(h + EH_MACHINE, 2) != EM_RISCV ||
	    elf_get(h + EH_VERSION, 4) != EV_CURRENT)
		return ERR_BADIMAGE;
	if (elf_get(h + EH_EHSIZE, 2) != ELF_EHDR_SIZE ||
	    elf_get(h + EH_PHENTSIZE, 2) != ELF_PHDR_SIZE)
		return ERR_BADIMAGE;
	phoff = elf_get(h + EH_PHOFF, 8);
	phnum = elf_get(h + EH_PHNUM, 2);
	if (phnum == 0 || phnum > ELF_MAX_PHDRS)
		return ERR_BADIMAGE;
	/* phnum * ELF_PHDR_SIZE is small, so only phoff can overflow the sum. */
	if (phoff > size || phnum * ELF_PHDR_SIZE > size - phoff)
		return ERR_BADIMAGE;
	*ret_phoff = phoff;
	*ret_phnum = phnum;
	return 0;
}

static uint32_t elf_prot(uint64_t flags)
{
	uint32_t prot = 0;

	if (flags & PF_R)
		prot |= CAIRN_PROT_READ;
	if (flags & PF_W)
		prot |= CAIRN_PROT_WRITE;
	if (flags & PF_X)
		prot |= CAIRN_PROT_EXEC;
	return prot;
}

/* Read one PT_LOAD header at `ph` and check it on its own. */
static int elf_check_load(const uint8_t *ph, size_t size, struct elf_segment *ret_seg)
{
	struct elf_segment s = {
		.vaddr = elf_get(ph + PH_VADDR, 8),
		.memsz = elf_get(ph + PH_MEMSZ, 8),
		.offset = elf_get(ph + PH_OFFSET, 8),
		.filesz = elf_get(ph + PH_FILESZ, 8),
		.prot = elf_prot(elf_get(ph + PH_FLAGS, 4)),
	};

	if (s.memsz == 0 || s.filesz > s.memsz)
		return ERR_BADIMAGE;
	if (s.offset > size || s.filesz > size - s.offset)
		return ERR_BADIMAGE;
	if ((s.vaddr & ELF_PAGE_MASK) != (s.offset & ELF_PAGE_MASK))
		return ERR_BADIMAGE;
	if ((s.prot & CAIRN_PROT_WRITE) && (s.prot & CAIRN_PROT_EXEC))
		return ERR_BADIMAGE;
	/* vm_map_user maps no page without read: X-only, W-only or none would fail in perform. */
	if ((s.prot & CAIRN_PROT_READ) == 0)
		return ERR_BADIMAGE;
	/*
	 * Below the stack the kernel maps for the first thread (a segment there would
	 * fail only when perform maps the stack). The bound is page-aligned, so a
	 * segment below it stays below when rounded up.
	 */
	if (s.vaddr < CAIRN_USER_BASE || s.vaddr >= CAIRN_USER_STACK_BOTTOM ||
	    s.memsz > CAIRN_USER_STACK_BOTTOM - s.vaddr)
		return ERR_RANGE;
	*ret_seg = s;
	return 0;
}

/* Whether the page-rounded spans of two segments share a page. */
static bool elf_segments_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	uint64_t a_start = a->vaddr & ~ELF_PAGE_MASK;
	uint64_t a_end = (a->vaddr + a->memsz + ELF_PAGE_MASK) & ~ELF_PAGE_MASK;
	uint64_t b_start = b->vaddr & ~ELF_PAGE_MASK;
	uint64_t b_end = (b->vaddr + b->memsz + ELF_PAGE_MASK) & ~ELF_PAGE_MASK;

	return a_start < b_end && b_start < a_end;
}

/* Append the checked segment to `prog`, refusing one too many and any overlap. */
static int elf_add_segment(struct elf_program *prog, const struct elf_segment *seg)
{
	if (prog->segment_count >= ELF_MAX_SEGMENTS)
		return ERR_BADIMAGE;
	for (size_t i = 0; i < prog->segment_count; i++) {
		if (elf_segments_overlap(&prog->segments[i], seg))
			return ERR_BADIMAGE;
	}
	prog->segments[prog->segment_count++] = *seg;
	return 0;
}

/* Check one program header of any type, adding it to `prog` if it is a PT_LOAD. */
static int elf_take_phdr(const uint8_t *ph, size_t size, struct elf_program *prog)
{
	uint64_t type = elf_get(ph + PH_TYPE, 4);
	struct elf_segment seg;
	int err;

	if (type == PT_DYNAMIC || type == PT_INTERP)
		return ERR_BADIMAGE;
	if (type != PT_LOAD)
		return 0; /* notes, stack flags, attributes, TLS: nothing to map */
	err = elf_check_load(ph, size, &seg);
	if (err != 0)
		return err;
	return elf_add_segment(prog, &seg);
}

static bool elf_entry_ok(const struct elf_program *prog)
{
	for (size_t i = 0; i < prog->segment_count; i++) {
		const struct elf_segment *s = &prog->segments[i];

		if ((s->prot & CAIRN_PROT_EXEC) && prog->entry >= s->vaddr &&
		    prog->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

int elf_parse(const void *image, size_t size, struct elf_program *ret)
{
	const uint8_t *h = image;
	struct elf_program prog = {.segment_count = 0};
	uint64_t phoff;
	uint64_t phnum;
	int err = elf_check_header(h, size, &phoff, &phnum);

	if (err != 0)
		return err;
	for (uint64_t i = 0; i < phnum; i++) {
		err = elf_take_phdr(h + phoff + i * ELF_PHDR_SIZE, size, &prog);
		if (err != 0)
			return err;
	}
	prog.entry = elf_get(h + EH_ENTRY, 8);
	if (prog.segment_count == 0 || !elf_entry_ok(&prog))
		return ERR_BADIMAGE;
	*ret = prog;
	return 0;
}
