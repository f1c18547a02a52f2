/*
 * policyd's wire codecs (svc/policy.h): decoding DECIDE, BIND and UNBIND,
 * the DECIDE reply, and the client's encoders and reply reader. Pure.
 */
#include "svc/policy.h"

#include "cairn/abi/errors.h"

static const struct svc_shape decide_shape = {
	.tag = SVC_POLICY_DECIDE, .len_min = 1, .len_max = SVC_NAME_WIRE_MAX, .words = 2};
static const struct svc_shape bind_shape = {
	.tag = SVC_POLICY_BIND, .len_min = 2, .len_max = SVC_NAME_WIRE_MAX, .words = 1};
static const struct svc_shape unbind_shape = {.tag = SVC_POLICY_UNBIND, .words = 1};

/*
 * What DECIDE asks about: the registry's actions, lookup to list, and the
 * supervisor's, kill and shutdown. `decide` is not among them: whether a
 * caller may ask at all is policyd's own question about the caller's kernel
 * badge, never one an asker puts on another's behalf.
 */
static bool is_askable_action(uint64_t action)
{
	return action <= POLICY_LIST || action == POLICY_KILL || action == POLICY_SHUTDOWN;
}

/* `list` and `shutdown` name no object; every other action names exactly one. */
static bool takes_object(uint64_t action)
{
	return action != POLICY_LIST && action != POLICY_SHUTDOWN;
}

int svc_policy_decide_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			     struct svc_policy_decide *ret)
{
	struct svc_name object;
	uint64_t action = m->w[1];

	if (svc_shape_check(m, &decide_shape) != 0 || m->w[0] == 0 || !is_askable_action(action))
		return ERR_INVAL;
	if (svc_name_decode(buf->data, cairn_ipc_len(m->info), !takes_object(action), &object) !=
		    0 ||
	    (object.len > 0) != takes_object(action))
		return ERR_INVAL;
	ret->badge = m->w[0];
	ret->action = (uint32_t)action;
	ret->object = object;
	return 0;
}

int svc_policy_bind_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			   struct svc_policy_bind *ret)
{
	struct svc_name name;

	if (svc_shape_check(m, &bind_shape) != 0 || m->w[0] == 0 ||
	    svc_name_decode(buf->data, cairn_ipc_len(m->info), false, &name) != 0)
		return ERR_INVAL;
	ret->badge = m->w[0];
	ret->name = name;
	return 0;
}

int svc_policy_unbind_decode(const struct svc_msg *m, uint64_t *ret_badge)
{
	if (svc_shape_check(m, &unbind_shape) != 0 || m->w[0] == 0)
		return ERR_INVAL;
	*ret_badge = m->w[0];
	return 0;
}

void svc_policy_decide_reply(struct svc_msg *m, bool allow, int32_t rule)
{
	svc_reply_status(m, SVC_POLICY_DECIDE, 0);
	m->w[1] = allow ? SVC_POLICY_ALLOW : SVC_POLICY_DENY;
	m->w[2] = rule < 0 ? SVC_POLICY_NO_RULE : (uint64_t)rule;
}

int svc_policy_decide_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, uint64_t badge,
			     uint32_t action, const char *object, size_t len)
{
	int wire;

	if (badge == 0 || !is_askable_action(action) || (len > 0) != takes_object(action))
		return ERR_INVAL;
	wire = svc_name_encode(buf->data, object, len, !takes_object(action));
	if (wire < 0)
		return wire;
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_POLICY_DECIDE, (uint32_t)wire, 0),
			      .w = {badge, action, 0}};
	return 0;
}

int svc_policy_bind_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, uint64_t badge,
			   const char *name, size_t len)
{
	int wire;

	if (badge == 0)
		return ERR_INVAL;
	wire = svc_name_encode(buf->data, name, len, false);
	if (wire < 0)
		return wire;
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_POLICY_BIND, (uint32_t)wire, 0),
			      .w = {badge, 0, 0}};
	return 0;
}

int svc_policy_unbind_encode(struct svc_msg *m, uint64_t badge)
{
	if (badge == 0)
		return ERR_INVAL;
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_POLICY_UNBIND, 0, 0), .w = {badge, 0, 0}};
	return 0;
}

int svc_policy_decide_reply_decode(const struct svc_msg *m, bool *ret_allow)
{
	const struct svc_shape shape = {.tag = SVC_POLICY_DECIDE, .words = 3};
	int status = svc_reply_check(m, SVC_POLICY_DECIDE);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0 ||
	    (m->w[1] != SVC_POLICY_ALLOW && m->w[1] != SVC_POLICY_DENY))
		return ERR_INVAL;
	*ret_allow = m->w[1] == SVC_POLICY_ALLOW;
	return 0;
}
