/*
 * A service that ends right after READY, every time, is given up, not
 * restarted forever (MARKER_INIT_CRASH_LOOP; libsupervise). testinit starts
 * the test manifest's `crashloop` through init's own graph_spawn and runs
 * the supervisor loop until it is down. Then: it is FAILED for a crash loop,
 * after exactly SUPERVISE_QUICK_ENDS_MAX restarts; from its first start to
 * the give-up at least the sum of the backoffs passed (so the restarts were
 * spaced, not made at once); and init's record of the give-up is in logd.
 */
#include <stdio.h>
#include <string.h>

#include "cairn/print.h"
#include "probe.h"
#include "testinit.h"

#define CRASHLOOP_NAME	"crashloop"
#define CRASHLOOP_TURNS 1500u /* quiet turns the loop may take: 15 s, the backoffs take 1.5 s */

/* The backoffs before the restarts of a loop that is given up: 0 + 100 + ... + 800 ms. */
static uint64_t backoffs_ns(void)
{
	uint64_t sum = 0;

	for (uint32_t k = 1; k <= SUPERVISE_QUICK_ENDS_MAX; k++)
		sum += supervise_backoff_ns(k);
	return sum;
}

/* Runs the supervisor loop until service i is down; its state then. */
static uint32_t run_until_down(struct init_ctx *c, uint32_t i)
{
	const struct supervise_record *r = &c->graph->svc[i].rec;

	for (uint32_t turn = 0; turn < CRASHLOOP_TURNS; turn++) {
		if (r->state == SUPERVISOR_ENDED || r->state == SUPERVISOR_FAILED)
			break;
		supervise_turn(c, INIT_TURN_NS);
	}
	return r->state;
}

int check_crash_loop(struct init_ctx *c)
{
	const struct init_graph *g = c->graph;
	const struct supervise_record *r;
	char record[SUPERVISOR_CRASH_MAX + 1];
	uint32_t i = 0;
	uint64_t first;
	long rc = manifest_find(&g->m, CRASHLOOP_NAME, sizeof(CRASHLOOP_NAME) - 1, &i);

	if (rc != 0)
		return init_fail(c, "the test manifest has no %s service", CRASHLOOP_NAME);
	r = &g->svc[i].rec;
	first = init_now_ns();
	if (init_expect(c, "start " CRASHLOOP_NAME, graph_spawn(c, i), 0) != 0)
		return -1;
	if (run_until_down(c, i) != SUPERVISOR_FAILED || r->why != SUPERVISE_CRASH_LOOP)
		return init_fail(c, "%s is %s (%s), want given up for a crash loop", CRASHLOOP_NAME,
				 supervisor_state_name(r->state), supervise_why_text(r->why));
	if (init_expect(c, "restarts before the give-up", r->restarts, SUPERVISE_QUICK_ENDS_MAX) !=
	    0)
		return -1;
	if (init_now_ns() - first < backoffs_ns())
		return init_fail(
			c, "given up %lu ns after the first start, before the backoffs' %lu",
			(unsigned long)(init_now_ns() - first), (unsigned long)backoffs_ns());
	(void)snprintf(record, sizeof(record),
		       "service %s ended status=exit:3 restarts=%u action=give-up", CRASHLOOP_NAME,
		       (unsigned)SUPERVISE_QUICK_ENDS_MAX);
	return probe_log_contains(c, record);
}
