/*
 * The endpoint pool and reference counts (cairn/ipc.h).
 * When the last handle with RIGHT_RECV closes, no one can ever receive
 * again: every queued thread wakes with ERR_PEERDEAD.
 */
#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/panic.h"
#include "cairn/wait.h"

static struct endpoint endpoint_pool[ENDPOINT_MAX];
static uint64_t endpoint_next_id = 1;

static struct endpoint *endpoint_free_slot(void)
{
	for (size_t i = 0; i < ENDPOINT_MAX; i++) {
		if (!endpoint_pool[i].used)
			return &endpoint_pool[i];
	}
	return NULL;
}

bool endpoint_available(const struct process *account)
{
	return endpoint_free_slot() != NULL && quota_has_room(&account->quota, QUOTA_ENDPOINTS, 1);
}

struct endpoint *endpoint_create(struct process *account)
{
	struct endpoint *ep = endpoint_free_slot();

	if (ep == NULL)
		PANIC("decode promised an endpoint slot");
	quota_charge(&account->quota, QUOTA_ENDPOINTS, 1);
	proc_ref(account);
	*ep = (struct endpoint){
		.used = true, .refs = 1, .id = endpoint_next_id++, .account = account};
	return ep;
}

struct thread *endpoint_take(struct endpoint *ep, struct thread_queue *q)
{
	struct thread *t = thread_queue_pop(q);

	if (t == NULL)
		PANIC("endpoint %lu: no thread to take", (unsigned long)ep->id);
	wait_answered(t);
	endpoint_unref(ep, 0);
	return t;
}

/* No receiver is left: wake everyone queued, they would wait forever. */
static void endpoint_orphan(struct endpoint *ep)
{
	struct thread *t;

	ep->refs++; /* the woken threads' references go while we still use ep */
	while ((t = ep->senders.head) != NULL)
		wait_wake(t, ERR_PEERDEAD);
	while ((t = ep->waiting.head) != NULL)
		wait_wake(t, ERR_PEERDEAD);
	ep->refs--;
}

void endpoint_unref(struct endpoint *ep, uint32_t rights)
{
	if (ep->refs == 0)
		PANIC("endpoint %lu has no reference to drop", (unsigned long)ep->id);
	if ((rights & RIGHT_RECV) != 0 && --ep->receivers == 0)
		endpoint_orphan(ep);
	if (--ep->refs != 0)
		return;
	struct process *account = ep->account;

	*ep = (struct endpoint){0};
	quota_credit(&account->quota, QUOTA_ENDPOINTS, 1);
	proc_unref(account);
}
