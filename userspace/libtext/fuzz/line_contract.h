/*
 * The line-formatter contract, checked from fuzz targets. Every formatter built
 * on libtext writes one printable, non-empty line of at most a known length,
 * reports that length, and refuses a buffer one byte too short without writing
 * to it. This header owns that check so each target states it once; it is for
 * fuzz targets only (it aborts on a breach, which libFuzzer reports).
 */
#ifndef CAIRN_FUZZ_LINE_H
#define CAIRN_FUZZ_LINE_H

#include <stddef.h>

/* A formatter: `obj` into `buf` of `size` bytes, length (without NUL) in `ret_len`. */
typedef int (*fuzz_line_format_fn)(const void *obj, char *buf, size_t size, size_t *ret_len);

/* Abort unless `format` keeps the contract above for `obj`, with lines up to `max_len`. */
void fuzz_line_check(fuzz_line_format_fn format, const void *obj, size_t max_len);

#endif /* CAIRN_FUZZ_LINE_H */
