/*
 * The `kv` command's sub-parser: reads the rest of a `kv` line (shell_cmd's
 * `rest`) into one of its sub-commands, which the shell then runs against
 * statefsd:
 *
 *   put KEY VALUE   VALUE is everything after KEY and the blanks after it,
 *                   to the line's end, inner and trailing blanks kept; it
 *                   may be empty
 *   get KEY
 *   del KEY
 *   ls [PREFIX]
 *
 * A KEY is one word of 1..SHELL_KV_KEY_MAX bytes (printable ASCII, no
 * blanks: the line is split at spaces and tabs); a PREFIX is the same but
 * may be left out. Whether a key exists, and whether the shell may touch
 * it, is statefsd's to say.
 *
 * Pure: no I/O, no globals, caller-provided storage.
 */
#ifndef SHELL_KV_H
#define SHELL_KV_H

#include <stddef.h>
#include <stdint.h>

#include "shell_cmd.h"
#include "shell_line.h"

#define SHELL_KV_KEY_MAX 32u /* bytes of a key or prefix: statefs's SVC_STATEFS_KEY_MAX */
/* bytes of a value: what a line holds, which is below statefs's SVC_STATEFS_VALUE_MAX */
#define SHELL_KV_VALUE_MAX SHELL_LINE_MAX

enum shell_kv_op {
	SHELL_KV_PUT = 1,
	SHELL_KV_GET,
	SHELL_KV_DEL,
	SHELL_KV_LS,
};

/* A parsed `kv` line. Fields an op does not take are zero. */
struct shell_kv {
	enum shell_kv_op op;
	/* put's, get's and del's key, ls's prefix; NUL-terminated; key_len 0 only for ls */
	char key[SHELL_KV_KEY_MAX + 1];
	uint32_t key_len;
	char value[SHELL_KV_VALUE_MAX + 1]; /* put's; NUL-terminated */
	uint32_t value_len;
};

/*
 * Parses rest[0..len), the text after `kv`, into *ret_kv. On failure writes
 * one line saying why to *err (when not NULL), as "shell: kv: ...", and
 * leaves *ret_kv untouched: ERR_INVAL for no sub-command, a missing key or
 * words after get's, del's or ls's argument; ERR_NOTFOUND for an unknown
 * sub-command; ERR_TOOLONG for a key or prefix over SHELL_KV_KEY_MAX bytes
 * or a text over SHELL_LINE_MAX bytes.
 */
int shell_kv_parse(const char *rest, size_t len, struct shell_kv *ret_kv, struct shell_msg *err);

#endif /* SHELL_KV_H */
