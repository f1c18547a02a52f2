/*
 * Thread FIFO queues (cairn/thread_queue.h): removal from anywhere; push
 * and pop are inline in the header.
 */
#include "cairn/thread_queue.h"

#include "cairn/panic.h"

void thread_queue_remove(struct thread_queue *q, struct thread *t)
{
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
	PANIC("thread %p is not on the queue it should be on", (void *)t);
}
