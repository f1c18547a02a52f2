/*
 * samgrd's name registry: which service name leads to which endpoint. It
 * maps a name (svcname.h's rule) to the slot where samgrd keeps that
 * endpoint's handle, and remembers the badge of the service that registered
 * it, so only that owner may replace or remove it. A service that restarts
 * keeps its badge and may register its names again; the new slot replaces
 * the old and the caller learns the old slot to close it. Entries are kept
 * sorted by name, so lookups are binary searches and listings come out in
 * order, page by page.
 *
 * It holds no handles itself and checks no policy: samgrd asks policyd
 * first. Pure: caller-provided storage, no allocation, no globals, no I/O.
 * Uses svcname_check from libsvcname (link libsvcname too).
 */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svcname.h"

struct registry_entry {
	char name[SVCNAME_MAX + 1]; /* NUL-terminated */
	uint64_t owner;		    /* the registering service's badge, never 0 */
	uint32_t slot;		    /* samgrd's slot for the endpoint handle */
};

/* Fields are the registry's own; read them, change them only through the calls below. */
struct registry {
	struct registry_entry *entries; /* entries[0..count), sorted by name */
	uint32_t capacity;
	uint32_t count;
};

/* What registry_register did besides adding. */
struct registry_change {
	bool replaced;	   /* the owner re-registered a name it held */
	uint32_t old_slot; /* the slot the name led to before; close it (when replaced) */
};

/*
 * The longest line registry_format_entry writes, without its NUL:
 * "<name> slot=<10 digits> owner=0x<16 hex digits>".
 */
#define REGISTRY_LINE_MAX (SVCNAME_MAX + 16u + 25u)

/* Makes reg empty over entries[capacity]. ERR_INVAL when entries is NULL or capacity 0. */
int registry_init(struct registry *reg, struct registry_entry *entries, uint32_t capacity);

/*
 * The lowest slot, below the registry's capacity, that no entry leads to:
 * where a new name's endpoint goes (samgrd keeps one handle per slot).
 * ERR_NOSPC when every slot is taken.
 */
int registry_free_slot(const struct registry *reg, uint32_t *ret_slot);

/*
 * Registers name[0..len) for owner at slot. The same owner registering a
 * name it holds replaces the slot (ret_change says so, with the old slot).
 * ERR_INVAL for owner 0 or a name the rule refuses, ERR_TOOLONG for a long
 * name, ERR_BUSY when another owner holds the name, ERR_NOSPC when full.
 * *ret_change (when not NULL) is set on success only.
 */
int registry_register(struct registry *reg, const char *name, size_t len, uint64_t owner,
		      uint32_t slot, struct registry_change *ret_change);

/*
 * Copies the entry for name[0..len) to *ret_entry. ERR_NOTFOUND when no one
 * registered it; ERR_INVAL or ERR_TOOLONG for a name the rule refuses.
 */
int registry_lookup(const struct registry *reg, const char *name, size_t len,
		    struct registry_entry *ret_entry);

/*
 * Removes name[0..len) on behalf of owner and gives back its slot in
 * *ret_slot. ERR_NOTFOUND when not registered, ERR_DENIED when another owner
 * holds it, ERR_INVAL or ERR_TOOLONG for a name the rule refuses.
 */
int registry_unregister(struct registry *reg, const char *name, size_t len, uint64_t owner,
			uint32_t *ret_slot);

/*
 * Removes every name owner holds (its service ended) and copies their slots
 * to ret_slots, *ret_count of them. ERR_NOSPC, removing nothing, when owner
 * holds more than max; ERR_INVAL when ret_slots is NULL and max > 0.
 */
int registry_drop_owner(struct registry *reg, uint64_t owner, uint32_t *ret_slots, uint32_t max,
			uint32_t *ret_count);

/*
 * Copies up to max entries whose names sort strictly after after[0..after_len),
 * in name order, to ret_entries; after_len 0 starts at the first name. Pass
 * the last name copied to get the next page; a page shorter than max is the
 * last. ERR_INVAL when ret_entries is NULL and max > 0, or when after is NULL
 * with after_len > 0.
 */
int registry_list(const struct registry *reg, const char *after, size_t after_len,
		  struct registry_entry *ret_entries, uint32_t max, uint32_t *ret_count);

/*
 * Writes e as one NUL-terminated line for the shell's `svc` command,
 * "<name> slot=<slot> owner=0x<badge>", and its length without the NUL to
 * *ret_len. ERR_NOSPC when it does not fit in size bytes (buf untouched);
 * REGISTRY_LINE_MAX + 1 bytes always fit. ERR_INVAL when e->name breaks the rule.
 */
int registry_format_entry(const struct registry_entry *e, char *buf, size_t size, size_t *ret_len);

#endif /* REGISTRY_H */
