/*
 * The kernel console: formatted output through the SBI console, one whole
 * kprintf call at a time. A spinlock serialises callers on different harts,
 * so the lines they print never interleave. Input is not handled yet.
 */
#ifndef CAIRN_CONSOLE_H
#define CAIRN_CONSOLE_H

#include <stdarg.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/*
 * Stop taking the console lock: the panic path calls this so that a hart
 * which panics while another hart (or itself) holds the lock still gets its
 * message out. Output may interleave from then on.
 */
void console_enter_panic(void);

#endif /* CAIRN_CONSOLE_H */
