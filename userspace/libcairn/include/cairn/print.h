/*
 * Console output for user programs over debug_write: whole strings, chunked to
 * CAIRN_DEBUG_WRITE_MAX, and printf-style formatting through picolibc's
 * vsnprintf. The console handle is always the caller's; nothing is buffered
 * between calls.
 */
#ifndef LIBCAIRN_PRINT_H
#define LIBCAIRN_PRINT_H

#include <stdarg.h>
#include <stddef.h>

#include "cairn/abi/rights.h"

/* Longest line cairn_printf formats; longer output is cut at this many bytes. */
#define CAIRN_PRINTF_MAX 512u

/* Writes all `len` bytes; 0, or the first negative ERR_* debug_write returned. */
long cairn_write(cairn_handle_t console, const char *buf, size_t len);

/* cairn_write of a NUL-terminated string. */
long cairn_print(cairn_handle_t console, const char *text);

__attribute__((format(printf, 2, 3))) long cairn_printf(cairn_handle_t console, const char *fmt,
							...);

__attribute__((format(printf, 2, 0))) long cairn_vprintf(cairn_handle_t console, const char *fmt,
							 va_list ap);

/* "ERR_BADHANDLE" for -12 and so on; "ok" for a non-negative result, "ERR_?" otherwise. */
const char *cairn_err_name(long result);

#endif /* LIBCAIRN_PRINT_H */
