/*
 * init, the first process: it runs the user-level proofs of the kernel in
 * order and prints each one's registry marker only after the check behind it
 * passed. The table below is the whole programme; the checks live in
 * check_*.c. Any failure prints one FAIL line and ends init with status 1.
 *
 * Initial handles (from the kernel): [0] init itself, all rights; [1] the
 * console, WRITE | DUP | TRANSFER; [2] the boot image, SPAWN | DUP | TRANSFER.
 */
#include <stddef.h>

#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "init.h"

struct init_step {
	const char *what;
	int (*run)(struct init_ctx *c);
	const char *marker; /* printed after a pass; NULL when the program run prints its own */
};

static const struct init_step init_steps[] = {
	{"handles", check_handles, MARKER_INIT_HANDLES},
	{"vmo", check_vmo, MARKER_INIT_VMO},
	{"faults", check_faults, MARKER_INIT_FAULTS},
	{"preemption", check_preempt, MARKER_INIT_PREEMPT},
	{"sysfuzz", check_sysfuzz, NULL},
};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct init_ctx c;

	if (count < 3)
		return 1; /* without a console there is no one to tell */
	c = (struct init_ctx){.self = handles[0], .console = handles[1], .image = handles[2]};
	for (size_t i = 0; i < sizeof(init_steps) / sizeof(init_steps[0]); i++) {
		const struct init_step *step = &init_steps[i];

		c.what = step->what;
		if (step->run(&c) != 0)
			return 1;
		if (step->marker != NULL)
			(void)cairn_printf(c.console, "%s\n", step->marker);
	}
	(void)cairn_printf(c.console, "%s\n", MARKER_INIT_ALL);
	return 0;
}
