/*
 * panic_at for host builds of kernel code that may stop on a broken
 * invariant (quota.c's counts): print where and why, then abort, which a
 * Check test reports as a failure and libFuzzer as a crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cairn/panic.h"

void panic_at(const char *func, const char *fmt, ...)
{
	va_list ap;

	(void)fprintf(stderr, "PANIC in %s: ", func);
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
	abort();
}
