/*
 * victim: a well-formed program that craft_elf.py turns into overlap.elf by
 * moving its data segment onto the stack pages (RFC-0010). It is never meant
 * to run: spawn must refuse the crafted image at decode.
 */
#include <stddef.h>

#include "cairn/start.h"

static volatile unsigned long victim_data[4] = {1, 2, 3, 4};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	(void)handles;
	(void)count;
	return (int)victim_data[0];
}
