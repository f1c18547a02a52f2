/*
 * One registry entry as the line the shell's `svc` command prints (see
 * registry_format_entry in registry.h). Measured first with the same code
 * that writes it, so a short buffer is never half-written.
 */
#include "registry.h"

#include "cairn/abi/errors.h"

/* Lays out characters; with buf NULL it only counts them. */
struct line {
	char *buf;
	size_t len;
};

static void put_char(struct line *l, char c)
{
	if (l->buf != NULL)
		l->buf[l->len] = c;
	l->len++;
}

static void put_str(struct line *l, const char *s)
{
	while (*s != '\0')
		put_char(l, *s++);
}

static void put_decimal(struct line *l, uint32_t v)
{
	char digits[10];
	unsigned n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		put_char(l, digits[--n]);
}

static void put_hex64(struct line *l, uint64_t v)
{
	static const char hex_digits[] = "0123456789abcdef";

	put_str(l, "0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		put_char(l, hex_digits[(v >> shift) & 0xf]);
}

static void lay_out(struct line *l, const struct registry_entry *e)
{
	put_str(l, e->name);
	put_str(l, " slot=");
	put_decimal(l, e->slot);
	put_str(l, " owner=");
	put_hex64(l, e->owner);
}

/* Whether e->name is NUL-terminated within its array and follows the rule. */
static bool has_valid_name(const struct registry_entry *e)
{
	size_t len = 0;

	while (len < sizeof(e->name) && e->name[len] != '\0')
		len++;
	return len < sizeof(e->name) && svcname_check(e->name, len) == 0;
}

int registry_format_entry(const struct registry_entry *e, char *buf, size_t size, size_t *ret_len)
{
	struct line measure = {0};
	struct line out = {.buf = buf};

	if (!has_valid_name(e))
		return ERR_INVAL;
	lay_out(&measure, e);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&out, e);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}
