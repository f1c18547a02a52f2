/*
 * The lines of the shell's `caps`: one handle a line, as the name of the
 * slot it fills, its value, the kind of object it names and its rights,
 * all from what handle_query says. For example:
 *
 *   registry     0x00020005  endpoint      send
 *
 * Kinds and rights are named as in cairn/abi/rights.h, lower case: a kind
 * this table does not know is "kind-<n>", and rights bits above the known
 * ones show as "?" at the end of the list; no rights at all is "-".
 *
 * Pure: no I/O, no globals; a line is measured before it is written.
 */
#ifndef SHELL_CAPS_H
#define SHELL_CAPS_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"

#define SHELL_CAPS_LABEL_MAX 12u /* bytes in a slot's name, which is padded to this */

/*
 * The longest line shell_caps_line writes, without its NUL: the label, two
 * spaces, "0x" and 8 digits, two spaces, a kind padded to 13 ("kind-" and up
 * to 10 digits at most 15), a space, and every right named (16 names, 75
 * bytes, 15 commas) with ",?".
 */
#define SHELL_CAPS_LINE_MAX (SHELL_CAPS_LABEL_MAX + 2u + 10u + 2u + 15u + 1u + 92u)

/* The kind's name ("process", "endpoint", ...), or NULL for one this table does not know. */
const char *shell_caps_kind_name(uint32_t kind);

/*
 * Writes the line for handle h in slot `label` (1..SHELL_CAPS_LABEL_MAX
 * bytes of printable ASCII, NUL-terminated) of the given kind and rights to
 * buf, NUL-terminated, and its length to *ret_len. ERR_INVAL for a bad
 * label; ERR_NOSPC when it does not fit in size bytes (buf untouched);
 * SHELL_CAPS_LINE_MAX + 1 bytes always fit.
 */
int shell_caps_line(const char *label, cairn_handle_t h, uint32_t kind, uint32_t rights, char *buf,
		    size_t size, size_t *ret_len);

#endif /* SHELL_CAPS_H */
