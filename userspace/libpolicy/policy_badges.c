/*
 * The badge-to-name table policyd fills as init launches services (see
 * policy.h). Unordered and searched linearly: it holds one entry per running
 * service, a few dozen at most.
 */
#include "policy.h"

#include <string.h>

#include "cairn/abi/errors.h"

int policy_badges_init(struct policy_badges *map, struct policy_badge *entries, uint32_t capacity)
{
	if (entries == NULL || capacity == 0)
		return ERR_INVAL;
	*map = (struct policy_badges){.entries = entries, .capacity = capacity};
	return 0;
}

/* The index of badge's entry, or -1. */
static int64_t find(const struct policy_badges *map, uint64_t badge)
{
	for (uint32_t i = 0; i < map->count; i++) {
		if (map->entries[i].badge == badge)
			return i;
	}
	return -1;
}

int policy_badges_add(struct policy_badges *map, uint64_t badge, const char *name, size_t len)
{
	struct policy_badge *e;
	int rc;

	if (badge == 0)
		return ERR_INVAL;
	rc = svcname_check(name, len);
	if (rc < 0)
		return rc;
	if (find(map, badge) >= 0)
		return ERR_BUSY;
	if (map->count == map->capacity)
		return ERR_NOSPC;
	e = &map->entries[map->count++];
	e->badge = badge;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return 0;
}

int policy_badges_remove(struct policy_badges *map, uint64_t badge)
{
	int64_t i = find(map, badge);

	if (i < 0)
		return ERR_NOTFOUND;
	map->entries[i] = map->entries[map->count - 1];
	map->count--;
	return 0;
}

int policy_badges_name(const struct policy_badges *map, uint64_t badge, const char **ret_name)
{
	int64_t i = find(map, badge);

	if (i < 0)
		return ERR_NOTFOUND;
	*ret_name = map->entries[i].name;
	return 0;
}
