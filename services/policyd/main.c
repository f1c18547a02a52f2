/*
 * policyd decides, by rules read from the boot image, whether a service may
 * do an action on a registry name, and writes every decision to logd as an
 * audit line. The protocol is svc/policy.h; the rules, the decision, the
 * audit line and the badge-to-name table are libpolicy's. This file only
 * marshals.
 *
 * Rules: the boot-image file `policy` (services/policyd/policy.rules). When
 * it cannot be read or a line is refused, policyd runs with no rule, which
 * denies everything, and logs why. Badges: init (badge 1) is named "init"
 * from the start; init binds every other service's badge to its name before
 * that service starts. Who may ask for a decision is a rule too: init
 * always, anyone else when the rules allow it `decide` (as `allow samgrd
 * decide *`). A refused asker is audited; an allowed one is not, since its
 * decision is.
 *
 * Handles (manifest line in services/policyd/README.md):
 * [0] self, [1] supervisor SEND, [2] policy RECV, [3] log SEND, [4] bootimage READ.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "policy.h"
#include "services/policyd_handles.h"
#include "svc/client.h"
#include "svc/policy.h"

#define POLICYD_RULES	   64u	 /* rules the file may hold */
#define POLICYD_BADGES	   32u	 /* services whose names policyd knows */
#define POLICYD_TEXT_MAX   8192u /* bytes of the rules file */
#define POLICYD_RULES_FILE "policy"
#define POLICYD_NOTE_MAX   96u

struct policyd {
	struct policy policy;
	struct policy_badges badges;
	cairn_handle_t log;
	uint64_t audits_lost; /* audit lines logd did not take */
};

static struct policy_rule policyd_rules[POLICYD_RULES];
static struct policy_badge policyd_badges[POLICYD_BADGES];

/* The name bound to badge, or NULL. */
static const char *name_of(const struct policyd *d, uint64_t badge)
{
	const char *name = NULL;

	return policy_badges_name(&d->badges, badge, &name) == 0 ? name : NULL;
}

/*
 * Whether the caller in `a` (badge and bound name) may ask for decisions
 * (libpolicy's rule: init always). Fills a's action, object and decision,
 * so a refusal is ready to audit.
 */
static bool may_ask(const struct policyd *d, struct policy_audit *a)
{
	a->action = POLICY_DECIDE;
	a->object = "";
	a->decision = policy_may_ask(&d->policy, a->badge == SVC_BADGE_INIT, a->subject);
	return a->decision.allow;
}

/* Writes text to logd; a line logd refuses is counted, never retried. */
static void policyd_log(struct policyd *d, enum journal_level level, const char *text, size_t len)
{
	if (len > SVC_LOG_TEXT_MAX)
		len = SVC_LOG_TEXT_MAX; /* only names at their longest make it longer */
	if (svc_log_write(d->log, level, text, len, NULL) != 0)
		d->audits_lost++;
}

static void audit(struct policyd *d, const struct policy_audit *a)
{
	char line[POLICY_AUDIT_MAX + 1];
	size_t len = 0;

	if (policy_audit_format(a, line, sizeof(line), &len) == 0)
		policyd_log(d, a->decision.allow ? JOURNAL_INFO : JOURNAL_WARN, line, len);
}

/*
 * Who may ask, checked before a request is read, so a refusal does not
 * depend on the message: DECIDE from an asker libpolicy allows (a refusal
 * is audited), BIND and UNBIND from init only.
 */
static long admit(void *ctx, struct svc_exchange *x)
{
	struct policyd *d = ctx;
	struct policy_audit a = {.badge = x->in.badge, .subject = name_of(d, x->in.badge)};

	if (cairn_ipc_tag(x->in.info) != SVC_POLICY_DECIDE)
		return x->in.badge == SVC_BADGE_INIT ? 0 : ERR_DENIED;
	if (may_ask(d, &a))
		return 0;
	audit(d, &a);
	return ERR_DENIED;
}

static long on_decide(void *ctx, struct svc_exchange *x,
		      const struct svc_policy_decide_request *req,
		      struct svc_policy_decide_reply *rep)
{
	struct policyd *d = ctx;
	struct policy_audit a = {.badge = req->badge,
				 .subject = name_of(d, req->badge),
				 .action = req->action,
				 .object = req->object.str};

	(void)x;
	if (policy_decide_check(req->action, req->object.len) != 0)
		return ERR_INVAL;
	a.decision =
		policy_decide(&d->policy, a.subject != NULL ? a.subject : "",
			      a.subject != NULL ? strlen(a.subject) : 0,
			      (enum policy_action)req->action, req->object.str, req->object.len);
	audit(d, &a);
	rep->verdict = a.decision.allow ? SVC_POLICY_ALLOW : SVC_POLICY_DENY;
	rep->rule = a.decision.rule < 0 ? SVC_POLICY_NO_RULE : (uint64_t)a.decision.rule;
	return 0;
}

static long on_bind(void *ctx, struct svc_exchange *x, const struct svc_policy_bind_request *req,
		    struct svc_policy_bind_reply *rep)
{
	struct policyd *d = ctx;

	(void)x;
	(void)rep;
	return policy_badges_add(&d->badges, req->badge, req->name.str, req->name.len);
}

static long on_unbind(void *ctx, struct svc_exchange *x,
		      const struct svc_policy_unbind_request *req,
		      struct svc_policy_unbind_reply *rep)
{
	struct policyd *d = ctx;

	(void)x;
	(void)rep;
	return policy_badges_remove(&d->badges, req->badge);
}

static const struct svc_policy_handlers policyd_handlers = {
	.admit = admit, .decide = on_decide, .bind = on_bind, .unbind = on_unbind};

/* Parses the rules file; on any failure policyd keeps no rule and says why. */
static void load_rules(struct policyd *d, cairn_handle_t image)
{
	static char text[POLICYD_TEXT_MAX + 1];
	char note[POLICYD_NOTE_MAX];
	uint32_t line = 0;
	long len = cairn_bootimage_read_file(image, POLICYD_RULES_FILE, text, POLICYD_TEXT_MAX);
	int err = policy_parse(&d->policy, policyd_rules, POLICYD_RULES, text,
			       len < 0 ? 0 : (size_t)len, &line);
	int n;

	if (len < 0)
		n = snprintf(note, sizeof(note),
			     "policyd: rules file unreadable (error %ld); denying everything", len);
	else if (err != 0)
		n = snprintf(note, sizeof(note),
			     "policyd: rules line %u refused (error %d); denying everything",
			     (unsigned)line, err);
	else
		n = snprintf(note, sizeof(note), "policyd: %u rules loaded",
			     (unsigned)d->policy.count);
	if (n > 0)
		policyd_log(d, len < 0 || err != 0 ? JOURNAL_ERROR : JOURNAL_INFO, note,
			    (size_t)n < sizeof(note) ? (size_t)n : sizeof(note) - 1);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct policyd d;

	if (count < H_COUNT || policy_badges_init(&d.badges, policyd_badges, POLICYD_BADGES) != 0 ||
	    policy_badges_add(&d.badges, SVC_BADGE_INIT, "init", 4) != 0)
		return 1;
	d.log = handles[H_LOG];
	load_rules(&d, handles[H_BOOTIMAGE]);
	(void)svc_ready(handles[H_SUPERVISOR]);
	return (int)-svc_policy_serve(handles[H_POLICY], &policyd_handlers, &d);
}
