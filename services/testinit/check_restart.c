/*
 * A crashed service is restarted and serves again (MARKER_INIT_RESTART).
 * init kills samgrd the way the shell's `crash samgrd` does (KILL), runs
 * its supervisor loop until a new instance said READY, and then: the new
 * instance is another process, one restart is counted, init's crash record
 * for it is in logd, and a lookup through samgrd works again, which needs
 * init to have registered the endpoints with the new instance; the handle
 * it returns carries a line to logd.
 */
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "probe.h"
#include "svc/client.h"
#include "testinit.h"

/* Turns the restart may take before the proof gives up: 10 s of quiet turns. */
#define RESTART_TURNS 1000u

/* Runs the supervisor loop until service i runs again after `restarts` restarts. */
static int await_restart(struct init_ctx *c, uint32_t i, uint32_t restarts)
{
	const struct init_service *s = &c->graph->svc[i];

	for (uint32_t turn = 0; turn < RESTART_TURNS; turn++) {
		if (s->rec.restarts == restarts && s->rec.state == SUPERVISOR_RUNNING)
			return 0;
		if (s->rec.state == SUPERVISOR_ENDED || s->rec.state == SUPERVISOR_FAILED)
			break;
		supervise_turn(c, INIT_TURN_NS);
	}
	return init_fail(c, "%s is %s after %u restarts, want running after %u",
			 c->graph->entries[i].name, supervisor_state_name(s->rec.state),
			 (unsigned)s->rec.restarts, (unsigned)restarts);
}

/* A lookup through the new instance gives a handle that reaches logd. */
static int expect_lookup_serves(struct init_ctx *c)
{
	static const char line[] = "init: logd reached through the restarted registry";
	cairn_handle_t log = CAIRN_HANDLE_INVALID;
	long rc = svc_registry_lookup(c->graph->send[MANIFEST_H_REGISTRY], "log", 3, &log);

	if (init_expect(c, "lookup after the restart", rc, 0) != 0)
		return -1;
	rc = svc_log_write(log, JOURNAL_INFO, line, sizeof(line) - 1, NULL);
	(void)cairn_handle_close(log);
	return init_expect(c, "write through the looked-up handle", rc, 0);
}

int check_restart(struct init_ctx *c)
{
	const struct init_graph *g = c->graph;
	int32_t i = graph_server(g, MANIFEST_H_REGISTRY);
	char record[SUPERVISOR_CRASH_MAX + 1];
	uint64_t old_pid;
	uint32_t restarts;

	if (i == INIT_NO_SERVER || !graph_serving(g, MANIFEST_H_REGISTRY) ||
	    g->entries[i].restart == MANIFEST_RESTART_NEVER)
		return init_fail(c, "the registry's server must run and restart after a crash");
	old_pid = g->svc[i].pid;
	restarts = g->svc[i].rec.restarts + 1;
	if (init_expect(c, "kill", supervise_kill(c, (uint32_t)i), 0) != 0 ||
	    await_restart(c, (uint32_t)i, restarts) != 0)
		return -1;
	if (g->svc[i].pid == old_pid)
		return init_fail(c, "the restarted %s is the same process", g->entries[i].name);
	(void)snprintf(record, sizeof(record),
		       "service %s ended status=killed restarts=%u action=restart",
		       g->entries[i].name, (unsigned)restarts);
	return probe_log_contains(c, record) || expect_lookup_serves(c);
}
