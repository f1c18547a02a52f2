/*
 * The `key` command's sub-parser: reads the rest of a `key` line (shell_cmd's
 * `rest`) into one of its sub-commands, which the shell then runs against
 * keystored (RFC-0019):
 *
 *   pub              the device's public key and its generation
 *   sign TEXT        TEXT is everything after `sign` and the blanks after it,
 *                    to the line's end, inner and trailing blanks kept
 *   verify SIG TEXT  SIG is 128 hex digits (r then s); TEXT as for sign
 *   rotate           a new key, certified by the old
 *
 * TEXT is 1..SHELL_KEY_TEXT_MAX bytes. A line holds SHELL_LINE_MAX bytes,
 * room for `key verify`, a signature and the longest text; a line the
 * editor had to cut is never run (shell_line.h), so a cut text is never
 * signed or verified as if it were whole.
 * Pure: no I/O, no globals, caller-provided storage.
 */
#ifndef SHELL_KEY_H
#define SHELL_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "shell_cmd.h"
#include "shell_line.h"

#define SHELL_KEY_TEXT_MAX 176u /* bytes keystored signs at most: SVC_KEY_MESSAGE_MAX */
#define SHELL_KEY_SIG_LEN  64u	/* bytes of a signature; 128 hex digits typed */

enum shell_key_op {
	SHELL_KEY_PUB = 1,
	SHELL_KEY_SIGN,
	SHELL_KEY_VERIFY,
	SHELL_KEY_ROTATE,
};

_Static_assert(SHELL_LINE_MAX >
		       sizeof("key verify ") + (size_t)2 * SHELL_KEY_SIG_LEN + SHELL_KEY_TEXT_MAX,
	       "a verify line with the longest text fits a line");

/* A parsed `key` line. Fields an op does not take are zero. */
struct shell_key {
	enum shell_key_op op;
	uint8_t sig[SHELL_KEY_SIG_LEN];	   /* verify's */
	char text[SHELL_KEY_TEXT_MAX + 1]; /* sign's and verify's; NUL-terminated */
	uint32_t text_len;
};

/*
 * Parses rest[0..len), the text after `key`, into *ret_key. On failure
 * writes one line saying why to *err (when not NULL), as "shell: key: ...",
 * and leaves *ret_key untouched: ERR_INVAL for no sub-command, a missing
 * TEXT or SIG, a SIG that is not 128 hex digits, or words after pub's or
 * rotate's name; ERR_NOTFOUND for an unknown sub-command; ERR_TOOLONG for a
 * TEXT over SHELL_KEY_TEXT_MAX bytes.
 */
int shell_key_parse(const char *rest, size_t len, struct shell_key *ret_key, struct shell_msg *err);

#endif /* SHELL_KEY_H */
