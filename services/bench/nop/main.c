/*
 * benchnop: the smallest program the benchmark spawns (`spawn` case): it
 * ends at once with status 0.
 */
#include <stddef.h>

#include "cairn/start.h"

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	(void)handles;
	(void)count;
	return 0;
}
