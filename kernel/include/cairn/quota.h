/*
 * Quotas (RFC-0010): what may be charged to one process at once, by kind.
 * A process's limits come from its spawner (struct cairn_quota), and the
 * whole of them is charged to the spawner while the child's slot lives, so
 * the quotas of a spawn tree never add up to more than its root's. init's
 * root quota is the whole of every pool and of the memory free when it is
 * made: no process can take what another was given.
 *
 * Decode asks quota_has_room; perform charges, which cannot fail; freeing
 * the thing credits the same process. Everything runs under the kernel lock.
 */
#ifndef CAIRN_QUOTA_H
#define CAIRN_QUOTA_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"

enum quota_kind {
	QUOTA_PROCESSES,
	QUOTA_THREADS,
	QUOTA_ENDPOINTS,
	QUOTA_NOTIFICATIONS,
	QUOTA_VMOS,
	QUOTA_PAGES,
	QUOTA_KINDS
};

struct quota {
	uint64_t limit[QUOTA_KINDS];
	uint64_t used[QUOTA_KINDS];
};

/* Whether `n` more of `kind` fit in q. */
static inline bool quota_has_room(const struct quota *q, enum quota_kind kind, uint64_t n)
{
	return n <= q->limit[kind] - q->used[kind];
}

/* Charge n of kind to q; decode made sure it fits. */
void quota_charge(struct quota *q, enum quota_kind kind, uint64_t n);

/* Give back n of kind that was charged to q. */
void quota_credit(struct quota *q, enum quota_kind kind, uint64_t n);

/* Limits from the ABI's form, nothing used. */
void quota_from_abi(const struct cairn_quota *a, struct quota *ret);

/* Whether `parent` can give a child `child`'s limits, plus the child's own slot. */
bool quota_can_give(const struct quota *parent, const struct quota *child);

/* Charge `child`'s limits and one process to parent; quota_can_give said yes. */
void quota_give(struct quota *parent, const struct quota *child);

/* Give `child`'s limits and its process back to parent. */
void quota_take_back(struct quota *parent, const struct quota *child);

/* Whether nothing is charged to q any more. */
bool quota_is_unused(const struct quota *q);

#endif /* CAIRN_QUOTA_H */
