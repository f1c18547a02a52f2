/* The policyd helpers of svc/client.h. */
#include "cairn/abi/errors.h"
#include "svc/client.h"
#include "svc/policy.h"

/* Calls with m and reads a reply that is a status only. */
static long call_for_status(cairn_handle_t ep, struct svc_msg *m, uint32_t tag)
{
	const struct svc_shape reply = {.tag = tag, .words = 1};
	long err = svc_call(ep, m);

	if (err == 0)
		err = svc_reply_check(m, tag);
	if (err == 0 && svc_shape_check(m, &reply) != 0)
		err = ERR_INVAL;
	return err;
}

long svc_policy_decide(cairn_handle_t policy, uint64_t badge, uint32_t action, const char *object,
		       size_t len, bool *ret_allow)
{
	struct svc_msg m;
	long err = svc_policy_decide_encode(&m, cairn_ipc_buffer(), badge, action, object, len);

	if (err == 0)
		err = svc_call(policy, &m);
	if (err == 0)
		err = svc_policy_decide_reply_decode(&m, ret_allow);
	return err;
}

long svc_policy_bind(cairn_handle_t policy, uint64_t badge, const char *name, size_t len)
{
	struct svc_msg m;
	long err = svc_policy_bind_encode(&m, cairn_ipc_buffer(), badge, name, len);

	return err != 0 ? err : call_for_status(policy, &m, SVC_POLICY_BIND);
}

long svc_policy_unbind(cairn_handle_t policy, uint64_t badge)
{
	struct svc_msg m;
	long err = svc_policy_unbind_encode(&m, badge);

	return err != 0 ? err : call_for_status(policy, &m, SVC_POLICY_UNBIND);
}
