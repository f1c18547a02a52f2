/*
 * Loading the service graph (graph.h): the manifest from the boot image,
 * parsed and checked by libmanifest, the start phases checked, and the
 * endpoints init makes before anything starts. Starts nothing.
 */
#include <stddef.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "graph.h"

#define GRAPH_MANIFEST_FILE "manifest"
#define GRAPH_MANIFEST_MAX  16384u /* bytes of manifest text init reads at most */

/* A server that starts after a client could not start in the servers' phase. */
static int check_phases(const struct init_ctx *c, const struct init_graph *g)
{
	for (uint32_t i = 0; i < g->m.count; i++) {
		for (uint32_t j = 0; j < g->m.count; j++) {
			if (graph_is_server(g, i) && !graph_is_server(g, j) &&
			    (g->entries[i].after & (1u << j)) != 0)
				return init_fail(c, "server '%s' starts after client '%s'",
						 g->entries[i].name, g->entries[j].name);
		}
	}
	return 0;
}

/* The endpoint for `word`, served by service i, and init's own badged SEND handle to it. */
static int make_endpoint(const struct init_ctx *c, struct init_graph *g, uint32_t i,
			 unsigned int word)
{
	long ep = cairn_endpoint_create(c->self);
	long send;

	if (init_expect_ok(c, "endpoint_create", ep) != 0)
		return -1;
	send = cairn_endpoint_mint((cairn_handle_t)ep, SUPERVISOR_BADGE_INIT, RIGHT_SEND);
	if (init_expect_ok(c, "mint init's handle", send) != 0)
		return -1;
	g->ep[word] = (cairn_handle_t)ep;
	g->send[word] = (cairn_handle_t)send;
	g->server[word] = (int32_t)i;
	return 0;
}

int graph_load(struct init_ctx *c, struct init_graph *g)
{
	static char text[GRAPH_MANIFEST_MAX + 1];
	struct manifest_error err = {0};
	long len =
		cairn_bootimage_read_file(c->image, GRAPH_MANIFEST_FILE, text, GRAPH_MANIFEST_MAX);
	long sup;

	if (len < 0)
		return init_fail(c, "reading the boot-image file '%s': %s", GRAPH_MANIFEST_FILE,
				 cairn_err_name(len));
	if (manifest_parse(&g->m, g->entries, MANIFEST_SERVICES_MAX, text, (size_t)len, &err) != 0)
		return init_fail(c, "manifest line %u: %s", (unsigned)err.line, err.reason);
	if (check_phases(c, g) != 0)
		return -1;
	for (unsigned int w = 0; w < MANIFEST_HANDLES; w++)
		g->server[w] = INIT_NO_SERVER;
	for (uint32_t i = 0; i < g->m.count; i++) {
		supervise_init(&g->svc[i].rec);
		g->svc[i].proc = CAIRN_HANDLE_INVALID;
	}
	sup = cairn_endpoint_create(c->self);
	if (init_expect_ok(c, "supervisor endpoint", sup) != 0)
		return -1;
	g->supervisor = (cairn_handle_t)sup;
	for (uint32_t i = 0; i < g->m.count; i++) {
		if (graph_is_server(g, i) && make_endpoint(c, g, i, g->entries[i].serves) != 0)
			return -1;
	}
	return 0;
}
