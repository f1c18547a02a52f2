/*
 * Host tests of the scheduler's decisions (kernel/sched/sched.c) on two
 * simulated harts, with the real run queues and the host model of the CSRs
 * (kernel/tests/host/cairn/riscv.h). The way to user mode,
 * trap_return_to_user, is a stand-in that records which thread the hart
 * returns to, checks that the kernel lock was released first, and jumps
 * back here (it never returns). Kicks, the floating-point hand-over, the
 * end of a doomed thread and the timeout scan are recorded stand-ins.
 *
 * Checked: priority order and round robin within a level, the ready-level
 * bits, which hart a newly ready thread kicks (an idle one first, else the
 * one running the least important thread below it, else none), a thread
 * going on without a switch, preemption by a more important thread and
 * not by an equal one, a hand-off taken or turned into an ordinary wake-up,
 * a doomed thread's end, the address-space switch only when it changes,
 * and an idle hart's wait, its wake-up and its idle time.
 */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include "cairn/fpu_switch.h"
#include "cairn/riscv.h"
#include "cairn/sched.h"
#include "cairn/smp.h"
#include "cairn/timer.h"
#include "cairn/wait.h"
#include "check_main.h"

#define HARTS	2
#define THREADS 6
#define NOBODY	(-1)

static struct hart_ctx harts[HARTS];
static size_t self; /* the slot of the hart the test runs as */
static struct thread threads[THREADS];
static struct process procs[2];
static _Alignas(PTE_PAGE_SIZE) pte_t roots[2][PTE_PAGE_SIZE / sizeof(pte_t)];
static jmp_buf back;
static int ran; /* the thread trap_return_to_user went to */
static int kicked[HARTS];
static unsigned detached;
static unsigned freed;
static unsigned expired;
static void (*on_idle)(void);

const struct fpu_state fpu_zeros;

struct hart_ctx *hart_self(void)
{
	return &harts[self];
}

struct hart_ctx *hart_of(size_t slot)
{
	ck_assert_uint_lt(slot, HARTS);
	return &harts[slot];
}

size_t smp_hart_count(void)
{
	return HARTS;
}

size_t smp_online_count(void)
{
	return HARTS;
}

void smp_kick(size_t slot)
{
	kicked[slot]++;
}

void fpu_load_for(struct hart_ctx *hart, struct thread *t)
{
	hart->fp_owner = t->fp_used ? (void *)t : (void *)hart;
}

void fpu_save_dirty(struct hart_ctx *hart, struct thread *t)
{
	(void)hart;
	(void)t;
}

void proc_hart_detach(struct hart_ctx *hart)
{
	hart->thread = NULL;
	detached++;
}

void proc_thread_free(struct thread *t)
{
	t->state = THREAD_FREE;
	freed++;
}

void timer_start_hart(void)
{
}

void wait_expire(uint64_t now)
{
	(void)now;
	expired++;
}

static int index_of(const struct thread *t)
{
	for (int i = 0; i < THREADS; i++) {
		if (t == &threads[i])
			return i;
	}
	return NOBODY;
}

void trap_return_to_user(struct hart_ctx *hart, struct trap_frame *tf)
{
	ck_assert_uint_eq(sched_core.lock.locked, 0); /* released on the way out */
	ck_assert_ptr_eq(hart, &harts[self]);
	ran = index_of((const struct thread *)((const char *)tf - offsetof(struct thread, tf)));
	ck_assert_ptr_eq(hart->thread, &threads[ran]);
	longjmp(back, 1);
}

static void idle_hook(void)
{
	host_csr.time += 30; /* the wait lasts 30 ticks */
	if (on_idle != NULL)
		on_idle();
}

static void setup(void)
{
	memset(harts, 0, sizeof(harts));
	memset(threads, 0, sizeof(threads));
	memset(kicked, 0, sizeof(kicked));
	for (size_t i = 0; i < HARTS; i++)
		harts[i].slot = i;
	procs[0].root = roots[0];
	procs[1].root = roots[1];
	procs[0].satp = pte_satp((uint64_t)(uintptr_t)roots[0]);
	procs[1].satp = pte_satp((uint64_t)(uintptr_t)roots[1]);
	for (int i = 0; i < THREADS; i++)
		threads[i] = (struct thread){.proc = &procs[i % 2],
					     .state = THREAD_NEW,
					     .priority = CAIRN_PRIORITY_DEFAULT};
	self = 0;
	ran = NOBODY;
	detached = freed = expired = 0;
	on_idle = NULL;
	host_csr = (struct host_csrs){.time = 1000, .on_wfi = idle_hook};
	sched_core.lock.locked = 0;
}

/* Leave the kernel on this hart (lock taken as every entry takes it); the thread it returns to. */
static int leave(void)
{
	ran = NOBODY;
	if (setjmp(back) == 0) {
		klock_acquire();
		sched_resume(&harts[self]);
	}
	return ran;
}

/* Make thread i the one running on this hart. */
static void running(int i)
{
	threads[i].state = THREAD_RUNNING;
	harts[self].thread = &threads[i];
	host_csr.satp = pte_satp((uint64_t)(uintptr_t)threads[i].proc->root);
}

START_TEST(test_priority_then_fifo)
{
	threads[0].priority = 2;
	threads[1].priority = 6;
	threads[2].priority = 2;
	threads[3].priority = 6;
	for (int i = 0; i < 4; i++)
		sched_make_ready(&threads[i]);
	ck_assert_uint_eq(sched_core.ready_levels, (1u << 2) | (1u << 6));
	ck_assert(sched_ready_above(5));
	ck_assert(!sched_ready_above(6));
	const int order[] = {1, 3, 0, 2};

	for (int i = 0; i < 4; i++) {
		harts[self].thread = NULL;
		ck_assert_int_eq(leave(), order[i]);
		ck_assert_int_eq(threads[order[i]].state, THREAD_RUNNING);
		threads[order[i]].state = THREAD_BLOCKED; /* it waits; the hart picks again */
	}
	ck_assert_uint_eq(sched_core.ready_levels, 0);
}
END_TEST

START_TEST(test_a_ready_thread_kicks_an_idle_hart)
{
	harts[1].idle = true;
	sched_make_ready(&threads[0]);
	ck_assert_int_eq(kicked[1], 1);
	ck_assert(!harts[1].idle); /* counted busy: the next wake-up looks elsewhere */
	sched_make_ready(&threads[1]);
	ck_assert_int_eq(kicked[1], 1); /* hart 1 runs nothing: idle-to-be, priority above all */
}
END_TEST

START_TEST(test_a_ready_thread_preempts_only_a_less_important_hart)
{
	threads[2].state = THREAD_RUNNING;
	threads[2].priority = 3;
	harts[1].thread = &threads[2];
	threads[0].priority = 3;
	sched_make_ready(&threads[0]); /* equal: no kick */
	ck_assert_int_eq(kicked[1], 0);
	threads[1].priority = 5;
	sched_make_ready(&threads[1]); /* above what hart 1 runs */
	ck_assert_int_eq(kicked[1], 1);
	ck_assert_int_eq(kicked[0], 0); /* a hart never kicks itself */
}
END_TEST

START_TEST(test_the_running_thread_goes_on)
{
	running(0);
	threads[1].priority = CAIRN_PRIORITY_DEFAULT;
	sched_make_ready(&threads[1]); /* equal priority: no preemption without a tick */
	ck_assert_int_eq(leave(), 0);
	ck_assert_uint_eq(host_csr.satp_writes, 0);
	ck_assert_int_eq(threads[1].state, THREAD_READY);
}
END_TEST

START_TEST(test_a_more_important_thread_preempts)
{
	running(0);
	threads[1].priority = CAIRN_PRIORITY_DEFAULT + 1;
	sched_make_ready(&threads[1]);
	ck_assert_int_eq(leave(), 1);
	ck_assert_uint_eq(host_csr.satp_writes, 1); /* another process: its tables */
	ck_assert(harts[self].ran_user);
	ck_assert_uint_eq(host_csr.satp, pte_satp((uint64_t)(uintptr_t)procs[1].root));
	ck_assert_int_eq(threads[0].state, THREAD_READY); /* back in its queue */
	ck_assert(sched_ready_above(CAIRN_PRIORITY_DEFAULT - 1));
}
END_TEST

START_TEST(test_a_tick_rotates_equal_threads)
{
	running(0);
	sched_make_ready(&threads[2]); /* same process as 0 */
	sched_preempt(&harts[self]);
	ck_assert_int_eq(leave(), 2);
	ck_assert_uint_eq(host_csr.satp_writes, 0); /* same address space: no switch */
	sched_preempt(&harts[self]);
	ck_assert_int_eq(leave(), 0);
}
END_TEST

START_TEST(test_a_handoff_skips_the_queues)
{
	running(0);
	sched_make_ready(&threads[2]); /* waiting its turn at the same priority */
	threads[0].state = THREAD_BLOCKED;
	threads[1].state = THREAD_BLOCKED;
	sched_handoff(&harts[self], &threads[1]);
	ck_assert_int_eq(leave(), 1);
	ck_assert_ptr_null(harts[self].handoff);
	ck_assert_int_eq(threads[2].state, THREAD_READY); /* still queued */
	ck_assert_uint_eq(expired, 0);			  /* no pass through the queues */
}
END_TEST

START_TEST(test_a_handoff_past_a_more_important_thread_queues)
{
	running(0);
	threads[2].priority = CAIRN_PRIORITY_DEFAULT + 2;
	sched_make_ready(&threads[2]);
	threads[0].state = THREAD_BLOCKED;
	threads[1].state = THREAD_BLOCKED;
	sched_handoff(&harts[self], &threads[1]);
	ck_assert_int_eq(leave(), 2);
	ck_assert_int_eq(threads[1].state, THREAD_READY); /* an ordinary wake-up after all */
	harts[self].thread = NULL;
	threads[2].state = THREAD_BLOCKED;
	ck_assert_int_eq(leave(), 1);
}
END_TEST

START_TEST(test_a_doomed_thread_ends_on_the_way_out)
{
	running(0);
	threads[0].doomed = true;
	sched_make_ready(&threads[3]);
	ck_assert_int_eq(leave(), 3);
	ck_assert_uint_eq(freed, 1);
	ck_assert_int_eq(threads[0].state, THREAD_FREE);
	ck_assert_uint_eq(detached, 1);
}
END_TEST

static void wake_thread_4(void)
{
	klock_acquire(); /* as the interrupt's entry would */
	sched_make_ready(&threads[4]);
	klock_release();
}

START_TEST(test_an_idle_hart_waits_and_counts_its_idle_time)
{
	on_idle = wake_thread_4;
	ck_assert_int_eq(leave(), 4);
	ck_assert_uint_eq(host_csr.wfis, 1);
	ck_assert_uint_eq(harts[self].idle_ticks, 30);
	ck_assert_uint_eq(harts[self].idle_since, 0);
	ck_assert(!harts[self].idle);
	ck_assert_uint_eq(expired, 2); /* the scan before each look at the queues */
	ck_assert_uint_eq(sched_idle_ticks(host_csr.time), 30);
	harts[1].idle_since = host_csr.time - 7; /* hart 1 waits still, since 7 ticks */
	ck_assert_uint_eq(sched_idle_ticks(host_csr.time), 37);
}
END_TEST

START_TEST(test_removing_a_ready_thread_clears_its_level)
{
	threads[0].priority = 1;
	sched_make_ready(&threads[0]);
	ck_assert(sched_ready_above(0));
	sched_remove(&threads[0]);
	ck_assert_uint_eq(sched_core.ready_levels, 0);
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_priority_then_fifo);
	tcase_add_test(tc, test_a_ready_thread_kicks_an_idle_hart);
	tcase_add_test(tc, test_a_ready_thread_preempts_only_a_less_important_hart);
	tcase_add_test(tc, test_the_running_thread_goes_on);
	tcase_add_test(tc, test_a_more_important_thread_preempts);
	tcase_add_test(tc, test_a_tick_rotates_equal_threads);
	tcase_add_test(tc, test_a_handoff_skips_the_queues);
	tcase_add_test(tc, test_a_handoff_past_a_more_important_thread_queues);
	tcase_add_test(tc, test_a_doomed_thread_ends_on_the_way_out);
	tcase_add_test(tc, test_an_idle_hart_waits_and_counts_its_idle_time);
	tcase_add_test(tc, test_removing_a_ready_thread_clears_its_level);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(sched_suite()));
}
