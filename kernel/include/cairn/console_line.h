/*
 * Console provenance (RFC-0006): every line the kernel writes starts with the
 * tag byte and the name of its source, `\x01[name] `, and holds the bytes of
 * that one source only. This module owns the rule and nothing else: it keeps
 * which source's line is open and passes bytes, tags and line breaks to a sink.
 * It takes no lock and does no output of its own, so host tests drive it; the
 * console (console.c) calls it under its lock.
 */
#ifndef CAIRN_CONSOLE_LINE_H
#define CAIRN_CONSOLE_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"

/* Starts every console line the kernel writes; never passed through from a source. */
#define CONSOLE_TAG_BYTE '\x01'

/* Who is writing: id 0 is the kernel; a process uses its (nonzero) process id. */
struct console_source {
	uint64_t id;
	const char *name; /* NUL-terminated; no ']' or whitespace */
};

/* The open line's owner; zero-initialised means no line is open. */
struct console_line {
	uint64_t owner;
	bool open;
};

/*
 * Whether `len` bytes at `name` may name a process, and so tag its console
 * lines (RFC-0007): 1..31 bytes, each a letter, digit, '.', '_' or '-', and
 * neither "kernel" (the kernel's own lines) nor "console" (untagged lines, as
 * the gate names them). Spawn refuses any other name in its decode step.
 */
bool console_name_is_allowed(const char *name, size_t len);

typedef void (*console_line_sink)(char c, void *ctx);

/*
 * Put byte `c` from `src`. A line open for another source is ended first with
 * '\n'; a new line starts with the tag. The tag byte itself is dropped, so no
 * source can start a line of its own making. '\n' closes the line.
 */
void console_line_put(struct console_line *line, const struct console_source *src, char c,
		      console_line_sink sink, void *ctx);

#endif /* CAIRN_CONSOLE_LINE_H */
