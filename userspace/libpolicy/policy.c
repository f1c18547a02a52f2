/*
 * Parsing rule text and deciding requests (see policy.h). The audit line is
 * in policy_audit.c, the badge table in policy_badges.c.
 */
#include "policy.h"

#include <string.h>

#include "cairn/abi/errors.h"

#define FIELDS 4u /* allow subject action object */

static const char *const action_names[POLICY_ACTIONS] = {[POLICY_LOOKUP] = "lookup",
							 [POLICY_REGISTER] = "register",
							 [POLICY_UNREGISTER] = "unregister",
							 [POLICY_LIST] = "list",
							 [POLICY_DECIDE] = "decide",
							 [POLICY_KILL] = "kill",
							 [POLICY_SHUTDOWN] = "shutdown",
							 [POLICY_READ] = "read",
							 [POLICY_WRITE] = "write",
							 [POLICY_SIGN] = "sign",
							 [POLICY_RUN] = "run"};

struct field {
	const char *s;
	size_t len;
};

const char *policy_action_name(unsigned action)
{
	return action < POLICY_ACTIONS ? action_names[action] : NULL;
}

static bool field_is(const struct field *f, const char *word)
{
	return f->len == strlen(word) && memcmp(f->s, word, f->len) == 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Splits line[0..len) into fields, ignoring a comment. Returns how many
 * there are; only the first `max` are stored.
 */
static unsigned split(const char *line, size_t len, struct field *ret_fields, unsigned max)
{
	unsigned n = 0;
	size_t i = 0;

	while (i < len && line[i] != '#') {
		size_t start;

		if (is_blank(line[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < len && line[i] != '#' && !is_blank(line[i]))
			i++;
		if (n < max)
			ret_fields[n] = (struct field){line + start, i - start};
		n++;
	}
	return n;
}

/* Copies a rule name (a service name or "*") into dst[SVCNAME_MAX + 1]. */
static int take_name(const struct field *f, char *dst)
{
	int rc;

	if (!field_is(f, POLICY_ANY)) {
		rc = svcname_check(f->s, f->len);
		if (rc < 0)
			return rc;
	}
	memcpy(dst, f->s, f->len);
	dst[f->len] = '\0';
	return 0;
}

static int take_action(const struct field *f, uint8_t *ret_action)
{
	for (unsigned a = 0; a < POLICY_ACTIONS; a++) {
		if (field_is(f, action_names[a])) {
			*ret_action = (uint8_t)a;
			return 0;
		}
	}
	return ERR_INVAL;
}

/* Checks every field of one line into a rule, then appends it: nothing is kept on failure. */
static int parse_line(struct policy *p, const char *line, size_t len)
{
	struct field f[FIELDS];
	struct policy_rule rule;
	unsigned n = split(line, len, f, FIELDS);
	int rc;

	if (n == 0)
		return 0;
	if (n != FIELDS || !field_is(&f[0], "allow"))
		return ERR_INVAL;
	rc = take_name(&f[1], rule.subject);
	if (rc == 0)
		rc = take_action(&f[2], &rule.action);
	if (rc == 0)
		rc = take_name(&f[3], rule.object);
	if (rc < 0)
		return rc;
	/* policyd asks `decide` with no object: a rule naming one could never allow */
	if (rule.action == POLICY_DECIDE && strcmp(rule.object, POLICY_ANY) != 0)
		return ERR_INVAL;
	if (p->count == p->capacity)
		return ERR_NOSPC;
	p->rules[p->count++] = rule;
	return 0;
}

int policy_parse(struct policy *p, struct policy_rule *rules, uint32_t capacity, const char *text,
		 size_t len, uint32_t *err_line)
{
	uint32_t line = 0;
	size_t pos = 0;

	if (rules == NULL || capacity == 0 || (text == NULL && len > 0)) {
		*err_line = 0;
		return ERR_INVAL;
	}
	*p = (struct policy){.rules = rules, .capacity = capacity};
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		int rc;

		line++;
		rc = parse_line(p, text + pos, end - pos);
		if (rc < 0) {
			p->count = 0;
			*err_line = line;
			return rc;
		}
		pos = end + 1;
	}
	return 0;
}

/* Whether a rule's name ("*" or a name) covers the requested, already checked, name. */
static bool name_matches(const char *rule_name, const char *name, size_t len)
{
	if (strcmp(rule_name, POLICY_ANY) == 0)
		return true;
	return strlen(rule_name) == len && memcmp(rule_name, name, len) == 0;
}

struct policy_decision policy_may_ask(const struct policy *p, bool supervisor, const char *subject)
{
	if (supervisor)
		return (struct policy_decision){.allow = true, .rule = POLICY_NO_RULE};
	if (subject == NULL)
		return (struct policy_decision){.allow = false, .rule = POLICY_NO_RULE};
	return policy_decide(p, subject, strlen(subject), POLICY_DECIDE, NULL, 0);
}

struct policy_decision policy_decide(const struct policy *p, const char *subject,
				     size_t subject_len, enum policy_action action,
				     const char *object, size_t object_len)
{
	struct policy_decision deny = {.allow = false, .rule = POLICY_NO_RULE};

	if ((unsigned)action >= POLICY_ACTIONS || svcname_check(subject, subject_len) < 0)
		return deny;
	if (object_len > 0 && svcname_check(object, object_len) < 0)
		return deny;
	for (uint32_t i = 0; i < p->count; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (r->action == action && name_matches(r->subject, subject, subject_len) &&
		    name_matches(r->object, object, object_len))
			return (struct policy_decision){.allow = true, .rule = (int32_t)i};
	}
	return deny;
}
