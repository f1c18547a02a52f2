/*
 * The kernel lock, the run queues and each hart's way out of the kernel
 * (cairn/sched.h). Waits in process_wait time out here too: every pass
 * through the scheduler asks proc.c to wake the waiters whose deadline has
 * passed.
 */
#include "cairn/sched.h"

#include "cairn/console.h"
#include "cairn/markers.h"
#include "cairn/panic.h"
#include "cairn/riscv.h"
#include "cairn/smp.h"
#include "cairn/spinlock.h"
#include "cairn/timer.h"

#define SSTATUS_SIE (1UL << 1)

static struct spinlock klock;

struct sched_queue {
	struct thread *head;
	struct thread *tail;
};

static struct sched_queue sched_queues[CAIRN_PRIORITY_MAX + 1];

void klock_acquire(void)
{
	spin_lock(&klock);
}

void klock_release(void)
{
	spin_unlock(&klock);
}

void sched_make_ready(struct thread *t)
{
	struct sched_queue *q = &sched_queues[t->priority];

	t->state = THREAD_READY;
	t->next = NULL;
	if (q->tail != NULL)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

void sched_remove(struct thread *t)
{
	struct sched_queue *q = &sched_queues[t->priority];
	struct thread *prev = NULL;

	for (struct thread *it = q->head; it != NULL; prev = it, it = it->next) {
		if (it != t)
			continue;
		if (prev != NULL)
			prev->next = t->next;
		else
			q->head = t->next;
		if (q->tail == t)
			q->tail = prev;
		t->next = NULL;
		return;
	}
	PANIC("thread %p is not on its run queue", (void *)t);
}

static struct thread *sched_pick(void)
{
	for (size_t p = CAIRN_PRIORITY_MAX + 1; p-- > 0;) {
		struct thread *t = sched_queues[p].head;

		if (t != NULL) {
			sched_remove(t);
			return t;
		}
	}
	return NULL;
}

void sched_preempt(struct hart_ctx *hart)
{
	struct thread *t = hart->thread;

	if (t != NULL && t->state == THREAD_RUNNING && !t->doomed)
		sched_make_ready(t);
}

/* Switch this hart to `t`'s address space and return to it; releases the lock. */
__attribute__((noreturn)) static void sched_run(struct hart_ctx *hart, struct thread *t)
{
	uint64_t satp = pte_satp((uint64_t)(uintptr_t)t->proc->root);

	if (!t->started && proc_is_init(t->proc))
		kprintf(MARKER_BOOT_INIT "\n");
	t->started = true;
	t->state = THREAD_RUNNING;
	hart->thread = t;
	hart->user_entries++;
	__asm__ volatile("csrw satp, %0\n\tsfence.vma zero, zero" ::"r"(satp) : "memory");
	klock_release();
	trap_return_to_user(hart, &t->tf);
}

/* Wait for an interrupt with interrupts on and the lock free, then retake it. */
static void sched_idle(void)
{
	klock_release();
	__asm__ volatile("csrs sstatus, %0\n\twfi\n\tcsrc sstatus, %0" ::"r"(SSTATUS_SIE)
			 : "memory");
	klock_acquire();
}

void sched_resume(struct hart_ctx *hart)
{
	struct thread *cur = hart->thread;

	if (cur != NULL && cur->doomed) {
		proc_hart_detach(hart);
		proc_thread_free(cur);
		cur = NULL;
	}
	if (cur != NULL && cur->state == THREAD_RUNNING)
		sched_run(hart, cur);
	if (cur != NULL)
		proc_hart_detach(hart);
	for (;;) {
		proc_expire_waits(riscv_time());
		struct thread *next = sched_pick();

		if (next != NULL)
			sched_run(hart, next);
		sched_idle();
	}
}

void sched_enter(void)
{
	struct hart_ctx *hart = hart_self();

	timer_start_hart();
	klock_acquire();
	sched_resume(hart);
}

bool sched_every_hart_ran_user(void)
{
	for (size_t i = 0; i < smp_online_count(); i++) {
		if (hart_of(i)->user_entries == 0)
			return false;
	}
	return true;
}
