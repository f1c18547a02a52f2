/*
 * The service graph init runs from the boot manifest (`manifest` in the boot
 * image; format in userspace/libmanifest/include/manifest.h): one endpoint
 * per served word, every service started with [0] itself, [1] a SEND handle
 * to init's supervisor endpoint with its badge, then its manifest handles
 * (and, for a line with args=, a start block last: RFC-0020), and
 * supervised by the loop of supervise.c (protocol: svc/supervisor.h).
 *
 * Badges: init is SUPERVISOR_BADGE_INIT on every endpoint, service i of the
 * manifest SUPERVISOR_BADGE_FIRST + i, on every endpoint and across its
 * restarts.
 *
 * Order: the servers (services with a `serves` word) start first, in the
 * manifest's start order, each once the one before said READY (testinit
 * runs its graph proofs here); the clients (every other service:
 * the shell, programs added by `make run EXTRA=`) start last, in start order;
 * a client that does not come up is logged, and the others start all the same.
 * A server may therefore not come `after` a client; graph_load refuses that.
 *
 * Announcements: when the service serving `policy` says READY, init binds
 * every service's badge to its name there; when the one serving `registry`
 * does, init registers every served endpoint there under its word. Both
 * happen again after a restart, so a restarted policyd or samgrd knows all
 * it knew. Endpoints outlive their servers: init keeps a RECV handle.
 */
#ifndef INIT_GRAPH_H
#define INIT_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "init.h"
#include "manifest.h"
#include "supervise.h"
#include "svc/supervisor.h"

#define INIT_NO_SERVER (-1)

/* One turn of the supervisor loop waits this long for a message at most. */
#define INIT_TURN_NS (10ull * CAIRN_NS_PER_MS)
/* Quiet turns (no message at all) a started service has to say READY: 3 s. */
#define INIT_READY_TURNS 300u
/* Where init maps a service's start block while it writes it (cairn/start_vmo.h). */
#define INIT_START_BLOCK_VA 0x3000000000ull
/* Rights a service has on itself: endpoints, notifications, threads, maps. */
#define INIT_SERVICE_SELF_RIGHTS (RIGHT_DUP | RIGHT_ALLOC | RIGHT_MANAGE)

/* One service of the manifest, as init runs it. */
struct init_service {
	struct supervise_record rec; /* state, restarts, the last end: libsupervise's */
	cairn_handle_t proc;	     /* the running instance, CAIRN_HANDLE_INVALID when none */
	uint64_t pid;		     /* its kernel object id */
	uint32_t quiet;		     /* quiet turns since this instance started, while STARTING */
	bool report_due;	     /* the last end is still to be written to logd */
};

struct init_graph {
	struct manifest m;
	struct manifest_service entries[MANIFEST_SERVICES_MAX];
	struct init_service svc[MANIFEST_SERVICES_MAX];
	cairn_handle_t supervisor;	     /* init's supervisor endpoint, every right */
	cairn_handle_t ep[MANIFEST_HANDLES]; /* served endpoints, every right; 0 for other words */
	cairn_handle_t send[MANIFEST_HANDLES]; /* init's SEND handles to them, badge 1 */
	int32_t server[MANIFEST_HANDLES];      /* who serves each word, or INIT_NO_SERVER */
	bool bind_due;			       /* the policy server said READY: bind every badge */
	bool register_due; /* the registry server said READY: register every endpoint */
	bool shutdown;	   /* SHUTDOWN was asked for */
};

/*
 * Reads and parses the manifest, checks the start phases, makes the
 * supervisor endpoint and one endpoint per served word with init's SEND
 * handle to each. 0, or -1 after a FAIL line.
 */
int graph_load(struct init_ctx *c, struct init_graph *g);

static inline uint64_t graph_badge(uint32_t i)
{
	return SUPERVISOR_BADGE_FIRST + i;
}

static inline bool graph_is_server(const struct init_graph *g, uint32_t i)
{
	return g->entries[i].serves != MANIFEST_SERVES_NONE;
}

/* The index of the service serving `word`, or INIT_NO_SERVER. */
static inline int32_t graph_server(const struct init_graph *g, unsigned int word)
{
	return g->server[word];
}

/* Whether the service serving `word` runs and has said READY. */
bool graph_serving(const struct init_graph *g, unsigned int word);

/*
 * Starts a new instance of service i (state STARTING) with its handles.
 * 0, or the error of making a handle or of spawning (nothing is left
 * running then).
 */
long graph_spawn(struct init_ctx *c, uint32_t i);

/*
 * Loads the manifest (graph_load) into the graph `c` then points at, and
 * starts the servers in start order, each once the one before it said
 * READY. A server that does not come up ends the start with a FAIL line
 * and -1: nothing works without them.
 */
int graph_start_servers(struct init_ctx *c);

/*
 * Starts the clients in start order, each once the one before it said READY
 * or gave up. A client that does not come up is left FAILED and logged to
 * logd, and the rest start; 0.
 */
int graph_start_clients(struct init_ctx *c);

/* Binds badges and registers endpoints when a READY made it due (graph.h's header). */
void graph_announce(struct init_ctx *c);

/*
 * A line for logd from init (badge 1), formatted like printf and cut to
 * SVC_LOG_TEXT_MAX bytes; dropped while logd does not serve. level is an
 * enum journal_level. (report.c)
 */
__attribute__((format(printf, 3, 4))) void init_log(struct init_ctx *c, unsigned int level,
						    const char *fmt, ...);

/* The system clock in nanoseconds, for libsupervise's decisions (0 if unreadable). (report.c) */
uint64_t init_now_ns(void);

/* supervise.c: the supervisor loop. */

/*
 * One turn: waits up to `ns` nanoseconds for a request and answers it, then reaps
 * services that ended (restarting them as their policy says), gives up on
 * ones that stayed quiet too long, and does the announcements and crash
 * reports that became due.
 */
void supervise_turn(struct init_ctx *c, uint64_t ns);

/* Turns until service i is no longer STARTING: whether it is RUNNING then. */
bool supervise_until_ready(struct init_ctx *c, uint32_t i);

/* Kills the running instance of service i (KILL, the shell's `crash`): 0, ERR_BUSY or the kill's
 * error. */
long supervise_kill(struct init_ctx *c, uint32_t i);

/* Serves until SHUTDOWN, then ends every service in reverse start order. */
void supervise_forever(struct init_ctx *c);

#endif /* INIT_GRAPH_H */
