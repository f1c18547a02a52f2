/*
 * Host tests of the thread FIFO queues (kernel/sched/thread_queue.c), which
 * the run queues and every endpoint's callers and receivers are: order,
 * removal from the front, middle and back with head and tail kept right,
 * an empty queue, and a stop on removing a thread that is not queued.
 */
#include <check.h>
#include <signal.h>
#include <stddef.h>

#include "cairn/thread_queue.h"
#include "check_main.h"

static struct thread threads[4];

/* q holding exactly want[0..n), front to back, with its tail the last and every link ending. */
static void expect_queue(const struct thread_queue *q, struct thread *const *want, size_t n)
{
	const struct thread *it = q->head;

	for (size_t i = 0; i < n; i++, it = it->next)
		ck_assert_ptr_eq(it, want[i]);
	ck_assert_ptr_null(it);
	ck_assert_ptr_eq(q->tail, n > 0 ? want[n - 1] : NULL);
}

START_TEST(test_fifo_order)
{
	struct thread_queue q = {0};
	struct thread *all[] = {&threads[0], &threads[1], &threads[2]};

	ck_assert_ptr_null(thread_queue_pop(&q));
	for (size_t i = 0; i < 3; i++)
		thread_queue_push(&q, all[i]);
	expect_queue(&q, all, 3);
	ck_assert_ptr_eq(thread_queue_pop(&q), &threads[0]);
	ck_assert_ptr_null(threads[0].next);
	ck_assert_ptr_eq(thread_queue_pop(&q), &threads[1]);
	ck_assert_ptr_eq(thread_queue_pop(&q), &threads[2]);
	expect_queue(&q, NULL, 0);
	ck_assert_ptr_null(thread_queue_pop(&q));
}
END_TEST

START_TEST(test_remove_keeps_head_and_tail)
{
	struct thread_queue q = {0};

	for (size_t i = 0; i < 4; i++)
		thread_queue_push(&q, &threads[i]);
	thread_queue_remove(&q, &threads[1]); /* the middle */
	expect_queue(&q, (struct thread *[]){&threads[0], &threads[2], &threads[3]}, 3);
	thread_queue_remove(&q, &threads[3]); /* the back: the tail moves */
	expect_queue(&q, (struct thread *[]){&threads[0], &threads[2]}, 2);
	thread_queue_remove(&q, &threads[0]); /* the front: the head moves */
	expect_queue(&q, (struct thread *[]){&threads[2]}, 1);
	thread_queue_remove(&q, &threads[2]); /* the last: empty again */
	expect_queue(&q, NULL, 0);
	thread_queue_push(&q, &threads[1]); /* and usable */
	expect_queue(&q, (struct thread *[]){&threads[1]}, 1);
}
END_TEST

START_TEST(test_a_pushed_thread_drops_a_stale_link)
{
	struct thread_queue q = {0};

	threads[0].next = &threads[3]; /* left over from a queue it was on before */
	thread_queue_push(&q, &threads[0]);
	expect_queue(&q, (struct thread *[]){&threads[0]}, 1);
}
END_TEST

START_TEST(test_removing_a_thread_not_queued_stops)
{
	struct thread_queue q = {0};

	thread_queue_push(&q, &threads[0]);
	thread_queue_remove(&q, &threads[1]); /* a kernel bug: PANIC, which aborts on the host */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("thread_queue");
	TCase *tc = tcase_create("fifo");

	tcase_add_test(tc, test_fifo_order);
	tcase_add_test(tc, test_remove_keeps_head_and_tail);
	tcase_add_test(tc, test_a_pushed_thread_drops_a_stale_link);
	tcase_add_test_raise_signal(tc, test_removing_a_thread_not_queued_stops, SIGABRT);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
