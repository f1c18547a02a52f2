/*
 * FIFO queues of threads, linked through thread.next: the scheduler's run
 * queues and an endpoint's callers and receivers. A thread is on at most
 * one queue at a time. Under the kernel lock.
 */
#ifndef CAIRN_THREAD_QUEUE_H
#define CAIRN_THREAD_QUEUE_H

#include "cairn/proc.h"

struct thread_queue {
	struct thread *head;
	struct thread *tail;
};

/* Put t at the back. */
void thread_queue_push(struct thread_queue *q, struct thread *t);

/* Take the front thread off, or NULL when q is empty. */
struct thread *thread_queue_pop(struct thread_queue *q);

/* Take t off q; t must be on it (a kernel bug otherwise). */
void thread_queue_remove(struct thread_queue *q, struct thread *t);

#endif /* CAIRN_THREAD_QUEUE_H */
