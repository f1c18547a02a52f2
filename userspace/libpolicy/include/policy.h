/*
 * policyd's rules as data: parsing a small text rule set, deciding a request
 * against it (deny unless a rule allows), the audit line for each decision,
 * and the table that turns a caller's kernel badge into the service name the
 * rules speak of. It does not receive requests or write the audit anywhere;
 * policyd does, and logd stores the line.
 *
 * Rule text, one rule a line, fields separated by spaces or tabs:
 *
 *	allow <subject> <action> <object>
 *
 *	allow <subject> decide *
 *
 * subject: a service name (svcname.h) or `*` for any service;
 * action:  lookup | register | unregister | list | kill | shutdown | read |
 *          write | sign | run | decide;
 * object:  a registry name, a stored object (`disk`, RFC-0018), a program of
 *          the boot image (`run`, RFC-0020) or `*` for any.
 * The first four actions are the registry's, kill and shutdown the
 * supervisor's, read and write a store's (blkd asks about the raw disk),
 * sign the key keeper's, run the shell's (a program it may start), all
 * asked about on a subject's behalf. `decide` is the right to ask
 * policyd for those decisions at all: policyd asks it about the caller
 * itself, with no object, so a `decide` rule's object must be `*` (any other
 * is refused, as it could never allow).
 * `#` starts a comment that runs to the end of the line; blank lines are
 * skipped; a trailing '\r' is whitespace. There is no `deny`: anything no
 * rule allows is denied. When several rules allow, the first one is named.
 *
 * Pure: storage comes from the caller with its capacity; no allocation,
 * no globals, no I/O.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "svc/policy.h" /* enum policy_action: the protocol's action codes (idl/policy.yaml) */
#include "svcname.h"

#define POLICY_ACTIONS POLICY_ACTION_COUNT /* the actions there are */

#define POLICY_ANY     "*"
#define POLICY_NO_RULE (-1)

struct policy_rule {
	char subject[SVCNAME_MAX + 1]; /* NUL-terminated name or "*" */
	char object[SVCNAME_MAX + 1];
	uint8_t action; /* an enum policy_action */
};

/* Fields are the policy's own; read them, change them only through the calls below. */
struct policy {
	struct policy_rule *rules;
	uint32_t capacity;
	uint32_t count;
};

struct policy_decision {
	bool allow;
	int32_t rule; /* index of the allowing rule, or POLICY_NO_RULE */
};

/*
 * Parses text[0..len) into p over the caller's rules[capacity].
 * On success p holds every rule in text order. On failure p holds no rule
 * (so it denies everything), *err_line is the 1-based line at fault, and
 * the result says why: ERR_INVAL for a malformed line (not four fields, a
 * first word other than `allow`, an unknown action, a name the rule refuses,
 * a `decide` rule whose object is not `*`),
 * ERR_TOOLONG for a name longer than SVCNAME_MAX, ERR_NOSPC for more rules
 * than capacity. rules NULL or capacity 0 is ERR_INVAL with *err_line 0.
 */
int policy_parse(struct policy *p, struct policy_rule *rules, uint32_t capacity, const char *text,
		 size_t len, uint32_t *err_line);

/*
 * Whether `subject` may do `action` to `object` (both as bytes and length).
 * An empty object (object_len 0) stands for no particular name, as `list`
 * and `decide` have; only a rule with object `*` allows it. A subject or
 * non-empty object that breaks the name rule, or an unknown action, is
 * denied whatever the rules say.
 */
struct policy_decision policy_decide(const struct policy *p, const char *subject,
				     size_t subject_len, enum policy_action action,
				     const char *object, size_t object_len);

/*
 * Whether a caller may ask policyd for decisions (DECIDE): the supervisor,
 * init, always, whatever the rules (it binds the names the rules speak of);
 * a caller with no bound name (subject NULL) never; anyone else by a
 * `decide` rule for its name, asked with no object as `*` rules expect.
 */
struct policy_decision policy_may_ask(const struct policy *p, bool supervisor, const char *subject);

/* The word the rule text uses for an action, or NULL for an unknown one. */
const char *policy_action_name(unsigned action);

/*
 * Whether a DECIDE may ask about `action` with an object of object_len
 * bytes: any action but `decide` (which policyd asks only about its
 * caller), with an object exactly when the action takes one (all but
 * `list` and `shutdown`). 0 or ERR_INVAL.
 */
static inline int policy_decide_check(uint32_t action, size_t object_len)
{
	bool takes_object = action != POLICY_LIST && action != POLICY_SHUTDOWN;

	if (action >= POLICY_ACTIONS || action == POLICY_DECIDE || (object_len > 0) != takes_object)
		return ERR_INVAL;
	return 0;
}

/* One decision as policyd reports it to logd. */
struct policy_audit {
	uint64_t badge;	     /* the caller, as the kernel stamped it */
	const char *subject; /* NUL-terminated; NULL when the badge maps to no name */
	unsigned action;
	const char *object; /* NUL-terminated; NULL when unknown */
	struct policy_decision decision;
};

/*
 * The longest audit line without its NUL:
 * "allow badge=0x<16 digits> subject=<31> action=unregister object=<31> rule=<10 digits>".
 */
#define POLICY_AUDIT_MAX (5u + 25u + 9u + SVCNAME_MAX + 18u + 8u + SVCNAME_MAX + 16u)

/*
 * Writes one NUL-terminated line such as
 * "allow badge=0x0000000000000003 subject=shell action=lookup object=logd rule=2"
 * ("deny" and "rule=none" when denied). A subject or object that is NULL or
 * breaks the name rule is written as "?", an unknown action as "?", so the
 * line is always plain ASCII. *ret_len gets the length without the NUL.
 * ERR_NOSPC when it does not fit in size bytes (buf then untouched); a buffer
 * of POLICY_AUDIT_MAX + 1 bytes always fits.
 */
int policy_audit_format(const struct policy_audit *a, char *buf, size_t size, size_t *ret_len);

/* One badge's service name, set by init's launch of that service. */
struct policy_badge {
	uint64_t badge;
	char name[SVCNAME_MAX + 1];
};

/* Fields are the table's own; read them, change them only through the calls below. */
struct policy_badges {
	struct policy_badge *entries;
	uint32_t capacity;
	uint32_t count;
};

/* Makes map empty over entries[capacity]. ERR_INVAL when entries is NULL or capacity 0. */
int policy_badges_init(struct policy_badges *map, struct policy_badge *entries, uint32_t capacity);

/*
 * Maps badge to name. ERR_INVAL for badge 0 (the kernel's "no badge") or a
 * name the rule refuses, ERR_TOOLONG for a long name, ERR_BUSY when the
 * badge is already mapped, ERR_NOSPC when the table is full. Several badges
 * may map to one name.
 */
int policy_badges_add(struct policy_badges *map, uint64_t badge, const char *name, size_t len);

/* Forgets badge (its service ended). ERR_NOTFOUND when it is not mapped. */
int policy_badges_remove(struct policy_badges *map, uint64_t badge);

/*
 * Points *ret_name at the NUL-terminated name of badge, valid until the
 * next policy_badges_remove (which may move entries). ERR_NOTFOUND when it is not mapped.
 */
int policy_badges_name(const struct policy_badges *map, uint64_t badge, const char **ret_name);

#endif /* POLICY_H */
