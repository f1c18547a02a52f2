/*
 * The console: kprintf and process output over the SBI legacy console,
 * serialised across harts, each line tagged with its source by the rule of
 * console_line.c. Formatting belongs to fmt.c and the firmware call to sbi.c;
 * this file owns the lock that keeps one hart's output together, the one open
 * line, and the switch that drops the lock once the kernel is panicking.
 */
#include "cairn/console.h"

#include <stdbool.h>

#include "cairn/console_line.h"
#include "cairn/fmt.h"
#include "cairn/sbi.h"
#include "cairn/spinlock.h"

static struct spinlock console_lock;
static volatile bool console_panicking;
static struct console_line console_open_line; /* under console_lock */
static const struct console_source console_kernel = {.id = 0, .name = "kernel"};

static void console_sbi_put(char c, void *ctx)
{
	(void)ctx;
	sbi_console_putchar(c);
}

static void console_put(char c, void *ctx)
{
	console_line_put(&console_open_line, ctx, c, console_sbi_put, NULL);
}

static bool console_lock_take(void)
{
	bool locked = !console_panicking;

	if (locked)
		spin_lock(&console_lock);
	return locked;
}

void kvprintf(const char *fmt, va_list ap)
{
	bool locked = console_lock_take();

	fmt_vformat(console_put, (void *)&console_kernel, fmt, ap);
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

void console_write_from(uint64_t id, const char *name, const char *text, size_t len)
{
	const struct console_source src = {.id = id, .name = name};
	bool locked = console_lock_take();

	for (size_t i = 0; i < len; i++)
		console_put(text[i], (void *)&src);
	if (locked)
		spin_unlock(&console_lock);
}

void console_enter_panic(void)
{
	console_panicking = true;
}
