/*
 * printf-style formatting, with no output of its own: the caller supplies a
 * sink that takes one character at a time. The console and fmt_snprintf are
 * built on it; the host tests compare it against the C library.
 *
 * Conversions: %s %c %d %u %x %p %%, each optionally with a length modifier
 * l or ll (%ld %lu %lx %lld ...), a '0' flag and a field width (%08lx).
 * %p prints 0x and the address in hex; a NULL %s prints "(null)". An unknown
 * conversion is printed as written.
 */
#ifndef CAIRN_FMT_H
#define CAIRN_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink)(char c, void *ctx);

/* Format `fmt` with `ap`, passing each character to `sink` with `ctx`. */
void fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap);

/*
 * Like snprintf: writes at most `size` bytes including the terminating NUL
 * (none when size is 0) and returns the length the whole output would have.
 */
size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* CAIRN_FMT_H */
