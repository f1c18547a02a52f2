/*
 * One registry entry as the line the shell's `svc` command prints (see
 * registry_format_entry in registry.h). Measured first with the same code
 * that writes it, so a short buffer is never half-written.
 */
#include "registry.h"

#include "cairn/abi/errors.h"
#include "text_writer.h"

static void lay_out(struct text_writer *w, const struct registry_entry *e)
{
	text_put_str(w, e->name);
	text_put_str(w, " slot=");
	text_put_decimal(w, e->slot);
	text_put_str(w, " owner=");
	text_put_hex64(w, e->owner);
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
	struct text_writer measure = {0};
	struct text_writer out = {.buf = buf};

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
