/*
 * Per-process handle tables (RFC-0003, RFC-0004). A table has a fixed number
 * of slots; each live slot names one kernel object with a kind and a rights
 * mask. A handle value is slot | generation << HANDLE_SLOT_BITS: the
 * generation of a slot moves on every time the slot is freed, so a handle
 * kept after close is refused even once the slot holds something else.
 *
 * Pure: no locks, no output, no allocation. The caller holds whatever lock
 * guards the table across a decode and its perform. Every operation that can
 * fail is split in two: *_decode checks everything and changes nothing, and
 * *_perform applies the plan and cannot fail.
 *
 * Object lifetime: a table may be given a pair of reference hooks. A slot
 * owns one reference to its object. handle_install takes over a reference
 * the caller already holds; handle_dup_perform takes a new one (ref);
 * closing a slot gives its reference back (unref), and the unref hook frees
 * the object when that was the last one. The hooks run with the caller's
 * table lock held, so they must not take it again. NULL hooks mean the
 * objects' lifetime is managed elsewhere (the host tests count with them).
 */
#ifndef CAIRN_HANDLE_H
#define CAIRN_HANDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"

#define HANDLE_TABLE_SLOTS 64u
#define HANDLE_SLOT_BITS   8u
#define HANDLE_SLOT_MASK   ((1u << HANDLE_SLOT_BITS) - 1)
/* Generations run 1..HANDLE_GEN_MAX and wrap to 1: a handle is never 0 and bit 31 stays clear. */
#define HANDLE_GEN_MAX ((1u << (31 - HANDLE_SLOT_BITS)) - 1)

_Static_assert(HANDLE_TABLE_SLOTS <= HANDLE_SLOT_MASK + 1, "slot index fits the slot bits");
_Static_assert((HANDLE_TABLE_SLOTS & (HANDLE_TABLE_SLOTS - 1)) == 0,
	       "a power of two: a handle's low bits pick its slot");

/*
 * Reference hooks, one pair per table. Either may be NULL. They see the
 * rights of the slot gaining or losing the reference, so an object can count
 * the holders of one right (an endpoint counts its receivers).
 */
struct handle_obj_ops {
	void (*ref)(enum cairn_kind kind, uint32_t rights, void *obj);
	void (*unref)(enum cairn_kind kind, uint32_t rights, void *obj);
};

/* What a live slot holds. kind is KIND_NONE only in a free slot. */
struct handle_entry {
	enum cairn_kind kind;
	uint32_t rights; /* RIGHT_* mask, within RIGHTS_ALL */
	void *obj;
	uint64_t badge; /* endpoint handles: the badge messages sent through it carry; else 0 */
};

struct handle_slot {
	struct handle_entry entry;
	cairn_handle_t handle; /* the handle that names this slot now or next: its generation */
};

struct handle_table {
	struct handle_slot slots[HANDLE_TABLE_SLOTS];
	const struct handle_obj_ops *ops; /* may be NULL */
	uint32_t used;			  /* live slots */
};

/* What handle_close_decode checked; handle_close_perform applies it. */
struct handle_close_plan {
	uint32_t slot;
};

/* What handle_dup_decode checked; handle_dup_perform applies it. */
struct handle_dup_plan {
	uint32_t src_slot;
	uint32_t dst_slot;
	uint32_t rights;
};

/*
 * The live entry `h` names, or NULL. One comparison checks bit 31, the
 * generation and the slot range at once: the slot at h's low bits (modulo
 * the table size) holds the one handle that names it, which has bit 31
 * clear, a generation in 1..HANDLE_GEN_MAX and that slot's own index, so any
 * other value differs from it. The IPC fast path (fastpath.S) makes the same
 * comparison; handle_lookup and every other call find slots through here.
 */
static inline const struct handle_entry *handle_entry_of(const struct handle_table *table,
							 cairn_handle_t h)
{
	const struct handle_slot *s = &table->slots[h % HANDLE_TABLE_SLOTS];

	if (s->entry.kind == KIND_NONE || s->handle != h)
		return NULL;
	return &s->entry;
}

/* Empty every slot and set the generations to 1. `ops` may be NULL; it must outlive the table. */
void handle_table_init(struct handle_table *table, const struct handle_obj_ops *ops);

/*
 * Find the live entry `h` names and copy it to *ret_entry. `kind` KIND_NONE
 * accepts any kind; `needed` is the RIGHT_* mask the caller needs (0 for
 * none). Returns 0, ERR_BADHANDLE (0, bit 31 set, slot out of range, slot
 * free, generation stale), ERR_WRONGTYPE or ERR_DENIED, checked in that order.
 */
int handle_lookup(const struct handle_table *table, cairn_handle_t h, enum cairn_kind kind,
		  uint32_t needed, struct handle_entry *ret_entry);

/* How many more handles the table can hold. */
size_t handle_free_count(const struct handle_table *table);

/* 0 when handle_install has a free slot, ERR_NOSPC when the table is full. */
int handle_alloc_check(const struct handle_table *table);

/*
 * Put `obj` in a free slot with `kind` (not KIND_NONE) and `rights` (masked to
 * RIGHTS_ALL), taking over one reference the caller holds, and return the new
 * handle. Precondition: handle_alloc_check returned 0 under the same lock.
 * On a broken precondition it changes nothing and returns
 * CAIRN_HANDLE_INVALID, which the caller treats as a kernel bug.
 */
cairn_handle_t handle_install(struct handle_table *table, enum cairn_kind kind, uint32_t rights,
			      void *obj);

/*
 * handle_install for a whole entry (kind, rights, object and badge), taking
 * over one reference the caller holds. Same precondition and failure.
 */
cairn_handle_t handle_install_entry(struct handle_table *table, const struct handle_entry *e);

/*
 * Empty the live slot `h` names without giving back its reference, which
 * passes to the caller with the entry (a handle moving to another table).
 * Precondition: handle_lookup accepted `h` under the same lock.
 */
void handle_take(struct handle_table *table, cairn_handle_t h, struct handle_entry *ret_entry);

/* Check that `h` names a live slot. Returns 0 or ERR_BADHANDLE. */
int handle_close_decode(const struct handle_table *table, cairn_handle_t h,
			struct handle_close_plan *ret_plan);

/* Free the slot (its generation moves on) and give back its reference. */
void handle_close_perform(struct handle_table *table, const struct handle_close_plan *plan);

/*
 * Check that `h` may be duplicated with `new_rights`. Returns 0, or
 * ERR_BADHANDLE, ERR_INVAL (bits outside RIGHTS_ALL), ERR_DENIED (no
 * RIGHT_DUP, or a right `h` does not hold), ERR_NOSPC (table full), checked
 * in that order.
 */
int handle_dup_decode(const struct handle_table *table, cairn_handle_t h, uint32_t new_rights,
		      struct handle_dup_plan *ret_plan);

/* Install the duplicate (same badge), taking a new reference, and return its handle. */
cairn_handle_t handle_dup_perform(struct handle_table *table, const struct handle_dup_plan *plan);

/* Close every live slot (process teardown), giving back each reference. */
void handle_table_close_all(struct handle_table *table);

#endif /* CAIRN_HANDLE_H */
