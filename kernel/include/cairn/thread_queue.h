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

/* Put t at the back. Inline: both IPC paths queue through it. */
static inline void thread_queue_push(struct thread_queue *q, struct thread *t)
{
	t->next = NULL;
	if (q->tail != NULL)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

/* Take the front thread off, or NULL when q is empty. */
static inline struct thread *thread_queue_pop(struct thread_queue *q)
{
	struct thread *t = q->head;

	if (t == NULL)
		return NULL;
	q->head = t->next;
	if (q->tail == t)
		q->tail = NULL;
	t->next = NULL;
	return t;
}

/* Take t off q; t must be on it (a kernel bug otherwise). */
void thread_queue_remove(struct thread_queue *q, struct thread *t);

#endif /* CAIRN_THREAD_QUEUE_H */
