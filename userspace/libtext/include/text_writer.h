/*
 * A bounded line writer for the libraries' one-line text formats (the
 * journal line, the policy audit line, the registry's `svc` line).
 *
 * A writer whose buf is NULL only counts: each format lays its line out
 * twice with the same code, once to measure it and, if it fits, once to
 * write it, so a buffer that is too small is never half-written. The writer
 * itself does no bounds checks; the measuring pass is the bound. It does not
 * terminate the text; the caller writes the NUL after the second pass.
 * Pure: no I/O, no globals.
 */
#ifndef CAIRN_TEXT_WRITER_H
#define CAIRN_TEXT_WRITER_H

#include <stddef.h>
#include <stdint.h>

struct text_writer {
	char *buf;  /* NULL: measure only */
	size_t len; /* characters laid out so far */
};

void text_put_char(struct text_writer *w, char c);
void text_put_str(struct text_writer *w, const char *s);
/* v in decimal, no padding. */
void text_put_decimal(struct text_writer *w, uint64_t v);
/* v as "0x" and sixteen lower-case hex digits. */
void text_put_hex64(struct text_writer *w, uint64_t v);
/* bytes[0..len) with printable ASCII other than '\\' as is, the rest as "\xNN". */
void text_put_escaped(struct text_writer *w, const char *bytes, size_t len);

#endif
