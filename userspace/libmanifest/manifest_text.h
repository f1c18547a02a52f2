/*
 * libmanifest's own helpers, not part of its interface: byte spans over the
 * caller's text, splitting lines, fields and comma lists, and writing the
 * error a parse reports. Nothing here knows what a manifest means.
 */
#ifndef MANIFEST_TEXT_H
#define MANIFEST_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "manifest.h"

/* len bytes at p, inside the text being parsed; not NUL-terminated. */
struct span {
	const char *p;
	size_t len;
};

/* Walks a comma list; an empty list has no items, "a,,b" and "a," have an empty one. */
struct list_iter {
	struct span rest;
	bool done;
};

/* Moves the first line of *text (without its '\n') into *ret_line; false at the end. */
bool span_next_line(struct span *text, struct span *ret_line);
/* The part of line before a '#'. */
struct span span_drop_comment(struct span line);
/* Moves the next whitespace-separated field of *rest into *ret_field; false if none is left. */
bool span_next_field(struct span *rest, struct span *ret_field);
/* Whether s holds exactly the NUL-terminated word. */
bool span_is(struct span s, const char *word);
/* Index of the first c in s, or s.len when there is none. */
size_t span_find(struct span s, char c);

struct list_iter list_start(struct span list);
bool list_next(struct list_iter *it, struct span *ret_item);

/*
 * Writing the error: err_begin sets the code and line and empties the reason;
 * the err_add_* calls append, cutting at the buffer's end (a cut reason ends
 * "...") and turning bytes that are not printable ASCII into '?'. All accept
 * err NULL and do nothing. err_begin returns code so a caller can return it.
 */
int err_begin(struct manifest_error *err, int code, uint32_t line);
void err_add(struct manifest_error *err, const char *text);
void err_add_span(struct manifest_error *err, struct span s);
void err_add_uint(struct manifest_error *err, uint32_t value);
/* The common shape: "<before>'<what>'<after>". */
int err_say(struct manifest_error *err, int code, uint32_t line, const char *before,
	    struct span what, const char *after);

/* The whole-manifest pass (manifest_graph.c): `after` lists are given as spans per service. */
int manifest_resolve(struct manifest *m, const struct span *after_lists,
		     struct manifest_error *err);

#endif /* MANIFEST_TEXT_H */
