/*
 * The notification pool and signalling (cairn/ipc.h). A signal ORs bits
 * in; the one waiting thread, if any, takes them all and wakes.
 */
#include "cairn/ipc.h"
#include "cairn/panic.h"
#include "cairn/wait.h"

static struct notification notification_pool[NOTIFICATION_MAX];
static uint64_t notification_next_id = 1;

bool notification_available(void)
{
	for (size_t i = 0; i < NOTIFICATION_MAX; i++) {
		if (!notification_pool[i].used)
			return true;
	}
	return false;
}

struct notification *notification_create(void)
{
	for (size_t i = 0; i < NOTIFICATION_MAX; i++) {
		struct notification *n = &notification_pool[i];

		if (n->used)
			continue;
		*n = (struct notification){.used = true, .refs = 1, .id = notification_next_id++};
		return n;
	}
	return NULL;
}

void notification_ref(struct notification *n)
{
	n->refs++;
}

void notification_unref(struct notification *n)
{
	if (n->refs == 0)
		PANIC("notification %lu has no reference to drop", (unsigned long)n->id);
	if (--n->refs == 0)
		n->used = false;
}

void notification_signal(struct notification *n, uint32_t bits)
{
	struct thread *t = n->waiter;

	n->bits |= bits;
	if (t == NULL)
		return;
	bits = n->bits;
	n->bits = 0;
	wait_wake(t, (int64_t)bits);
}
