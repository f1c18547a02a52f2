/*
 * Quota arithmetic (cairn/quota.h). The callers decide what to charge and
 * when; this file only keeps the counts and stops on a count that would go
 * wrong, which only a kernel bug can cause (decode checks the room first).
 */
#include "cairn/quota.h"

#include "cairn/panic.h"

void quota_charge(struct quota *q, enum quota_kind kind, uint64_t n)
{
	if (!quota_has_room(q, kind, n))
		PANIC("quota kind %d: %lu more over the limit", (int)kind, (unsigned long)n);
	q->used[kind] += n;
}

void quota_credit(struct quota *q, enum quota_kind kind, uint64_t n)
{
	if (n > q->used[kind])
		PANIC("quota kind %d: %lu given back, %lu charged", (int)kind, (unsigned long)n,
		      (unsigned long)q->used[kind]);
	q->used[kind] -= n;
}

void quota_from_abi(const struct cairn_quota *a, struct quota *ret)
{
	*ret = (struct quota){.limit = {[QUOTA_PROCESSES] = a->processes,
					[QUOTA_THREADS] = a->threads,
					[QUOTA_ENDPOINTS] = a->endpoints,
					[QUOTA_NOTIFICATIONS] = a->notifications,
					[QUOTA_VMOS] = a->vmos,
					[QUOTA_PAGES] = a->pages}};
}

/* What a child costs its parent, of `kind`: its limit, and for processes its own slot too. */
static uint64_t quota_cost(const struct quota *child, enum quota_kind kind)
{
	return child->limit[kind] + (kind == QUOTA_PROCESSES ? 1 : 0);
}

bool quota_can_give(const struct quota *parent, const struct quota *child)
{
	for (int k = 0; k < QUOTA_KINDS; k++) {
		if (!quota_has_room(parent, (enum quota_kind)k,
				    quota_cost(child, (enum quota_kind)k)))
			return false;
	}
	return true;
}

void quota_give(struct quota *parent, const struct quota *child)
{
	for (int k = 0; k < QUOTA_KINDS; k++)
		quota_charge(parent, (enum quota_kind)k, quota_cost(child, (enum quota_kind)k));
}

void quota_take_back(struct quota *parent, const struct quota *child)
{
	for (int k = 0; k < QUOTA_KINDS; k++)
		quota_credit(parent, (enum quota_kind)k, quota_cost(child, (enum quota_kind)k));
}

bool quota_is_unused(const struct quota *q)
{
	for (int k = 0; k < QUOTA_KINDS; k++) {
		if (q->used[k] != 0)
			return false;
	}
	return true;
}
