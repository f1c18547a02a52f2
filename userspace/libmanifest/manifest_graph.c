/*
 * What needs the whole manifest: each endpoint served by exactly one
 * service, each device given to one service at most, resolving each `after` list to service
 * indices, the start order (a topological order, ties broken by file order), and naming a cycle
 * when there is none. Runs once every line has parsed.
 */
#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "manifest.h"
#include "manifest_text.h"

_Static_assert(MANIFEST_SERVICES_MAX < 32, "a set of services is a 32-bit mask");

#define NOT_ON_PATH 0xffu
#define NO_SERVER   0xffu

/* The lowest service index in a non-empty mask. */
static uint32_t lowest(uint32_t mask)
{
	uint32_t i = 0;

	while ((mask & (1u << i)) == 0)
		i++;
	return i;
}

/* Fills server[word] with the index of the service serving it, NO_SERVER when none does. */
static int find_servers(const struct manifest *m, uint8_t *server, struct manifest_error *err)
{
	for (uint32_t h = 0; h < MANIFEST_HANDLES; h++)
		server[h] = NO_SERVER;
	for (uint32_t i = 0; i < m->count; i++) {
		const struct manifest_service *svc = &m->services[i];

		if (svc->serves == MANIFEST_SERVES_NONE)
			continue;
		if (server[svc->serves] != NO_SERVER) {
			err_begin(err, ERR_INVAL, svc->line);
			err_add(err, "'");
			err_add(err, manifest_handle_name(svc->serves));
			err_add(err, "' is served by '");
			err_add(err, m->services[server[svc->serves]].name);
			err_add(err, "' already");
			return ERR_INVAL;
		}
		server[svc->serves] = (uint8_t)i;
	}
	return 0;
}

/* Every endpoint word a service lists is served by a service of the manifest. */
static int check_endpoints(const struct manifest *m, struct manifest_error *err)
{
	uint8_t server[MANIFEST_HANDLES];
	int rc = find_servers(m, server, err);

	for (uint32_t i = 0; i < m->count && rc == 0; i++) {
		const struct manifest_service *svc = &m->services[i];

		for (uint32_t k = 0; k < svc->handle_count; k++) {
			uint8_t h = svc->handles[k];

			if (manifest_handle_class(h) != MANIFEST_ENDPOINT || server[h] != NO_SERVER)
				continue;
			err_begin(err, ERR_INVAL, svc->line);
			err_add(err, "handle '");
			err_add(err, manifest_handle_name(h));
			err_add(err, "' names an endpoint no service serves");
			return ERR_INVAL;
		}
	}
	return rc;
}

static int resolve_one(struct manifest *m, uint32_t i, struct span list, struct manifest_error *err)
{
	struct manifest_service *svc = &m->services[i];
	struct list_iter it = list_start(list);
	struct span item;

	svc->after = 0;
	while (list_next(&it, &item)) {
		uint32_t j;

		if (manifest_find(m, item.p, item.len, &j) != 0)
			return err_say(err, ERR_NOTFOUND, svc->line, "after names ", item,
				       ", which is not a service");
		if ((svc->after & (1u << j)) != 0)
			return err_say(err, ERR_INVAL, svc->line, "after lists ", item, " twice");
		svc->after |= 1u << j;
	}
	return 0;
}

/*
 * Reports a cycle among the services not yet started. Each of them waits on
 * another not-started service (else it would be ready), so following the
 * lowest such dependency from the lowest waiting service must come back to
 * a service already on the path; the cycle runs from there.
 */
static int report_cycle(const struct manifest *m, uint32_t started, struct manifest_error *err)
{
	uint8_t path[MANIFEST_SERVICES_MAX];
	uint8_t pos[MANIFEST_SERVICES_MAX];
	uint32_t waiting = ((1u << m->count) - 1u) & ~started;
	uint32_t n = 0;
	uint32_t cur = lowest(waiting);

	for (uint32_t i = 0; i < MANIFEST_SERVICES_MAX; i++)
		pos[i] = NOT_ON_PATH;
	while (pos[cur] == NOT_ON_PATH) {
		pos[cur] = (uint8_t)n;
		path[n++] = (uint8_t)cur;
		cur = lowest(m->services[cur].after & ~started);
	}
	err_begin(err, ERR_INVAL, m->services[cur].line);
	err_add(err, "dependency cycle: ");
	for (uint32_t k = pos[cur]; k < n; k++) {
		err_add(err, m->services[path[k]].name);
		err_add(err, " -> ");
	}
	err_add(err, m->services[cur].name);
	return ERR_INVAL;
}

/* Fills m->order: each step starts the first service, in file order, whose `after` set has started.
 */
static int order_services(struct manifest *m, struct manifest_error *err)
{
	uint32_t started = 0;

	for (uint32_t step = 0; step < m->count; step++) {
		uint32_t i = 0;

		while (i < m->count &&
		       ((started & (1u << i)) != 0 || (m->services[i].after & ~started) != 0))
			i++;
		if (i == m->count)
			return report_cycle(m, started, err);
		started |= 1u << i;
		m->order[step] = (uint8_t)i;
	}
	return 0;
}

/* One driver programs each device: a device word in a second service's handles is refused. */
static int check_devices(const struct manifest *m, struct manifest_error *err)
{
	uint8_t owner[MANIFEST_HANDLES];

	for (uint32_t h = 0; h < MANIFEST_HANDLES; h++)
		owner[h] = NO_SERVER;
	for (uint32_t i = 0; i < m->count; i++) {
		const struct manifest_service *svc = &m->services[i];

		for (uint32_t k = 0; k < svc->handle_count; k++) {
			uint8_t h = svc->handles[k];

			if (manifest_handle_class(h) != MANIFEST_DEVICE)
				continue;
			if (owner[h] == NO_SERVER) {
				owner[h] = (uint8_t)i;
				continue;
			}
			err_begin(err, ERR_INVAL, svc->line);
			err_add(err, "'");
			err_add(err, manifest_handle_name(h));
			err_add(err, "' is given to '");
			err_add(err, m->services[owner[h]].name);
			err_add(err, "' already");
			return ERR_INVAL;
		}
	}
	return 0;
}

int manifest_resolve(struct manifest *m, const struct span *after_lists, struct manifest_error *err)
{
	int rc = check_endpoints(m, err);

	if (rc == 0)
		rc = check_devices(m, err);

	if (rc != 0)
		return rc;
	for (uint32_t i = 0; i < m->count && rc == 0; i++)
		rc = resolve_one(m, i, after_lists[i], err);
	return rc != 0 ? rc : order_services(m, err);
}
