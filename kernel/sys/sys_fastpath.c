/*
 * The IPC fast path (RFC-0005, "Speed"): ipc_call and ipc_reply_recv with a
 * message of words only and no time limit, when the other side is already
 * waiting, go straight from the trap to the other thread, without the
 * generic dispatch, transfer, wait and run-queue code. Decode checks every
 * condition and changes nothing; when one fails the call takes the generic
 * path (sys_dispatch), which gives the same result the slow way. Perform
 * does what the generic path would: the same registers, queues and wait
 * states, ending in sched_switch. Every state change goes through the
 * helpers the generic path uses (cairn/ipc.h): endpoint_take,
 * ipc_deliver_regs, ipc_wait_reply, ipc_reply_answered and
 * endpoint_wait_receive. kernel/tests/test_ipc_paths.c runs both paths on
 * the same threads and compares what they leave.
 */
#include "cairn/ipc.h"
#include "cairn/sched.h"
#include "cairn/sys.h"
#include "cairn/sys_call.h"
#include "cairn/wait.h"

#define FAST_INFO_MASK (~(uint64_t)CAIRN_IPC_TAG_MASK) /* no data, no handles, valid */

/* The entry of the endpoint handle `h` in t's table with `right`, or NULL. */
static const struct handle_entry *fast_endpoint(const struct thread *t, uint64_t h, uint32_t right)
{
	const struct handle_entry *e = handle_entry_of(&t->proc->handles, sys_handle_arg(h));

	if (e == NULL || e->kind != KIND_ENDPOINT || (e->rights & right) == 0)
		return NULL;
	return e;
}

/* ipc_call to a receiver that waits: it runs at once with the message, t waits for the reply. */
static bool fast_call(struct hart_ctx *hart, struct thread *t)
{
	const uint64_t *a = &t->tf.regs[TRAP_REG_A0];
	const struct handle_entry *e = fast_endpoint(t, a[CAIRN_IPC_REG_HANDLE], RIGHT_SEND);
	struct endpoint *ep = e != NULL ? e->obj : NULL;
	struct thread *r;

	if (ep == NULL || (a[CAIRN_IPC_REG_INFO] & FAST_INFO_MASK) != 0 ||
	    a[CAIRN_IPC_REG_TIMEOUT] != CAIRN_WAIT_FOREVER || ep->receivers == 0 ||
	    (r = ep->waiting.head) == NULL || sched_ready_above(r->priority))
		return false;
	uint64_t badge = e->badge;

	(void)endpoint_take(ep, &ep->waiting);
	ipc_deliver_regs(r, a[CAIRN_IPC_REG_INFO], &a[CAIRN_IPC_REG_WORD0], badge);
	ipc_wait_reply(t, r, UINT64_MAX);
	sched_switch(hart, r);
}

/* ipc_reply_recv with no caller queued: the caller runs at once with the reply, t waits. */
static bool fast_reply_recv(struct hart_ctx *hart, struct thread *t)
{
	const uint64_t *a = &t->tf.regs[TRAP_REG_A0];
	const struct handle_entry *e = fast_endpoint(t, a[CAIRN_IPC_REG_HANDLE], RIGHT_RECV);
	struct endpoint *ep = e != NULL ? e->obj : NULL;
	struct thread *caller = t->reply_to;

	if (ep == NULL || caller == NULL || (a[CAIRN_IPC_REG_INFO] & FAST_INFO_MASK) != 0 ||
	    a[CAIRN_IPC_REG_TIMEOUT] != CAIRN_WAIT_FOREVER || ep->senders.head != NULL ||
	    sched_ready_above(caller->priority))
		return false;
	ipc_reply_answered(t, caller);
	ipc_deliver_regs(caller, a[CAIRN_IPC_REG_INFO], &a[CAIRN_IPC_REG_WORD0], 0);
	t->reply_lost = false;
	endpoint_wait_receive(ep, t, UINT64_MAX);
	sched_switch(hart, caller);
}

/* Called for ipc_call and ipc_reply_recv only (trap_from_user checks the number). */
bool sys_fastpath(struct hart_ctx *hart, struct thread *t)
{
	if (t->tf.regs[TRAP_REG_A7] == SYS_ipc_call)
		return fast_call(hart, t);
	return fast_reply_recv(hart, t);
}
