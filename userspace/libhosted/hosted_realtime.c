/* The wall clock of hosted_time.h, before there is a real-time clock: none. */
#include "hosted_time.h"

#include <errno.h>

/* ret_ns is left untouched on failure, as ever; there is only failure yet */
int hosted_realtime_ns(uint64_t *ret_ns) // NOLINT(readability-non-const-parameter)
{
	(void)ret_ns;
	return -ENOSYS;
}
