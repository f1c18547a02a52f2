/*
 * init, the first process of the product. It starts the service graph of
 * the boot manifest (graph.h): the servers in start order, then the clients
 * such as the shell; it then supervises them (supervise.c) until one asks
 * for SHUTDOWN, ends them, and exits 0, and the kernel powers off. A service
 * graph that cannot start prints one "INIT: <step> FAIL (<reason>)" line
 * and ends init with status 1. The proofs of all this live in testinit
 * (services/testinit), which links these objects with the proofs around them.
 *
 * Initial handles (from the kernel, RFC-0004; cairn/abi/init.h):
 * [0] init itself, all rights; [1] the console, WRITE | DUP | TRANSFER; [2]
 * the boot image, SPAWN | READ | DUP | TRANSFER; [3] the UART's MMIO region,
 * MAP | READ | WRITE | DUP | TRANSFER; [4] the UART's interrupt, MANAGE | DUP
 * | TRANSFER. init hands the last two only to the service whose manifest
 * line names them.
 */
#include <stddef.h>

#include "cairn/print.h"
#include "cairn/start.h"
#include "graph.h"
#include "init.h"

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct init_ctx c;

	if (count < CAIRN_INIT_HANDLES)
		return 1; /* without a console there is no one to tell */
	c = init_ctx_from(handles, count);
	c.what = "servers";
	if (graph_start_servers(&c) != 0)
		return 1;
	c.what = "clients";
	if (graph_start_clients(&c) != 0)
		return 1;
	c.what = "supervisor";
	supervise_forever(&c);
	/* a service may have left a line unfinished (the shell its prompt): end it first */
	(void)cairn_print(c.console, "\ninit: every service ended\n");
	return 0;
}
