/*
 * The kernel console: formatted output through the SBI console, one whole
 * kprintf call at a time. A spinlock serialises callers on different harts,
 * so the lines they print never interleave. Every line starts with the tag of
 * its source, the kernel's or a process's (cairn/console_line.h, RFC-0006).
 * Input is not handled yet.
 */
#ifndef CAIRN_CONSOLE_H
#define CAIRN_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/*
 * Write `len` bytes for the process with id `id` (nonzero) and `name`, as
 * debug_write does: its lines carry its tag, and the tag byte is dropped.
 */
void console_write_from(uint64_t id, const char *name, const char *text, size_t len);

/*
 * Stop taking the console lock: the panic path calls this so that a hart
 * which panics while another hart (or itself) holds the lock still gets its
 * message out. Output may interleave from then on.
 */
void console_enter_panic(void);

#endif /* CAIRN_CONSOLE_H */
