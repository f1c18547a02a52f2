/*
 * libFuzzer target for policyd's rule parser and what consumes its rules:
 * policy_parse on arbitrary bytes, policy_decide on requests built from each
 * parsed rule and from the input itself, and policy_audit_format of every
 * decision into a buffer of exactly the right size and one a byte short.
 * Beyond ASan and UBSan it checks policy.h's promises: a refused text leaves
 * no rule and names a line inside it; an accepted rule holds "*" or a valid
 * name and a known action, and a `decide` rule the object "*"; a rule allows
 * what it says unless an earlier rule already does, and a `decide` rule also
 * allows asking as policyd puts it (no object); a decision names an allowing
 * rule; an audit line is plain printable ASCII no longer than
 * POLICY_AUDIT_MAX, and a short buffer is left untouched.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "line_contract.h"
#include "policy.h"

#define FUZZ_POLICY_RULES 8u /* few enough that long inputs reach ERR_NOSPC */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines as the parser counts them: a last line without '\n' counts too. */
static uint32_t fuzz_policy_lines(const char *text, size_t len)
{
	uint32_t lines = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			lines++;
	}
	return lines + (len > 0 && text[len - 1] != '\n' ? 1u : 0u);
}

/* Index of the first NUL in s[0..max), or max when there is none (strnlen is not C11). */
static size_t fuzz_policy_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

static bool fuzz_policy_is_rule_name(const char *name)
{
	size_t len = fuzz_policy_strnlen(name, SVCNAME_MAX + 1);

	if (len > SVCNAME_MAX)
		return false;
	return strcmp(name, POLICY_ANY) == 0 || svcname_check(name, len) == 0;
}

/* A name the rule covers: itself, or a fixed valid one for "*". */
static const char *fuzz_policy_example(const char *rule_name)
{
	return strcmp(rule_name, POLICY_ANY) == 0 ? "fuzz" : rule_name;
}

static int fuzz_policy_format(const void *a, char *buf, size_t size, size_t *ret_len)
{
	return policy_audit_format(a, buf, size, ret_len);
}

/* Formats a into exact-size and one-short buffers; both must behave as policy.h says. */
static void fuzz_policy_check_audit(const struct policy_audit *a)
{
	fuzz_line_check(fuzz_policy_format, a, POLICY_AUDIT_MAX);
}

static void fuzz_policy_audit(uint64_t badge, const char *subject, unsigned action,
			      const char *object, struct policy_decision d)
{
	struct policy_audit a = {.badge = badge,
				 .subject = subject,
				 .action = action,
				 .object = object,
				 .decision = d};

	fuzz_policy_check_audit(&a);
}

/* Each rule allows its own request, naming itself or an earlier allowing rule. */
static void fuzz_policy_check_rule(const struct policy *p, uint32_t i)
{
	const struct policy_rule *r = &p->rules[i];
	const char *subject = fuzz_policy_example(r->subject);
	const char *object = fuzz_policy_example(r->object);
	struct policy_decision d;

	if (!fuzz_policy_is_rule_name(r->subject) || !fuzz_policy_is_rule_name(r->object) ||
	    policy_action_name(r->action) == NULL)
		abort();
	if (r->action == POLICY_DECIDE && strcmp(r->object, POLICY_ANY) != 0)
		abort();
	d = policy_decide(p, subject, strlen(subject), (enum policy_action)r->action, object,
			  strlen(object));
	if (!d.allow || d.rule < 0 || (uint32_t)d.rule > i)
		abort();
	if (r->action == POLICY_DECIDE) {
		struct policy_decision ask =
			policy_decide(p, subject, strlen(subject), POLICY_DECIDE, NULL, 0);

		if (!ask.allow || ask.rule < 0 || (uint32_t)ask.rule > i)
			abort();
	}
	fuzz_policy_audit(i, subject, r->action, object, d);
}

/* A decision that allows names a rule of p that covers the request. */
static void fuzz_policy_check_decision(const struct policy *p, struct policy_decision d,
				       unsigned action)
{
	if (!d.allow) {
		if (d.rule != POLICY_NO_RULE)
			abort();
		return;
	}
	if (d.rule < 0 || (uint32_t)d.rule >= p->count || p->rules[d.rule].action != action)
		abort();
}

/*
 * A request made of the input's own bytes: the subject from its first bytes,
 * the object from its last, the action from its length (unknown ones too).
 * Whatever the bytes, the audit line must stay printable.
 */
static void fuzz_policy_raw_request(const struct policy *p, const char *text, size_t len)
{
	char subject[SVCNAME_MAX + 2];
	char object[SVCNAME_MAX + 2];
	size_t n = len < SVCNAME_MAX + 1 ? len : SVCNAME_MAX + 1;
	unsigned action = (unsigned)(len % (POLICY_ACTIONS + 1));
	struct policy_decision d;

	memcpy(subject, text, n);
	subject[n] = '\0';
	memcpy(object, text + len - n, n);
	object[n] = '\0';
	d = policy_decide(p, subject, fuzz_policy_strnlen(subject, n), (enum policy_action)action,
			  object, fuzz_policy_strnlen(object, n));
	fuzz_policy_check_decision(p, d, action);
	fuzz_policy_audit(len, subject, action, object, d);
	fuzz_policy_audit(~(uint64_t)len, NULL, action, NULL,
			  (struct policy_decision){.allow = true, .rule = (int32_t)len});
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy_rule rules[FUZZ_POLICY_RULES];
	const char *text = (const char *)data;
	struct policy p;
	uint32_t err_line = 0;
	int rc = policy_parse(&p, rules, FUZZ_POLICY_RULES, text, size, &err_line);

	if (rc != 0) {
		if (rc != ERR_INVAL && rc != ERR_TOOLONG && rc != ERR_NOSPC)
			abort();
		if (p.count != 0 || err_line == 0 || err_line > fuzz_policy_lines(text, size))
			abort();
	} else if (p.count > FUZZ_POLICY_RULES || p.rules != rules) {
		abort();
	}
	for (uint32_t i = 0; i < p.count; i++)
		fuzz_policy_check_rule(&p, i);
	fuzz_policy_raw_request(&p, text, size);
	return 0;
}
