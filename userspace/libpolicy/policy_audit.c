/*
 * The audit line of one policy decision (see policy_audit_format in
 * policy.h). Laid out twice by the same code, once to measure and once to
 * write, so a buffer that is too small is never half-written. Only names
 * that pass the name rule are copied into the line; anything else shows as
 * "?", so a caller cannot smuggle a newline or escape into logd's journal.
 */
#include "policy.h"

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

/* A name as the line shows it: itself if valid, "-" if empty, else "?". */
static const char *shown_name(const char *name)
{
	size_t len = 0;

	if (name == NULL)
		return "?";
	while (len <= SVCNAME_MAX && name[len] != '\0')
		len++;
	if (len == 0)
		return "-";
	return svcname_check(name, len) == 0 ? name : "?";
}

static void lay_out(struct line *l, const struct policy_audit *a)
{
	const char *action = policy_action_name(a->action);
	bool allowed = a->decision.allow && a->decision.rule >= 0;

	put_str(l, allowed ? "allow" : "deny");
	put_str(l, " badge=");
	put_hex64(l, a->badge);
	put_str(l, " subject=");
	put_str(l, shown_name(a->subject));
	put_str(l, " action=");
	put_str(l, action != NULL ? action : "?");
	put_str(l, " object=");
	put_str(l, shown_name(a->object));
	put_str(l, " rule=");
	if (allowed)
		put_decimal(l, (uint32_t)a->decision.rule);
	else
		put_str(l, "none");
}

int policy_audit_format(const struct policy_audit *a, char *buf, size_t size, size_t *ret_len)
{
	struct line measure = {0};
	struct line out = {.buf = buf};

	lay_out(&measure, a);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&out, a);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}
