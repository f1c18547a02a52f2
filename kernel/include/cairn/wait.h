/*
 * Blocking and waking threads, for every kind of wait (enum thread_wait):
 * process_wait, the IPC queues, a reply, a notification. One place owns the
 * BLOCKED state, the deadlines and the undoing of a wait, so a timeout, a
 * wake-up and the end of a thread treat every kind alike.
 *
 * Deadlines are in timebase ticks (`time`); UINT64_MAX never comes. The
 * scheduler calls wait_expire on its way to pick a thread; it scans the
 * threads only once the earliest pending deadline has passed.
 *
 * Everything here runs under the kernel lock.
 */
#ifndef CAIRN_WAIT_H
#define CAIRN_WAIT_H

#include <stdint.h>

#include "cairn/proc.h"

/* The `time` value `timeout_ns` nanoseconds from now, saturating; CAIRN_WAIT_FOREVER never comes.
 */
uint64_t wait_deadline(uint64_t timeout_ns);

/* Let wait_expire know a wait until `deadline` (not UINT64_MAX) is pending. */
void wait_deadline_pending(uint64_t deadline);

/* Make `t` (not READY) BLOCKED on `obj` for `kind` until `deadline`. The caller queued it. */
static inline void wait_block(struct thread *t, enum thread_wait kind, void *obj, uint64_t deadline)
{
	t->state = THREAD_BLOCKED;
	t->wait = kind;
	t->wait_obj = obj;
	t->wait_deadline = deadline;
	if (deadline != UINT64_MAX)
		wait_deadline_pending(deadline);
}

/*
 * End t's wait without its result: unqueue it and drop what the wait held
 * (the kind's reference; a caller's claim on its server). t stays BLOCKED
 * with wait WAIT_NONE; the caller wakes or frees it.
 */
void wait_cancel(struct thread *t);

/*
 * End t's wait because it was answered (its reply came): nothing is undone
 * or marked lost. t stays BLOCKED with wait WAIT_NONE; the caller delivers
 * the answer and wakes it. The one way both IPC paths end a reply's wait.
 */
static inline void wait_answered(struct thread *t)
{
	t->wait = WAIT_NONE;
	t->wait_obj = NULL;
}

/* End t's wait (if any), answer `a0` and make it READY. */
void wait_wake(struct thread *t, int64_t a0);

/* Wake with ERR_TIMEOUT every thread whose deadline is at or before `now`. */
void wait_expire(uint64_t now);

#endif /* CAIRN_WAIT_H */
