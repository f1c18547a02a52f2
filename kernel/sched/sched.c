/*
 * The kernel lock, the run queues and each hart's way out of the kernel
 * (cairn/sched.h). Waits in process_wait time out here too: every pass
 * through the scheduler asks proc.c to wake the waiters whose deadline has
 * passed. Making a thread ready kicks one idle hart awake to run it.
 */
#include "cairn/sched.h"

#include "cairn/fpu_switch.h"
#include "cairn/riscv.h"
#include "cairn/smp.h"
#include "cairn/spinlock.h"
#include "cairn/thread_queue.h"
#include "cairn/timer.h"
#include "cairn/wait.h"

struct sched_core sched_core;

static struct thread_queue sched_queues[CAIRN_PRIORITY_MAX + 1];

/* The priority of what hart `h` runs: one above the top when idle or about to pick. */
static uint32_t sched_running_priority(const struct hart_ctx *h)
{
	const struct thread *cur = h->thread;

	return cur != NULL && cur->state == THREAD_RUNNING ? cur->priority : CAIRN_PRIORITY_MAX + 1;
}

/*
 * Get another hart to look at the run queues for `t`, just made ready: an
 * idle one, the next after this hart in slot order so the work spreads
 * (counted busy, so the next ready thread wakes another); failing that, the
 * other hart running the least important thread below t's priority, which
 * preempts it on its way back to user mode. This hart looks again on its
 * own way out; a kick to another as well covers one call that wakes
 * several threads. Lock held.
 */
static void sched_kick_for(const struct thread *t)
{
	size_t count = smp_hart_count(); /* a slot whose hart never started is never idle */
	size_t self = hart_self()->slot;
	struct hart_ctx *lowest = NULL;

	for (size_t n = 1; n < count; n++) {
		struct hart_ctx *h = hart_of((self + n) % count);

		if (h->idle) {
			h->idle = false;
			smp_kick(h->slot);
			return;
		}
		if (lowest == NULL || sched_running_priority(h) < sched_running_priority(lowest))
			lowest = h;
	}
	if (lowest != NULL && sched_running_priority(lowest) < t->priority)
		smp_kick(lowest->slot);
}

/* Put `t` at the back of its queue, READY, and wake no one. */
static void sched_enqueue(struct thread *t)
{
	t->state = THREAD_READY;
	thread_queue_push(&sched_queues[t->priority], t);
	sched_core.ready_levels |= 1u << t->priority;
}

/* Clear level p's bit once its queue is empty. */
static void sched_level_check(uint32_t p)
{
	if (sched_queues[p].head == NULL)
		sched_core.ready_levels &= ~(1u << p);
}

void sched_make_ready(struct thread *t)
{
	sched_enqueue(t);
	sched_kick_for(t);
}

void sched_remove(struct thread *t)
{
	thread_queue_remove(&sched_queues[t->priority], t);
	sched_level_check(t->priority);
}

static struct thread *sched_pick(void)
{
	for (size_t p = CAIRN_PRIORITY_MAX + 1; p-- > 0;) {
		struct thread *t = thread_queue_pop(&sched_queues[p]);

		if (t != NULL) {
			sched_level_check((uint32_t)p);
			return t;
		}
	}
	return NULL;
}

void sched_handoff(struct hart_ctx *hart, struct thread *t)
{
	t->state = THREAD_READY;
	hart->handoff = t;
}

void sched_preempt(struct hart_ctx *hart)
{
	struct thread *t = hart->thread;

	/* No kick: this hart is about to pick again, and any idle hart was kicked already. */
	if (t != NULL && t->state == THREAD_RUNNING && !t->doomed)
		sched_enqueue(t);
}

/* Switch this hart to `t`'s address space (if not there) and return to it; releases the lock. */
void sched_switch(struct hart_ctx *hart, struct thread *t)
{
	uint64_t satp = t->proc->satp;

	t->state = THREAD_RUNNING;
	hart->thread = t;
	hart->ran_user = true;
	if (riscv_satp() != satp)
		riscv_satp_switch(satp);
	klock_release();
	fpu_enter(hart, t);
	trap_return_to_user(hart, &t->tf);
}

/*
 * Wait for an interrupt with the lock free, then retake it. wfi runs with
 * interrupts off: a kick that lands after the lock is dropped stays pending
 * and ends the wfi at once, instead of being taken (and cleared) just before
 * it, which would leave the hart asleep until its next tick. The short
 * window after it takes whatever is pending through trap_from_kernel.
 */
static void sched_idle(struct hart_ctx *hart)
{
	hart->idle = true;
	hart->idle_since = riscv_time();
	klock_release();
	riscv_wfi();
	riscv_sstatus_set(RISCV_SSTATUS_SIE);
	riscv_sstatus_clear(RISCV_SSTATUS_SIE);
	klock_acquire();
	hart->idle = false;
	hart->idle_ticks += riscv_time() - hart->idle_since;
	hart->idle_since = 0;
}

uint64_t sched_idle_ticks(uint64_t now)
{
	uint64_t total = 0;

	for (size_t i = 0; i < smp_hart_count(); i++) {
		const struct hart_ctx *h = hart_of(i);

		total += h->idle_ticks +
			 (h->idle_since != 0 && now > h->idle_since ? now - h->idle_since : 0);
	}
	return total;
}

void sched_resume(struct hart_ctx *hart)
{
	struct thread *cur = hart->thread;
	struct thread *next = hart->handoff;

	if (next == NULL && cur != NULL && cur->state == THREAD_RUNNING && !cur->doomed &&
	    !sched_ready_above(cur->priority)) {
		/* The common case: the same thread goes on, in the same address space. */
		klock_release();
		fpu_enter(hart, cur);
		trap_return_to_user(hart, &cur->tf);
	}
	hart->handoff = NULL;
	if (cur != NULL && cur->doomed) {
		proc_hart_detach(hart);
		proc_thread_free(cur);
		cur = NULL;
	}
	if (next != NULL &&
	    (next->state != THREAD_READY || (cur != NULL && cur->state == THREAD_RUNNING) ||
	     sched_ready_above(next->priority))) {
		if (next->state == THREAD_READY)
			sched_make_ready(next); /* no handoff after all: it queues like any other */
		next = NULL;
	}
	if (cur != NULL && cur->state == THREAD_RUNNING) {
		if (!sched_ready_above(cur->priority))
			sched_switch(hart, cur);
		sched_make_ready(
			cur); /* a more important one is ready: cur queues, maybe elsewhere */
	}
	if (next != NULL)
		sched_switch(hart,
			     next); /* same hart, maybe same address space: no detour via idle */
	if (cur != NULL)
		proc_hart_detach(hart);
	for (;;) {
		wait_expire(riscv_time());
		struct thread *picked = sched_pick();

		if (picked != NULL)
			sched_switch(hart, picked);
		sched_idle(hart);
	}
}

void sched_enter(void)
{
	struct hart_ctx *hart = hart_self();

	timer_start_hart();
	riscv_sie_set(RISCV_SIE_SSIE | RISCV_SIE_SEIE);
	/* User mode may read cycle, time and instret: `just bench` counts with instret. */
	riscv_scounteren_write(RISCV_SCOUNTEREN_CY_TM_IR);
	klock_acquire();
	sched_resume(hart);
}

void sched_take_kick(void)
{
	riscv_sip_clear(RISCV_SIP_SSIP);
}

bool sched_every_hart_ran_user(void)
{
	for (size_t i = 0; i < smp_online_count(); i++) {
		if (!hart_of(i)->ran_user)
			return false;
	}
	return true;
}
