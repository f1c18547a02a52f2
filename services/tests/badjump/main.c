/*
 * badjump: calls into its own writable data, which user.ld maps without
 * execute permission. The kernel must end this process on the instruction
 * fetch fault; reaching the return means the data page was executable.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/start.h"

/* `ret` (c.jr ra) twice, so a wrongly executable page returns here at once. */
static volatile uint16_t badjump_code[4] = {0x8082, 0x8082, 0x8082, 0x8082};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	void (*fn)(void) = (void (*)(void))badjump_code;

	(void)handles;
	(void)count;
	fn();
	return 1;
}
