/*
 * Handle tables: slot allocation, handle encoding and the checks every system
 * call makes before it touches an object (see cairn/handle.h for the
 * contract). This file owns the slot array and the generations (each slot
 * keeps the handle that names it now or next); it does not
 * know what the objects are, and leaves locking and lifetime to its callers
 * and their reference hooks.
 */
#include "cairn/handle.h"

#include "cairn/abi/errors.h"

static cairn_handle_t handle_encode(uint32_t slot, uint32_t gen)
{
	return (gen << HANDLE_SLOT_BITS) | slot;
}

static bool handle_slot_is_live(const struct handle_slot *s)
{
	return s->entry.kind != KIND_NONE;
}

/* The slot index `h` names, when `h` is a live handle of this table; -1 otherwise. */
static int handle_slot_of(const struct handle_table *table, cairn_handle_t h)
{
	return handle_entry_of(table, h) != NULL ? (int)(h & HANDLE_SLOT_MASK) : -1;
}

/* The first free slot, or -1 when the table is full. */
static int handle_free_slot(const struct handle_table *table)
{
	for (uint32_t i = 0; i < HANDLE_TABLE_SLOTS; i++) {
		if (!handle_slot_is_live(&table->slots[i]))
			return (int)i;
	}
	return -1;
}

static void handle_obj_ref(const struct handle_table *table, const struct handle_entry *e)
{
	if (table->ops != NULL && table->ops->ref != NULL)
		table->ops->ref(e->kind, e->rights, e->obj);
}

static void handle_obj_unref(const struct handle_table *table, const struct handle_entry *e)
{
	if (table->ops != NULL && table->ops->unref != NULL)
		table->ops->unref(e->kind, e->rights, e->obj);
}

/* Fill a free slot and return its handle. */
static cairn_handle_t handle_fill(struct handle_table *table, uint32_t slot, enum cairn_kind kind,
				  uint32_t rights, void *obj, uint64_t badge)
{
	struct handle_slot *s = &table->slots[slot];

	s->entry.kind = kind;
	s->entry.rights = rights & RIGHTS_ALL;
	s->entry.obj = obj;
	s->entry.badge = badge;
	table->used++;
	return s->handle;
}

/* Empty a live slot and move its generation on, skipping 0 on the wrap. */
static void handle_empty(struct handle_table *table, uint32_t slot)
{
	struct handle_slot *s = &table->slots[slot];

	s->entry.kind = KIND_NONE;
	s->entry.rights = 0;
	s->entry.obj = NULL;
	s->entry.badge = 0;
	uint32_t gen = s->handle >> HANDLE_SLOT_BITS;

	s->handle = handle_encode(slot, gen >= HANDLE_GEN_MAX ? 1 : gen + 1);
	table->used--;
}

void handle_table_init(struct handle_table *table, const struct handle_obj_ops *ops)
{
	for (uint32_t i = 0; i < HANDLE_TABLE_SLOTS; i++) {
		table->slots[i].entry.kind = KIND_NONE;
		table->slots[i].entry.rights = 0;
		table->slots[i].entry.obj = NULL;
		table->slots[i].entry.badge = 0;
		table->slots[i].handle = handle_encode(i, 1);
	}
	table->ops = ops;
	table->used = 0;
}

int handle_lookup(const struct handle_table *table, cairn_handle_t h, enum cairn_kind kind,
		  uint32_t needed, struct handle_entry *ret_entry)
{
	int slot = handle_slot_of(table, h);
	const struct handle_entry *e;

	if (slot < 0)
		return ERR_BADHANDLE;
	e = &table->slots[slot].entry;
	if (kind != KIND_NONE && e->kind != kind)
		return ERR_WRONGTYPE;
	if ((e->rights & needed) != needed)
		return ERR_DENIED;
	*ret_entry = *e;
	return 0;
}

size_t handle_free_count(const struct handle_table *table)
{
	return HANDLE_TABLE_SLOTS - table->used;
}

int handle_alloc_check(const struct handle_table *table)
{
	return handle_free_count(table) > 0 ? 0 : ERR_NOSPC;
}

cairn_handle_t handle_install(struct handle_table *table, enum cairn_kind kind, uint32_t rights,
			      void *obj)
{
	int slot = handle_free_slot(table);

	if (slot < 0 || kind == KIND_NONE)
		return CAIRN_HANDLE_INVALID;
	return handle_fill(table, (uint32_t)slot, kind, rights, obj, 0);
}

cairn_handle_t handle_install_entry(struct handle_table *table, const struct handle_entry *e)
{
	int slot = handle_free_slot(table);

	if (slot < 0 || e->kind == KIND_NONE)
		return CAIRN_HANDLE_INVALID;
	return handle_fill(table, (uint32_t)slot, e->kind, e->rights, e->obj, e->badge);
}

void handle_take(struct handle_table *table, cairn_handle_t h, struct handle_entry *ret_entry)
{
	int slot = handle_slot_of(table, h);

	if (slot < 0) {
		*ret_entry = (struct handle_entry){.kind = KIND_NONE};
		return;
	}
	*ret_entry = table->slots[slot].entry;
	handle_empty(table, (uint32_t)slot);
}

int handle_close_decode(const struct handle_table *table, cairn_handle_t h,
			struct handle_close_plan *ret_plan)
{
	int slot = handle_slot_of(table, h);

	if (slot < 0)
		return ERR_BADHANDLE;
	ret_plan->slot = (uint32_t)slot;
	return 0;
}

void handle_close_perform(struct handle_table *table, const struct handle_close_plan *plan)
{
	struct handle_entry gone = table->slots[plan->slot].entry;

	handle_empty(table, plan->slot);
	handle_obj_unref(table, &gone);
}

int handle_dup_decode(const struct handle_table *table, cairn_handle_t h, uint32_t new_rights,
		      struct handle_dup_plan *ret_plan)
{
	int src = handle_slot_of(table, h);
	int dst;
	uint32_t held;

	if (src < 0)
		return ERR_BADHANDLE;
	if ((new_rights & ~RIGHTS_ALL) != 0)
		return ERR_INVAL;
	held = table->slots[src].entry.rights;
	if ((held & RIGHT_DUP) == 0 || (new_rights & ~held) != 0)
		return ERR_DENIED;
	dst = handle_free_slot(table);
	if (dst < 0)
		return ERR_NOSPC;
	ret_plan->src_slot = (uint32_t)src;
	ret_plan->dst_slot = (uint32_t)dst;
	ret_plan->rights = new_rights;
	return 0;
}

cairn_handle_t handle_dup_perform(struct handle_table *table, const struct handle_dup_plan *plan)
{
	const struct handle_entry *src = &table->slots[plan->src_slot].entry;
	struct handle_entry dup = *src;

	dup.rights = plan->rights & RIGHTS_ALL;
	handle_obj_ref(table, &dup);
	return handle_fill(table, plan->dst_slot, dup.kind, dup.rights, dup.obj, dup.badge);
}

void handle_table_close_all(struct handle_table *table)
{
	for (uint32_t i = 0; i < HANDLE_TABLE_SLOTS; i++) {
		struct handle_close_plan plan = {.slot = i};

		if (handle_slot_is_live(&table->slots[i]))
			handle_close_perform(table, &plan);
	}
}
