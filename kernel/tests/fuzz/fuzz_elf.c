/*
 * libFuzzer target for the ELF checker (kernel/loader/elf.c). Any input
 * must be answered without a bad read (AddressSanitizer) or undefined
 * behaviour (UBSan); an accepted input must also keep every promise
 * cairn/elf.h makes, and the file bytes of each segment must be readable.
 */
#include <stdint.h>
#include <stdlib.h>

#include "cairn/abi/syscall.h"
#include "cairn/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_elf_check_segment(const struct elf_segment *s, const uint8_t *data, size_t size)
{
	if (s->vaddr < CAIRN_USER_BASE || s->memsz > CAIRN_USER_END - s->vaddr)
		abort();
	if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
		abort();
	if ((s->prot & CAIRN_PROT_WRITE) && (s->prot & CAIRN_PROT_EXEC))
		abort();
	if ((s->prot & CAIRN_PROT_READ) == 0)
		abort();
	if (s->filesz > 0 && (data[s->offset] ^ data[s->offset + s->filesz - 1]) == 0x100)
		abort(); /* never true: the reads are what ASan checks */
}

static int fuzz_elf_entry_is_exec(const struct elf_program *p)
{
	for (size_t i = 0; i < p->segment_count; i++) {
		const struct elf_segment *s = &p->segments[i];

		if ((s->prot & CAIRN_PROT_EXEC) && p->entry - s->vaddr < s->memsz &&
		    p->entry >= s->vaddr)
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_program prog;

	if (elf_parse(data, size, &prog) != 0)
		return 0;
	if (prog.segment_count == 0 || prog.segment_count > ELF_MAX_SEGMENTS)
		abort();
	for (size_t i = 0; i < prog.segment_count; i++)
		fuzz_elf_check_segment(&prog.segments[i], data, size);
	if (!fuzz_elf_entry_is_exec(&prog))
		abort();
	return 0;
}
