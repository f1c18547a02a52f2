/*
 * Blocking, waking, timing out and cancelling waits of every kind
 * (cairn/wait.h). It knows what each kind of wait holds and how to undo it;
 * a wait that is answered ends through wait_answered instead, which undoes
 * nothing (cairn/ipc.h's endpoint_take and ipc_reply_answered).
 */
#include "cairn/wait.h"

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/clock.h"
#include "cairn/ipc.h"
#include "cairn/sched.h"

/* No pending deadline is earlier than this; UINT64_MAX when none is pending. */
static uint64_t wait_earliest = UINT64_MAX;

uint64_t wait_deadline(uint64_t timeout_ns)
{
	uint64_t now = clock_now();
	uint64_t ticks = clock_ticks_from_ns(timeout_ns);

	if (timeout_ns == CAIRN_WAIT_FOREVER)
		return UINT64_MAX;
	return ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;
}

void wait_deadline_pending(uint64_t deadline)
{
	if (deadline < wait_earliest)
		wait_earliest = deadline;
}

void wait_cancel(struct thread *t)
{
	switch (t->wait) {
	case WAIT_PROCESS:
		proc_unref(t->wait_obj);
		break;
	case WAIT_SEND:
		thread_queue_remove(&((struct endpoint *)t->wait_obj)->senders, t);
		endpoint_unref(t->wait_obj, 0);
		break;
	case WAIT_RECV:
		thread_queue_remove(&((struct endpoint *)t->wait_obj)->waiting, t);
		endpoint_unref(t->wait_obj, 0);
		break;
	case WAIT_REPLY: {
		struct thread *server = t->wait_obj;

		server->reply_to = NULL;
		server->reply_lost = true;
		break;
	}
	case WAIT_NOTIFY: {
		struct notification *n = t->wait_obj;

		n->waiter = NULL;
		notification_unref(n);
		break;
	}
	case WAIT_NONE:
		break;
	}
	t->wait = WAIT_NONE;
	t->wait_obj = NULL;
}

void wait_wake(struct thread *t, int64_t a0)
{
	wait_cancel(t);
	t->tf.regs[TRAP_REG_A0] = (uint64_t)a0;
	sched_make_ready(t);
}

struct wait_scan {
	uint64_t now;
	uint64_t next; /* earliest deadline still pending */
};

static void wait_expire_one(struct thread *t, void *ctx)
{
	struct wait_scan *scan = ctx;

	if (t->state != THREAD_BLOCKED || t->wait == WAIT_NONE)
		return; /* not waiting, or answered or cancelled and about to be woken */
	if (t->wait_deadline <= scan->now)
		wait_wake(t, ERR_TIMEOUT);
	else if (t->wait_deadline < scan->next)
		scan->next = t->wait_deadline;
}

void wait_expire(uint64_t now)
{
	struct wait_scan scan = {.now = now, .next = UINT64_MAX};

	if (now < wait_earliest)
		return;
	proc_for_each_thread(wait_expire_one, &scan);
	wait_earliest = scan.next;
}
