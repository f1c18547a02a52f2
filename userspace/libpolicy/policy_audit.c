/*
 * The audit line of one policy decision (see policy_audit_format in
 * policy.h). Laid out twice by the same code, once to measure and once to
 * write, so a buffer that is too small is never half-written. Only names
 * that pass the name rule are copied into the line; anything else shows as
 * "?", so a caller cannot smuggle a newline or escape into logd's journal.
 */
#include "policy.h"

#include "cairn/abi/errors.h"
#include "text_writer.h"

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

static void lay_out(struct text_writer *w, const struct policy_audit *a)
{
	const char *action = policy_action_name(a->action);
	bool allowed = a->decision.allow && a->decision.rule >= 0;

	text_put_str(w, allowed ? "allow" : "deny");
	text_put_str(w, " badge=");
	text_put_hex64(w, a->badge);
	text_put_str(w, " subject=");
	text_put_str(w, shown_name(a->subject));
	text_put_str(w, " action=");
	text_put_str(w, action != NULL ? action : "?");
	text_put_str(w, " object=");
	text_put_str(w, shown_name(a->object));
	text_put_str(w, " rule=");
	if (allowed)
		text_put_decimal(w, (uint32_t)a->decision.rule);
	else
		text_put_str(w, "none");
}

int policy_audit_format(const struct policy_audit *a, char *buf, size_t size, size_t *ret_len)
{
	struct text_writer measure = {0};
	struct text_writer out = {.buf = buf};

	lay_out(&measure, a);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&out, a);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}
