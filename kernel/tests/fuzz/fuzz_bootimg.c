/*
 * libFuzzer target for the boot image reader (kernel/loader/bootimg.c),
 * chained into the ELF checker the way process_spawn uses them. For an
 * accepted image, every entry must be describable, findable by its own name
 * with the same answer, and lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "cairn/bootimg.h"
#include "cairn/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_bootimg_check_entry(const uint8_t *data, size_t size, size_t index)
{
	struct bootimg_entry e;
	const void *blob;
	size_t len;
	struct elf_program prog;

	if (bootimg_entry_at(data, size, index, &e) != 0)
		abort();
	if (bootimg_find(data, size, e.name, e.name_len, &blob, &len) != 0)
		abort();
	if (blob != e.blob || len != e.size)
		abort(); /* names are unique, so the lookup finds this entry */
	const uint8_t *b = blob;
	if (b < data || len > size || (size_t)(b - data) > size - len)
		abort();
	(void)elf_parse(blob, len, &prog);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t count;

	if (bootimg_check(data, size, &count) != 0)
		return 0;
	if (count > BOOTIMG_MAX_ENTRIES)
		abort();
	for (size_t i = 0; i < count; i++)
		fuzz_bootimg_check_entry(data, size, i);
	return 0;
}
