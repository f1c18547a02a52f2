/*
 * The `caps` line (shell_caps.h): the kind and rights names, laid out with
 * libtext's writer, measured first.
 */
#include "shell_caps.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "text_writer.h"

#define KIND_COLUMN 13u /* a kind's name is padded to this */

/* Indexed by enum cairn_kind. */
static const char *const kind_names[] = {
	"none",	     "process",	 "thread",	 "vmo",	 "console",
	"bootimage", "endpoint", "notification", "mmio", "interrupt",
};

/* Indexed by bit number: RIGHT_DUP is bit 0, ... RIGHT_DMA bit 15. */
static const char *const right_names[] = {
	"dup",	"transfer", "read",  "write", "execute", "map",	 "manage", "alloc",
	"wait", "kill",	    "spawn", "send",  "recv",	 "mint", "signal", "dma",
};

_Static_assert(sizeof(kind_names) / sizeof(kind_names[0]) == KIND_INTERRUPT + 1,
	       "a name for every kind of rights.h");
_Static_assert(RIGHTS_ALL == (1u << (sizeof(right_names) / sizeof(right_names[0]))) - 1u,
	       "a name for every right of rights.h");

const char *shell_caps_kind_name(uint32_t kind)
{
	return kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : NULL;
}

static void put_padded(struct text_writer *w, const char *s, size_t width)
{
	size_t start = w->len;

	text_put_str(w, s);
	while (w->len - start < width)
		text_put_char(w, ' ');
}

static void put_hex32(struct text_writer *w, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";

	text_put_str(w, "0x");
	for (int shift = 28; shift >= 0; shift -= 4)
		text_put_char(w, digits[(v >> shift) & 0xfu]);
}

static void put_kind(struct text_writer *w, uint32_t kind)
{
	const char *name = shell_caps_kind_name(kind);
	size_t start = w->len;

	if (name != NULL) {
		text_put_str(w, name);
	} else {
		text_put_str(w, "kind-");
		text_put_decimal(w, kind);
	}
	while (w->len - start < KIND_COLUMN)
		text_put_char(w, ' ');
}

static void put_rights(struct text_writer *w, uint32_t rights)
{
	bool first = true;

	if (rights == 0) {
		text_put_char(w, '-');
		return;
	}
	for (uint32_t bit = 0; bit < sizeof(right_names) / sizeof(right_names[0]); bit++) {
		if ((rights & (1u << bit)) == 0)
			continue;
		if (!first)
			text_put_char(w, ',');
		text_put_str(w, right_names[bit]);
		first = false;
	}
	if ((rights & ~RIGHTS_ALL) != 0)
		text_put_str(w, first ? "?" : ",?");
}

static void lay_out(struct text_writer *w, const char *label, cairn_handle_t h, uint32_t kind,
		    uint32_t rights)
{
	put_padded(w, label, SHELL_CAPS_LABEL_MAX);
	text_put_str(w, "  ");
	put_hex32(w, h);
	text_put_str(w, "  ");
	put_kind(w, kind);
	text_put_char(w, ' ');
	put_rights(w, rights);
}

static bool label_ok(const char *label)
{
	size_t n = 0;

	if (label == NULL)
		return false;
	for (; label[n] != '\0'; n++) {
		if (n == SHELL_CAPS_LABEL_MAX || label[n] < 0x20 || label[n] > 0x7e)
			return false;
	}
	return n > 0;
}

int shell_caps_line(const char *label, cairn_handle_t h, uint32_t kind, uint32_t rights, char *buf,
		    size_t size, size_t *ret_len)
{
	struct text_writer measure = {0};
	struct text_writer out = {.buf = buf};

	if (!label_ok(label))
		return ERR_INVAL;
	lay_out(&measure, label, h, kind, rights);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&out, label, h, kind, rights);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}
