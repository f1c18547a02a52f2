/*
 * libFuzzer target for policyd's protocol (svc/policy.h): every input is
 * decoded as a DECIDE, a BIND, an UNBIND and a DECIDE reply. Beyond ASan and
 * UBSan it checks the header's promises: an accepted request has a non-zero
 * badge, one of the registry's or the supervisor's actions (never
 * `decide`), a name that follows the rule (none only with `list` and
 * `shutdown`), and comes out of its encoder
 * unchanged; a refused one is ERR_INVAL and leaves the result untouched; a
 * DECIDE reply is read as one of the two verdicts or as an ERR_* status.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "svc/policy.h"
#include "svc_input.h"

/* The actions that name no object: the registry's list and the supervisor's shutdown. */
static bool no_object(uint32_t action)
{
	return action == POLICY_LIST || action == POLICY_SHUTDOWN;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A name as decoded: NUL-terminated at len, following the rule unless empty. */
static void fuzz_policy_check_name(const struct svc_name *n, bool may_be_empty)
{
	if (n->len > SVCNAME_MAX || n->str[n->len] != '\0' || strlen(n->str) != n->len)
		abort();
	if (n->len == 0 ? !may_be_empty : svcname_check(n->str, n->len) != 0)
		abort();
}

static void fuzz_policy_decide(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_policy_decide d;
	struct svc_msg e;
	int rc;

	memset(&d, SVC_INPUT_FILL, sizeof(d));
	rc = svc_policy_decide_decode(m, buf, &d);
	if (rc != 0) {
		if (rc != ERR_INVAL)
			abort();
		svc_input_check_untouched(&d, sizeof(d));
		return;
	}
	if (d.badge == 0 || d.badge != m->w[0] ||
	    (d.action > POLICY_LIST && d.action != POLICY_KILL && d.action != POLICY_SHUTDOWN))
		abort();
	fuzz_policy_check_name(&d.object, no_object(d.action));
	if ((d.object.len == 0) != no_object(d.action))
		abort();
	if (svc_policy_decide_encode(&e, &again, d.badge, d.action, d.object.str, d.object.len) !=
	    0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_policy_bind(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_policy_bind b;
	struct svc_msg e;
	int rc;

	memset(&b, SVC_INPUT_FILL, sizeof(b));
	rc = svc_policy_bind_decode(m, buf, &b);
	if (rc != 0) {
		if (rc != ERR_INVAL)
			abort();
		svc_input_check_untouched(&b, sizeof(b));
		return;
	}
	if (b.badge == 0)
		abort();
	fuzz_policy_check_name(&b.name, false);
	if (svc_policy_bind_encode(&e, &again, b.badge, b.name.str, b.name.len) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_policy_unbind(const struct svc_msg *m)
{
	uint64_t badge;
	struct svc_msg e;
	int rc;

	memset(&badge, SVC_INPUT_FILL, sizeof(badge));
	rc = svc_policy_unbind_decode(m, &badge);
	if (rc != 0) {
		if (rc != ERR_INVAL)
			abort();
		svc_input_check_untouched(&badge, sizeof(badge));
		return;
	}
	if (badge == 0 || svc_policy_unbind_encode(&e, badge) != 0)
		abort();
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_policy_decide_reply(const struct svc_msg *m)
{
	bool allow;
	int rc;

	memset(&allow, SVC_INPUT_FILL, sizeof(allow));
	rc = svc_policy_decide_reply_decode(m, &allow);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &allow, sizeof(allow));
		return;
	}
	if (allow != (m->w[1] == SVC_POLICY_ALLOW) || m->w[0] != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	struct svc_msg m;

	svc_input_load(data, size, &m, &buf);
	fuzz_policy_decide(&m, &buf);
	fuzz_policy_bind(&m, &buf);
	fuzz_policy_unbind(&m);
	fuzz_policy_decide_reply(&m);
	return 0;
}
