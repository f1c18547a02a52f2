/*
 * The sorted name table behind samgrd (see registry.h): binary search by
 * name, insertion and removal by moving the tail. The `svc` line is in
 * registry_format.c.
 */
#include "registry.h"

#include <string.h>

#include "cairn/abi/errors.h"

int registry_init(struct registry *reg, struct registry_entry *entries, uint32_t capacity)
{
	if (entries == NULL || capacity == 0)
		return ERR_INVAL;
	*reg = (struct registry){.entries = entries, .capacity = capacity};
	return 0;
}

/* Orders a stored NUL-terminated name against name[0..len), like memcmp. */
static int compare(const char *stored, const char *name, size_t len)
{
	size_t stored_len = strlen(stored);
	size_t common = stored_len < len ? stored_len : len;
	int c = common > 0 ? memcmp(stored, name, common) : 0;

	if (c != 0)
		return c;
	if (stored_len == len)
		return 0;
	return stored_len < len ? -1 : 1;
}

/* The first index whose name is not below name[0..len) (count when none is). */
static uint32_t lower_bound(const struct registry *reg, const char *name, size_t len)
{
	uint32_t lo = 0;
	uint32_t hi = reg->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (compare(reg->entries[mid].name, name, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether name[0..len) is at index i. */
static bool is_at(const struct registry *reg, uint32_t i, const char *name, size_t len)
{
	return i < reg->count && compare(reg->entries[i].name, name, len) == 0;
}

static void remove_at(struct registry *reg, uint32_t i)
{
	memmove(&reg->entries[i], &reg->entries[i + 1],
		(reg->count - i - 1) * sizeof(reg->entries[0]));
	reg->count--;
}

/* Whether an entry leads to slot. */
static bool slot_is_used(const struct registry *reg, uint32_t slot)
{
	for (uint32_t i = 0; i < reg->count; i++) {
		if (reg->entries[i].slot == slot)
			return true;
	}
	return false;
}

int registry_free_slot(const struct registry *reg, uint32_t *ret_slot)
{
	for (uint32_t slot = 0; slot < reg->capacity; slot++) {
		if (!slot_is_used(reg, slot)) {
			*ret_slot = slot;
			return 0;
		}
	}
	return ERR_NOSPC;
}

int registry_register(struct registry *reg, const char *name, size_t len, uint64_t owner,
		      uint32_t slot, struct registry_change *ret_change)
{
	int rc = owner == 0 ? ERR_INVAL : svcname_check(name, len);
	uint32_t i;
	struct registry_entry *e;

	if (rc < 0)
		return rc;
	i = lower_bound(reg, name, len);
	if (is_at(reg, i, name, len)) {
		e = &reg->entries[i];
		if (e->owner != owner)
			return ERR_BUSY;
		if (ret_change != NULL)
			*ret_change =
				(struct registry_change){.replaced = true, .old_slot = e->slot};
		e->slot = slot;
		return 0;
	}
	if (reg->count == reg->capacity)
		return ERR_NOSPC;
	memmove(&reg->entries[i + 1], &reg->entries[i], (reg->count - i) * sizeof(reg->entries[0]));
	reg->count++;
	e = &reg->entries[i];
	*e = (struct registry_entry){.owner = owner, .slot = slot};
	memcpy(e->name, name, len);
	if (ret_change != NULL)
		*ret_change = (struct registry_change){.replaced = false};
	return 0;
}

int registry_lookup(const struct registry *reg, const char *name, size_t len,
		    struct registry_entry *ret_entry)
{
	int rc = svcname_check(name, len);
	uint32_t i;

	if (rc < 0)
		return rc;
	i = lower_bound(reg, name, len);
	if (!is_at(reg, i, name, len))
		return ERR_NOTFOUND;
	*ret_entry = reg->entries[i];
	return 0;
}

int registry_unregister(struct registry *reg, const char *name, size_t len, uint64_t owner,
			uint32_t *ret_slot)
{
	int rc = svcname_check(name, len);
	uint32_t i;

	if (rc < 0)
		return rc;
	i = lower_bound(reg, name, len);
	if (!is_at(reg, i, name, len))
		return ERR_NOTFOUND;
	if (reg->entries[i].owner != owner)
		return ERR_DENIED;
	*ret_slot = reg->entries[i].slot;
	remove_at(reg, i);
	return 0;
}

static uint32_t count_owned(const struct registry *reg, uint64_t owner)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < reg->count; i++)
		n += reg->entries[i].owner == owner;
	return n;
}

/* Checks the room first, then removes: nothing changes on failure. */
int registry_drop_owner(struct registry *reg, uint64_t owner, uint32_t *ret_slots, uint32_t max,
			uint32_t *ret_count)
{
	uint32_t n = 0;
	uint32_t i = 0;

	if (ret_slots == NULL && max > 0)
		return ERR_INVAL;
	if (count_owned(reg, owner) > max)
		return ERR_NOSPC;
	while (i < reg->count) {
		if (reg->entries[i].owner != owner) {
			i++;
			continue;
		}
		if (n < max) /* always true after the count above; keeps the bound local */
			ret_slots[n++] = reg->entries[i].slot;
		remove_at(reg, i);
	}
	*ret_count = n;
	return 0;
}

int registry_list(const struct registry *reg, const char *after, size_t after_len,
		  struct registry_entry *ret_entries, uint32_t max, uint32_t *ret_count)
{
	uint32_t first;
	uint32_t n = 0;

	if ((ret_entries == NULL && max > 0) || (after == NULL && after_len > 0))
		return ERR_INVAL;
	first = after_len == 0 ? 0 : lower_bound(reg, after, after_len);
	if (after_len > 0 && is_at(reg, first, after, after_len))
		first++;
	while (n < max && first + n < reg->count) {
		ret_entries[n] = reg->entries[first + n];
		n++;
	}
	*ret_count = n;
	return 0;
}
