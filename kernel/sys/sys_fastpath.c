/*
 * The IPC fast path (RFC-0005, "Speed"): ipc_call and ipc_reply_recv with a
 * message of words only and no time limit, when the other side is already
 * waiting, go straight from the trap to the other thread, without the
 * generic dispatch, transfer, wait and run-queue code. Decode checks every
 * condition and changes nothing; when one fails the call takes the generic
 * path (sys_dispatch), which gives the same result the slow way. Perform
 * does what the generic path would: the same registers, queues and wait
 * states, ending in sched_switch.
 */
#include "cairn/ipc.h"
#include "cairn/sched.h"
#include "cairn/sys.h"
#include "cairn/sys_call.h"

#define FAST_INFO_MASK (~(uint64_t)CAIRN_IPC_TAG_MASK) /* no data, no handles, valid */

/* The entry of the endpoint handle `h` in t's table with `right`, or NULL. */
static const struct handle_entry *fast_endpoint(const struct thread *t, uint64_t h, uint32_t right)
{
	const struct handle_entry *e = handle_entry_of(&t->proc->handles, sys_handle_arg(h));

	if (e == NULL || e->kind != KIND_ENDPOINT || (e->rights & right) == 0)
		return NULL;
	return e;
}

/* Write a words-only message from `from`'s registers into `to`'s, with `badge`. */
static void fast_deliver(const struct thread *from, struct thread *to, uint64_t badge)
{
	const uint64_t *in = &from->tf.regs[TRAP_REG_A0];
	uint64_t *out = &to->tf.regs[TRAP_REG_A0];

	out[CAIRN_IPC_REG_STATUS] = 0;
	out[CAIRN_IPC_REG_INFO] = in[CAIRN_IPC_REG_INFO];
	for (uint32_t i = 0; i < CAIRN_IPC_WORDS; i++)
		out[CAIRN_IPC_REG_WORD0 + i] = in[CAIRN_IPC_REG_WORD0 + i];
	out[CAIRN_IPC_REG_BADGE] = badge;
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

	ep->waiting.head = r->next;
	if (ep->waiting.tail == r)
		ep->waiting.tail = NULL;
	r->next = NULL;
	ep->refs--; /* r's wait reference; t's handle keeps ep alive */
	r->wait = WAIT_NONE;
	r->wait_obj = NULL;
	fast_deliver(t, r, badge);
	r->reply_to = t;
	t->state = THREAD_BLOCKED;
	t->wait = WAIT_REPLY;
	t->wait_obj = r;
	t->wait_deadline = UINT64_MAX;
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
	fast_deliver(t, caller, 0);
	caller->wait = WAIT_NONE;
	caller->wait_obj = NULL;
	t->reply_to = NULL;
	t->reply_lost = false;
	ep->refs++; /* t's wait reference */
	thread_queue_push(&ep->waiting, t);
	t->state = THREAD_BLOCKED;
	t->wait = WAIT_RECV;
	t->wait_obj = ep;
	t->wait_deadline = UINT64_MAX;
	sched_switch(hart, caller);
}

/* Called for ipc_call and ipc_reply_recv only (trap_from_user checks the number). */
bool sys_fastpath(struct hart_ctx *hart, struct thread *t)
{
	if (t->tf.regs[TRAP_REG_A7] == SYS_ipc_call)
		return fast_call(hart, t);
	return fast_reply_recv(hart, t);
}
