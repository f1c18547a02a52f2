/*
 * policyd's protocol: samgrd, init and the shell ask whether a caller may
 * do an action on a name; init teaches policyd which service each badge
 * is. This header owns the tags, the layouts, the bounds and the pure codecs; the
 * rules and the decision are libpolicy's (policy.h, not this file).
 *
 * SVC_POLICY_DECIDE (from init, badge 1, or a service the rules allow the
 * action `decide`, as `allow samgrd decide *`; policyd refuses anyone else
 * with ERR_DENIED and audits the refusal)
 *   request: w[0] the subject's badge (non-zero), w[1] the action, one of
 *            the registry's (enum policy_action: 0 lookup, 1 register,
 *            2 unregister, 3 list) or the supervisor's (5 kill, 6
 *            shutdown); not 4 decide, which policyd asks only about its
 *            caller, itself; w[2] 0; data: the object name and a NUL, or a
 *            lone NUL (no name) for `list` and `shutdown`, which take no
 *            name; no handles.
 *   reply:   w[0] 0 (decided), ERR_INVAL or ERR_DENIED (caller may not
 *            ask); when 0: w[1] SVC_POLICY_ALLOW or SVC_POLICY_DENY, w[2]
 *            the index of the allowing rule, or SVC_POLICY_NO_RULE.
 *
 * SVC_POLICY_BIND (from init, badge 1, only)
 *   request: w[0] the badge (non-zero), w[1], w[2] 0; data: the service's
 *            name and a NUL; no handles.
 *   reply:   w[0] 0, ERR_INVAL, ERR_DENIED (not init), ERR_BUSY (the badge
 *            is bound already; badges outlive restarts, so bind once) or
 *            ERR_NOSPC (table full).
 *
 * SVC_POLICY_UNBIND (from init, badge 1, only)
 *   request: w[0] the badge (non-zero), w[1], w[2] 0; no data, no handles.
 *   reply:   w[0] 0, ERR_INVAL, ERR_DENIED (not init) or ERR_NOTFOUND.
 */
#ifndef SVC_POLICY_H
#define SVC_POLICY_H

#include <stdint.h>

#include "svc/msg.h"

/* The actions a DECIDE names: the protocol's codes, which libpolicy's rules speak in. */
enum policy_action {
	POLICY_LOOKUP = 0,
	POLICY_REGISTER = 1,
	POLICY_UNREGISTER = 2,
	POLICY_LIST = 3,
	POLICY_DECIDE = 4,   /* ask policyd about others; its object is always `*` */
	POLICY_KILL = 5,     /* have init kill a service (supervisor KILL); object: its name */
	POLICY_SHUTDOWN = 6, /* have init shut the system down (supervisor SHUTDOWN); no object */
	POLICY_ACTIONS = 7,  /* the count; not an action */
};

enum svc_policy_tag {
	SVC_POLICY_DECIDE = 0x0201,
	SVC_POLICY_BIND = 0x0202,
	SVC_POLICY_UNBIND = 0x0203,
};

#define SVC_POLICY_DENY	   0u
#define SVC_POLICY_ALLOW   1u
#define SVC_POLICY_NO_RULE UINT64_MAX /* w[2] of a DECIDE reply when no rule allowed */

struct svc_policy_decide {
	uint64_t badge;		/* the subject: whose request samgrd weighs */
	uint32_t action;	/* an enum policy_action, lookup to list */
	struct svc_name object; /* len 0 for `list` */
};

struct svc_policy_bind {
	uint64_t badge;
	struct svc_name name;
};

/* Server side. Each decoder is 0 and *ret set, or ERR_INVAL and *ret untouched. */
int svc_policy_decide_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			     struct svc_policy_decide *ret);
int svc_policy_bind_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			   struct svc_policy_bind *ret);
/* *ret_badge is the badge to forget. */
int svc_policy_unbind_decode(const struct svc_msg *m, uint64_t *ret_badge);

/* The DECIDE reply: status 0, the verdict and the rule (negative: none). */
void svc_policy_decide_reply(struct svc_msg *m, bool allow, int32_t rule);

/*
 * Client side: requests ready to send. ERR_INVAL for badge 0, an action
 * other than the registry's four, or a name the rule refuses (an empty
 * object only with `list`, which needs one).
 */
int svc_policy_decide_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, uint64_t badge,
			     uint32_t action, const char *object, size_t len);
int svc_policy_bind_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, uint64_t badge,
			   const char *name, size_t len);
int svc_policy_unbind_encode(struct svc_msg *m, uint64_t badge);

/*
 * Reads a DECIDE reply: its status when not 0, else *ret_allow. ERR_INVAL
 * for a reply with data, handles or a verdict other than the two.
 */
int svc_policy_decide_reply_decode(const struct svc_msg *m, bool *ret_allow);

#endif /* SVC_POLICY_H */
