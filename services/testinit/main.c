/*
 * testinit, the root program of the test image (RFC-0011), packed there
 * under the name `init`. It is the product's init (services/init: the same
 * graph and supervisor objects) with the user-level proofs around it. The
 * table below is the whole programme: the proofs of the kernel; the servers
 * of the boot manifest; the proofs of IPC on the graph they make; then the
 * clients, such as the shell and, in the hostile image, the attack
 * programs. Each proof's registry marker is printed only after its check
 * passed; any failure prints one FAIL line and ends testinit with status 1.
 * Afterwards it supervises the services as init does until one asks for
 * SHUTDOWN; it then ends them, prints MARKER_INIT_ALL and exits 0, and the
 * test kernel judges the run (kernel/image_test.c).
 */
#include <stddef.h>

#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "testinit.h"

struct testinit_step {
	const char *what;
	int (*run)(struct init_ctx *c);
	const char *
		marker; /* printed after a pass; NULL when there is none or the program prints it */
};

static const struct testinit_step testinit_steps[] = {
	{"handles", check_handles, MARKER_INIT_HANDLES},
	{"vmo", check_vmo, MARKER_INIT_VMO},
	{"faults", check_faults, MARKER_INIT_FAULTS},
	{"preemption", check_preempt, MARKER_INIT_PREEMPT},
	{"sysfuzz", check_sysfuzz, NULL},
	{"servers", graph_start_servers, NULL},
	{"ready order", check_ready_order, MARKER_INIT_READY_ORDER},
	{"send right", check_send_right, MARKER_INIT_SEND_RIGHT},
	{"badge", check_badge, MARKER_INIT_BADGE},
	{"policy audit", check_policy_audit, MARKER_INIT_POLICY_AUDIT},
	{"move", check_move, MARKER_INIT_MOVE},
	{"restart", check_restart, MARKER_INIT_RESTART},
	{"peer death", check_peer_death, MARKER_INIT_PEER_DEATH},
	{"crash loop", check_crash_loop, MARKER_INIT_CRASH_LOOP},
	{"clients", graph_start_clients, NULL},
};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct init_ctx c;

	if (count < CAIRN_INIT_HANDLES)
		return 1; /* without a console there is no one to tell */
	c = init_ctx_from(handles, count);
	c.on_ready = testinit_note_ready;
	for (size_t i = 0; i < sizeof(testinit_steps) / sizeof(testinit_steps[0]); i++) {
		const struct testinit_step *step = &testinit_steps[i];

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
