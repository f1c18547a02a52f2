/*
 * The first two proofs on the running graph: every server said READY, in
 * the manifest's start order and each after what it starts after
 * (MARKER_INIT_READY_ORDER); and an endpoint handle without RIGHT_SEND
 * cannot call, while one with it can (MARKER_INIT_SEND_RIGHT).
 */
#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "svc/client.h"
#include "testinit.h"

/* The first READY of each service, in the order they came (testinit_note_ready). */
static uint8_t ready_order[MANIFEST_SERVICES_MAX];
static uint32_t ready_count;

void testinit_note_ready(struct init_ctx *c, uint32_t i)
{
	if (c->graph->svc[i].rec.restarts == 0 && ready_count < MANIFEST_SERVICES_MAX)
		ready_order[ready_count++] = (uint8_t)i;
}

static const char *ready_name(const struct init_graph *g, uint32_t k)
{
	return k < ready_count ? g->entries[ready_order[k]].name : "nobody";
}

int check_ready_order(struct init_ctx *c)
{
	const struct init_graph *g = c->graph;
	uint32_t ready = 0; /* services seen READY so far, as a set */
	uint32_t k = 0;

	for (uint32_t step = 0; step < g->m.count; step++) {
		uint32_t i = g->m.order[step];

		if (!graph_is_server(g, i))
			continue;
		if (k >= ready_count || ready_order[k] != i)
			return init_fail(c, "READY number %u came from %s, want %s", (unsigned)k,
					 ready_name(g, k), g->entries[i].name);
		if ((g->entries[i].after & ~ready) != 0)
			return init_fail(c, "%s said READY before a service it starts after",
					 g->entries[i].name);
		ready |= 1u << i;
		k++;
	}
	if (k != ready_count)
		return init_fail(c, "%s said READY, which was not started", ready_name(g, k));
	return 0;
}

int check_send_right(struct init_ctx *c)
{
	static const char line[] = "init: a call with RIGHT_SEND";
	const struct init_graph *g = c->graph;
	long no_send = cairn_handle_dup(g->ep[MANIFEST_H_LOG],
					RIGHT_RECV | RIGHT_MINT | RIGHT_DUP | RIGHT_TRANSFER);
	int rc;

	if (!graph_serving(g, MANIFEST_H_LOG))
		return init_fail(c, "no service serves log");
	if (init_expect_ok(c, "dup without SEND", no_send) != 0)
		return -1;
	/* the same well-formed request, once through each handle */
	rc = init_expect(
		     c, "call without SEND",
		     svc_log_write((cairn_handle_t)no_send, JOURNAL_INFO, line, strlen(line), NULL),
		     ERR_DENIED) ||
	     init_expect(
		     c, "call with SEND",
		     svc_log_write(g->send[MANIFEST_H_LOG], JOURNAL_INFO, line, strlen(line), NULL),
		     0);
	(void)cairn_handle_close((cairn_handle_t)no_send);
	return rc;
}
