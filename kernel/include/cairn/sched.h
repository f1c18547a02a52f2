/*
 * The scheduler and the kernel lock.
 *
 * One lock (ADR-0004): every entry from user mode takes it first and the
 * way back out releases it, so all kernel state (pools, handle tables,
 * address spaces, run queues) is changed by one hart at a time and every
 * decode/perform pair runs without interference. That is simple and
 * obviously correct; kernel paths are short and bounded, so the lock is
 * held briefly while user code runs in parallel on every hart. Finer locks
 * and per-hart queues come when measurements ask for them.
 *
 * Scheduling: preemptive, by priority (0..CAIRN_PRIORITY_MAX), round robin
 * within a priority: a FIFO per level, the highest non-empty one first.
 * A timer tick sends the running thread to the back of its queue. An idle
 * hart waits in wfi, without the lock; a thread made ready kicks one idle
 * hart with an inter-hart interrupt, so it runs without waiting for a tick,
 * or, when none is idle, the hart running the least important thread below
 * it. No hart returns to user mode with a thread while a more important one
 * is ready: the way out (sched_resume) sends it back to its queue instead,
 * and a hand-off to a thread less important than a ready one becomes an
 * ordinary wake-up (RFC-0010).
 */
#ifndef CAIRN_SCHED_H
#define CAIRN_SCHED_H

#include <stdbool.h>
#include <stddef.h>

#include "cairn/proc.h"
#include "cairn/spinlock.h"
#include "cairn/trap.h"

/*
 * The kernel lock and the ready levels side by side: the IPC fast path
 * (fastpath.S) takes the one and reads the other from one address.
 */
struct sched_core {
	struct spinlock lock;
	uint32_t ready_levels; /* bit p set: a thread of priority p is ready; lock held */
};

extern struct sched_core sched_core;

static inline void klock_acquire(void)
{
	spin_lock(&sched_core.lock);
}

static inline void klock_release(void)
{
	spin_unlock(&sched_core.lock);
}

/* Put `t` at the back of its priority's queue, READY. Lock held. */
void sched_make_ready(struct thread *t);

/* Take `t` off its run queue (it is READY). Lock held. */
void sched_remove(struct thread *t);

/* Whether a thread of a priority above `priority` is ready. Lock held. */
static inline bool sched_ready_above(uint32_t priority)
{
	return (sched_core.ready_levels >> priority) > 1;
}

/*
 * IPC's fast path: the running thread has just blocked, and `t` (woken,
 * on no queue) runs next on this hart without passing through the run
 * queues, unless a more important thread is ready by then: t then queues
 * like any other. Lock held; takes effect in sched_resume.
 */
void sched_handoff(struct hart_ctx *hart, struct thread *t);

/*
 * Run `t`, which is on no queue, on this hart now: the current thread, if
 * any, must already have left RUNNING. Switches address space only when it
 * differs, and releases the lock on the way to user mode.
 */
__attribute__((noreturn)) void sched_switch(struct hart_ctx *hart, struct thread *t);

/* The running thread gives up the hart (tick or yield); it stays READY. Lock held. */
void sched_preempt(struct hart_ctx *hart);

/*
 * Leave the kernel on this hart: keep running the current thread if it is
 * still RUNNING and no more important thread is ready, else pick the next
 * READY one, else idle until there is one.
 * Releases the lock just before returning to user mode. Lock held on entry.
 */
__attribute__((noreturn)) void sched_resume(struct hart_ctx *hart);

/* Enter the scheduler for good on the calling hart (started timer, no lock held). */
__attribute__((noreturn)) void sched_enter(void);

/*
 * Acknowledge a kick (the supervisor software interrupt) on this hart. What
 * it asks for, another look at the run queues, happens on the way out of
 * the kernel anyway.
 */
void sched_take_kick(void);

/*
 * Timebase ticks the online harts have spent idle, summed, up to `now` (a
 * `time` value): the finished waits and the part of each wait under way.
 * Lock held.
 */
uint64_t sched_idle_ticks(uint64_t now);

/* True if every online hart has entered user mode at least once. */
bool sched_every_hart_ran_user(void);

#endif /* CAIRN_SCHED_H */
