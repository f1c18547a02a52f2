/*
 * init's supervisor loop (graph.h): it receives on the supervisor endpoint
 * with a timeout and answers the requests of svc/supervisor.h from the table
 * below, telling services apart by their kernel badge; between messages it
 * reaps services that ended, starts them again as libsupervise's restart
 * state machine says (at once, after a backoff, or never: given up, with
 * the reason on the console and in logd) and writes each end to logd. The
 * table is the whole protocol; the codecs are generated (idl/supervisor.yaml),
 * the crash line and the decisions libsupervise's, the restart policy
 * libmanifest's.
 */
#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "graph.h"
#include "policy.h"
#include "svc/client.h"

/* The calling service's index in the manifest; admit made sure it is one. */
static uint32_t caller_of(const struct svc_exchange *x)
{
	return (uint32_t)(x->in.badge - SUPERVISOR_BADGE_FIRST);
}

/* Only the services init started hold a supervisor handle: any other badge is refused unread. */
static long admit(void *ctx, struct svc_exchange *x)
{
	const struct init_ctx *c = ctx;

	if (x->in.badge < SUPERVISOR_BADGE_FIRST ||
	    x->in.badge - SUPERVISOR_BADGE_FIRST >= c->graph->m.count)
		return ERR_DENIED;
	return 0;
}

/* The caller said READY: this instance serves now, and the context's on_ready hears of it. */
static long on_ready(void *ctx, struct svc_exchange *x,
		     const struct svc_supervisor_ready_request *req,
		     struct svc_supervisor_ready_reply *rep)
{
	struct init_ctx *c = ctx;
	struct init_graph *g = c->graph;
	uint32_t caller = caller_of(x);
	unsigned int serves = g->entries[caller].serves;

	(void)req;
	(void)rep;
	if (supervise_ready(&g->svc[caller].rec) != 0)
		return ERR_BUSY;
	if (c->on_ready != NULL)
		c->on_ready(c, caller);
	g->bind_due |= serves == MANIFEST_H_POLICY;
	g->register_due |= serves == MANIFEST_H_REGISTRY;
	return 0;
}

static long on_list(void *ctx, struct svc_exchange *x,
		    const struct svc_supervisor_list_request *req,
		    struct svc_supervisor_list_reply *rep)
{
	const struct init_ctx *c = ctx;
	const struct init_graph *g = c->graph;
	size_t len;

	(void)x;
	if (req->index >= g->m.count)
		return ERR_NOTFOUND;
	len = strlen(g->entries[req->index].name);
	memcpy(rep->name.str, g->entries[req->index].name, len + 1);
	rep->name.len = (uint32_t)len;
	rep->state = g->svc[req->index].rec.state;
	rep->restarts = g->svc[req->index].rec.restarts;
	rep->pid = g->svc[req->index].pid;
	return 0;
}

/*
 * Whether policyd allows service `caller` the supervisor action (RFC-0010):
 * 0, or ERR_DENIED when it denies, cannot be asked or does not serve. Deny
 * by default; policyd writes every decision to logd.
 */
static long policy_allows(struct init_ctx *c, uint32_t caller, uint32_t action, const char *object,
			  size_t len)
{
	struct init_graph *g = c->graph;
	bool allow = false;

	if (!graph_serving(g, MANIFEST_H_POLICY))
		return ERR_DENIED;
	if (svc_policy_decide(g->send[MANIFEST_H_POLICY], graph_badge(caller), action, object, len,
			      &allow) != 0 ||
	    !allow)
		return ERR_DENIED;
	return 0;
}

static long on_kill(void *ctx, struct svc_exchange *x,
		    const struct svc_supervisor_kill_request *req,
		    struct svc_supervisor_kill_reply *rep)
{
	struct init_ctx *c = ctx;
	uint32_t target = 0;
	long status = manifest_find(&c->graph->m, req->name.str, req->name.len, &target);

	(void)rep;
	if (status == 0)
		status = policy_allows(c, caller_of(x), POLICY_KILL, req->name.str, req->name.len);
	if (status == 0)
		status = supervise_kill(c, target);
	return status;
}

static long on_shutdown(void *ctx, struct svc_exchange *x,
			const struct svc_supervisor_shutdown_request *req,
			struct svc_supervisor_shutdown_reply *rep)
{
	struct init_ctx *c = ctx;
	long status = policy_allows(c, caller_of(x), POLICY_SHUTDOWN, NULL, 0);

	(void)req;
	(void)rep;
	if (status == 0)
		c->graph->shutdown = true;
	return status;
}

/* The whole protocol: the generated dispatch decodes, calls these, and encodes the reply. */
static const struct svc_supervisor_handlers supervise_handlers = {
	.admit = admit,
	.ready = on_ready,
	.list = on_list,
	.kill = on_kill,
	.shutdown = on_shutdown,
};

/* Answers one message through the generated dispatch and replies. */
static void answer(struct init_ctx *c, const struct cairn_msg *m)
{
	struct svc_exchange x = {.in = svc_msg_of(m), .buf = cairn_ipc_buffer()};
	struct cairn_msg reply;

	svc_supervisor_dispatch(&supervise_handlers, c, &x);
	reply = svc_msg_to_cairn(&x.out);
	(void)cairn_ipc_reply(&reply); /* a caller gone by now is no error of ours */
}

long supervise_kill(struct init_ctx *c, uint32_t i)
{
	const struct init_service *s = &c->graph->svc[i];

	if (s->proc == CAIRN_HANDLE_INVALID)
		return ERR_BUSY;
	return cairn_process_kill(s->proc);
}

/* Starts service i again; a failure leaves it down for good, logged. */
static void restart(struct init_ctx *c, uint32_t i)
{
	struct init_service *s = &c->graph->svc[i];
	long rc = graph_spawn(c, i);

	if (rc < 0) {
		supervise_spawn_failed(&s->rec);
		init_log(c, JOURNAL_ERROR, "init: restarting %s: %s", c->graph->entries[i].name,
			 cairn_err_name(rc));
	}
}

/*
 * Service i's instance ended with `status`: libsupervise says whether it
 * starts again, now or after a backoff, stays down or is given up; a
 * restart due now happens here, a later one in restart_due_ones.
 */
static void ended(struct init_ctx *c, uint32_t i, long status)
{
	struct init_graph *g = c->graph;
	struct init_service *s = &g->svc[i];
	uint64_t now = init_now_ns();
	bool policy = manifest_restart_due(g->entries[i].restart, status);
	uint32_t action = supervise_ended(&s->rec, status, policy, g->shutdown, now);

	(void)cairn_handle_close(s->proc);
	s->proc = CAIRN_HANDLE_INVALID;
	s->pid = 0;
	s->report_due = true;
	if (action == SUPERVISOR_GIVE_UP)
		(void)cairn_printf(c->console, "init: giving up on %s: %s\n", g->entries[i].name,
				   supervise_why_text(s->rec.why));
	if (supervise_restart_due(&s->rec, now))
		restart(c, i);
}

/* Starts every service whose backoff has run out. */
static void restart_due_ones(struct init_ctx *c)
{
	struct init_graph *g = c->graph;
	uint64_t now = init_now_ns();

	for (uint32_t i = 0; i < g->m.count; i++) {
		if (supervise_restart_due(&g->svc[i].rec, now) && !g->shutdown)
			restart(c, i);
	}
}

/* Reaps every instance that ended; gives up on one that stayed quiet too long after starting. */
static void reap(struct init_ctx *c, bool quiet)
{
	struct init_graph *g = c->graph;

	for (uint32_t i = 0; i < g->m.count; i++) {
		struct init_service *s = &g->svc[i];
		long status;

		if (s->proc == CAIRN_HANDLE_INVALID)
			continue;
		if (quiet && s->rec.state == SUPERVISOR_STARTING && ++s->quiet > INIT_READY_TURNS)
			(void)cairn_process_kill(s->proc);
		status = cairn_process_wait(s->proc, 0);
		if (status != ERR_TIMEOUT)
			ended(c, i, status);
	}
}

/* Writes the ends not yet reported, once logd serves. */
static void report(struct init_ctx *c)
{
	struct init_graph *g = c->graph;

	if (!graph_serving(g, MANIFEST_H_LOG))
		return;
	for (uint32_t i = 0; i < g->m.count; i++) {
		struct init_service *s = &g->svc[i];
		/* a restart still waiting for its backoff counts, as one already made does */
		bool pending = s->rec.state == SUPERVISOR_WAITING;
		struct supervisor_crash crash = {.name = g->entries[i].name,
						 .status = s->rec.last_status,
						 .restarts = s->rec.restarts + (pending ? 1u : 0u),
						 .action = s->rec.last_action};
		char line[SUPERVISOR_CRASH_MAX + 1];
		size_t len = 0;

		if (!s->report_due)
			continue;
		s->report_due = false;
		if (supervisor_crash_format(&crash, line, sizeof(line), &len) == 0)
			(void)svc_log_write(g->send[MANIFEST_H_LOG], JOURNAL_WARN, line, len, NULL);
		if (s->rec.why != SUPERVISE_UP && s->rec.why != SUPERVISE_STOPPING)
			init_log(c, JOURNAL_ERROR, "init: %s is down: %s", g->entries[i].name,
				 supervise_why_text(s->rec.why));
	}
}

void supervise_turn(struct init_ctx *c, uint64_t ns)
{
	struct cairn_msg m = {0};
	long err = cairn_ipc_recv(c->graph->supervisor, &m, ns);

	if (err == 0)
		answer(c, &m);
	reap(c, err != 0);
	restart_due_ones(c);
	graph_announce(c);
	report(c);
}

bool supervise_until_ready(struct init_ctx *c, uint32_t i)
{
	const struct init_service *s = &c->graph->svc[i];

	while (s->rec.state == SUPERVISOR_STARTING)
		supervise_turn(c, INIT_TURN_NS);
	return s->rec.state == SUPERVISOR_RUNNING;
}

/* Ends every running service, the last started first. */
static void stop_all(struct init_ctx *c)
{
	struct init_graph *g = c->graph;

	for (uint32_t step = g->m.count; step-- > 0;) {
		struct init_service *s = &g->svc[g->m.order[step]];

		if (s->proc == CAIRN_HANDLE_INVALID)
			continue;
		(void)cairn_process_kill(s->proc);
		(void)cairn_process_wait(s->proc, CAIRN_WAIT_FOREVER);
		(void)cairn_handle_close(s->proc);
		s->proc = CAIRN_HANDLE_INVALID;
		s->rec.state = SUPERVISOR_ENDED;
		s->rec.why = SUPERVISE_STOPPING;
	}
}

void supervise_forever(struct init_ctx *c)
{
	while (!c->graph->shutdown)
		supervise_turn(c, INIT_TURN_NS);
	stop_all(c);
}
