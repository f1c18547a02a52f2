/*
 * The panic path: one message naming the function, then the finisher. It
 * stops taking the console lock first, so a panic inside kprintf or on a hart
 * racing another one still prints.
 */
#include "cairn/panic.h"

#include <stdarg.h>

#include "cairn/console.h"
#include "cairn/finisher.h"

void panic_at(const char *func, const char *fmt, ...)
{
	va_list ap;

	console_enter_panic();
	kprintf("PANIC: %s: ", func);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	finisher_fail(FINISHER_CODE_PANIC);
}
