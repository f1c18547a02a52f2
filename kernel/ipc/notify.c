/*
 * The notification pool and signalling (cairn/ipc.h). A signal ORs bits
 * in; the one waiting thread, if any, takes them all and wakes.
 */
#include "cairn/ipc.h"
#include "cairn/panic.h"
#include "cairn/wait.h"

static struct notification notification_pool[NOTIFICATION_MAX];
static uint64_t notification_next_id = 1;

static struct notification *notification_free_slot(void)
{
	for (size_t i = 0; i < NOTIFICATION_MAX; i++) {
		if (!notification_pool[i].used)
			return &notification_pool[i];
	}
	return NULL;
}

bool notification_available(const struct process *account)
{
	return notification_free_slot() != NULL &&
	       quota_has_room(&account->quota, QUOTA_NOTIFICATIONS, 1);
}

struct notification *notification_create(struct process *account)
{
	struct notification *n = notification_free_slot();

	if (n == NULL)
		PANIC("decode promised a notification slot");
	quota_charge(&account->quota, QUOTA_NOTIFICATIONS, 1);
	proc_ref(account);
	*n = (struct notification){
		.used = true, .refs = 1, .id = notification_next_id++, .account = account};
	return n;
}

void notification_ref(struct notification *n)
{
	n->refs++;
}

void notification_unref(struct notification *n)
{
	if (n->refs == 0)
		PANIC("notification %lu has no reference to drop", (unsigned long)n->id);
	if (--n->refs != 0)
		return;
	struct process *account = n->account;

	*n = (struct notification){0};
	quota_credit(&account->quota, QUOTA_NOTIFICATIONS, 1);
	proc_unref(account);
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
