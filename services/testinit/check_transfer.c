/*
 * Handles and lifetimes across IPC. A handle moved in a message leaves the
 * sender (MARKER_INIT_MOVE): init moves a VMO to holdprobe, which reports
 * the kind and object id it received; init's value is then stale. A caller
 * blocked on a server that dies is woken with ERR_PEERDEAD
 * (MARKER_INIT_PEER_DEATH): callprobe calls sinkprobe, which receives the
 * call, tells init it holds it and never replies; init kills sinkprobe and
 * callprobe ends with what its call returned. init keeps a RECV handle to
 * that endpoint meanwhile, so the endpoint lives on: only the death of the
 * thread holding the reply right can end the call.
 */
#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "probe.h"
#include "testinit.h"

#define SINK_PROBE (TESTINIT_BADGE_PROBE + 3u)
#define CALL_PROBE (TESTINIT_BADGE_PROBE + 4u)

/* Calls holdprobe on ep, moving v; the reply's words into *ret. */
static long move_to_probe(cairn_handle_t ep, cairn_handle_t v, uint32_t rights,
			  struct cairn_msg *ret)
{
	struct cairn_ipc_buffer *buf = cairn_ipc_buffer();
	struct cairn_msg m = {.info = cairn_ipc_info(SUPERVISOR_PROBE, 0, 1)};
	long rc;

	buf->handles[0] =
		(struct cairn_ipc_handle){.handle = v, .rights = rights, .mode = CAIRN_IPC_MOVE};
	rc = cairn_ipc_call(ep, &m, TESTINIT_PROBE_WAIT);
	*ret = m;
	return rc;
}

/* After the move: init's value is stale; the probe got a VMO, the same object. */
static int expect_moved(const struct init_ctx *c, cairn_handle_t v,
			const struct cairn_handle_info *before, const struct cairn_msg *reply)
{
	struct cairn_handle_info after;

	return init_expect(c, "sender's query after the move", cairn_handle_query(v, &after),
			   ERR_BADHANDLE) ||
	       init_expect(c, "receiver's query", (long)(int64_t)reply->w[0], 0) ||
	       init_expect(c, "receiver's kind", (long)reply->w[1], KIND_VMO) ||
	       init_expect(c, "receiver's object", (long)reply->w[2], (long)before->object_id);
}

int check_move(struct init_ctx *c)
{
	long ep = cairn_endpoint_create(c->self);
	long recv = ep < 0 ? ep : cairn_handle_dup((cairn_handle_t)ep, RIGHT_RECV | RIGHT_TRANSFER);
	long vmo = cairn_vmo_create(c->self, CAIRN_PAGE_SIZE);
	cairn_handle_t give = (cairn_handle_t)recv;
	struct cairn_handle_info info = {0};
	struct cairn_msg reply;
	long proc;
	int rc;

	if (init_expect_ok(c, "receive handle", recv) != 0 ||
	    init_expect_ok(c, "vmo_create", vmo) != 0 ||
	    init_expect(c, "query before", cairn_handle_query((cairn_handle_t)vmo, &info), 0) != 0)
		return -1;
	proc = probe_spawn(c, "holdprobe", &give, 1, RIGHT_DUP);
	(void)cairn_handle_close(give);
	if (proc < 0)
		return -1;
	rc = init_expect(
		     c, "call moving the vmo",
		     move_to_probe((cairn_handle_t)ep, (cairn_handle_t)vmo, info.rights, &reply),
		     0) ||
	     expect_moved(c, (cairn_handle_t)vmo, &info, &reply);
	if (probe_end(c, (cairn_handle_t)proc, 0) != 0)
		rc = -1;
	(void)cairn_handle_close((cairn_handle_t)ep);
	return rc;
}

/* sinkprobe with [E RECV, report SEND], callprobe with [E SEND]; both process handles. */
static int start_pair(const struct init_ctx *c, cairn_handle_t ep, cairn_handle_t report,
		      long *ret_sink, long *ret_caller)
{
	long give[3] = {cairn_handle_dup(ep, RIGHT_RECV | RIGHT_TRANSFER),
			cairn_endpoint_mint(report, SINK_PROBE, RIGHT_SEND | RIGHT_TRANSFER),
			cairn_endpoint_mint(ep, CALL_PROBE, RIGHT_SEND | RIGHT_TRANSFER)};
	cairn_handle_t sink_h[2] = {(cairn_handle_t)give[0], (cairn_handle_t)give[1]};
	cairn_handle_t caller_h = (cairn_handle_t)give[2];
	int rc = init_expect_ok(c, "sink's receive handle", give[0]) ||
		 init_expect_ok(c, "sink's report handle", give[1]) ||
		 init_expect_ok(c, "caller's handle", give[2]);

	*ret_sink = rc != 0 ? -1 : probe_spawn(c, "sinkprobe", sink_h, 2, RIGHT_DUP | RIGHT_ALLOC);
	*ret_caller = *ret_sink < 0 ? -1 : probe_spawn(c, "callprobe", &caller_h, 1, RIGHT_DUP);
	for (int k = 0; k < 3; k++) {
		if (give[k] > 0)
			(void)cairn_handle_close((cairn_handle_t)give[k]);
	}
	return *ret_caller < 0 ? -1 : 0;
}

/* The sink holds the call; the caller still waits; the sink is killed. */
static int expect_held_then_kill(const struct init_ctx *c, cairn_handle_t report,
				 cairn_handle_t sink, cairn_handle_t caller)
{
	struct cairn_msg m;

	if (probe_report(c, report, &m) != 0)
		return -1;
	return init_expect(c, "sink's report badge", (long)m.badge, SINK_PROBE) ||
	       init_expect(c, "badge the sink saw", (long)m.w[0], CALL_PROBE) ||
	       init_expect(c, "caller before the kill", cairn_process_wait(caller, 0),
			   ERR_TIMEOUT) ||
	       init_expect(c, "kill the sink", cairn_process_kill(sink), 0);
}

int check_peer_death(struct init_ctx *c)
{
	long ep = cairn_endpoint_create(c->self);
	long report = cairn_endpoint_create(c->self);
	long sink = -1;
	long caller = -1;
	int rc;

	if (init_expect_ok(c, "endpoint", ep) != 0 || init_expect_ok(c, "endpoint", report) != 0)
		return -1;
	rc = start_pair(c, (cairn_handle_t)ep, (cairn_handle_t)report, &sink, &caller);
	if (rc == 0)
		rc = expect_held_then_kill(c, (cairn_handle_t)report, (cairn_handle_t)sink,
					   (cairn_handle_t)caller);
	if (sink >= 0) {
		(void)cairn_process_kill((cairn_handle_t)sink); /* a second kill does nothing */
		if (probe_end(c, (cairn_handle_t)sink, CAIRN_EXIT_KILLED) != 0)
			rc = -1;
	}
	/* callprobe exits with its call's result, negated: ERR_PEERDEAD is status 21 */
	if (caller >= 0 && probe_end(c, (cairn_handle_t)caller, -(long)ERR_PEERDEAD) != 0)
		rc = -1;
	(void)cairn_handle_close((cairn_handle_t)report);
	(void)cairn_handle_close((cairn_handle_t)ep);
	return rc;
}
