/*
 * init, the first process. The table below is the whole programme: the
 * user-level proofs of the kernel; the service graph of the boot manifest,
 * servers first (graph.h); the proofs of IPC on that graph; then the
 * clients, such as the shell. Each proof's registry marker is printed only
 * after its check passed; any failure prints one FAIL line and ends init
 * with status 1. Afterwards init supervises the services until one asks
 * for SHUTDOWN (the shell's `shutdown`); it then ends them, prints
 * MARKER_INIT_ALL and exits 0, and the kernel ends the run.
 *
 * Initial handles (from the kernel, RFC-0004): [0] init itself, all rights;
 * [1] the console, WRITE | DUP | TRANSFER; [2] the boot image, SPAWN | READ |
 * DUP | TRANSFER; [3] the UART's MMIO region, MAP | READ | WRITE | DUP |
 * TRANSFER; [4] the UART's interrupt, MANAGE | DUP | TRANSFER. init hands the
 * last two only to the service whose manifest line names them.
 */
#include <stddef.h>

#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "graph.h"
#include "init.h"

enum init_handle { H_SELF, H_CONSOLE, H_IMAGE, H_UART_MMIO, H_UART_IRQ, H_COUNT };

struct init_step {
	const char *what;
	int (*run)(struct init_ctx *c);
	const char *
		marker; /* printed after a pass; NULL when there is none or the program prints it */
};

static int start_servers(struct init_ctx *c);
static int start_clients(struct init_ctx *c);

static const struct init_step init_steps[] = {
	{"handles", check_handles, MARKER_INIT_HANDLES},
	{"vmo", check_vmo, MARKER_INIT_VMO},
	{"faults", check_faults, MARKER_INIT_FAULTS},
	{"preemption", check_preempt, MARKER_INIT_PREEMPT},
	{"sysfuzz", check_sysfuzz, NULL},
	{"servers", start_servers, NULL},
	{"ready order", check_ready_order, MARKER_INIT_READY_ORDER},
	{"send right", check_send_right, MARKER_INIT_SEND_RIGHT},
	{"badge", check_badge, MARKER_INIT_BADGE},
	{"policy audit", check_policy_audit, MARKER_INIT_POLICY_AUDIT},
	{"move", check_move, MARKER_INIT_MOVE},
	{"restart", check_restart, MARKER_INIT_RESTART},
	{"peer death", check_peer_death, MARKER_INIT_PEER_DEATH},
	{"clients", start_clients, NULL},
};

static int start_servers(struct init_ctx *c)
{
	static struct init_graph graph;

	c->graph = &graph;
	if (graph_load(c, &graph) != 0)
		return -1;
	return graph_start_phase(c, true);
}

static int start_clients(struct init_ctx *c)
{
	return graph_start_phase(c, false);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct init_ctx c;

	if (count < H_COUNT)
		return 1; /* without a console there is no one to tell */
	c = (struct init_ctx){.self = handles[H_SELF],
			      .console = handles[H_CONSOLE],
			      .image = handles[H_IMAGE],
			      .uart_mmio = handles[H_UART_MMIO],
			      .uart_irq = handles[H_UART_IRQ]};
	for (size_t i = 0; i < sizeof(init_steps) / sizeof(init_steps[0]); i++) {
		const struct init_step *step = &init_steps[i];

		c.what = step->what;
		if (step->run(&c) != 0)
			return 1;
		if (step->marker != NULL)
			(void)cairn_printf(c.console, "%s\n", step->marker);
	}
	c.what = "supervisor";
	supervise_forever(&c);
	/* a service may have left a line unfinished (the shell its prompt): end it first */
	(void)cairn_printf(c.console, "\n%s\n", MARKER_INIT_ALL);
	return 0;
}
