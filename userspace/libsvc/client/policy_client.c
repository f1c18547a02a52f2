/* The policyd helpers of svc/client.h, over the generated stubs of svc/policy.h. */
#include "cairn/abi/errors.h"
#include "svc/client.h"
#include "svc/policy.h"

long svc_policy_decide(cairn_handle_t policy, uint64_t badge, uint32_t action, const char *object,
		       size_t len, bool *ret_allow)
{
	struct svc_policy_decide_request req = {.badge = badge, .action = action};
	struct svc_policy_decide_reply rep = {0};
	long err = svc_name_set(&req.object, object, len);

	if (err == 0)
		err = svc_policy_decide_call(policy, &req, &rep, SVC_CALL_TIMEOUT);
	if (err == 0)
		*ret_allow = rep.verdict == SVC_POLICY_ALLOW;
	return err;
}

long svc_policy_bind(cairn_handle_t policy, uint64_t badge, const char *name, size_t len)
{
	struct svc_policy_bind_request req = {.badge = badge};
	struct svc_policy_bind_reply rep;

	long err = svc_name_set(&req.name, name, len);

	return err != 0 ? err : svc_policy_bind_call(policy, &req, &rep, SVC_CALL_TIMEOUT);
}

long svc_policy_unbind(cairn_handle_t policy, uint64_t badge)
{
	const struct svc_policy_unbind_request req = {.badge = badge};
	struct svc_policy_unbind_reply rep;

	return svc_policy_unbind_call(policy, &req, &rep, SVC_CALL_TIMEOUT);
}
