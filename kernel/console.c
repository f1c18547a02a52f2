/*
 * The console: kprintf over the SBI legacy console, serialised across harts.
 * Formatting belongs to fmt.c and the firmware call to sbi.c; this file owns
 * only the lock that keeps one hart's output together, and the switch that
 * drops the lock once the kernel is panicking.
 */
#include "cairn/console.h"

#include <stdbool.h>

#include "cairn/fmt.h"
#include "cairn/sbi.h"
#include "cairn/spinlock.h"

static struct spinlock console_lock;
static volatile bool console_panicking;

static void console_put(char c, void *ctx)
{
	(void)ctx;
	sbi_console_putchar(c);
}

void kvprintf(const char *fmt, va_list ap)
{
	bool locked = !console_panicking;

	if (locked)
		spin_lock(&console_lock);
	fmt_vformat(console_put, NULL, fmt, ap);
	if (locked)
		spin_unlock(&console_lock);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void console_enter_panic(void)
{
	console_panicking = true;
}
