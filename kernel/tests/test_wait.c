/*
 * Host tests of blocking, waking, timing out and cancelling waits
 * (kernel/sched/wait.c) with the real endpoints, notifications, queues and
 * clock (clock.c over the host model of the `time` CSR). The scheduler's
 * sched_make_ready is a stand-in that marks the thread READY and counts;
 * process references and the thread walk are over this file's threads.
 *
 * Checked: deadlines from nanoseconds (forever, zero, rounding up,
 * saturation), that wait_expire scans only once the earliest deadline has
 * passed and wakes exactly the threads due with ERR_TIMEOUT, that a
 * cancelled or timed-out wait of each kind gives back what it held (queue
 * place, endpoint, notification and process references, a server's reply
 * claim), an endpoint whose last receiver goes waking everyone queued, and
 * a notification's bits reaching its waiter.
 */
#include <check.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/clock.h"
#include "cairn/ipc.h"
#include "cairn/riscv.h"
#include "cairn/sched.h"
#include "cairn/wait.h"
#include "check_main.h"

#define HZ	   10000000u /* 10 MHz: 100 ns a tick */
#define THREADS	   4
#define BOOT_TICKS 5000u

static struct thread threads[THREADS];
static struct process proc;
static unsigned readied;
static unsigned scans;

void sched_make_ready(struct thread *t)
{
	ck_assert_int_ne(t->state, THREAD_READY);
	t->state = THREAD_READY;
	readied++;
}

void proc_ref(struct process *p)
{
	p->refs++;
}

void proc_unref(struct process *p)
{
	ck_assert_uint_gt(p->refs, 0);
	p->refs--;
}

void proc_for_each_thread(void (*fn)(struct thread *t, void *ctx), void *ctx)
{
	scans++;
	for (int i = 0; i < THREADS; i++)
		fn(&threads[i], ctx);
}

static void setup(void)
{
	memset(threads, 0, sizeof(threads));
	proc = (struct process){.used = true, .refs = 1};
	proc.quota.limit[QUOTA_ENDPOINTS] = 8;
	proc.quota.limit[QUOTA_NOTIFICATIONS] = 8;
	for (int i = 0; i < THREADS; i++)
		threads[i] = (struct thread){.proc = &proc, .state = THREAD_RUNNING};
	readied = 0;
	scans = 0;
	host_csr.time = BOOT_TICKS;
	clock_init(HZ, BOOT_TICKS);
	wait_expire(UINT64_MAX - 1); /* forget any earlier test's pending deadline */
	scans = 0;
}

START_TEST(test_deadlines_from_nanoseconds)
{
	ck_assert_uint_eq(wait_deadline(CAIRN_WAIT_FOREVER), UINT64_MAX);
	ck_assert_uint_eq(wait_deadline(0), BOOT_TICKS);
	ck_assert_uint_eq(wait_deadline(1), BOOT_TICKS + 1);   /* rounded up: never shorter */
	ck_assert_uint_eq(wait_deadline(100), BOOT_TICKS + 1); /* exactly one tick */
	ck_assert_uint_eq(wait_deadline(101), BOOT_TICKS + 2);
	ck_assert_uint_eq(wait_deadline(1000000000), BOOT_TICKS + HZ); /* a second */
	host_csr.time = UINT64_MAX - 10;
	ck_assert_uint_eq(wait_deadline(10000), UINT64_MAX); /* saturates */
	ck_assert_uint_eq(wait_deadline(CAIRN_WAIT_FOREVER - 1), UINT64_MAX);
}
END_TEST

START_TEST(test_expire_scans_only_when_due)
{
	struct thread *a = &threads[0];
	struct thread *b = &threads[1];

	wait_block(a, WAIT_PROCESS, &proc, 100);
	proc_ref(&proc);
	wait_block(b, WAIT_PROCESS, &proc, 200);
	proc_ref(&proc);
	wait_block(&threads[2], WAIT_PROCESS, &proc, UINT64_MAX);
	proc_ref(&proc);
	ck_assert_uint_eq(proc.refs, 4);

	wait_expire(99);
	ck_assert_uint_eq(scans, 0); /* nothing due: no walk over the threads */
	wait_expire(100);
	ck_assert_uint_eq(scans, 1);
	ck_assert_int_eq(a->state, THREAD_READY);
	ck_assert_int_eq((int64_t)a->tf.regs[TRAP_REG_A0], ERR_TIMEOUT);
	ck_assert_int_eq(a->wait, WAIT_NONE);
	ck_assert_ptr_null(a->wait_obj);
	ck_assert_int_eq(b->state, THREAD_BLOCKED);
	ck_assert_uint_eq(proc.refs, 3); /* a's wait gave its reference back */

	wait_expire(199);
	ck_assert_uint_eq(scans, 1); /* the earliest left is 200 */
	wait_expire(500);
	ck_assert_uint_eq(scans, 2);
	ck_assert_int_eq(b->state, THREAD_READY);
	ck_assert_int_eq(threads[2].state, THREAD_BLOCKED); /* forever never comes */
	ck_assert_uint_eq(readied, 2);
	wait_expire(UINT64_MAX - 1);
	ck_assert_uint_eq(scans, 2); /* nothing with a deadline is left */
}
END_TEST

/* A later, earlier deadline still counts: the earliest moves down. */
START_TEST(test_an_earlier_deadline_moves_the_earliest)
{
	wait_block(&threads[0], WAIT_PROCESS, &proc, 300);
	proc_ref(&proc);
	wait_block(&threads[1], WAIT_PROCESS, &proc, 50);
	proc_ref(&proc);
	wait_expire(60);
	ck_assert_uint_eq(scans, 1);
	ck_assert_int_eq(threads[1].state, THREAD_READY);
	ck_assert_int_eq(threads[0].state, THREAD_BLOCKED);
}
END_TEST

static struct endpoint *endpoint_with_receiver(void)
{
	struct endpoint *ep = endpoint_create(&proc);

	ep->receivers = 1;
	return ep;
}

START_TEST(test_queued_waits_cancel_and_time_out)
{
	struct endpoint *ep = endpoint_with_receiver();
	struct thread *s1 = &threads[0];
	struct thread *s2 = &threads[1];
	struct thread *r = &threads[2];

	endpoint_wait_send(ep, s1, 7, 100);
	endpoint_wait_send(ep, s2, 8, UINT64_MAX);
	endpoint_wait_receive(ep, r, 400);
	ck_assert_uint_eq(ep->refs, 4);
	ck_assert_ptr_eq(ep->senders.head, s1);
	ck_assert_uint_eq(s2->send_badge, 8);

	wait_expire(100); /* s1 times out: off the queue, its reference back */
	ck_assert_int_eq((int64_t)s1->tf.regs[TRAP_REG_A0], ERR_TIMEOUT);
	ck_assert_ptr_eq(ep->senders.head, s2);
	ck_assert_ptr_eq(ep->senders.tail, s2);
	ck_assert_uint_eq(ep->refs, 3);

	wait_cancel(s2); /* cancelled: off the queue, still BLOCKED for its caller to settle */
	ck_assert_ptr_null(ep->senders.head);
	ck_assert_ptr_null(ep->senders.tail);
	ck_assert_int_eq(s2->state, THREAD_BLOCKED);
	ck_assert_int_eq(s2->wait, WAIT_NONE);
	ck_assert_uint_eq(ep->refs, 2);

	wait_wake(r, 42);
	ck_assert_ptr_null(ep->waiting.head);
	ck_assert_uint_eq(r->tf.regs[TRAP_REG_A0], 42);
	ck_assert_int_eq(r->state, THREAD_READY);
	ck_assert_uint_eq(ep->refs, 1);
	ck_assert_uint_eq(readied, 2);
}
END_TEST

START_TEST(test_a_cancelled_reply_wait_marks_the_reply_lost)
{
	struct thread *caller = &threads[0];
	struct thread *server = &threads[1];

	ipc_wait_reply(caller, server, 100);
	ck_assert_ptr_eq(server->reply_to, caller);
	wait_expire(100);
	ck_assert_int_eq((int64_t)caller->tf.regs[TRAP_REG_A0], ERR_TIMEOUT);
	ck_assert_ptr_null(server->reply_to);
	ck_assert(server->reply_lost);
}
END_TEST

START_TEST(test_an_answered_reply_is_not_lost)
{
	struct thread *caller = &threads[0];
	struct thread *server = &threads[1];

	ipc_wait_reply(caller, server, 100);
	ipc_reply_answered(server, caller);
	ck_assert_ptr_null(server->reply_to);
	ck_assert(!server->reply_lost);
	ck_assert_int_eq(caller->wait, WAIT_NONE);
	ck_assert_int_eq(caller->state, THREAD_BLOCKED);
	wait_expire(100); /* its old deadline no longer applies */
	ck_assert_int_eq(caller->state, THREAD_BLOCKED);
	ck_assert_uint_eq(readied, 0);
}
END_TEST

START_TEST(test_notification_wait_wakes_with_the_bits)
{
	struct notification *n = notification_create(&proc);
	struct thread *t = &threads[0];

	notification_signal(n, 0x5); /* nobody waits: the bits stay */
	ck_assert_uint_eq(n->bits, 0x5);
	notification_ref(n);
	n->waiter = t;
	wait_block(t, WAIT_NOTIFY, n, UINT64_MAX);
	notification_signal(n, 0x30);
	ck_assert_uint_eq(t->tf.regs[TRAP_REG_A0], 0x35);
	ck_assert_uint_eq(n->bits, 0);
	ck_assert_ptr_null(n->waiter);
	ck_assert_uint_eq(n->refs, 1); /* the wait's reference went */
	ck_assert_int_eq(t->state, THREAD_READY);

	notification_ref(n);
	n->waiter = &threads[1];
	wait_block(&threads[1], WAIT_NOTIFY, n, 10);
	wait_expire(10);
	ck_assert_int_eq((int64_t)threads[1].tf.regs[TRAP_REG_A0], ERR_TIMEOUT);
	ck_assert_ptr_null(n->waiter);
	ck_assert_uint_eq(n->refs, 1);
}
END_TEST

/* The last RECV handle going wakes every queued thread with ERR_PEERDEAD; the endpoint then goes.
 */
START_TEST(test_the_last_receiver_going_wakes_the_queued)
{
	struct endpoint *ep = endpoint_with_receiver();
	uint64_t quota_before = proc.quota.used[QUOTA_ENDPOINTS];

	endpoint_wait_send(ep, &threads[0], 0, UINT64_MAX);
	endpoint_wait_send(ep, &threads[1], 0, UINT64_MAX);
	endpoint_wait_receive(ep, &threads[2], UINT64_MAX);
	endpoint_unref(ep, RIGHT_RECV); /* the creator's handle, the only one with RECV */
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq((int64_t)threads[i].tf.regs[TRAP_REG_A0], ERR_PEERDEAD);
		ck_assert_int_eq(threads[i].state, THREAD_READY);
	}
	ck_assert(!ep->used); /* the woken threads' references were the last */
	ck_assert_uint_eq(proc.quota.used[QUOTA_ENDPOINTS], quota_before - 1);
	ck_assert_uint_eq(proc.refs, 1);
}
END_TEST

static Suite *wait_suite(void)
{
	Suite *s = suite_create("wait");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_deadlines_from_nanoseconds);
	tcase_add_test(tc, test_expire_scans_only_when_due);
	tcase_add_test(tc, test_an_earlier_deadline_moves_the_earliest);
	tcase_add_test(tc, test_queued_waits_cancel_and_time_out);
	tcase_add_test(tc, test_a_cancelled_reply_wait_marks_the_reply_lost);
	tcase_add_test(tc, test_an_answered_reply_is_not_lost);
	tcase_add_test(tc, test_notification_wait_wakes_with_the_bits);
	tcase_add_test(tc, test_the_last_receiver_going_wakes_the_queued);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(wait_suite()));
}
