/*
 * Starting services (graph.h): the handles each one starts with, one
 * instance spawned, the two start phases, and the announcements to policyd
 * and samgrd. Waiting for READY and everything after is supervise.c's.
 */
#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/start_vmo.h"
#include "cairn/sys.h"
#include "graph.h"
#include "start_block.h"
#include "svc/client.h"

_Static_assert(MANIFEST_ARGS_MAX + 1 <= START_ARGS_MAX, "args= and the name fit a start block");

/*
 * Rights a service gets on a kernel or device word: what using it takes,
 * and RIGHT_TRANSFER, without which a handle cannot be passed at spawn.
 */
static const uint32_t word_rights[MANIFEST_HANDLES] = {
	[MANIFEST_H_CONSOLE] = RIGHT_WRITE | RIGHT_TRANSFER,
	[MANIFEST_H_BOOTIMAGE] = RIGHT_READ | RIGHT_TRANSFER,
	[MANIFEST_H_UART_MMIO] = RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_TRANSFER,
	[MANIFEST_H_UART_IRQ] = RIGHT_MANAGE | RIGHT_TRANSFER,
	[MANIFEST_H_BLK_MMIO] = RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DMA | RIGHT_TRANSFER,
	[MANIFEST_H_BLK_IRQ] = RIGHT_MANAGE | RIGHT_TRANSFER,
	[MANIFEST_H_SPARE_MMIO] = RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_TRANSFER,
	[MANIFEST_H_SCRATCH_MMIO] =
		RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DMA | RIGHT_TRANSFER,
	[MANIFEST_H_SCRATCH_IRQ] = RIGHT_MANAGE | RIGHT_TRANSFER,
	[MANIFEST_H_RNG_MMIO] = RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DMA | RIGHT_TRANSFER,
	[MANIFEST_H_RNG_IRQ] = RIGHT_MANAGE | RIGHT_TRANSFER,
	/* the clock does no DMA; mmio_map maps only read-write, though rtcd only reads */
	[MANIFEST_H_RTC_MMIO] = RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_TRANSFER,
};

/*
 * The boot image's rights for a service whose line gives it children
 * (max-processes): it may start programs from the image, and narrow its
 * handle to pass the image on (the shell's `run`, RFC-0020). A service
 * without children reads the image only, as a spawn could not be charged.
 */
#define INIT_SPAWNER_IMAGE_RIGHTS (RIGHT_SPAWN | RIGHT_DUP)

/* The rights service e gets on a kernel or device word. */
static uint32_t rights_for(const struct manifest_service *e, unsigned int word)
{
	if (word == MANIFEST_H_BOOTIMAGE && e->quota.processes > 0)
		return word_rights[word] | INIT_SPAWNER_IMAGE_RIGHTS;
	return word_rights[word];
}

/*
 * Service i's handle for `word`, made for this spawn (init closes it after):
 * RECV on the endpoint it serves, SEND with its badge on any other, and a
 * narrowed copy of a kernel or device handle.
 */
static long child_handle(const struct init_ctx *c, uint32_t i, unsigned int word)
{
	const struct init_graph *g = c->graph;

	if (manifest_handle_class(word) != MANIFEST_ENDPOINT)
		return c->words[word] == CAIRN_HANDLE_INVALID
			       ? ERR_NOTFOUND /* a device this machine does not have */
			       : cairn_handle_dup(c->words[word], rights_for(&g->entries[i], word));
	if (g->entries[i].serves == word)
		return cairn_handle_dup(g->ep[word], RIGHT_RECV | RIGHT_TRANSFER);
	return cairn_endpoint_mint(g->ep[word], graph_badge(i), RIGHT_SEND | RIGHT_TRANSFER);
}

/*
 * Service i's start block (RFC-0020), for a line with args=: argv its
 * program's name and the words, roles `self`, `supervisor`, the handles=
 * words and `start`. Charged to init while the child holds it.
 */
static long start_block(const struct init_ctx *c, uint32_t i)
{
	const struct manifest_service *e = &c->graph->entries[i];
	const char *argv[MANIFEST_ARGS_MAX + 1];
	const char *roles[START_ROLES_MAX];
	uint32_t argc = 1 + manifest_args(e, &argv[1]);
	uint32_t nroles = 0;

	argv[0] = e->program;
	roles[nroles++] = "self";
	roles[nroles++] = "supervisor";
	for (uint32_t k = 0; k < e->handle_count; k++)
		roles[nroles++] = manifest_handle_name(e->handles[k]);
	roles[nroles++] = "start";
	return start_block_vmo(c->self, INIT_START_BLOCK_VA, argv, argc, roles, nroles);
}

/*
 * [1] the supervisor handle, then the manifest's handles in order, then a
 * start block for a line with args=; *ret_n made (also on failure).
 */
static long make_handles(const struct init_ctx *c, uint32_t i, cairn_handle_t *h, uint32_t *ret_n)
{
	const struct manifest_service *e = &c->graph->entries[i];
	long rc = cairn_endpoint_mint(c->graph->supervisor, graph_badge(i),
				      RIGHT_SEND | RIGHT_TRANSFER);
	uint32_t n = 0;

	if (rc >= 0)
		h[n++] = (cairn_handle_t)rc;
	for (uint32_t k = 0; rc >= 0 && k < e->handle_count; k++) {
		rc = child_handle(c, i, e->handles[k]);
		if (rc >= 0)
			h[n++] = (cairn_handle_t)rc;
	}
	if (rc >= 0 && e->has_args) {
		rc = start_block(c, i);
		if (rc >= 0)
			h[n++] = (cairn_handle_t)rc;
	}
	*ret_n = n;
	return rc < 0 ? rc : 0;
}

long graph_spawn(struct init_ctx *c, uint32_t i)
{
	_Static_assert(MANIFEST_HANDLES_MAX + 1 == CAIRN_SPAWN_HANDLES_MAX, "handles fit a spawn");
	struct init_service *s = &c->graph->svc[i];
	cairn_handle_t h[CAIRN_SPAWN_HANDLES_MAX];
	struct cairn_spawn_req req = {
		.name = c->graph->entries[i].program,
		.handles = h,
		.self_rights = INIT_SERVICE_SELF_RIGHTS,
		.priority = c->graph->entries[i].priority, /* and its ceiling (RFC-0010) */
		.quota = &c->graph->entries[i].quota,
	};
	struct cairn_handle_info info = {0};
	long rc = make_handles(c, i, h, &req.handle_count);

	if (rc == 0)
		rc = cairn_spawn(c->image, &req);
	for (uint32_t k = 0; k < req.handle_count; k++)
		(void)cairn_handle_close(h[k]); /* the child holds its copies */
	if (rc < 0)
		return rc;
	s->proc = (cairn_handle_t)rc;
	s->pid = cairn_handle_query(s->proc, &info) == 0 ? info.object_id : 0;
	supervise_started(&s->rec, init_now_ns());
	s->quiet = 0;
	return 0;
}

/* Why service i did not come up: the spawn's error, or how its instance ended. */
static int not_started(struct init_ctx *c, uint32_t i, long spawn_err, bool fatal)
{
	const struct init_service *s = &c->graph->svc[i];
	const char *name = c->graph->entries[i].name;

	if (fatal && spawn_err < 0)
		return init_fail(c, "starting %s: %s", name, cairn_err_name(spawn_err));
	if (fatal)
		return init_fail(c, "%s did not say READY: %s, status 0x%lx", name,
				 supervisor_state_name(s->rec.state),
				 (unsigned long)s->rec.last_status);
	init_log(c, JOURNAL_ERROR, "init: client %s did not start: %s, status 0x%lx", name,
		 spawn_err < 0 ? cairn_err_name(spawn_err) : supervisor_state_name(s->rec.state),
		 (unsigned long)s->rec.last_status);
	return 0;
}

static int start_phase(struct init_ctx *c, bool servers)
{
	struct init_graph *g = c->graph;

	for (uint32_t step = 0; step < g->m.count; step++) {
		uint32_t i = g->m.order[step];
		long rc;

		if (graph_is_server(g, i) != servers || g->svc[i].rec.ever_started)
			continue; /* the other phase's, or started already (testinit's proofs) */
		if (!servers)	  /* a client may write to the console once it runs: say it first */
			(void)cairn_printf(c->console, "init: starting %s\n", g->entries[i].name);
		rc = graph_spawn(c, i);
		if (rc == 0 && supervise_until_ready(c, i)) {
			if (servers)
				(void)cairn_printf(c->console, "init: %s running\n",
						   g->entries[i].name);
			continue;
		}
		if (rc < 0)
			supervise_spawn_failed(&g->svc[i].rec);
		if (not_started(c, i, rc, servers) != 0)
			return -1;
	}
	return 0;
}

int graph_start_servers(struct init_ctx *c)
{
	static struct init_graph graph; /* one per program: the services init runs */

	c->graph = &graph;
	if (graph_load(c, &graph) != 0)
		return -1;
	return start_phase(c, true);
}

int graph_start_clients(struct init_ctx *c)
{
	return start_phase(c, false);
}

bool graph_serving(const struct init_graph *g, unsigned int word)
{
	int32_t i = g->server[word];

	return i != INIT_NO_SERVER && g->svc[i].rec.state == SUPERVISOR_RUNNING;
}

/* Every service's badge and name to policyd; a badge bound before (ERR_BUSY) stays as it is. */
static void bind_all(struct init_ctx *c)
{
	struct init_graph *g = c->graph;

	for (uint32_t i = 0; i < g->m.count; i++) {
		const char *name = g->entries[i].name;
		long rc = svc_policy_bind(g->send[MANIFEST_H_POLICY], graph_badge(i), name,
					  strlen(name));

		if (rc != 0 && rc != ERR_BUSY)
			init_log(c, JOURNAL_ERROR, "init: policyd refused to bind %s: %s", name,
				 cairn_err_name(rc));
	}
}

/* Every served endpoint to samgrd, under its word; samgrd mints its callers' handles from it. */
static void register_all(struct init_ctx *c)
{
	struct init_graph *g = c->graph;

	for (unsigned int w = 0; w < MANIFEST_HANDLES; w++) {
		const char *word = manifest_handle_name(w);
		long rc;

		if (g->server[w] == INIT_NO_SERVER)
			continue;
		rc = svc_registry_register(g->send[MANIFEST_H_REGISTRY], word, strlen(word),
					   g->ep[w]);
		if (rc != 0)
			init_log(c, JOURNAL_ERROR, "init: samgrd refused to register %s: %s", word,
				 cairn_err_name(rc));
	}
}

void graph_announce(struct init_ctx *c)
{
	struct init_graph *g = c->graph;

	if (g->bind_due && graph_serving(g, MANIFEST_H_POLICY)) {
		g->bind_due = false;
		bind_all(c);
	}
	if (g->register_due && graph_serving(g, MANIFEST_H_REGISTRY)) {
		g->register_due = false;
		register_all(c);
	}
}
